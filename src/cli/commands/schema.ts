import type { Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerSchema(program: Command): void {
  const cmd = withCommonOptions(program.command('schema').description('Print the JSON Schema of definition files.'));
  cmd.action(async (opts, command) => runAction(command, () => import('../actions/schema.js'), opts));
}
