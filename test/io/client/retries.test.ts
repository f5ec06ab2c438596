import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ExitCode, RemoteError } from '../../../src/errors.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../../src/io/http/backoff.js';
import { SignalsApiError, SignalsClient, type RequestLogEntry } from '../../../src/io/signals-client.js';
import { startTestEmulator } from '../../helpers/emulator.js';
import { json, scriptedServer } from './servers.js';

/** A random source that fails the first `failures` draws of every `period`. */
function pattern(failures: number, period: number): () => number {
  let n = 0;
  return () => (n++ % period < failures ? 0 : 0.99);
}

describe('retries', () => {
  it('retries 503s from --fail-rate with backoff until the call succeeds', async () => {
    const emu = await startTestEmulator({ failRate: 0.5, random: pattern(2, 3) });
    const log: RequestLogEntry[] = [];
    try {
      const client = emu.client({ onRequest: (e) => log.push(e) });
      const listing = await client.list('AttributeKey');
      expect(listing.definitions).toHaveLength(4);
      expect(log.map((e) => [e.status, e.attempt, e.willRetry])).toEqual([
        [503, 1, true],
        [503, 2, true],
        [200, 3, false],
      ]);
      expect(log[0]!.retryInMs).toBeGreaterThan(0);
      expect(emu.stats.faults).toBe(2);
    } finally {
      await emu.close();
    }
  });

  it('completes a whole workload under a 50% fault rate', async () => {
    const emu = await startTestEmulator({ failRate: 0.5, random: pattern(1, 2) });
    try {
      const client = emu.client();
      const keys = Array.from({ length: 20 }, (_, i) => ({ kind: 'AttributeKey' as const, protect: false, spec: { name: `k${i}`, is_published: false } }));
      // One call at a time, so each call's attempts take consecutive draws: fail, then succeed.
      for (const key of keys) await client.upsert(key);
      expect((await client.list('AttributeKey')).definitions).toHaveLength(24);
      expect(emu.stats.faults).toBe(21);
    } finally {
      await emu.close();
    }
  });

  it('gives up after the last retry with the final status (exit 3)', async () => {
    const emu = await startTestEmulator({ failRate: 1 });
    try {
      const error = (await emu.client({ retries: 2 }).list('Service').catch((e: unknown) => e)) as SignalsApiError;
      expect(error).toBeInstanceOf(SignalsApiError);
      expect(error.status).toBe(503);
      expect(error.exitCode).toBe(ExitCode.Remote);
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('Service Unavailable (injected fault)');
      expect(emu.requests).toHaveLength(3);
    } finally {
      await emu.close();
    }
  });

  it('honours Retry-After', async () => {
    const emu = await startTestEmulator({ failRate: 0.5, random: pattern(1, 2), failStatus: 429, failRetryAfterSeconds: 1 });
    const log: RequestLogEntry[] = [];
    try {
      await emu.client({ onRequest: (e) => log.push(e) }).list('Service');
      expect(log.map((e) => e.status)).toEqual([429, 200]);
      expect(log[0]!.retryInMs).toBe(1000);
    } finally {
      await emu.close();
    }
  });

  it('caps a long Retry-After', async () => {
    const emu = await startTestEmulator({ failRate: 0.5, random: pattern(1, 2), failRetryAfterSeconds: 3600 });
    const log: RequestLogEntry[] = [];
    try {
      await emu.client({ onRequest: (e) => log.push(e), maxRetryAfterMs: 20 }).list('Service');
      expect(log[0]!.retryInMs).toBe(20);
    } finally {
      await emu.close();
    }
  });

  it.each([400, 401, 403, 404, 409, 422])('never retries a %i', async (status) => {
    const server = await scriptedServer((_req, _body, res) => json(res, status, { detail: 'no' }));
    try {
      const client = new SignalsClient({ apiUrl: server.url, auth: { mode: 'sandbox', token: 'tok-1' }, version: 'test', backoff: { baseMs: 1, maxMs: 2 } });
      const error = (await client.list('Service').catch((e: unknown) => e)) as SignalsApiError;
      expect(error.status).toBe(status);
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('retries 500, 502 and 504 as well', async () => {
    const statuses = [500, 502, 504];
    const server = await scriptedServer((_req, _body, res, n) => (n <= statuses.length ? json(res, statuses[n - 1]!, { error: 'boom' }) : json(res, 200, [])));
    try {
      const client = new SignalsClient({ apiUrl: server.url, auth: { mode: 'sandbox', token: 'tok-1' }, version: 'test', backoff: { baseMs: 1, maxMs: 2 } });
      expect((await client.list('Service')).definitions).toEqual([]);
      expect(server.seen).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it('retries network errors, then reports the API as unreachable (exit 3)', async () => {
    const port = await freePort();
    const log: RequestLogEntry[] = [];
    const client = new SignalsClient({ apiUrl: `http://127.0.0.1:${port}`, auth: { mode: 'sandbox', token: 'tok-1' }, version: 'test', retries: 2, backoff: { baseMs: 1, maxMs: 2 }, onRequest: (e) => log.push(e) });
    const error = (await client.list('Service').catch((e: unknown) => e)) as RemoteError;
    expect(error).toBeInstanceOf(RemoteError);
    expect(error.code).toBe('remote-unreachable');
    expect(error.exitCode).toBe(ExitCode.Remote);
    expect(error.message).toBe(`cannot reach the Signals API at http://127.0.0.1:${port} (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}; 3 attempts)`);
    expect(log.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(log.every((e) => e.error?.startsWith('ECONNREFUSED'))).toBe(true);
  });

  it('times out each attempt and reports a timeout after the retries', async () => {
    const emu = await startTestEmulator({ latencyMs: 400 });
    try {
      const error = (await emu.client({ timeoutMs: 50, retries: 1 }).list('Service').catch((e: unknown) => e)) as RemoteError;
      expect(error.code).toBe('remote-timeout');
      expect(error.message).toBe('Signals API did not answer GET /api/v1/registry/services/ within 50 ms (2 attempts)');
      expect(error.exitCode).toBe(ExitCode.Remote);
    } finally {
      await emu.close();
    }
  });

  it('stops at once when cancelled', async () => {
    const emu = await startTestEmulator({ latencyMs: 2000 });
    try {
      const controller = new AbortController();
      const pending = emu.client({ signal: controller.signal }).list('Service');
      setTimeout(() => controller.abort(), 20);
      const error = (await pending.catch((e: unknown) => e)) as RemoteError;
      expect(error.code).toBe('remote-cancelled');
    } finally {
      await emu.close();
    }
  });
});

describe('bounded concurrency', () => {
  it('never has more requests in flight than allowed', async () => {
    const server = await scriptedServer(async (_req, _body, res) => {
      await new Promise((r) => setTimeout(r, 15));
      json(res, 200, { name: 'k', is_published: false });
    });
    try {
      const client = new SignalsClient({ apiUrl: server.url, auth: { mode: 'sandbox', token: 'tok-1' }, version: 'test', concurrency: 3 });
      await Promise.all(Array.from({ length: 12 }, (_, i) => client.get('AttributeKey', `k${i}`)));
      expect(server.seen).toHaveLength(12);
      expect(server.maxInFlight).toBe(3);
    } finally {
      await server.close();
    }
  });
});

describe('backoff arithmetic', () => {
  it('doubles the step, caps it, and jitters within its upper half', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((r) => backoffDelay(r, opts, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, opts, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries only 429 and 5xx', () => {
    expect([200, 400, 404, 422, 429, 500, 503].map(isRetryableStatus)).toEqual([false, false, false, false, true, true, true]);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
