import { describe, expect, it } from 'vitest';
import type { CliError } from '../../../src/errors.js';
import { SignalsClient, type RequestLogEntry } from '../../../src/io/signals-client.js';
import { json, scriptedServer } from './servers.js';

const API_KEY = 'ak-9f8e7d6c5b4a-secret';
const KEY_ID = 'kid-0a1b2c3d';
const SANDBOX = 'sbx-11112222-3333';

/** Everything of an error a renderer could show: message, hint, meta, JSON document. */
function shown(error: unknown): string {
  const e = error as CliError;
  return JSON.stringify({ message: e.message, hint: e.hint, meta: e.meta, code: e.code });
}

describe('secrets never leave the client', () => {
  it('removes a sandbox token the server echoes in an error body', async () => {
    const server = await scriptedServer((req, _body, res) => json(res, 400, { detail: `bad request from ${req.headers.authorization}` }));
    const log: RequestLogEntry[] = [];
    try {
      const client = new SignalsClient({ apiUrl: server.url, auth: { mode: 'sandbox', token: SANDBOX }, version: 'test', onRequest: (e) => log.push(e) });
      const error = await client.list('Service').catch((e: unknown) => e);
      expect(shown(error)).not.toContain(SANDBOX);
      expect(shown(error)).toContain('bad request from Bearer [redacted]');
      expect(JSON.stringify(log)).not.toContain(SANDBOX);
      expect(client.redact(`x ${SANDBOX} y`)).toBe('x [redacted] y');
    } finally {
      await server.close();
    }
  });

  it('removes the API key, key id and the issued access token from errors and logs', async () => {
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp: 4_000_000_000 })).toString('base64url')}.c2lnbmF0dXJl`;
    const server = await scriptedServer((req, _body, res) => {
      if (req.url?.includes('/credentials/v3/token')) return json(res, 200, { accessToken: jwt });
      return json(res, 500, { error: `failed for ${req.headers.authorization} with key ${KEY_ID}:${API_KEY}` });
    });
    const log: RequestLogEntry[] = [];
    try {
      const client = new SignalsClient({
        apiUrl: server.url,
        auth: { mode: 'bdp', orgId: 'org-1', apiKeyId: KEY_ID, apiKey: API_KEY, consoleUrl: server.url },
        version: 'test',
        retries: 1,
        backoff: { baseMs: 1, maxMs: 2 },
        onRequest: (e) => log.push(e),
      });
      const error = await client.list('Service').catch((e: unknown) => e);
      const text = shown(error) + JSON.stringify(log);
      for (const secret of [API_KEY, KEY_ID, jwt]) expect(text).not.toContain(secret);
      expect(shown(error)).toContain('failed for Bearer [redacted] with key [redacted]:[redacted]');
      // The secrets did go where they belong.
      expect(server.seen[0]!.headers['x-api-key']).toBe(API_KEY);
      expect(server.seen[1]!.headers.authorization).toBe(`Bearer ${jwt}`);
    } finally {
      await server.close();
    }
  });

  it('removes the API key from a failed token exchange', async () => {
    const server = await scriptedServer((req, _body, res) => json(res, 403, { message: `key ${req.headers['x-api-key']} is revoked` }));
    try {
      const client = new SignalsClient({ apiUrl: server.url, auth: { mode: 'bdp', orgId: 'org-1', apiKeyId: KEY_ID, apiKey: API_KEY, consoleUrl: server.url }, version: 'test' });
      const error = await client.list('Service').catch((e: unknown) => e);
      expect(shown(error)).not.toContain(API_KEY);
      expect(shown(error)).toContain('key [redacted] is revoked');
      expect((error as CliError).code).toBe('token-rejected');
    } finally {
      await server.close();
    }
  });

  it('never puts secrets in network error messages', async () => {
    const client = new SignalsClient({ apiUrl: 'http://127.0.0.1:9', auth: { mode: 'sandbox', token: SANDBOX }, version: 'test', retries: 0 });
    const error = await client.list('Service').catch((e: unknown) => e);
    expect((error as CliError).code).toBe('remote-unreachable');
    expect(shown(error)).not.toContain(SANDBOX);
  });
});
