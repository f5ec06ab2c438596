import { Option, type Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerSql(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('sql')
      .description("Print the SQL that computes the attribute groups and segments over a warehouse's atomic events table.")
      .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices(['duckdb', 'snowflake', 'bigquery', 'databricks'] as const).default('duckdb' as const))
      .option('--table <name>', 'atomic events table', 'atomic.events')
      .option('--group <name>', 'only this attribute group (name or name@version)')
      .option('--now <timestamp>', 'evaluation time (default: the latest derived_tstamp in the table)')
      .option('--column-versions <schemas...>', 'BigQuery loader v1: version-suffixed columns to coalesce, e.g. com.acme/checkout/1-0-0'),
  );
  cmd.action(async (opts, command) => runAction(command, () => import('../actions/sql.js'), opts));
}
