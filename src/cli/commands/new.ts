import type { Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerNew(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('new')
      .description('Write one definition file from a template.')
      .argument('<kind>', 'AttributeKey, AttributeGroup, Service, Intervention or Segment (any case, dashes allowed)')
      .argument('<name>', 'name of the new definition')
      .option('--out <file>', 'file to write (default: <definitions>/<kind-folder>/<name>.yaml)')
      .option('--force', 'overwrite the file if it exists'),
  );
  cmd.action(async (kind, name, opts, command) => runAction(command, () => import('../actions/new.js'), kind, name, opts));
}
