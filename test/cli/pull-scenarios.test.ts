import { readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttributeGroup, RemoteKind, Service } from '../../src/core/model.js';
import { repoRoot } from '../helpers/shared-data.js';
import { CONFIG, makeProject, readProjectFile, removeProject, run, startHarness, TOKEN, travelProject, writeProjectFile, type Harness } from './plan-harness.js';

let h: Harness;
const dirs: string[] = [];
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
  for (const d of dirs.splice(0)) await removeProject(d);
});

async function emptyProject(): Promise<string> {
  const dir = await makeProject({ 'signals.config.yaml': CONFIG.replace(/scope:.*\n/, "scope: ['*']\n") });
  dirs.push(dir);
  return dir;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  }
  return out.sort();
}

const planIsEmpty = async (dir: string, definitions: string) => {
  const r = await run('plan', dir, h.env, { globals: { json: true, definitions } });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { changes: { id: string; fields: unknown[] }[] };
  expect(doc.changes, JSON.stringify(doc.changes, null, 2)).toEqual([]);
};

interface Fixture {
  file: string;
  kind: RemoteKind;
  wire: Record<string, unknown>;
}

/** The reference examples of signals-api.md §2 and §9 (the wire fixtures), in dependency order. */
function referenceExamples(): Fixture[] {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'wire');
  const order: RemoteKind[] = ['AttributeKey', 'AttributeGroup', 'Service', 'Intervention'];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, ...(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Omit<Fixture, 'file'>) }))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.file.localeCompare(b.file));
}

/** Examples the emulator rightly refuses: built-in keys that exist already, a response with both fields and attributes, a second travel_service. */
const REFUSED = new Set(['ref-2.8-sdk-builtin-domain-userid.json', 'ref-2.8-user-id-key-output.json', 'ref-2.9-group-response.json', 'ref-9.1-travel-service.json']);

describe('signals pull', () => {
  it('round-trips every reference example: pull into an empty tree, then plan shows no changes', async () => {
    const reg = h.emulator.registry;
    // Groups that the §2.11 and §9.7 intervention examples read, so they are accepted too.
    const stub = (name: string, version: number, attributes: string[]) => ({
      name,
      version,
      attribute_key: { name: 'domain_userid' },
      attributes: attributes.map((a) => ({ name: a, type: 'double', aggregation: 'counter', events: [{ name: 'page_view' }] })),
      is_published: true,
    });
    for (const g of [stub('shopping', 2, ['cart_value', 'minutes_since_last_activity', 'checkout_started']), stub('sample_ecommerce_stream_features', 1, ['add_to_cart_events_count'])]) {
      expect(reg.create('AttributeGroup', g).status).toBe(200);
    }
    const accepted: string[] = [];
    for (const fx of referenceExamples()) {
      if (fx.file === 'ref-9.7-say-hello.json') expect(reg.create('AttributeGroup', stub('example_group', 2, ['test_attribute'])).status).toBe(200);
      const status = reg.create(fx.kind, fx.wire).status;
      if (REFUSED.has(fx.file)) expect(status, fx.file).not.toBe(200);
      else {
        expect(status, fx.file).toBe(200);
        accepted.push(fx.file);
      }
    }
    expect(accepted.length).toBeGreaterThanOrEqual(29);

    const dir = await emptyProject();
    const first = await run('pull', dir, h.env, { opts: { out: 'pulled' } });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Pulled \d+ definitions from target dev into pulled\//);
    await planIsEmpty(dir, 'pulled');

    // Deterministic: a second pull into a fresh tree writes the same bytes; pulling again in place changes nothing.
    const again = await run('pull', dir, h.env, { opts: { out: 'again' } });
    expect(again.code).toBe(0);
    const files = await listFiles(path.join(dir, 'pulled'));
    expect(await listFiles(path.join(dir, 'again'))).toEqual(files);
    for (const f of files) expect(await readProjectFile(dir, `again/${f}`), f).toBe(await readProjectFile(dir, `pulled/${f}`));
    const inPlace = await run('pull', dir, h.env, { opts: { out: 'pulled' }, globals: { json: true } });
    const doc = JSON.parse(inPlace.stdout) as { files: { status: string }[] };
    expect(doc.files.every((f) => f.status === 'unchanged')).toBe(true);
    expect(files).not.toContain('attribute-keys/domain_userid.yaml');
    expect(files).toContain('attribute-groups/shopping.yaml');
  });

  it('writes the canonical layout with a schema header, versions as documents of one file, never built-in keys', async () => {
    const dir = await travelProject();
    dirs.push(dir);
    expect((await run('apply', dir, h.env, { opts: { yes: true } })).code).toBe(0);
    const v2 = { ...(h.emulator.registry.find('AttributeGroup', 'travel_view', 1) as AttributeGroup), version: 2, is_published: false };
    expect(h.emulator.registry.create('AttributeGroup', v2).status).toBe(200);
    const r = await run('pull', dir, h.env, { opts: { out: 'pulled' } });
    expect(r.code).toBe(0);
    expect(await listFiles(path.join(dir, 'pulled'))).toEqual(['attribute-groups/travel_view.yaml', 'interventions/destination_help.yaml', 'services/travel_service.yaml']);
    const group = await readProjectFile(dir, 'pulled/attribute-groups/travel_view.yaml');
    expect(group.startsWith('# yaml-language-server: $schema=../../schema/signals.schema.json\n')).toBe(true);
    expect(group.match(/^version: \d$/gm)).toEqual(['version: 1', 'version: 2']);
    expect(group).toContain('\n---\n');
    expect(group).toContain('is_published: false');
    await planIsEmpty(dir, 'pulled');
  });

  it('updates a definition in place, keeping its comments, and leaves matching files untouched', async () => {
    const dir = await travelProject();
    dirs.push(dir);
    expect((await run('apply', dir, h.env, { opts: { yes: true } })).code).toBe(0);
    const serviceBefore = await readProjectFile(dir, 'definitions/travel_service.yaml');
    await writeProjectFile(dir, 'definitions/travel_service.yaml', `# Serves the travel profile to the website\n${serviceBefore.replace('owner: you@example.com', 'owner: you@example.com # the web team')}`);
    const svc = h.emulator.registry.find('Service', 'travel_service') as Service;
    expect(h.emulator.registry.update('Service', 'travel_service', undefined, { ...svc, owner: 'team@example.com', description: 'Edited in Console' }).status).toBe(200);
    const groupBefore = await readProjectFile(dir, 'definitions/travel_view.yaml');

    const r = await run('pull', dir, h.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('~ definitions/travel_service.yaml');
    expect(r.stdout).toContain('= definitions/travel_view.yaml');
    const service = await readProjectFile(dir, 'definitions/travel_service.yaml');
    expect(service).toContain('# Serves the travel profile to the website');
    expect(service).toContain('owner: team@example.com # the web team');
    expect(service).toContain('description: Edited in Console');
    expect(await readProjectFile(dir, 'definitions/travel_view.yaml')).toBe(groupBefore);
    await planIsEmpty(dir, 'definitions');
  });

  it('pulls only what --only names, and says when nothing matches', async () => {
    const dir = await travelProject();
    dirs.push(dir);
    expect((await run('apply', dir, h.env, { opts: { yes: true } })).code).toBe(0);
    const r = await run('pull', dir, h.env, { opts: { out: 'only', only: ['Service/travel_*'] } });
    expect(r.code).toBe(0);
    expect(await listFiles(path.join(dir, 'only'))).toEqual(['services/travel_service.yaml']);
    const missing = await run('pull', dir, h.env, { opts: { out: 'only', only: ['AttributeGroup/travel_veiw'] } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('did you mean AttributeGroup/travel_view?');
    const bad = await run('pull', dir, h.env, { opts: { only: ['Groups/x'] } });
    expect(bad.code).toBe(4);
  });

  it('needs credentials (exit 4) and never prints the token', async () => {
    const dir = await emptyProject();
    expect((await run('pull', dir, { SIGNALS_API_URL: h.emulator.url })).code).toBe(4);
    const r = await run('pull', dir, h.env, { opts: { out: 'pulled' }, globals: { verbose: true } });
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.stdout).toContain('has no definitions to pull');
  });
});

