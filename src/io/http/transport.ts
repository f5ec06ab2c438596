/**
 * One HTTP exchange with retries: a fresh timeout per attempt, exponential backoff with jitter
 * on 429/5xx/network errors (honouring `Retry-After`), never on other 4xx, bounded concurrency,
 * and a log hook that sees method, path, status and time but never headers or bodies.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import { RemoteError } from '../../errors.js';
import { backoffDelay, DEFAULT_BACKOFF, isRetryableStatus, parseRetryAfter, type BackoffOptions } from './backoff.js';
import { Redactor } from './errors.js';

export interface RequestLogEntry {
  method: string;
  /** Path and query, never the host's credentials or headers. */
  path: string;
  status?: number;
  /** Network or timeout problem, when there was no response. */
  error?: string;
  ms: number;
  /** 1 for the first try. */
  attempt: number;
  /** Whether another attempt follows. */
  willRetry: boolean;
  /** The wait before that attempt (backoff with jitter, or the server's `Retry-After`). */
  retryInMs?: number;
}

export interface TransportOptions {
  /** Per-attempt timeout. Default 30 s (as the Python SDK). */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  backoff?: BackoffOptions;
  /** Longest `Retry-After` honoured; longer values are capped. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Requests in flight at once. Default 10. */
  concurrency?: number;
  /** Cancels every request (Ctrl-C). */
  signal?: AbortSignal;
  onRequest?: (entry: RequestLogEntry) => void;
  redactor?: Redactor;
  random?: () => number;
  now?: () => number;
}

export interface HttpRequest {
  method: string;
  url: string;
  /** Headers for each attempt (tokens may change between attempts). */
  headers: () => Promise<Record<string, string>> | Record<string, string>;
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the text ('' for no body). */
  body: unknown;
}

export class Transport {
  readonly redactor: Redactor;
  private readonly limit: LimitFunction;
  private readonly options: Required<Pick<TransportOptions, 'timeoutMs' | 'retries' | 'backoff' | 'maxRetryAfterMs'>> & TransportOptions;

  constructor(options: TransportOptions = {}) {
    this.options = {
      timeoutMs: 30_000,
      retries: 3,
      backoff: DEFAULT_BACKOFF,
      maxRetryAfterMs: 60_000,
      ...options,
    };
    this.limit = pLimit(options.concurrency ?? 10);
    this.redactor = options.redactor ?? new Redactor();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Sends a request, retrying transient failures. Returns any final response, error statuses included. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const { retries } = this.options;
    const path = describePath(request.url);
    const redact = this.redactor.redact;
    for (let attempt = 1; ; attempt++) {
      this.throwIfAborted(request.method, path);
      // Headers first, outside the concurrency slots: they may need a token request of their own,
      // and a failed token exchange must surface as itself, not as a network error.
      const headers = await request.headers();
      const started = this.now();
      let outcome: { response: HttpResponse } | { error: 'timeout' | 'network'; detail: string };
      try {
        outcome = { response: await this.limit(() => this.attempt(request, headers)) };
      } catch (error) {
        this.throwIfAborted(request.method, path);
        const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        outcome = { error: timeout ? 'timeout' : 'network', detail: networkDetail(error) };
      }
      const ms = this.now() - started;
      const more = attempt <= retries;
      if ('response' in outcome) {
        const { response } = outcome;
        const retry = more && isRetryableStatus(response.status);
        const log = { method: request.method, path: redact(path), status: response.status, ms, attempt, willRetry: retry };
        if (!retry) {
          this.options.onRequest?.(log);
          return response;
        }
        const asked = parseRetryAfter(response.headers.get('retry-after'), this.now());
        const delay = asked !== undefined ? Math.min(asked, this.options.maxRetryAfterMs) : this.delay(attempt);
        this.options.onRequest?.({ ...log, retryInMs: delay });
        await this.sleep(delay, request.method, path);
        continue;
      }
      const message = outcome.error === 'timeout' ? `timed out after ${this.options.timeoutMs} ms` : outcome.detail;
      const delay = more ? this.delay(attempt) : undefined;
      this.options.onRequest?.({ method: request.method, path: redact(path), error: redact(message), ms, attempt, willRetry: more, ...(delay !== undefined ? { retryInMs: delay } : {}) });
      if (delay === undefined) {
        const origin = describeOrigin(request.url);
        throw new RemoteError(
          outcome.error === 'timeout' ? 'remote-timeout' : 'remote-unreachable',
          redact(
            outcome.error === 'timeout'
              ? `Signals API did not answer ${request.method} ${path} within ${this.options.timeoutMs} ms (${attempt} attempts)`
              : `cannot reach the Signals API at ${origin} (${message}; ${attempt} attempts)`,
          ),
          { retryable: true, hint: 'check the target api_url (SIGNALS_API_URL) and your network', meta: { method: request.method, path: redact(path) } },
        );
      }
      await this.sleep(delay, request.method, path);
    }
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt - 1, this.options.backoff, this.options.random ?? Math.random);
  }

  private async attempt(request: HttpRequest, given: Record<string, string>): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    const headers = { ...given };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(request.url, { method: request.method, headers, signal, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseBody(text) };
  }

  private async sleep(ms: number, method: string, path: string): Promise<void> {
    if (ms <= 0) return;
    try {
      await sleepFor(ms, undefined, this.options.signal ? { signal: this.options.signal } : undefined);
    } catch {
      this.throwIfAborted(method, path);
    }
  }

  private throwIfAborted(method: string, path: string): void {
    if (this.options.signal?.aborted) {
      throw new RemoteError('remote-cancelled', `${method} ${this.redactor.redact(path)} was cancelled`, { meta: { method, path: this.redactor.redact(path) } });
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describePath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function describeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** `ECONNREFUSED`, `ENOTFOUND`... from undici's `fetch failed` errors. */
function networkDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}
