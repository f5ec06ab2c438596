import { describe, expect, it } from 'vitest';
import { decodeJwtClaims } from '../../src/io/http/jwt.js';
import { startTestEmulator, TEST_BDP } from '../helpers/emulator.js';
import { rawClient } from './http.js';

const tokenPath = `/api/msc/v1/organizations/${TEST_BDP.orgId}/credentials/v3/token`;

describe('console token endpoint', () => {
  it('issues a JWT with exp for any key by default', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const emu = await startTestEmulator({ now: () => now, tokenLifetimeSeconds: 600 });
    try {
      const call = rawClient(emu.url, '');
      const r = await call('GET', tokenPath, undefined, { 'X-API-Key-Id': 'id', 'X-API-Key': 'key' });
      expect(r.status).toBe(200);
      const claims = decodeJwtClaims(r.body.accessToken);
      expect(claims).toMatchObject({ sub: TEST_BDP.orgId, iat: now / 1000, exp: now / 1000 + 600 });
      const api = rawClient(emu.url, r.body.accessToken);
      expect((await api('GET', '/api/v1/registry/services/')).status).toBe(200);
      now += 601_000;
      const expired = await api('GET', '/api/v1/registry/services/');
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ detail: 'Token expired' });
      expect(emu.stats.tokenRequests).toBe(1);
    } finally {
      await emu.close();
    }
  });

  it('checks the key id and key when --api-key-id/--api-key are given', async () => {
    const emu = await startTestEmulator({ apiKeyId: 'kid', apiKey: 'secret-key', token: 'static' });
    try {
      const call = rawClient(emu.url, '');
      expect((await call('GET', tokenPath)).status).toBe(401);
      expect((await call('GET', tokenPath, undefined, { 'X-API-Key-Id': 'kid', 'X-API-Key': 'wrong' })).body).toEqual({ error: 'Unauthorized: unknown API key' });
      const ok = await call('GET', tokenPath, undefined, { 'X-API-Key-Id': 'kid', 'X-API-Key': 'secret-key' });
      expect(ok.status).toBe(200);
      // With --token, the emulator's own JWTs are accepted as well as the static token.
      expect((await rawClient(emu.url, ok.body.accessToken)('GET', '/api/v1/registry/services/')).status).toBe(200);
      expect((await rawClient(emu.url, 'static')('GET', '/api/v1/registry/services/')).status).toBe(200);
      expect((await call('POST', tokenPath)).status).toBe(405);
    } finally {
      await emu.close();
    }
  });
});

describe('fault injection', () => {
  it('answers registry and engine calls with 503 at the fail rate, never health or tokens', async () => {
    const emu = await startTestEmulator({ failRate: 1 });
    try {
      const call = rawClient(emu.url);
      const r = await call('GET', '/api/v1/registry/services/');
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ detail: 'Service Unavailable (injected fault)' });
      expect((await call('POST', '/api/v1/engines/publish', {})).status).toBe(503);
      expect((await call('GET', '/health-all')).status).toBe(200);
      expect((await call('GET', tokenPath, undefined, { 'X-API-Key-Id': 'a', 'X-API-Key': 'b' })).status).toBe(200);
      expect((await call('POST', '/api/v1/get-online-attributes', {})).status).toBe(400);
      expect(emu.stats.faults).toBe(2);
      expect(emu.requests.filter((q) => q.fault)).toHaveLength(2);
    } finally {
      await emu.close();
    }
  });

  it('draws faults from the injected random source and can send Retry-After', async () => {
    const draws = [0.1, 0.9, 0.3, 0.7];
    let i = 0;
    const emu = await startTestEmulator({ failRate: 0.5, random: () => draws[i++ % draws.length]!, failStatus: 429, failRetryAfterSeconds: 2 });
    try {
      const call = rawClient(emu.url);
      const statuses = [];
      for (let n = 0; n < 4; n++) statuses.push((await call('GET', '/api/v1/registry/services/')).status);
      expect(statuses).toEqual([429, 200, 429, 200]);
      expect((await call('GET', '/api/v1/registry/services/')).headers.get('retry-after')).toBe('2');
    } finally {
      await emu.close();
    }
  });

  it('keeps the registry unchanged when a write is answered with a fault', async () => {
    const emu = await startTestEmulator({ failRate: 1 });
    try {
      await rawClient(emu.url)('POST', '/api/v1/registry/attribute_keys/', { name: 'acct' });
      expect(emu.registry.find('AttributeKey', 'acct')).toBeUndefined();
    } finally {
      await emu.close();
    }
  });
});
