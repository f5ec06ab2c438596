import type { Readable } from 'node:stream';
import type { Output } from './render/output.js';

/** Options every command accepts (SPEC section 4). */
export interface GlobalOptions {
  config?: string;
  definitions?: string;
  target?: string;
  json: boolean;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

/**
 * Everything a command action may touch of the outside world. Actions receive it instead of
 * reaching for `process`, so tests can run them in-process with their own streams and env.
 */
export interface CliContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  globals: GlobalOptions;
  out: Output;
  stdin: Readable & { isTTY?: boolean };
  /** A person can answer a prompt: stdin and stderr are terminals, not --json, not CI. */
  interactive: boolean;
  /** The wall clock. Only used where a command needs "now" and none was given. */
  clock: () => Date;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it. */
  stopSignal: AbortSignal;
  version: string;
}

/** What every action returns: the process exit code. */
export type ActionResult = number;
