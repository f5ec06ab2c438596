import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { GlobalOptions } from './context.js';

/** Adds the options SPEC section 4 gives every command. */
export function withCommonOptions<Args extends unknown[], Opts extends OptionValues, G extends OptionValues>(
  command: Command<Args, Opts, G>,
) {
  return command
    .option('--config <file>', 'configuration file (default: signals.config.yaml when present)')
    .option('--definitions <path>', 'definitions directory, file or glob (default: from config, else definitions/)')
    .option('--target <name>', 'target from the configuration (default: SIGNALS_TARGET, else the config default)')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--no-color', 'disable colour (also NO_COLOR=1)')
    .option('--quiet', 'print only results and errors')
    .option('--verbose', 'print debug logging (requests, timings) on stderr');
}

export function readGlobalOptions(opts: Record<string, unknown>): Omit<GlobalOptions, 'color'> & { colorFlag: boolean } {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const result: Omit<GlobalOptions, 'color'> & { colorFlag: boolean } = {
    json: opts['json'] === true,
    quiet: opts['quiet'] === true,
    verbose: opts['verbose'] === true,
    colorFlag: opts['color'] !== false,
  };
  const config = str(opts['config']);
  const definitions = str(opts['definitions']);
  const target = str(opts['target']);
  if (config !== undefined) result.config = config;
  if (definitions !== undefined) result.definitions = definitions;
  if (target !== undefined) result.target = target;
  return result;
}
