import path from 'node:path';
import { describe, expect, it } from 'vitest';
import run from '../../src/cli/actions/simulate.js';
import { reportError } from '../../src/cli/run-action.js';
import { createTestContext } from '../helpers/memory-streams.js';
import { repoRoot } from '../helpers/shared-data.js';

const project = path.join(repoRoot, 'test', 'fixtures', 'simulate', 'project');

async function simulate(opts: Parameters<typeof run>[1], globals: { json?: boolean; quiet?: boolean } = {}) {
  const t = createTestContext({ cwd: project, globals: { quiet: true, ...globals } });
  let code: number;
  try {
    code = await run(t.ctx, opts);
  } catch (error) {
    code = reportError(t.ctx, error);
  }
  return { code, stdout: t.stdout.text, stderr: t.stderr.text };
}

describe('signals simulate (in process)', () => {
  it('prints the human report: tables, segments, interventions and the input summary', async () => {
    const { code, stdout } = await simulate({});
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Simulated 6 events from 1 file \(5 used\) at now = 2026-01-06T10:00:10.000Z/);
    expect(stdout).toMatch(/visits v1 · stream · key domain_sessionid · 3 keys with values/);
    expect(stdout).toMatch(/pricing_curious +1 of 3 +s1/);
    expect(stdout).toMatch(/pricing_help v1 +fired 1 time/);
    expect(stdout).toMatch(/events\.ndjson:3 +invalid JSON/);
  });

  it('prints exactly one JSON document with --json, as SPEC section 10 describes', async () => {
    const { code, stdout } = await simulate({}, { json: true });
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(doc).slice(0, 6)).toEqual(['schema_version', 'now', 'input', 'groups', 'skipped_groups', 'segments']);
    expect(doc).toMatchObject({
      schema_version: 1,
      now: '2026-01-06T10:00:10.000Z',
      input: { files: ['events.ndjson'], events_read: 6, events_used: 5, bad_lines: [{ file: 'events.ndjson', line: 3 }] },
      segments: [{ name: 'pricing_curious', count: 1, members: ['s1'] }],
      interventions: [{ name: 'pricing_help', version: 1, firings: [{ target: { name: 'domain_sessionid', id: 's1' }, at: '2026-01-05T09:02:00.000Z', event_id: 'e3' }] }],
    });
    const groups = doc['groups'] as { name: string; version: number; attribute_key: string; rows: { key: string; attributes: Record<string, unknown> }[] }[];
    expect(groups.map((g) => [g.name, g.version, g.attribute_key])).toEqual([
      ['visitors', 1, 'domain_userid'],
      ['visits', 1, 'domain_sessionid'],
    ]);
    expect(groups[1]?.rows[1]).toEqual({ key: 's2', attributes: { views: 1, pricing_views: null, last_path: '/blog' } });
  });

  it('gives byte-identical output for the same input', async () => {
    const a = await simulate({ format: 'json' });
    const b = await simulate({ format: 'json' });
    expect(a.stdout).toBe(b.stdout);
    const c = await simulate({});
    const d = await simulate({});
    expect(c.stdout).toBe(d.stdout);
  });

  it('writes CSV with one line per group and key', async () => {
    const { stdout } = await simulate({ format: 'csv' });
    expect(stdout.split('\n')).toEqual([
      'group,version,attribute_key,key,sessions,views,pricing_views,last_path',
      'visitors,1,domain_userid,u1,2,,,',
      'visitors,1,domain_userid,u2,1,,,',
      'visits,1,domain_sessionid,s1,,3,2,/pricing/teams',
      'visits,1,domain_sessionid,s2,,1,,/blog',
      'visits,1,domain_sessionid,s3,,1,1,/pricing',
      '',
    ]);
  });

  it('writes NDJSON records: summary, rows, segments, firings', async () => {
    const { stdout } = await simulate({ format: 'ndjson', explain: 's2' });
    const records = stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(records.map((r) => r.type)).toEqual(['summary', 'row', 'row', 'row', 'row', 'row', 'segment', 'firing', 'explain', 'explain']);
    expect(records[0]).toMatchObject({ schema_version: 1 });
  });

  it('shows one key with its explain timeline', async () => {
    const { stdout } = await simulate({ key: 's1', explain: 's1' });
    expect(stdout).toMatch(/Showing key s1 only/);
    expect(stdout).toMatch(/Explain s1/);
    expect(stdout).toMatch(/visits:pricing_views +1 → 2/);
    expect(stdout).toMatch(/pricing_curious +yes/);
  });

  it('--engine duckdb prints the same JSON document, plus the engine it used', async () => {
    const stream = JSON.parse((await simulate({}, { json: true })).stdout) as Record<string, unknown>;
    const duck = await simulate({ engine: 'duckdb' }, { json: true });
    expect(duck.code).toBe(0);
    const doc = JSON.parse(duck.stdout) as Record<string, unknown>;
    expect(doc['engine']).toMatchObject({ name: 'duckdb' });
    delete doc['engine'];
    expect(doc).toEqual(stream);
  });

  it('reports a missing events file and bad --now as expected errors, not bugs', async () => {
    expect((await simulate({ events: ['nope.ndjson'] })).code).toBe(1);
    const bad = await simulate({ now: 'soonish' }, { json: true });
    expect(bad.code).toBe(4);
    expect(JSON.parse(bad.stdout)).toMatchObject({ schema_version: 1, ok: false, error: { code: 'bad-timestamp' } });
  });

  it('warns on stderr about definitions the simulation cannot honour', async () => {
    const t = createTestContext({ cwd: project, globals: { definitions: path.join(repoRoot, 'test', 'fixtures', 'simulate', 'remote-reference') } });
    expect(await run(t.ctx, { events: ['events.ndjson'] })).toBe(0);
    expect(t.stderr.text).toMatch(/warning.*intervention remote_rule@1: elsewhere:score is not computed locally/);
    expect(t.stderr.text).toMatch(/definitions have 1 warning/);
    expect(t.stdout.text).toMatch(/remote_rule v1 +never fired/);
  });
});
