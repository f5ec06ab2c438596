/**
 * `signals plan --replay` against the emulator: a travel project is applied, changed, and
 * planned again with generated events replayed. The reported behaviour change is checked
 * against independent `simulate` runs of the old and the new definitions.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/app/simulate.js';
import { loadDefinitions } from '../../src/io/definitions.js';
import type { Definition } from '../../src/core/model.js';
import type { ChangeReplay, GroupReplay, InterventionReplay, ReplayInput } from '../../src/core/replay/types.js';
import { generatedEvents } from '../emulator/live-helpers.js';
import { CONFIG, removeProject, run, startHarness, travelProject, TRAVEL_GROUP, TRAVEL_INTERVENTION, TRAVEL_SERVICE, writeProjectFile, type Harness } from './plan-harness.js';

interface ReplayDoc {
  changes: { action: string; kind: string; name: string; version?: number; replay?: ChangeReplay }[];
  replay: ReplayInput;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const SEGMENT = `kind: Segment
name: destination_lovers
criteria:
  attribute: travel_view:destination_page_view_count
  operator: ">="
  value: 2
`;

/** A travel project applied to a fresh emulator, with 40 generated sessions in events.ndjson. */
async function deployed(extra: Record<string, string> = {}): Promise<{ dir: string; h: Harness }> {
  const h = await startHarness();
  const dir = await travelProject({ 'events.ndjson': generatedEvents('travel', 40), 'definitions/segments.yaml': SEGMENT, ...extra });
  cleanup.push(async () => {
    await h.close();
    await removeProject(dir);
  });
  const applied = await run('apply', dir, h.env, { opts: { yes: true } });
  expect(applied.code).toBe(0);
  return { dir, h };
}

const V2_GROUP = TRAVEL_GROUP.replace('version: 1', 'version: 2').replace('"%destinations%"', '"%/destinations/%"');
/** travel_view version 2 with a narrower destination criterion, and the service pinning it. */
async function bump(dir: string): Promise<void> {
  await writeProjectFile(dir, 'definitions/travel_view.yaml', V2_GROUP);
  await writeProjectFile(dir, 'definitions/travel_service.yaml', TRAVEL_SERVICE.replace('travel_view@1', 'travel_view@2'));
}

const V2_INTERVENTION = TRAVEL_INTERVENTION.replace('version: 1', 'version: 2').replace('value: 3', 'value: 2');

async function planJson(dir: string, h: Harness, opts: Record<string, unknown> = {}): Promise<{ code: number; doc: ReplayDoc; stderr: string }> {
  const r = await run('plan', dir, h.env, { opts: { replay: ['events.ndjson'], ...opts }, globals: { json: true } });
  return { code: r.code, doc: JSON.parse(r.stdout) as ReplayDoc, stderr: r.stderr };
}

const replayOf = <T extends ChangeReplay>(doc: ReplayDoc, kind: string, name: string, version?: number): T => {
  const change = doc.changes.find((c) => c.kind === kind && c.name === name && (version === undefined || c.version === version) && c.replay);
  if (!change) throw new Error(`no replayed change for ${kind} ${name}@${version}`);
  return change.replay as T;
};

async function simulateWith(dir: string, files: Record<string, string>) {
  const defs: Definition[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeProjectFile(dir, `sim/${name}`, text);
  }
  const loaded = await loadDefinitions({ cwd: dir, paths: [path.join(dir, 'sim')] });
  defs.push(...loaded.definitions);
  return runSimulation({ settings: { cwd: dir, definitions: [], simulate: { events: [] } }, events: ['events.ndjson'], definitions: defs });
}

describe('signals plan --replay', () => {
  it('reports value changes of a new version against the deployed one, as two simulate runs compute them', async () => {
    const { dir, h } = await deployed();
    await bump(dir);
    const { code, doc } = await planJson(dir, h);
    expect(code).toBe(0);
    const group = replayOf<GroupReplay>(doc, 'AttributeGroup', 'travel_view', 2);
    expect(group).toMatchObject({ kind: 'AttributeGroup', compared_with: 'travel_view@1', version_after: 'travel_view@2', published: { before: true, after: true } });
    // The JSON contract: fields may be added, never renamed.
    expect(Object.keys(group)).toEqual(['kind', 'compared_with', 'version_after', 'published', 'keys', 'attributes', 'segments']);
    expect(Object.keys(group.attributes[0]!)).toEqual(['name', 'status', 'keys_changed', 'keys_compared', 'before', 'after', 'examples']);
    expect(Object.keys(doc.replay)).toEqual(['files', 'events_read', 'events_used', 'bad_line_count', 'bad_lines', 'now', 'segments', 'affected_interventions']);

    const before = await simulateWith(dir, { 'g.yaml': TRAVEL_GROUP });
    const after = await simulateWith(dir, { 'g.yaml': V2_GROUP });
    const rows = (r: typeof before) => new Map(r.result.groups[0]!.rows.map((row) => [row.key, row.attributes]));
    const [b, a] = [rows(before), rows(after)];
    const keys = new Set([...b.keys(), ...a.keys()]);
    const differing = [...keys].filter((k) => (b.get(k)?.['destination_page_view_count'] ?? null) !== (a.get(k)?.['destination_page_view_count'] ?? null));
    expect(differing.length).toBeGreaterThan(0);

    const attr = group.attributes.find((x) => x.name === 'destination_page_view_count')!;
    expect(attr).toMatchObject({ status: 'changed', keys_changed: differing.length, keys_compared: keys.size });
    expect(attr.before).toMatchObject({ kind: 'number' });
    expect(attr.examples).toHaveLength(3);
    for (const e of attr.examples) {
      expect(differing).toContain(e.key);
      expect(e.before).toBe(b.get(e.key)?.['destination_page_view_count'] ?? null);
      expect(e.after).toBe(a.get(e.key)?.['destination_page_view_count'] ?? null);
    }
    expect(group.attributes.find((x) => x.name === 'page_view_count')).toMatchObject({ status: 'unchanged', keys_changed: 0 });
    expect(doc.replay).toMatchObject({ files: ['events.ndjson'], bad_line_count: 0, now: before.result.now });
    expect(doc.replay.events_read).toBe(before.input.events_read);
  });

  it('reports intervention firings gained and lost, and interventions outside the plan that fire differently', async () => {
    const { dir, h } = await deployed();
    await bump(dir);
    await writeProjectFile(dir, 'definitions/destination_help.yaml', V2_INTERVENTION);
    const { doc } = await planJson(dir, h);

    const beforeSim = await simulateWith(dir, { 'g.yaml': TRAVEL_GROUP, 'i.yaml': TRAVEL_INTERVENTION });
    const afterSim = await simulateWith(dir, { 'g.yaml': V2_GROUP, 'i.yaml': V2_INTERVENTION });
    const targets = (r: typeof beforeSim) => new Set(r.result.interventions[0]!.firings.map((f) => f.target.id));
    const [was, now] = [targets(beforeSim), targets(afterSim)];
    const gained = [...now].filter((t) => !was.has(t));
    const lost = [...was].filter((t) => !now.has(t));
    expect(gained.length + lost.length).toBeGreaterThan(0);

    const iv = replayOf<InterventionReplay>(doc, 'Intervention', 'destination_help', 2);
    expect(Object.keys(iv)).toEqual(['kind', 'compared_with', 'version_after', 'published', 'hypothetical', 'firings', 'targets', 'examples']);
    expect(iv).toMatchObject({ compared_with: 'destination_help@1', version_after: 'destination_help@2', hypothetical: false });
    expect(iv.targets).toMatchObject({ before: was.size, after: now.size, gained: gained.length, lost: lost.length });
    for (const f of iv.examples.gained) expect(gained).toContain(f.target.id);
    for (const f of iv.examples.lost) expect(lost).toContain(f.target.id);

    // Version 1 stays published and now reads travel_view@2 (the latest published version).
    expect(doc.replay.affected_interventions.map((x) => `${x.name}@${x.version}`)).toEqual(['destination_help@1']);
  });

  it('reports segment sizes before and after', async () => {
    const { dir, h } = await deployed();
    await bump(dir);
    const { doc } = await planJson(dir, h);
    const before = await simulateWith(dir, { 'g.yaml': TRAVEL_GROUP, 's.yaml': SEGMENT });
    const after = await simulateWith(dir, { 'g.yaml': V2_GROUP, 's.yaml': SEGMENT });
    const [b, a] = [before.result.segments[0]!, after.result.segments[0]!];
    expect(b.count).not.toBe(a.count);
    const expected = { name: 'destination_lovers', before: b.count, after: a.count, joined: a.members.filter((m) => !b.members.includes(m)).length, left: b.members.filter((m) => !a.members.includes(m)).length };
    expect(replayOf<GroupReplay>(doc, 'AttributeGroup', 'travel_view', 2).segments).toEqual([expect.objectContaining(expected)]);
    expect(doc.replay.segments).toEqual([expect.objectContaining(expected)]);
  });

  it('reports a published intervention as gaining every target, and a deleted one as losing them', async () => {
    const { dir, h } = await deployed({ 'definitions/destination_help.yaml': `${TRAVEL_INTERVENTION}is_published: false\n` });
    await writeProjectFile(dir, 'definitions/destination_help.yaml', TRAVEL_INTERVENTION);
    const published = replayOf<InterventionReplay>((await planJson(dir, h)).doc, 'Intervention', 'destination_help', 1);
    expect(published).toMatchObject({ published: { before: false, after: true }, hypothetical: false, firings: { before: 0 } });
    expect(published.targets.after).toBeGreaterThan(0);
    expect(published.targets.gained).toBe(published.targets.after);

    await run('apply', dir, h.env, { opts: { yes: true } });
    await writeProjectFile(dir, 'definitions/destination_help.yaml', '');
    const pruned = await planJson(dir, h, { prune: true });
    const deleted = replayOf<InterventionReplay>(pruned.doc, 'Intervention', 'destination_help', 1);
    expect(deleted).toMatchObject({ version_after: null, published: { before: true, after: false } });
    expect(deleted.targets.lost).toBe(published.targets.after);
    expect(deleted.targets.after).toBe(0);
  });

  it('shows the replay in the human and Markdown plans', async () => {
    const { dir, h } = await deployed();
    await bump(dir);
    await writeProjectFile(dir, 'definitions/destination_help.yaml', V2_INTERVENTION);
    const human = await run('plan', dir, h.env, { opts: { replay: ['events.ndjson'] } });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Replayed [\d,]+ events from events\.ndjson \(now 2026-/m);
    expect(human.stdout).toMatch(/replay \(compared with travel_view@1 on the target\): 1 of 2 attributes changes over \d+ keys/);
    expect(human.stdout).toMatch(/~ destination_page_view_count {2}\d+ of \d+ keys change · .*mean [\d.]+ → [\d.]+/);
    expect(human.stdout).toMatch(/replay \(compared with destination_help@1 on the target\): fires for \d+ targets \(was \d+\)/);
    expect(human.stdout).toContain('= 1 other attribute unchanged');
    const markdown = await run('plan', dir, h.env, { opts: { replay: ['events.ndjson'], format: 'markdown' } });
    expect(markdown.stdout).toContain('#### Behaviour on replayed events');
    expect(markdown.stdout).toMatch(/\| `destination_page_view_count` \| \d+ \/ \d+ \| mean /);
  });

  it('keeps the replay in a saved plan, which still applies', async () => {
    const { dir, h } = await deployed();
    await bump(dir);
    const saved = await run('plan', dir, h.env, { opts: { replay: ['events.ndjson'], out: 'plan.json' } });
    expect(saved.code).toBe(0);
    const doc = JSON.parse(await readFile(path.join(dir, 'plan.json'), 'utf8')) as ReplayDoc;
    expect(doc.replay.events_read).toBeGreaterThan(0);
    expect(replayOf<GroupReplay>(doc, 'AttributeGroup', 'travel_view', 2).compared_with).toBe('travel_view@1');
    const applied = await run('apply', dir, h.env, { planFile: 'plan.json', opts: { yes: true } });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('replay (compared with travel_view@1 on the target)');
  });

  it('replays the configured simulate.events for a bare --replay', async () => {
    const { dir, h } = await deployed();
    await writeProjectFile(dir, 'signals.config.yaml', `${CONFIG}simulate:\n  events: events.ndjson\n`);
    await bump(dir);
    const r = await run('plan', dir, h.env, { opts: { replay: true }, globals: { json: true } });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ReplayDoc).replay.files).toEqual(['events.ndjson']);
  });

  it('exits 1 for a missing event log, and reports no replay for a plan without group or intervention changes', async () => {
    const { dir, h } = await deployed();
    const missing = await run('plan', dir, h.env, { opts: { replay: ['nope.ndjson'] } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Events file not found: nope.ndjson');
    const { code, doc } = await planJson(dir, h);
    expect(code).toBe(0);
    expect(doc.changes).toEqual([]);
    expect(doc.replay).toMatchObject({ segments: [], affected_interventions: [] });
  });
});
