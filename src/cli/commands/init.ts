import type { Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerInit(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('init')
      .description('Scaffold a project: config, definitions, sample events, golden tests and a CI workflow.')
      .argument('[dir]', 'directory to create or fill', '.')
      .option('--template <name>', 'travel, quickstart, ecommerce, media or blank', 'quickstart')
      .option('--force', 'overwrite files that already exist'),
  );
  cmd.action(async (dir, opts, command) => runAction(command, () => import('../actions/init.js'), dir, opts));
}
