import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { AttributeGroup, Intervention, Service } from '../../src/core/model.js';
import { repoRoot } from '../helpers/shared-data.js';
import { readProjectFile, removeProject, run, startHarness, TOKEN, travelProject, TRAVEL_GROUP, TRAVEL_INTERVENTION, TRAVEL_SERVICE, writeProjectFile, type Harness } from './plan-harness.js';

let h: Harness;
let dir: string;

beforeEach(async () => {
  h = await startHarness();
  dir = await travelProject();
});
afterEach(async () => {
  await h.close();
  await removeProject(dir);
});

const apply = (extra: Record<string, unknown> = {}, args: Parameters<typeof run>[3] = {}) => run('apply', dir, h.env, { ...args, opts: { yes: true, ...extra } });
const planJson = async () => JSON.parse((await run('plan', dir, h.env, { globals: { json: true } })).stdout) as { changes: { id: string; warnings: { code: string; severity: string; hint?: string }[] }[]; summary: Record<string, number>; blocked: boolean };
const group = (name: string, version: number) => h.emulator.registry.find('AttributeGroup', name, version) as AttributeGroup | undefined;

describe('signals apply against the emulator', () => {
  it('creates everything from empty, then has nothing to apply', async () => {
    const r = await apply();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 3 changes applied to target dev.');
    expect(group('travel_view', 1)?.is_published).toBe(true);
    expect(h.emulator.registry.find('Service', 'travel_service')).toBeDefined();
    expect(h.emulator.registry.find('Intervention', 'destination_help', 1)).toBeDefined();
    const again = await apply();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to apply');
    expect((await run('plan', dir, h.env, { opts: { detailedExitcode: true } })).code).toBe(0);
  });

  it('prints one JSON document with a result per change', async () => {
    const r = await apply({}, { globals: { json: true } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema_version: number; target: string; results: { action: string; kind: string; name: string; version?: number; status: string }[] };
    expect(doc.schema_version).toBe(1);
    expect(doc.results).toEqual([
      { action: 'create', kind: 'AttributeGroup', name: 'travel_view', version: 1, address: 'AttributeGroup/travel_view@1', status: 'done' },
      { action: 'create', kind: 'Service', name: 'travel_service', address: 'Service/travel_service', status: 'done' },
      { action: 'create', kind: 'Intervention', name: 'destination_help', version: 1, address: 'Intervention/destination_help@1', status: 'done' },
    ]);
  });

  it('refuses without a terminal and without --yes, naming --yes (exit 6)', async () => {
    const r = await run('apply', dir, h.env, { interactive: false });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('--yes');
    expect(h.emulator.registry.find('Service', 'travel_service')).toBeUndefined();
  });

  it('asks on a terminal, naming the target, and applies on yes', async () => {
    const no = await run('apply', dir, h.env, { interactive: true, stdin: 'n\n' });
    expect(no.code).toBe(6);
    expect(no.stderr).toContain('Apply 3 changes to target dev? [y/N]');
    expect(h.emulator.registry.find('Service', 'travel_service')).toBeUndefined();
    const yes = await run('apply', dir, h.env, { interactive: true, stdin: 'y\n' });
    expect(yes.code).toBe(0);
    expect(h.emulator.registry.find('Service', 'travel_service')).toBeDefined();
  });

  it('updates an unpublished version in place', async () => {
    await writeProjectFile(dir, 'definitions/travel_view.yaml', `${TRAVEL_GROUP}is_published: false\n`);
    expect((await apply()).code).toBe(0);
    await writeProjectFile(dir, 'definitions/travel_view.yaml', `${TRAVEL_GROUP.replace('description: Session-level travel preferences', 'description: Travel preferences per session')}is_published: false\n`);
    const plan = await planJson();
    expect(plan.changes.map((c) => c.id)).toEqual(['update AttributeGroup/travel_view@1']);
    expect((await apply()).code).toBe(0);
    expect(group('travel_view', 1)?.description).toBe('Travel preferences per session');
  });

  it('refuses to edit a published version, offering the next version (exit 1), and a bump with a service repin goes through', async () => {
    expect((await apply()).code).toBe(0);
    const edited = TRAVEL_GROUP.replace('  - name: page_view_count\n', '  - name: page_view_count\n    description: All page views\n');
    await writeProjectFile(dir, 'definitions/travel_view.yaml', edited);
    const plan = await run('plan', dir, h.env);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('published-version-changed');
    expect(plan.stdout).toContain('publish the change as version 2');
    const refused = await apply();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('version 2');

    await writeProjectFile(dir, 'definitions/travel_view.yaml', `${TRAVEL_GROUP}---\n${edited.replace('version: 1', 'version: 2').replace(/^# .*\n/, '')}`);
    const pins = await planJson();
    expect(pins.changes.map((c) => c.id)).toEqual(['create AttributeGroup/travel_view@2']);
    expect(pins.changes[0]?.warnings.map((w) => w.code)).toEqual(['starts-empty', 'service-pins-old-version']);

    await writeProjectFile(dir, 'definitions/travel_service.yaml', TRAVEL_SERVICE.replace('travel_view@1', 'travel_view@2'));
    const bump = await planJson();
    expect(bump.changes.map((c) => c.id)).toEqual(['create AttributeGroup/travel_view@2', 'update Service/travel_service']);
    expect((await apply()).code).toBe(0);
    expect((h.emulator.registry.find('Service', 'travel_service') as Service).attribute_groups).toEqual([{ name: 'travel_view', version: 2 }]);
    expect(group('travel_view', 1)?.is_published).toBe(true);
  });

  it('publishes and unpublishes with a PUT of the same definition', async () => {
    expect((await apply()).code).toBe(0);
    await writeProjectFile(dir, 'definitions/destination_help.yaml', TRAVEL_INTERVENTION + 'is_published: false\n');
    const down = await planJson();
    expect(down.changes.map((c) => c.id)).toEqual(['unpublish Intervention/destination_help@1']);
    expect((await apply()).code).toBe(0);
    expect((h.emulator.registry.find('Intervention', 'destination_help', 1) as Intervention).is_published).toBe(false);
    await writeProjectFile(dir, 'definitions/destination_help.yaml', TRAVEL_INTERVENTION);
    expect((await planJson()).changes.map((c) => c.id)).toEqual(['publish Intervention/destination_help@1']);
    expect((await apply()).code).toBe(0);
    expect((h.emulator.registry.find('Intervention', 'destination_help', 1) as Intervention).is_published).toBe(true);
  });

  it('never unpublishes a protected definition', async () => {
    expect((await apply()).code).toBe(0);
    await writeProjectFile(dir, 'definitions/destination_help.yaml', TRAVEL_INTERVENTION + 'is_published: false\nprotect: true\n');
    const r = await apply();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('protected');
    expect((h.emulator.registry.find('Intervention', 'destination_help', 1) as Intervention).is_published).toBe(true);
  });

  it('prunes only objects in scope, and only with --allow-deletes (exit 6 without)', async () => {
    expect((await apply()).code).toBe(0);
    const reg = h.emulator.registry;
    const body = (name: string) => ({ name, version: 1, attribute_key: { name: 'domain_userid' }, attributes: [{ name: 'n', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] }], is_published: true });
    expect(reg.create('AttributeGroup', body('legacy_view')).status).toBe(200);
    expect(reg.create('AttributeGroup', body('other_team_view')).status).toBe(200);
    const plan = await run('plan', dir, h.env, { opts: { prune: true } });
    expect(plan.stdout).toContain('- delete AttributeGroup legacy_view@1');
    expect(plan.stdout).not.toContain('other_team_view');
    const refused = await apply({ prune: true });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('--allow-deletes');
    expect(reg.find('AttributeGroup', 'legacy_view', 1)).toBeDefined();
    const r = await apply({ prune: true, allowDeletes: true });
    expect(r.code).toBe(0);
    expect(reg.find('AttributeGroup', 'legacy_view', 1)).toBeUndefined();
    expect(reg.find('AttributeGroup', 'other_team_view', 1)).toBeDefined();
  });

  it('applies a saved plan exactly, and refuses it once the target changed (exit 5, naming what changed)', async () => {
    expect((await run('plan', dir, h.env, { opts: { out: 'plan.json' } })).code).toBe(0);
    expect((await run('apply', dir, h.env, { planFile: 'plan.json', opts: { yes: true } })).code).toBe(0);
    expect(h.emulator.registry.find('Service', 'travel_service')).toBeDefined();

    await writeProjectFile(dir, 'definitions/travel_service.yaml', TRAVEL_SERVICE.replace('owner: you@example.com', 'owner: team@example.com'));
    expect((await run('plan', dir, h.env, { opts: { out: 'plan.json' } })).code).toBe(0);
    // Someone edits the service in Console between plan and apply.
    const svc = h.emulator.registry.find('Service', 'travel_service') as Service;
    expect(h.emulator.registry.update('Service', 'travel_service', undefined, { ...svc, description: 'edited in Console' }).status).toBe(200);
    const stale = await run('apply', dir, h.env, { planFile: 'plan.json', opts: { yes: true } });
    expect(stale.code).toBe(5);
    expect(stale.stderr).toContain('changed: Service/travel_service');
    expect((h.emulator.registry.find('Service', 'travel_service') as Service).owner).toBe('you@example.com');
  });

  it('refuses a saved plan made for another target URL, or a file that is not a plan (exit 4)', async () => {
    expect((await run('plan', dir, h.env, { opts: { out: 'plan.json' } })).code).toBe(0);
    const other = await startHarness();
    try {
      const r = await run('apply', dir, other.env, { planFile: 'plan.json', opts: { yes: true } });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('was planned against dev');
    } finally {
      await other.close();
    }
    await writeProjectFile(dir, 'not-a-plan.json', '{"schema_version": 1}');
    expect((await run('apply', dir, h.env, { planFile: 'not-a-plan.json', opts: { yes: true } })).code).toBe(4);
    expect((await run('apply', dir, h.env, { planFile: 'missing.json', opts: { yes: true } })).code).toBe(4);
  });

  it('reports done, failed and skipped on a partial failure (exit 3), and a re-run converges', async () => {
    await writeProjectFile(dir, 'definitions/account.yaml', 'kind: AttributeKey\nname: travel_account\nproperty: app_id\n');
    await writeProjectFile(dir, 'definitions/travel_view.yaml', TRAVEL_GROUP.replace('attribute_key: domain_sessionid', 'attribute_key: travel_account'));
    await writeProjectFile(dir, 'definitions/destination_help.yaml', TRAVEL_INTERVENTION.replace('[domain_sessionid]', '[travel_account]'));
    // The 4 reads of the plan and the key's POST pass; every request after that fails.
    h.faults.on = true;
    h.faults.after = 5;
    const r = await apply({}, { globals: { json: true } });
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as { ok: boolean; results: { address: string; status: string; error?: string }[]; summary: Record<string, number> };
    expect(doc.ok).toBe(false);
    expect(doc.results.map((x) => [x.address, x.status])).toEqual([
      ['AttributeKey/travel_account', 'done'],
      ['AttributeGroup/travel_view@1', 'failed'],
      ['Service/travel_service', 'skipped'],
      ['Intervention/destination_help@1', 'skipped'],
    ]);
    expect(doc.results[1]?.error).toContain('503');
    expect(doc.summary).toEqual({ done: 1, failed: 1, skipped: 2 });

    h.faults.on = false;
    const plan = await planJson();
    expect(plan.changes.map((c) => c.id)).toEqual(['create AttributeGroup/travel_view@1', 'create Service/travel_service', 'create Intervention/destination_help@1']);
    expect((await apply()).code).toBe(0);
    expect((await planJson()).changes).toEqual([]);
  });

  it('sends interventions with their segments expanded, and plans no change afterwards', async () => {
    await writeProjectFile(dir, 'definitions/segments/explorer.yaml', 'kind: Segment\nname: explorer\ncriteria:\n  all:\n    - { attribute: travel_view:destination_page_view_count, operator: ">=", value: 3 }\n');
    await writeProjectFile(dir, 'definitions/destination_help.yaml', TRAVEL_INTERVENTION.replace(/criteria:[\s\S]*?value: 3\n/, 'criteria:\n  any:\n    - segment: explorer\n'));
    expect((await apply()).code).toBe(0);
    const sent = h.emulator.registry.find('Intervention', 'destination_help', 1) as Intervention;
    expect(sent.criteria).toEqual({ any: [{ all: [{ attribute: 'travel_view:destination_page_view_count', operator: '>=', value: 3 }] }] });
    expect((await planJson()).changes).toEqual([]);
  });

  it('plans, applies and re-plans the bundled travel example with no changes left', async () => {
    const definitions = path.join(repoRoot, 'definitions');
    const first = await run('apply', dir, h.env, { opts: { yes: true }, globals: { definitions } });
    expect(first.code, first.stderr).toBe(0);
    const again = await run('plan', dir, h.env, { opts: { detailedExitcode: true }, globals: { definitions } });
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('No changes. Signals matches the definitions.');
  });

  it('never prints or saves the token', async () => {
    const outputs = [await run('plan', dir, h.env, { opts: { out: 'plan.json' }, globals: { verbose: true } }), await apply({}, { globals: { verbose: true } })];
    for (const o of outputs) expect(o.stdout + o.stderr).not.toContain(TOKEN);
    expect(await readProjectFile(dir, 'plan.json')).not.toContain(TOKEN);
  });
});
