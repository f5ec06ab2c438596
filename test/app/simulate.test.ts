import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/app/settings.js';
import { narrow, runSimulation } from '../../src/app/simulate.js';
import { UsageError } from '../../src/errors.js';
import { repoRoot } from '../helpers/shared-data.js';

const project = path.join(repoRoot, 'test', 'fixtures', 'simulate', 'project');
const settingsFor = (cwd = project) => loadSettings({ cwd, env: {} });

describe('runSimulation', () => {
  it('simulates the configured event logs with the project definitions', async () => {
    const report = await runSimulation({ settings: await settingsFor() });
    expect(report.input).toMatchObject({ files: ['events.ndjson'], events_read: 6, events_used: 5, bad_line_count: 1 });
    expect(report.input.bad_lines[0]).toMatchObject({ file: 'events.ndjson', line: 3 });
    expect(report.result.now).toBe('2026-01-06T10:00:10.000Z');
    const visits = report.result.groups.find((g) => g.name === 'visits');
    expect(visits?.rows.map((r) => [r.key, r.attributes['views'], r.attributes['pricing_views']])).toEqual([
      ['s1', 3, 2],
      ['s2', 1, null],
      ['s3', 1, 1],
    ]);
    expect(report.result.groups.find((g) => g.name === 'visitors')?.rows).toEqual([
      { key: 'u1', attributes: { sessions: 2 } },
      { key: 'u2', attributes: { sessions: 1 } },
    ]);
    expect(report.result.segments).toEqual([{ name: 'pricing_curious', attribute_key: 'domain_sessionid', scanned: 3, count: 1, members: ['s1'] }]);
    expect(report.result.interventions[0]?.firings).toEqual([{ target: { name: 'domain_sessionid', id: 's1' }, at: '2026-01-05T09:02:00.000Z', event_id: 'e3' }]);
  });

  it('takes --events, --now, --since and --app-id', async () => {
    const report = await runSimulation({ settings: await settingsFor(), events: ['events-clean.ndjson'], now: '2026-01-06T00:00:00Z', since: '2026-01-05T09:00:30Z', appIds: ['web'] });
    expect(report.input.bad_line_count).toBe(0);
    expect(report.result.stats.skipped).toMatchObject({ before_since: 1, after_now: 1, app_id: 2 });
    expect(report.result.groups.find((g) => g.name === 'visits')?.rows.map((r) => r.key)).toEqual(['s1']);
  });

  it('reads stdin for -', async () => {
    const line = '{"event":"page_view","domain_sessionid":"x","domain_userid":"y","page_urlpath":"/pricing","derived_tstamp":"2026-01-01T00:00:00Z"}\n';
    const report = await runSimulation({ settings: await settingsFor(), events: ['-'], stdin: Readable.from([line]) });
    expect(report.result.groups.find((g) => g.name === 'visits')?.rows).toEqual([{ key: 'x', attributes: { views: 1, pricing_views: 1, last_path: '/pricing' } }]);
  });

  it('narrows the report to one group and one key', async () => {
    const report = await runSimulation({ settings: await settingsFor(), group: 'visits@1', key: 's3', explain: 's3' });
    expect(report.result.groups.map((g) => g.name)).toEqual(['visits']);
    expect(report.result.groups[0]?.rows.map((r) => r.key)).toEqual(['s3']);
    expect(report.result.segments[0]).toMatchObject({ count: 0, members: [] });
    expect(report.result.interventions[0]?.firings).toEqual([]);
    expect(report.result.explain?.entries.map((e) => e.attribute)).toEqual(['views', 'pricing_views', 'last_path']);
    expect(report.selection).toEqual({ group: 'visits@1', key: 's3' });
  });

  it.each([
    [{ events: [] as string[], settingsEvents: false }, 'simulate-no-events'],
    [{ now: 'tomorrow-ish' }, 'bad-timestamp'],
    [{ since: 'x' }, 'bad-timestamp'],
    [{ group: 'visit' }, 'unknown-group'],
  ])('refuses bad requests (%j) with a usage error', async (extra, code) => {
    const settings = await settingsFor();
    const { settingsEvents, ...request } = extra as Record<string, unknown>;
    const s = settingsEvents === false ? { ...settings, simulate: { events: [] } } : settings;
    const error = await runSimulation({ settings: s, ...request }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe(code);
  });

  it('suggests the closest group name', async () => {
    const error = (await runSimulation({ settings: await settingsFor(), group: 'visitz' }).catch((e: unknown) => e)) as UsageError;
    expect(error.hint).toBe('did you mean visits?');
  });

  it('uses the clock for --now wall', async () => {
    const report = await runSimulation({ settings: await settingsFor(), now: 'wall', clock: () => new Date('2026-01-05T09:01:30Z') });
    expect(report.result.now).toBe('2026-01-05T09:01:30.000Z');
    expect(report.result.interventions[0]?.firings).toEqual([]);
  });

  it('fails on a bad line with --strict', async () => {
    const error = (await runSimulation({ settings: await settingsFor(), strict: true }).catch((e: unknown) => e)) as { exitCode: number; message: string };
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/events\.ndjson:3/);
  });

  it('fails on invalid definitions with every diagnostic', async () => {
    const settings = await settingsFor();
    const bad = { ...settings, definitions: [path.join(repoRoot, 'test', 'fixtures', 'simulate', 'invalid-definitions')] };
    const error = (await runSimulation({ settings: bad }).catch((e: unknown) => e)) as { code: string; exitCode: number };
    expect(error.code).toBe('definitions-invalid');
    expect(error.exitCode).toBe(1);
  });
});

describe('narrow', () => {
  it('keeps everything without a selection', async () => {
    const report = await runSimulation({ settings: await settingsFor() });
    expect(narrow(report.result, undefined, undefined)).toEqual(report.result);
    expect(narrow(report.result, 'visitors', undefined).groups.map((g) => g.name)).toEqual(['visitors']);
    expect(narrow(report.result, 'visits@2', undefined).groups).toEqual([]);
  });
});
