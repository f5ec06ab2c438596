import { beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { group, intervention, rawClient, service } from './http.js';

let emu: TestEmulator;
let call: ReturnType<typeof rawClient>;

beforeEach(async () => {
  emu = await startTestEmulator();
  call = rawClient(emu.url);
  return () => emu.close();
});

describe('attribute keys', () => {
  it('has the built-in keys from the start, with read-only blobl_path', async () => {
    const r = await call('GET', '/api/v1/registry/attribute_keys/');
    expect(r.status).toBe(200);
    expect(r.body.map((k: { name: string }) => k.name)).toEqual(['domain_sessionid', 'domain_userid', 'network_userid', 'user_id']);
    expect(r.body[3]).toMatchObject({ name: 'user_id', blobl_path: 'user_id', is_published: true });
  });

  it('creates, reads, updates and deletes a key', async () => {
    const key = { name: 'account_id', property: { type: 'entity', vendor: 'com.example', name: 'account', major_version: 1, path: 'account_id', index: 0 }, is_published: true };
    expect((await call('POST', '/api/v1/registry/attribute_keys/', key)).status).toBe(200);
    const got = await call('GET', '/api/v1/registry/attribute_keys/account_id');
    expect(got.body).toMatchObject({ ...key, description: null, owner: null, ttl: null, blobl_path: 'contexts_com_example_account_1[0].account_id' });
    const put = await call('PUT', '/api/v1/registry/attribute_keys/account_id', { ...key, description: 'B2B account' });
    expect(put.status).toBe(200);
    expect(put.body.description).toBe('B2B account');
    expect((await call('DELETE', '/api/v1/registry/attribute_keys/account_id')).body).toEqual({ ok: true });
    expect((await call('GET', '/api/v1/registry/attribute_keys/account_id')).status).toBe(404);
  });

  it('answers 400 with a detail message for a POST of an existing key', async () => {
    const r = await call('POST', '/api/v1/registry/attribute_keys/', { name: 'user_id' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'attribute key user_id already exists' });
  });

  it('refuses to delete a built-in key or a key in use', async () => {
    expect((await call('DELETE', '/api/v1/registry/attribute_keys/domain_userid')).body.detail).toContain('built-in');
    await call('POST', '/api/v1/registry/attribute_keys/', { name: 'acct' });
    await call('POST', '/api/v1/registry/attribute_groups/', group('by_acct', 1, { attribute_key: { name: 'acct' } }));
    const r = await call('DELETE', '/api/v1/registry/attribute_keys/acct');
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('cannot delete attribute key acct: it is the attribute key of attribute group by_acct version 1');
  });
});

describe('attribute groups', () => {
  it('adds the read-only response fields and the full attribute key', async () => {
    const r = await call('POST', '/api/v1/registry/attribute_groups/', group('sessions'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'sessions',
      version: 1,
      full_name: 'sessions_v1',
      feast_name: 'sessions_v1',
      stream_source_name: 'sessions_stream',
      attribute_key_or_name: 'domain_sessionid',
      attribute_group_or_attribute_key_ttl: null,
      attribute_key: { name: 'domain_sessionid', blobl_path: 'domain_sessionid' },
      description: null,
    });
  });

  it('serves the latest version at the name, each version at its path, and every version in the list', async () => {
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 1));
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 3));
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 2));
    expect((await call('GET', '/api/v1/registry/attribute_groups/sessions')).body.version).toBe(3);
    expect((await call('GET', '/api/v1/registry/attribute_groups/sessions/versions/2')).body.version).toBe(2);
    const list = await call('GET', '/api/v1/registry/attribute_groups/');
    expect(list.body.map((g: { version: number }) => g.version)).toEqual([1, 2, 3]);
    expect((await call('GET', '/api/v1/registry/attribute_groups/sessions/versions/4')).status).toBe(404);
    expect((await call('GET', '/api/v1/registry/attribute_groups/nope')).body).toEqual({ detail: 'attribute group nope not found' });
  });

  it('filters the list like the API', async () => {
    await call('POST', '/api/v1/registry/attribute_groups/', group('a', 1, { is_published: true }));
    await call('POST', '/api/v1/registry/attribute_groups/', group('b', 1, { attribute_key: { name: 'user_id' } }));
    const names = async (q: string) => (await call('GET', `/api/v1/registry/attribute_groups/?${q}`)).body.map((g: { name: string }) => g.name);
    expect(await names('applied=true')).toEqual(['a']);
    expect(await names('attribute_key_or_name=user_id')).toEqual(['b']);
    expect(await names('offline=true')).toEqual([]);
  });

  it('answers 422 with a FastAPI detail list for an invalid body', async () => {
    const r = await call('POST', '/api/v1/registry/attribute_groups/', { name: 'bad-name', attribute_key: { name: 'domain_userid' }, attributes: [{ name: 'x', type: 'int', events: [] }] });
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual([
      { loc: ['body', 'name'], msg: "String should match pattern '^[A-Za-z0-9_]+$'", type: 'string_pattern_mismatch' },
      { loc: ['body', 'attributes', 0, 'type'], msg: expect.stringContaining("'int32'"), type: 'enum' },
      { loc: ['body', 'attributes', 0, 'aggregation'], msg: 'Field required', type: 'missing' },
    ]);
  });

  it('answers 422 for a group whose attribute key does not exist', async () => {
    const r = await call('POST', '/api/v1/registry/attribute_groups/', group('g', 1, { attribute_key: { name: 'account' } }));
    expect(r.status).toBe(422);
    expect(r.body.detail[0]).toMatchObject({ loc: ['body', 'attribute_key', 'name'], msg: 'attribute key account does not exist; create it first' });
  });

  it('answers 422 for JSON it cannot parse', async () => {
    const r = await call('POST', '/api/v1/registry/attribute_groups/', '{"name": ');
    expect(r.status).toBe(422);
    expect(r.body.detail[0].type).toBe('json_invalid');
  });

  it('refuses to change a published version in place, but lets a PUT flip is_published', async () => {
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 1, { is_published: true }));
    const changed = await call('PUT', '/api/v1/registry/attribute_groups/sessions/versions/1', group('sessions', 1, { is_published: true, description: 'new' }));
    expect(changed.status).toBe(400);
    expect(changed.body.detail).toBe(
      'attribute group sessions version 1 is published and its definition cannot be changed in place; unpublish it first, or publish the change as a new version (version 2)',
    );
    const unpublish = await call('PUT', '/api/v1/registry/attribute_groups/sessions/versions/1', group('sessions', 1, { is_published: false }));
    expect(unpublish.status).toBe(200);
    expect(unpublish.body.is_published).toBe(false);
    const edit = await call('PUT', '/api/v1/registry/attribute_groups/sessions/versions/1', group('sessions', 1, { description: 'new' }));
    expect(edit.status).toBe(200);
    expect(edit.body.description).toBe('new');
  });

  it('treats a body that only differs in form (nulls, key object, P1W) as unchanged', async () => {
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 1, { is_published: true, ttl: 'P7D' }));
    const same = { ...group('sessions', 1, { is_published: true, ttl: 'P1W', description: null }), attribute_key: { name: 'domain_sessionid', key: 'domain_sessionid', is_published: false } };
    expect((await call('PUT', '/api/v1/registry/attribute_groups/sessions/versions/1', same)).status).toBe(200);
  });

  it('answers 404 for a PUT of an unknown version and 400 when body and path disagree', async () => {
    expect((await call('PUT', '/api/v1/registry/attribute_groups/sessions/versions/1', group('sessions'))).status).toBe(404);
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions'));
    const r = await call('PUT', '/api/v1/registry/attribute_groups/sessions/versions/1', group('sessions', 2));
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('the body is version 2 but the path is version 1');
  });

  it('refuses to delete a published version or one a service pins', async () => {
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 1, { is_published: true }));
    await call('POST', '/api/v1/registry/services/', service('svc', [{ name: 'sessions', version: 1 }]));
    const published = await call('DELETE', '/api/v1/registry/attribute_groups/sessions/versions/1');
    expect(published.status).toBe(400);
    expect(published.body.detail).toBe('cannot delete attribute group sessions version 1: it is published; unpublish it first');
    await call('POST', '/api/v1/engines/unpublish', { attribute_groups: [{ name: 'sessions', version: 1 }] });
    const pinned = await call('DELETE', '/api/v1/registry/attribute_groups/sessions/versions/1');
    expect(pinned.status).toBe(400);
    expect(pinned.body.detail).toBe('cannot delete attribute group sessions version 1: service svc uses it; remove it from the service first');
    await call('DELETE', '/api/v1/registry/services/svc');
    expect((await call('DELETE', '/api/v1/registry/attribute_groups/sessions/versions/1')).body).toEqual({ ok: true });
    expect((await call('DELETE', '/api/v1/registry/attribute_groups/sessions/versions/1')).status).toBe(404);
  });

  it('answers 405 for a PUT without a version and 422 for a version out of range', async () => {
    expect((await call('PUT', '/api/v1/registry/attribute_groups/sessions', group('sessions'))).status).toBe(405);
    const r = await call('GET', '/api/v1/registry/attribute_groups/sessions/versions/0');
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['path', 'version']);
  });
});

describe('services', () => {
  beforeEach(async () => {
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions'));
  });

  it('creates, repoints and deletes a service', async () => {
    expect((await call('POST', '/api/v1/registry/services/', service('svc', [{ name: 'sessions', version: 1 }]))).body).toEqual({
      name: 'svc',
      attribute_groups: [{ name: 'sessions', version: 1 }],
      is_published: true,
      description: null,
      owner: null,
    });
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions', 2));
    const put = await call('PUT', '/api/v1/registry/services/svc', service('svc', [{ name: 'sessions', version: 2 }]));
    expect(put.body.attribute_groups).toEqual([{ name: 'sessions', version: 2 }]);
    expect((await call('GET', '/api/v1/registry/services/')).body).toHaveLength(1);
    expect((await call('DELETE', '/api/v1/registry/services/svc')).status).toBe(200);
    expect((await call('GET', '/api/v1/registry/services/svc')).status).toBe(404);
  });

  it('cannot pin a group version that does not exist', async () => {
    const r = await call('POST', '/api/v1/registry/services/', service('svc', [{ name: 'sessions', version: 1 }, { name: 'sessions', version: 9 }]));
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual([{ loc: ['body', 'attribute_groups', 1], msg: 'attribute group sessions version 9 does not exist', type: 'value_error' }]);
  });

  it('requires attribute_groups', async () => {
    const r = await call('POST', '/api/v1/registry/services/', { name: 'svc' });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'attribute_groups']);
  });
});

describe('interventions', () => {
  beforeEach(async () => {
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions'));
  });

  it('creates versions, serves the latest, and guards published versions', async () => {
    expect((await call('POST', '/api/v1/registry/interventions/', intervention('nudge', 1, { is_published: true }))).status).toBe(200);
    expect((await call('POST', '/api/v1/registry/interventions/', intervention('nudge', 2))).status).toBe(200);
    expect((await call('GET', '/api/v1/registry/interventions/nudge')).body.version).toBe(2);
    expect((await call('POST', '/api/v1/registry/interventions/', intervention('nudge', 1))).status).toBe(400);
    const edit = await call('PUT', '/api/v1/registry/interventions/nudge/versions/1', intervention('nudge', 1, { is_published: true, description: 'x' }));
    expect(edit.status).toBe(400);
    expect((await call('DELETE', '/api/v1/registry/interventions/nudge/versions/1')).status).toBe(400);
    expect((await call('DELETE', '/api/v1/registry/interventions/nudge/versions/2')).status).toBe(200);
    const list = await call('GET', '/api/v1/registry/interventions/');
    expect(list.body.map((i: { version: number }) => i.version)).toEqual([1]);
  });

  it('checks attribute references, targets and payload groups', async () => {
    const r = await call(
      'POST',
      '/api/v1/registry/interventions/',
      intervention('nudge', 1, {
        criteria: { all: [{ attribute: 'sessions:nope', operator: '>', value: 1 }, { any: [{ attribute: 'other:x', operator: 'is null' }] }] },
        target_attribute_keys: [{ name: 'acct' }],
        payload_attribute_groups: [{ name: 'sessions', version: 2 }],
      }),
    );
    expect(r.status).toBe(422);
    expect(r.body.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ['body', 'criteria', 'all', 0, 'attribute'],
      ['body', 'criteria', 'all', 1, 'any', 0, 'attribute'],
      ['body', 'target_attribute_keys', 0, 'name'],
      ['body', 'payload_attribute_groups', 0],
    ]);
    expect(r.body.detail[0].msg).toBe('no version of attribute group sessions has an attribute nope');
  });
});

describe('engines', () => {
  it('publishes and unpublishes a selection', async () => {
    await call('POST', '/api/v1/registry/attribute_groups/', group('sessions'));
    await call('POST', '/api/v1/registry/attribute_keys/', { name: 'acct' });
    const sel = { attribute_groups: [{ name: 'sessions', version: 1 }], attribute_keys: [{ name: 'acct' }] };
    expect((await call('POST', '/api/v1/engines/publish', sel)).body).toEqual({ status: 'published' });
    expect((await call('POST', '/api/v1/engines/publish', sel)).body).toEqual({ status: 'nothing to publish' });
    expect((await call('GET', '/api/v1/registry/attribute_groups/sessions')).body.is_published).toBe(true);
    expect((await call('POST', '/api/v1/engines/unpublish', sel)).body).toEqual({ status: 'unpublished' });
    expect((await call('GET', '/api/v1/registry/attribute_keys/acct')).body.is_published).toBe(false);
  });

  it('answers 404 for unknown objects and 422 for a bad selection', async () => {
    const r = await call('POST', '/api/v1/engines/publish', { services: [{ name: 'ghost' }] });
    expect(r.status).toBe(404);
    expect(r.body.detail).toBe('not found: service ghost');
    expect((await call('POST', '/api/v1/engines/publish', { services: 'ghost' })).status).toBe(422);
    expect((await call('GET', '/api/v1/engines/publish')).status).toBe(405);
  });
});

describe('paths, methods and auth', () => {
  it('accepts collection paths without the slash and item paths with one', async () => {
    expect((await call('GET', '/api/v1/registry/attribute_keys')).status).toBe(200);
    expect((await call('GET', '/api/v1/registry/attribute_keys/user_id/')).body.name).toBe('user_id');
    expect((await call('POST', '/api/v1/registry/attribute_keys', { name: 'k1' })).status).toBe(200);
  });

  it('serves GET / and /health-all without credentials', async () => {
    const anon = rawClient(emu.url, '');
    expect((await anon('GET', '/')).status).toBe(200);
    expect((await anon('GET', '/health-all')).body).toEqual({ status: 'ok', dependencies: { storage: 'ok', feature_server: 'ok' } });
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    expect((await call('GET', '/api/v1/registry/widgets/')).status).toBe(404);
    expect((await call('GET', '/api/v2/registry/services/')).status).toBe(404);
    expect((await call('PATCH', '/api/v1/registry/services/')).status).toBe(405);
    expect((await call('POST', '/health-all')).status).toBe(405);
  });

  it('needs a non-empty bearer token on the API', async () => {
    const anon = rawClient(emu.url, '');
    const r = await anon('GET', '/api/v1/registry/services/');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: 'Not authenticated' });
    expect((await anon('GET', '/api/v1/registry/services/', undefined, { Authorization: 'Basic abc' })).status).toBe(401);
    expect((await rawClient(emu.url, 'anything-goes')('GET', '/api/v1/registry/services/')).status).toBe(200);
  });

  it('accepts only the --token value when one is set', async () => {
    const strict = await startTestEmulator({ token: 'only-this' });
    try {
      expect((await rawClient(strict.url, 'other')('GET', '/api/v1/registry/services/')).body).toEqual({ detail: 'Invalid token' });
      expect((await rawClient(strict.url, 'only-this')('GET', '/api/v1/registry/services/')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('records requests with the SDK name header', async () => {
    await call('GET', '/api/v1/registry/services/', undefined, { 'X-Signals-Sdk-Name': 'probe 1' });
    expect(emu.requests.at(-1)).toEqual({ method: 'GET', path: '/api/v1/registry/services/', status: 200, sdkName: 'probe 1' });
  });
});
