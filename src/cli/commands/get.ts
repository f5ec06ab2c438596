import type { Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerGet(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('get')
      .description('Read live attribute values from the target, as an application reads them (through @snowplow/signals-node).')
      .option('--service <name>', 'read every attribute of a service')
      .option('--group <name@version>', 'read attributes of one attribute group version (a bare name reads its latest version)')
      .option('--key <key=id>', 'attribute key and identifier, e.g. domain_sessionid=8c9f...')
      .option('--attributes <names>', 'comma-separated attribute names (default: all)'),
  );
  cmd.action(async (opts, command) => runAction(command, () => import('../actions/get.js'), opts));
}
