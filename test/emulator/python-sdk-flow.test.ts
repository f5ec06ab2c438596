/**
 * The Python SDK (snowplow-signals 0.4.2) request flow, replayed byte for byte over HTTP: its
 * serialisation (nested attribute key objects, defaults sent), its headers, POST-then-PUT on
 * 400, and its publish, unpublish and delete orders. Any client doing this must work.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';

const HEADERS = { Authorization: 'Bearer 6a3c1d2e-sandbox', 'Content-Type': 'application/json; charset=utf-8', 'X-Signals-Sdk-Name': 'signals-py 0.4.2' };

const KEY = { name: 'account_id', property: { vendor: 'com.example', name: 'account', major_version: 1, path: 'account_id', type: 'entity', index: 0 }, is_published: false };
const GROUP = {
  name: 'account_activity',
  version: 1,
  description: 'Cross-user activity for each B2B account',
  attribute_key: { name: 'account_id', property: KEY.property, is_published: false },
  online: true,
  offline: false,
  owner: 'you@example.com',
  attributes: [
    { name: 'tasks_completed_count', type: 'int32', events: [{ vendor: 'com.example', name: 'task_completed', version: '1-0-0' }], aggregation: 'counter', period: 'P7D' },
    { name: 'active_users', type: 'int32', events: [{ vendor: 'com.example', name: 'task_completed', version: '1-0-0' }], aggregation: 'approx_count_distinct', property: { type: 'atomic', name: 'domain_userid' }, period: 'P7D' },
  ],
  is_published: false,
};
const SERVICE = { name: 'account_activity_service', attribute_groups: [{ name: 'account_activity', version: 1 }], owner: 'you@example.com', is_published: false };
const INTERVENTION = {
  name: 'account_expansion_nudge',
  version: 1,
  owner: 'you@example.com',
  is_published: false,
  criteria: { attribute: 'account_activity:tasks_completed_count', operator: '>=', value: 10 },
  target_attribute_keys: [{ name: 'account_id' }],
};

type Kind = 'attribute_keys' | 'attribute_groups' | 'services' | 'interventions';
const OBJECTS: [Kind, Record<string, unknown>][] = [
  ['attribute_keys', KEY],
  ['attribute_groups', GROUP],
  ['services', SERVICE],
  ['interventions', INTERVENTION],
];

function itemPath(kind: Kind, o: Record<string, unknown>): string {
  return kind === 'attribute_groups' || kind === 'interventions' ? `registry/${kind}/${o['name']}/versions/${o['version']}` : `registry/${kind}/${o['name']}`;
}

describe('the Python SDK request flow', () => {
  const emu = useEmulator();

  async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${emu().url}/api/v1/${path}`, { method, headers: HEADERS, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: await res.json() };
  }

  /** `create_or_update`: POST the collection; on 400, PUT the item. 200 and 201 are success. */
  async function createOrUpdate(kind: Kind, o: Record<string, unknown>): Promise<string> {
    const post = await send('POST', `registry/${kind}/`, o);
    if (post.status === 200 || post.status === 201) return 'POST';
    expect(post.status).toBe(400);
    const put = await send('PUT', itemPath(kind, o), o);
    expect(put.status).toBe(200);
    return 'PUT';
  }

  async function publish(flag: boolean): Promise<string[]> {
    const ways: string[] = [];
    for (const [kind, o] of OBJECTS) ways.push(await createOrUpdate(kind, { ...o, is_published: flag }));
    return ways;
  }

  it('publishes keys → groups → services → interventions by POST', async () => {
    expect(await publish(true)).toEqual(['POST', 'POST', 'POST', 'POST']);
    const group = await send('GET', 'registry/attribute_groups/account_activity');
    expect(group.body).toMatchObject({ name: 'account_activity', version: 1, is_published: true, full_name: 'account_activity_v1', attribute_key_or_name: 'account_id' });
  });

  it('publishes again by PUT after each POST answers 400', async () => {
    expect(await publish(true)).toEqual(['PUT', 'PUT', 'PUT', 'PUT']);
  });

  it('unpublishes with full PUTs that only flip is_published', async () => {
    expect(await publish(false)).toEqual(['PUT', 'PUT', 'PUT', 'PUT']);
    expect((await send('GET', 'registry/interventions/account_expansion_nudge')).body.is_published).toBe(false);
  });

  it('reads values through get-online-attributes', async () => {
    emu().store.set({ name: 'account_activity', version: 1 }, 'acme', 'tasks_completed_count', 12);
    const r = await send('POST', 'get-online-attributes', { service: 'account_activity_service', attribute_keys: { account_id: ['acme'] } });
    expect(r.body).toEqual({ account_id: ['acme'], tasks_completed_count: [12], active_users: [null] });
  });

  it('deletes interventions → services → groups (per version) → keys', async () => {
    for (const [kind, o] of [...OBJECTS].reverse()) {
      const r = await send('DELETE', itemPath(kind, o));
      expect(r).toEqual({ status: 200, body: { ok: true } });
    }
    expect((await send('GET', 'registry/attribute_keys/')).body).toHaveLength(4);
  });
});
