import { PassThrough, Readable } from 'node:stream';
import type { CliContext, GlobalOptions } from '../../src/cli/context.js';
import { Output } from '../../src/cli/render/output.js';

/** A writable that keeps what is written, for in-process tests of actions and renderers. */
export class MemoryStream extends PassThrough {
  text = '';
  isTTY = false;
  constructor() {
    super();
    this.setEncoding('utf8');
    this.on('data', (chunk: string) => (this.text += chunk));
  }
}

export interface TestContext {
  ctx: CliContext;
  stdout: MemoryStream;
  stderr: MemoryStream;
}

/** A CliContext over in-memory streams, for calling actions directly. */
export function createTestContext(options: { cwd: string; env?: Record<string, string | undefined>; globals?: Partial<GlobalOptions>; stdin?: string; interactive?: boolean; now?: Date }): TestContext {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const globals: GlobalOptions = { json: false, color: false, quiet: false, verbose: false, ...options.globals };
  const out = new Output({ stdout, stderr, color: globals.color, json: globals.json, quiet: globals.quiet, verbose: globals.verbose, stderrIsTTY: false });
  const ctx: CliContext = {
    cwd: options.cwd,
    env: options.env ?? {},
    globals,
    out,
    stdin: Readable.from([options.stdin ?? '']),
    interactive: options.interactive ?? false,
    clock: () => options.now ?? new Date('2026-01-01T00:00:00Z'),
    stopSignal: new AbortController().signal,
    version: '0.0.0-test',
  };
  return { ctx, stdout, stderr };
}
