import type { Command } from '@commander-js/extra-typings';
import { withCommonOptions } from '../common-options.js';
import { runAction } from '../run-action.js';

export function registerEmulator(program: Command): void {
  const cmd = withCommonOptions(
    program
      .command('emulator')
      .description('Run a local Signals API emulator on 127.0.0.1.')
      .option('--port <port>', 'port to listen on (0 picks a free one)', '8787')
      .option('--host <host>', 'loopback address to bind', '127.0.0.1')
      .option('--data <file>', 'persist state to this JSON file')
      .option('--token <token>', 'accept only this bearer token')
      .option('--api-key-id <id>', 'require this API key id at the token endpoint')
      .option('--api-key <key>', 'require this API key at the token endpoint')
      .option('--events <files...>', 'ingest these event logs at start (after loading --data), in any format simulate reads')
      .option('--now <time>', 'evaluation time for periods, TTLs and time_since: a timestamp, or wall (default: the latest event time ingested)')
      .option('--latency <ms>', 'add this delay to every response (fault injection)')
      .option('--fail-rate <p>', 'answer this fraction of registry requests with 503 (fault injection)'),
  );
  cmd.action(async (opts, command) => runAction(command, () => import('../actions/emulator.js'), opts));
}
