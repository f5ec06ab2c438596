import { Option, type Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerPlan(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('plan')
      .description('Show what apply would change in the target, field by field.')
      .option('--out <file>', 'save the plan (with a fingerprint of the remote state) for `signals apply <file>`')
      .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are')
      .option('--prune', 'also delete remote objects in scope that are not defined locally')
      .option('--replay [files...]', 'replay event logs (default: simulate.events) through what the target holds and what it will hold, and report the behaviour change')
      .addOption(new Option('--format <format>', 'output format').choices(['human', 'json', 'github', 'markdown'] as const).default('human' as const)),
  );
  cmd.action(async (opts, command) => runAction(command, () => import('../actions/plan.js'), opts));
}
