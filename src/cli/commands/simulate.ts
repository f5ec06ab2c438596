import { Option, type Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerSimulate(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('simulate')
      .description('Replay event logs through the definitions: attributes per key, segment members, intervention firings.')
      .option('--events <files...>', 'event logs (NDJSON, enriched TSV, Micro JSON, warehouse CSV; .gz; - for stdin)')
      .option('--now <timestamp>', 'evaluation time (default: the latest derived_tstamp in the input)')
      .option('--since <timestamp>', 'ignore events before this time')
      .option('--app-id <ids...>', 'only events of these app_ids')
      .option('--group <name>', 'only this attribute group (name or name@version)')
      .option('--key <id>', 'only this attribute key value')
      .option('--explain <id>', 'print a timeline of the events that changed each attribute of this key')
      .option('--strict', 'fail on the first unreadable event line')
      .option('--every-edge', 'fire interventions on every false→true edge, not only once per target')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'ndjson'] as const).default('table' as const))
      .addOption(new Option('--engine <engine>', 'computation engine').choices(['stream', 'duckdb'] as const).default('stream' as const)),
  );
  cmd.action(async (opts, command) => runAction(command, () => import('../actions/simulate.js'), opts));
}
