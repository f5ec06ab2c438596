import type { Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerApply(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('apply')
      .alias('publish')
      .description('Apply a fresh plan, or a saved one, to the target.')
      .argument('[plan]', 'a plan saved with `signals plan --out`')
      .option('--yes', 'do not ask for confirmation')
      .option('--prune', 'also delete remote objects in scope that are not defined locally')
      .option('--allow-deletes', 'allow the plan to delete remote objects'),
  );
  cmd.action(async (plan, opts, command) => runAction(command, () => import('../actions/apply.js'), plan, opts));
}
