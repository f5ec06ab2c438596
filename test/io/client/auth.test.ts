import { describe, expect, it } from 'vitest';
import { ExitCode, RemoteError } from '../../../src/errors.js';
import { decodeJwtClaims, jwtExpiryMs } from '../../../src/io/http/jwt.js';
import type { AuthConfig } from '../../../src/io/signals-client.js';
import { startTestEmulator, TEST_BDP } from '../../helpers/emulator.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');

function bdp(url: string, overrides: Partial<Extract<AuthConfig, { mode: 'bdp' }>> = {}): AuthConfig {
  return { mode: 'bdp', orgId: TEST_BDP.orgId, apiKeyId: TEST_BDP.apiKeyId, apiKey: TEST_BDP.apiKey, consoleUrl: url, ...overrides };
}

describe('bdp auth against the emulator token endpoint', () => {
  it('makes one token request however many calls start at once', async () => {
    const emu = await startTestEmulator({ apiKeyId: TEST_BDP.apiKeyId, apiKey: TEST_BDP.apiKey, token: 'not-used' });
    try {
      const client = emu.client({ auth: bdp(emu.url) });
      await Promise.all(Array.from({ length: 10 }, () => client.list('AttributeKey')));
      expect(emu.stats.tokenRequests).toBe(1);
      expect(client.tokenRequests).toBe(1);
      await client.list('Service');
      expect(emu.stats.tokenRequests).toBe(1);
      const token = emu.requests.find((r) => r.path.endsWith('/credentials/v3/token'));
      expect(token).toMatchObject({ method: 'GET', path: `/api/msc/v1/organizations/${TEST_BDP.orgId}/credentials/v3/token`, status: 200, sdkName: 'signals-as-code test' });
    } finally {
      await emu.close();
    }
  });

  it('refetches shortly before exp, once, however many calls are waiting', async () => {
    let now = T0;
    const clock = () => now;
    const emu = await startTestEmulator({ now: clock, tokenLifetimeSeconds: 600 });
    try {
      const client = emu.client({ auth: bdp(emu.url), now: clock, tokenMarginMs: 60_000 });
      await client.list('Service');
      now = T0 + 530_000; // 70 s before exp: still outside the margin
      await client.list('Service');
      expect(emu.stats.tokenRequests).toBe(1);
      now = T0 + 545_000; // 55 s before exp: inside the margin
      await Promise.all(Array.from({ length: 5 }, () => client.list('Service')));
      expect(emu.stats.tokenRequests).toBe(2);
      now = T0 + 2_000_000; // long after the second token expired
      await client.list('Service');
      expect(emu.stats.tokenRequests).toBe(3);
    } finally {
      await emu.close();
    }
  });

  it('fetches a fresh token once when the API rejects the cached one', async () => {
    let serverNow = T0;
    const emu = await startTestEmulator({ now: () => serverNow, tokenLifetimeSeconds: 600 });
    try {
      // The client's clock lags: it still trusts a token the server already considers expired.
      const client = emu.client({ auth: bdp(emu.url), now: () => T0, tokenMarginMs: 0 });
      await client.list('Service');
      serverNow = T0 + 700_000;
      expect((await client.list('Service')).definitions).toEqual([]);
      expect(emu.stats.tokenRequests).toBe(2);
      expect(emu.requests.map((r) => r.status)).toEqual([200, 200, 401, 200, 200]);
    } finally {
      await emu.close();
    }
  });

  it('reports rejected credentials as a remote error (exit 3) with a hint, without the secrets', async () => {
    const emu = await startTestEmulator({ apiKeyId: TEST_BDP.apiKeyId, apiKey: TEST_BDP.apiKey });
    try {
      const client = emu.client({ auth: bdp(emu.url, { apiKey: 'wrong-secret-value' }) });
      const error = (await client.list('Service').catch((e: unknown) => e)) as RemoteError;
      expect(error).toBeInstanceOf(RemoteError);
      expect(error.code).toBe('token-rejected');
      expect(error.exitCode).toBe(ExitCode.Remote);
      expect(error.status).toBe(401);
      expect(error.message).toBe(
        `could not get an access token from the console: Signals API answered 401 Unauthorized to GET /api/msc/v1/organizations/${TEST_BDP.orgId}/credentials/v3/token: Unauthorized: unknown API key`,
      );
      expect(error.hint).toContain('SIGNALS_API_KEY');
      expect(JSON.stringify({ m: error.message, h: error.hint, meta: error.meta })).not.toContain('wrong-secret-value');
      // A failed exchange is not cached: the next call asks again.
      await client.list('Service').catch(() => undefined);
      expect(emu.stats.tokenRequests).toBe(2);
    } finally {
      await emu.close();
    }
  });

  it('uses the sandbox token as the bearer, with no token exchange', async () => {
    const emu = await startTestEmulator({ token: 'sandbox-123' });
    try {
      const client = emu.client({ auth: { mode: 'sandbox', token: 'sandbox-123' } });
      await client.list('Service');
      expect(client.tokenRequests).toBe(0);
      expect(emu.stats.tokenRequests).toBe(0);
    } finally {
      await emu.close();
    }
  });
});

describe('handing the bearer token to the official Node SDK', () => {
  it('lets @snowplow/signals-node read values with a token from the bdp exchange', async () => {
    const { Signals } = await import('@snowplow/signals-node');
    const emu = await startTestEmulator({ apiKeyId: TEST_BDP.apiKeyId, apiKey: TEST_BDP.apiKey, token: 'nothing-else' });
    try {
      const client = emu.client({ auth: bdp(emu.url) });
      await client.create({ kind: 'AttributeGroup', protect: false, spec: { name: 'g', version: 1, attribute_key: { name: 'user_id' }, online: true, offline: false, attributes: [{ name: 'n', type: 'int32', events: [], aggregation: 'counter' }], is_published: true } });
      emu.store.set({ name: 'g', version: 1 }, 'u1', 'n', 5);
      const sdk = new Signals({ baseUrl: emu.url, sandboxToken: await client.bearerToken() });
      expect(await sdk.getGroupAttributes({ name: 'g', version: 1, attributes: ['n'], attribute_key: 'user_id', identifier: 'u1' })).toEqual({ user_id: 'u1', n: 5 });
      expect(emu.stats.tokenRequests).toBe(1);
    } finally {
      await emu.close();
    }
  });
});

describe('JWT claims', () => {
  const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

  it('reads exp without verifying the signature', () => {
    expect(jwtExpiryMs(token({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(decodeJwtClaims(token({ sub: 'x' }))).toEqual({ sub: 'x' });
  });

  it('gives undefined for tokens it cannot read', () => {
    expect(jwtExpiryMs(token({ sub: 'no exp' }))).toBeUndefined();
    expect(jwtExpiryMs('not-a-jwt')).toBeUndefined();
    expect(jwtExpiryMs('a.%%%.b')).toBeUndefined();
    expect(jwtExpiryMs(token({ exp: 'soon' }))).toBeUndefined();
    expect(decodeJwtClaims(`h.${Buffer.from('[1]').toString('base64url')}.s`)).toBeUndefined();
  });
});
