import type { Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerPull(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('pull')
      .description("Write the target's definitions as YAML in the canonical layout.")
      .option('--out <dir>', 'directory to write (default: the definitions path)')
      .option('--only <address...>', 'only these definitions, as kind/name (e.g. AttributeGroup/travel_view)'),
  );
  cmd.action(async (opts, command) => runAction(command, () => import('../actions/pull.js'), opts));
}
