import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AttributeGroup, Intervention, Service } from '../../../src/core/model.js';
import { fromWire, type RemoteDefinition } from '../../../src/core/wire.js';
import { ExitCode } from '../../../src/errors.js';
import { SignalsApiError, SignalsClient } from '../../../src/io/signals-client.js';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator.js';
import { repoRoot } from '../../helpers/shared-data.js';
import { json, scriptedServer } from './servers.js';

const fixture = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'wire', file), 'utf8')) as { kind: RemoteDefinition['kind']; wire: unknown };
const definition = (file: string): RemoteDefinition => {
  const f = fixture(file);
  return { kind: f.kind, spec: fromWire(f.kind, f.wire).spec!, protect: false } as RemoteDefinition;
};

const sessions = (version = 1, extra: Partial<AttributeGroup> = {}): RemoteDefinition => ({
  kind: 'AttributeGroup',
  protect: false,
  spec: {
    name: 'sessions',
    version,
    attribute_key: { name: 'domain_sessionid' },
    online: true,
    offline: false,
    attributes: [{ name: 'page_views', type: 'int32', events: [], aggregation: 'counter' }],
    is_published: false,
    ...extra,
  },
});

let emu: TestEmulator;
let client: SignalsClient;

beforeEach(async () => {
  emu = await startTestEmulator();
  client = emu.client();
  return () => emu.close();
});

describe('registry calls against the emulator', () => {
  it('creates, reads, lists, updates and deletes each kind', async () => {
    const key: RemoteDefinition = { kind: 'AttributeKey', protect: false, spec: { name: 'acct', property: { type: 'atomic', name: 'user_id' }, is_published: true } };
    expect(await client.create(key)).toEqual(key);
    expect(await client.create(sessions())).toEqual(sessions());
    const svc: RemoteDefinition = { kind: 'Service', protect: false, spec: { name: 'web', attribute_groups: [{ name: 'sessions', version: 1 }], is_published: true } };
    await client.create(svc);
    const nudge: RemoteDefinition = { kind: 'Intervention', protect: false, spec: { name: 'nudge', version: 1, criteria: { attribute: 'sessions:page_views', operator: '>', value: 2 }, is_published: false } };
    await client.create(nudge);

    expect(await client.get('AttributeKey', 'acct')).toEqual(key);
    expect(await client.get('Service', 'web')).toEqual(svc);
    expect(await client.get('Intervention', 'nudge', 1)).toEqual(nudge);
    expect((await client.list('AttributeGroup')).definitions).toEqual([sessions()]);

    const described = await client.update({ ...svc, spec: { ...(svc.spec as Service), description: 'Web' } });
    expect((described.spec as Service).description).toBe('Web');

    expect(await client.remove('Intervention', 'nudge', 1)).toBe(true);
    expect(await client.remove('Intervention', 'nudge', 1)).toBe(false);
    expect(await client.remove('Service', 'web')).toBe(true);
    expect(await client.get('Service', 'web')).toBeUndefined();
  });

  it('gets the latest version of a group when no version is given', async () => {
    await client.create(sessions(1));
    await client.create(sessions(2));
    expect((await client.get('AttributeGroup', 'sessions'))?.spec).toMatchObject({ version: 2 });
    expect((await client.get('AttributeGroup', 'sessions', 1))?.spec).toMatchObject({ version: 1 });
    expect(await client.get('AttributeGroup', 'sessions', 5)).toBeUndefined();
  });

  it('upserts like the SDKs: POST, then PUT when the POST answers 400', async () => {
    expect((await client.upsert(sessions())).action).toBe('created');
    const again = await client.upsert(sessions(1, { description: 'changed' }));
    expect(again.action).toBe('updated');
    expect((again.definition.spec as AttributeGroup).description).toBe('changed');
    const methods = emu.requests.filter((r) => r.path.includes('attribute_groups')).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(methods).toEqual([
      'POST /api/v1/registry/attribute_groups/ 200',
      'POST /api/v1/registry/attribute_groups/ 400',
      'PUT /api/v1/registry/attribute_groups/sessions/versions/1 200',
    ]);
  });

  it('publishes and unpublishes by PUT and through the engines', async () => {
    await client.create(sessions());
    expect((await client.setPublished(sessions(), true)).spec.is_published).toBe(true);
    expect(await client.unpublish({ attribute_groups: [{ name: 'sessions', version: 1 }] })).toEqual({ status: 'unpublished' });
    expect(await client.publish({ attribute_groups: [{ name: 'sessions', version: 1 }] })).toEqual({ status: 'published' });
    expect((await client.get('AttributeGroup', 'sessions'))?.spec.is_published).toBe(true);
  });

  it('reads every remote definition, leaving the built-in keys out unless asked', async () => {
    await client.create(sessions());
    const all = await client.fetchAllDefinitions();
    expect(all.definitions.map((d) => `${d.kind}/${d.spec.name}`)).toEqual(['AttributeGroup/sessions']);
    const withBuiltins = await client.fetchAllDefinitions({ includeBuiltinKeys: true });
    expect(withBuiltins.definitions.filter((d) => d.kind === 'AttributeKey')).toHaveLength(4);
    expect(all.invalid).toEqual([]);
  });

  it('round-trips the travel demo: what is sent is what is read back', async () => {
    const local = ['ref-9.1-travel-view.json', 'ref-9.1-travel-service.json', 'ref-9.1-destination-help.json'].map(definition);
    for (const def of local) await client.upsert(def);
    const remote = await client.fetchAllDefinitions();
    expect(remote.definitions).toEqual(local);
    expect(remote.ignored).toEqual([]);
  });

  it('reads online attributes and health', async () => {
    await client.create(sessions());
    await client.create({ kind: 'Service', protect: false, spec: { name: 'web', attribute_groups: [{ name: 'sessions', version: 1 }], is_published: true } });
    emu.store.set({ name: 'sessions', version: 1 }, 'abc', 'page_views', 3);
    expect(await client.getOnlineAttributes({ service: 'web', attribute_keys: { domain_sessionid: ['abc', 'x'] } })).toEqual({
      domain_sessionid: ['abc', 'x'],
      page_views: [3, null],
    });
    expect((await client.healthAll()).status).toBe('ok');
  });

  it('sends X-Signals-Sdk-Name with its own name and version', async () => {
    await client.list('Service');
    expect(emu.requests.at(-1)?.sdkName).toBe('signals-as-code test');
  });
});

describe('API errors', () => {
  it('turns a 422 into a RemoteError (exit 3) listing each problem readably', async () => {
    const bad = sessions(1, { attributes: [{ name: 'page_views', type: 'int32', events: [], aggregation: 'counter' }, { name: 'x', type: 'nope' as never, events: [], aggregation: 'counter' }] });
    const error = await client.create(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignalsApiError);
    const e = error as SignalsApiError;
    expect(e.exitCode).toBe(ExitCode.Remote);
    expect(e.status).toBe(422);
    expect(e.code).toBe('remote-invalid');
    expect(e.message).toMatch(/^Signals API answered 422 Unprocessable Entity to POST \/api\/v1\/registry\/attribute_groups\/: attributes\[1\]\.type: Input should be /);
    expect(e.issues[0]?.loc).toEqual(['body', 'attributes', 1, 'type']);
  });

  it('carries the server message of a 400 (editing a published version)', async () => {
    await client.create(sessions(1, { is_published: true }));
    const e = (await client.update(sessions(1, { is_published: true, description: 'edit' })).catch((x: unknown) => x)) as SignalsApiError;
    expect(e.status).toBe(400);
    expect(e.code).toBe('remote-rejected');
    expect(e.message).toContain('is published and its definition cannot be changed in place');
  });

  it('reports a 404 on update and a non-400 failure of upsert without falling back to PUT', async () => {
    const missing = (await client.update(sessions(3)).catch((x: unknown) => x)) as SignalsApiError;
    expect(missing.status).toBe(404);
    expect(missing.code).toBe('remote-not-found');
    const invalid = await client.upsert({ kind: 'Service', protect: false, spec: { name: 'web', attribute_groups: [{ name: 'ghost', version: 1 }], is_published: true } }).catch((x: unknown) => x);
    expect((invalid as SignalsApiError).status).toBe(422);
    expect(emu.requests.filter((r) => r.path.includes('/services')).map((r) => r.method)).toEqual(['POST']);
  });

  it('reports unauthorized calls with a hint about credentials', async () => {
    const strict = await startTestEmulator({ token: 'right' });
    try {
      const e = (await strict.client({ auth: { mode: 'sandbox', token: 'wrong' } }).list('Service').catch((x: unknown) => x)) as SignalsApiError;
      expect(e.status).toBe(401);
      expect(e.code).toBe('remote-unauthorized');
      expect(e.hint).toContain('SIGNALS_SANDBOX_TOKEN');
    } finally {
      await strict.close();
    }
  });
});

describe('responses the emulator never sends', () => {
  it('reads interventions that a list returns without criteria one by one', async () => {
    const full = { name: 'nudge', version: 2, criteria: { attribute: 'g:a', operator: 'changed' }, is_published: true };
    const server = await scriptedServer((req, _body, res) => {
      if (req.url === '/api/v1/registry/interventions/') json(res, 200, [{ name: 'nudge', version: 2, description: null, owner: null, is_published: true }]);
      else if (req.url === '/api/v1/registry/interventions/nudge/versions/2') json(res, 200, full);
      else json(res, 404, { detail: 'Not Found' });
    });
    try {
      const c = new SignalsClient({ apiUrl: server.url, auth: { mode: 'sandbox', token: 'tok-1' }, version: 'test' });
      const listing = await c.list('Intervention');
      expect(listing.definitions.map((d) => (d.spec as Intervention).criteria)).toEqual([{ attribute: 'g:a', operator: 'changed' }]);
    } finally {
      await server.close();
    }
  });

  it('reports unreadable remote objects and unknown fields instead of failing the listing', async () => {
    const server = await scriptedServer((_req, _body, res) =>
      json(res, 200, [
        { name: 'ok', attribute_groups: [{ name: 'g', version: 1 }], shiny_new_field: 1 },
        { name: 'broken', attribute_groups: 'nope' },
      ]),
    );
    try {
      const c = new SignalsClient({ apiUrl: server.url, auth: { mode: 'sandbox', token: 'tok-1' }, version: 'test' });
      const listing = await c.list('Service');
      expect(listing.definitions.map((d) => d.spec.name)).toEqual(['ok']);
      expect(listing.invalid).toEqual([{ kind: 'Service', name: 'broken', issues: [{ loc: ['attribute_groups'], msg: 'Input should be a valid list', type: 'list_type' }] }]);
      expect(listing.ignored).toEqual(['Service/ok: shiny_new_field']);
    } finally {
      await server.close();
    }
  });

  it('keeps what it sent when a write answers an empty object', async () => {
    const server = await scriptedServer((_req, _body, res) => json(res, 200, {}));
    try {
      const c = new SignalsClient({ apiUrl: server.url, auth: { mode: 'sandbox', token: 'tok-1' }, version: 'test' });
      expect(await c.create(sessions())).toEqual(sessions());
      expect(JSON.parse(server.seen[0]!.body)).toEqual({
        name: 'sessions',
        version: 1,
        attribute_key: { name: 'domain_sessionid' },
        online: true,
        offline: false,
        attributes: [{ name: 'page_views', type: 'int32', events: [], aggregation: 'counter' }],
        is_published: false,
      });
      expect(server.seen[0]!.headers['content-type']).toBe('application/json');
    } finally {
      await server.close();
    }
  });

  it('strips trailing slashes from the API URL and reports a non-list listing', async () => {
    const server = await scriptedServer((_req, _body, res) => json(res, 200, { not: 'a list' }));
    try {
      const c = new SignalsClient({ apiUrl: `${server.url}//`, auth: { mode: 'sandbox', token: 'tok-1' }, version: 'test' });
      await expect(c.list('AttributeKey')).rejects.toThrow(/something other than a list/);
      expect(server.seen[0]!.path).toBe('/api/v1/registry/attribute_keys/');
    } finally {
      await server.close();
    }
  });
});
