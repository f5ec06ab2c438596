import type { ChalkInstance } from 'chalk';
import type { Writable } from 'node:stream';
import { plainStyle } from './plain-style.js';

export interface OutputOptions {
  stdout: Writable;
  stderr: Writable;
  color: boolean;
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  /** Whether stderr is a terminal: spinners only run there. */
  stderrIsTTY: boolean;
  /** A chalk instance when colour is on (loaded lazily by the caller); plain text otherwise. */
  style?: ChalkInstance;
}

export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

/**
 * The only writer to the terminal. stdout carries the result (human text or exactly one JSON
 * document); stderr carries progress, warnings and logs. Every line passes through secret
 * redaction, so a credential registered with `addSecret` can never be printed.
 */
export class Output {
  readonly style: ChalkInstance;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
  private readonly options: OutputOptions;
  private readonly secrets = new Set<string>();
  private jsonWritten = false;

  constructor(options: OutputOptions) {
    this.options = options;
    this.json = options.json;
    this.quiet = options.quiet;
    this.verbose = options.verbose;
    this.color = options.color;
    this.style = options.color && options.style ? options.style : plainStyle;
  }

  /** Register a value that must never appear in output (tokens, API keys). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  /** Human result text on stdout (suppressed in --json mode). */
  result(text = ''): void {
    if (this.json) return;
    this.options.stdout.write(this.redact(text) + (text.endsWith('\n') ? '' : '\n'));
  }

  /** Raw text on stdout regardless of mode (for --format csv/ndjson/github and similar). */
  raw(text: string): void {
    this.options.stdout.write(this.redact(text));
  }

  /**
   * Raw text on stdout for large streamed results: resolves once stdout can take more, so a
   * slow reader applies backpressure instead of the output piling up in memory. Rejects when
   * stdout fails (e.g. EPIPE when the reader has gone).
   */
  rawAsync(text: string): Promise<void> {
    const stdout = this.options.stdout;
    if (!this.streaming) {
      this.streaming = true;
      stdout.on('error', (error: Error) => {
        this.streamError ??= error;
        this.onStreamError?.(error);
      });
    }
    return new Promise<void>((resolve, reject) => {
      if (this.streamError) return reject(this.streamError);
      const ok = stdout.write(this.redact(text));
      if (ok) return resolve();
      this.onStreamError = reject;
      stdout.once('drain', () => {
        this.onStreamError = undefined;
        resolve();
      });
    });
  }
  private streaming = false;
  private streamError: Error | undefined;
  private onStreamError: ((error: Error) => void) | undefined;

  /** The one JSON document of a --json run. */
  document(doc: unknown): void {
    if (this.jsonWritten) throw new Error('a --json run printed two documents');
    this.jsonWritten = true;
    this.options.stdout.write(this.redact(JSON.stringify(doc, null, 2)) + '\n');
  }

  get documentWritten(): boolean {
    return this.jsonWritten;
  }

  /** Whether progress shows as a spinner (stderr is a terminal) rather than plain lines. */
  get spinners(): boolean {
    // A terminal that reports no width (some pseudo-terminals) would make a spinner redraw forever.
    const columns = (this.options.stderr as { columns?: number }).columns ?? 0;
    return this.options.stderrIsTTY && columns > 0 && !this.quiet && !this.json;
  }

  /** Progress and notes on stderr; hidden by --quiet. */
  info(text: string): void {
    if (this.quiet) return;
    this.options.stderr.write(this.redact(text) + '\n');
  }

  /** Warnings on stderr; hidden by --quiet. */
  warn(text: string): void {
    if (this.quiet) return;
    this.options.stderr.write(this.redact(`${this.style.yellow('warning')} ${text}`) + '\n');
  }

  /** Errors on stderr; never hidden. */
  error(text: string): void {
    this.options.stderr.write(this.redact(text) + '\n');
  }

  /** Debug logging on stderr, only with --verbose. */
  debug(text: string): void {
    if (!this.verbose) return;
    this.options.stderr.write(this.redact(this.style.dim(text)) + '\n');
  }

  /**
   * A spinner on a terminal, plain lines elsewhere. Never on stdout, never in --json or --quiet
   * mode except for the final failure line.
   */
  async progress(text: string): Promise<Progress> {
    const silent = this.quiet || this.json;
    if (this.spinners) {
      const { default: ora } = await import('ora');
      const spinner = ora({ text: this.redact(text), stream: this.options.stderr as NodeJS.WriteStream, color: 'cyan' }).start();
      return {
        update: (t) => {
          spinner.text = this.redact(t);
        },
        succeed: (t) => spinner.succeed(this.redact(t)),
        fail: (t) => spinner.fail(this.redact(t)),
        stop: () => spinner.stop(),
      };
    }
    if (!silent) this.info(text);
    return {
      update: () => undefined,
      succeed: (t) => {
        if (!silent) this.info(t);
      },
      fail: (t) => this.error(t),
      stop: () => undefined,
    };
  }
}
