/** Retry timing: exponential backoff with jitter, and the server's `Retry-After`. */

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Upper bound of any computed delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 8000 };

/**
 * Delay before retry number `retry` (0 for the first retry): the exponential step
 * `base * 2^retry`, capped, of which a random half is jitter, so concurrent clients spread out.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Milliseconds a `Retry-After` header asks for: delta seconds or an HTTP date. Undefined when the
 * header is absent or unreadable; never negative.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Statuses worth retrying: rate limiting and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
