import type { Command } from '@commander-js/extra-typings';
import { CliError, ExitCode } from '../errors.js';
import { readGlobalOptions } from './common-options.js';
import type { CliContext } from './context.js';
import { Output } from './render/output.js';

export type ActionModule<A extends unknown[]> = { default: (ctx: CliContext, ...args: A) => Promise<number> };

export interface ProcessLike {
  argv: string[];
  cwd(): string;
  env: Record<string, string | undefined>;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

let currentProcess: ProcessLike | undefined;
let lastExitCode: number = ExitCode.Ok;
let stopController = new AbortController();
let version = '0.0.0';

export function configureRuntime(proc: ProcessLike, pkgVersion: string, stop: AbortController): void {
  currentProcess = proc;
  version = pkgVersion;
  stopController = stop;
}

export function takeExitCode(): number {
  return lastExitCode;
}

/** Colour is on only for a terminal, and never with --json, --no-color or NO_COLOR. */
export function decideColor(proc: ProcessLike, json: boolean, colorFlag: boolean): boolean {
  if (json || !colorFlag) return false;
  const env = proc.env;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return Boolean(proc.stdout.isTTY);
}

export async function createContext(proc: ProcessLike, opts: Record<string, unknown>): Promise<CliContext> {
  const g = readGlobalOptions(opts);
  const color = decideColor(proc, g.json, g.colorFlag);
  // chalk is only loaded when there is colour to draw.
  const style = color ? new (await import('chalk')).Chalk({ level: 1 }) : undefined;
  const out = new Output({
    stdout: proc.stdout,
    stderr: proc.stderr,
    color,
    json: g.json,
    quiet: g.quiet,
    verbose: g.verbose,
    stderrIsTTY: Boolean(proc.stderr.isTTY),
    ...(style ? { style } : {}),
  });
  const { colorFlag: _unused, ...rest } = g;
  const ci = proc.env['CI'] !== undefined && proc.env['CI'] !== '' && proc.env['CI'] !== 'false';
  return {
    cwd: proc.cwd(),
    env: proc.env,
    globals: { ...rest, color },
    out,
    stdin: proc.stdin,
    interactive: Boolean(proc.stdin.isTTY) && Boolean(proc.stderr.isTTY) && !g.json && !ci,
    clock: () => new Date(),
    stopSignal: stopController.signal,
    version,
  };
}

/**
 * Runs a lazily imported action with a fresh context and turns every outcome into an exit code:
 * CliErrors keep theirs, anything else is a bug (70) with a short message and, with --verbose,
 * the stack.
 */
export async function runAction<A extends unknown[]>(
  command: Command<any, any, any>,
  load: () => Promise<ActionModule<A>>,
  ...args: A
): Promise<void> {
  const proc = currentProcess;
  if (!proc) throw new Error('runtime not configured');
  const ctx = await createContext(proc, command.optsWithGlobals() as Record<string, unknown>);
  try {
    const mod = await load();
    lastExitCode = await mod.default(ctx, ...args);
  } catch (error) {
    lastExitCode = reportError(ctx, error);
  }
}

export function reportError(ctx: CliContext, error: unknown): number {
  const { out } = ctx;
  if (error instanceof CliError) {
    if (out.json && !out.documentWritten) {
      out.document({
        schema_version: 1,
        ok: false,
        error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}), exit_code: error.exitCode, ...error.meta },
      });
    } else {
      out.error(`${out.style.red('error')} ${error.message}`);
      if (error.hint) out.error(`${out.style.dim('hint:')} ${error.hint}`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (out.json && !out.documentWritten) {
    out.document({ schema_version: 1, ok: false, error: { code: 'internal-error', message, exit_code: ExitCode.Internal } });
  }
  out.error(`${out.style.red('internal error')} ${message}`);
  out.error(
    `This is a bug in signals-as-code ${ctx.version}, not a problem with your input. Please report it to the maintainers with the command you ran${ctx.globals.verbose ? ' and the stack below' : ' (re-run with --verbose for the stack)'}.`,
  );
  if (ctx.globals.verbose && error instanceof Error && error.stack) out.error(error.stack);
  return ExitCode.Internal;
}
