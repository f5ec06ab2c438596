/**
 * The built binary (`npm run build` first): `signals simulate` and `signals test` as a user runs
 * them, exit codes and output streams included.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared-data.js';

const built = existsSync(path.join(repoRoot, 'dist', 'cli', 'actions', 'simulate.js'));
const project = path.join(repoRoot, 'test', 'fixtures', 'simulate', 'project');

describe.skipIf(!built)('signals simulate (built binary)', () => {
  it('simulates the worked example with its bundled events', async () => {
    const r = await runCli(['simulate', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema_version: number; groups: { name: string; rows: unknown[] }[]; segments: { name: string }[]; interventions: { name: string; firings: unknown[] }[] };
    expect(doc.schema_version).toBe(1);
    expect(doc.groups.map((g) => g.name)).toEqual(['travel_view']);
    expect(doc.groups[0]?.rows.length).toBeGreaterThan(0);
    expect(doc.segments.map((s) => s.name)).toEqual(['culinary_tourist', 'cultural_explorer', 'family_fun', 'modern_urbanite', 'tranquil_seeker']);
    expect(doc.interventions[0]?.name).toBe('destination_help');
    expect(doc.interventions[0]?.firings.length).toBeGreaterThan(0);
  });

  it('reads events from stdin and keeps stdout for the result', async () => {
    const line = '{"event":"page_view","domain_sessionid":"s1","domain_userid":"u1","page_urlpath":"/pricing","derived_tstamp":"2026-01-01T00:00:00Z"}\n';
    const r = await runCli(['simulate', '--events', '-', '--format', 'csv'], { cwd: project, input: line + 'garbage\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('group,version,attribute_key,key,sessions,views,pricing_views,last_path\nvisitors,1,domain_userid,u1,1,,,\nvisits,1,domain_sessionid,s1,,1,1,/pricing\n');
  });

  it('fails on a bad line with --strict, naming the line, without a stack trace', async () => {
    const r = await runCli(['simulate', '--strict'], { cwd: project });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/events\.ndjson:3/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 for an unknown format value', async () => {
    const r = await runCli(['simulate', '--format', 'xml'], { cwd: project });
    expect(r.code).toBe(4);
  });
});
