import { Signals } from '@snowplow/signals-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { group, rawClient, service } from './http.js';

describe('get-online-attributes', () => {
  const emu = useEmulator();
  let call: ReturnType<typeof rawClient>;

  beforeAll(async () => {
    call = rawClient(emu().url);
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 1, { is_published: true }));
    await call('POST', '/api/v1/registry/attribute_groups/', group('users', 1, { attribute_key: { name: 'domain_userid' }, attributes: [{ name: 'ltv', type: 'double', events: [], aggregation: 'sum', property: { type: 'atomic', name: 'tr_total' } }] }));
    await call('POST', '/api/v1/registry/services/', service('web', [{ name: 'sessions', version: 1 }, { name: 'users', version: 1 }]));
    const { store } = emu();
    store.setProfile({ name: 'sessions', version: 1 }, 's1', { page_views: 7, last_url: 'https://example.com/a' });
    store.set({ name: 'sessions', version: 1 }, 's2', 'page_views', 2);
    store.set({ name: 'users', version: 1 }, 'u1', 'ltv', 12.5);
  });

  const online = (body: unknown) => call('POST', '/api/v1/get-online-attributes', body);

  it('answers by service with one entry per identifier, in request order, null for unknown ids', async () => {
    const r = await online({ service: 'web', attribute_keys: { domain_sessionid: ['s2', 'nobody', 's1'] } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      domain_sessionid: ['s2', 'nobody', 's1'],
      page_views: [2, null, 7],
      last_url: [null, null, 'https://example.com/a'],
    });
    expect(Object.keys(r.body)[0]).toBe('domain_sessionid');
  });

  it('serves only the groups of the service keyed on the requested key', async () => {
    const r = await online({ service: 'web', attribute_keys: { domain_userid: ['u1'] } });
    expect(r.body).toEqual({ domain_userid: ['u1'], ltv: [12.5] });
  });

  it('answers by qualified group_vN:attribute names, with full names on request', async () => {
    const r = await online({ attributes: ['sessions_v1:page_views'], attribute_keys: { domain_sessionid: ['s1'] }, full_attribute_names: true });
    expect(r.body).toEqual({ domain_sessionid: ['s1'], 'sessions_v1:page_views': [7] });
  });

  it.each([
    [{ service: 'web' }, 400, 'attribute_keys must map one attribute key to a list of identifiers'],
    [{ service: 'web', attribute_keys: { a: ['x'], b: ['y'] } }, 400, 'attribute_keys must name exactly one attribute key'],
    [{ service: 'web', attribute_keys: { domain_sessionid: [] } }, 400, 'attribute_keys.domain_sessionid must be a list of 1 to 100 string identifiers'],
    [{ attribute_keys: { domain_sessionid: ['s1'] } }, 400, 'give exactly one of service or attributes'],
    [{ service: 'ghost', attribute_keys: { domain_sessionid: ['s1'] } }, 404, 'service ghost not found'],
    [{ attributes: ['page_views'], attribute_keys: { domain_sessionid: ['s1'] } }, 400, 'attribute "page_views" must be qualified as group_vN:attribute'],
    [{ attributes: ['sessions_v2:page_views'], attribute_keys: { domain_sessionid: ['s1'] } }, 400, 'attribute group sessions version 2 not found'],
    [{ attributes: ['sessions_v1:nope'], attribute_keys: { domain_sessionid: ['s1'] } }, 400, 'attribute group sessions version 1 has no attribute nope'],
    [{ attributes: ['sessions_v1:page_views'], attribute_keys: { domain_userid: ['u1'] } }, 400, 'attribute group sessions version 1 is keyed on domain_sessionid, not domain_userid'],
  ])('answers a Go-style error for %j', async (body, status, error) => {
    const r = await online(body);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ error });
  });

  it('answers 400 for a body that is not JSON, and 401 with an error body without a token', async () => {
    expect((await online('not json')).status).toBe(400);
    const anon = await rawClient(emu().url, '')('POST', '/api/v1/get-online-attributes', { service: 'web', attribute_keys: { domain_sessionid: ['s1'] } });
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ error: 'Not authenticated' });
  });

  describe('the official Node SDK (@snowplow/signals-node 0.2.0, sandbox mode)', () => {
    const sdk = () => new Signals({ baseUrl: emu().url, sandboxToken: 'sdk-token' });

    it('reads service attributes', async () => {
      const values = await sdk().getServiceAttributes({ name: 'web', attribute_key: 'domain_sessionid', identifier: 's1' });
      expect(values).toEqual({ domain_sessionid: 's1', page_views: 7, last_url: 'https://example.com/a' });
    });

    it('reads group attributes', async () => {
      const values = await sdk().getGroupAttributes({ name: 'sessions', version: 1, attributes: ['page_views'], attribute_key: 'domain_sessionid', identifier: 's2' });
      expect(values).toEqual({ domain_sessionid: 's2', page_views: 2 });
    });

    it('reads batch service attributes', async () => {
      const values = await sdk().getBatchServiceAttributes({ name: 'web', attribute_key: 'domain_sessionid', identifiers: ['s1', 's2'] });
      expect(values).toEqual({ domain_sessionid: ['s1', 's2'], page_views: [7, 2], last_url: ['https://example.com/a', null] });
    });

    it('sends its own SDK name', async () => {
      await sdk().getServiceAttributes({ name: 'web', attribute_key: 'domain_sessionid', identifier: 's1' });
      expect(emu().requests.at(-1)?.sdkName).toBe('signals-ts 0.2.0');
    });

    it('surfaces an emulator error as an SDK error', async () => {
      await expect(sdk().getServiceAttributes({ name: 'ghost', attribute_key: 'domain_sessionid', identifier: 's1' })).rejects.toThrow(/404/);
    });
  });
});
