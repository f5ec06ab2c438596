import { Option, type Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerGenerateEvents(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('generate-events')
      .description('Write deterministic, realistic sample events for a template.')
      .requiredOption('--template <name>', 'travel, ecommerce, media or quickstart')
      .option('--sessions <n>', 'number of sessions', '200')
      .option('--seed <seed>', 'random seed', '1')
      .option('--start <timestamp>', 'time of the first session', '2026-01-05T09:00:00Z')
      .option('--out <file>', 'file to write (.gz compresses; default: stdout)')
      .addOption(new Option('--format <format>', 'event format').choices(['ndjson', 'tsv'] as const).default('ndjson' as const)),
  );
  cmd.action(async (opts, command) => runAction(command, () => import('../actions/generate-events.js'), opts));
}
