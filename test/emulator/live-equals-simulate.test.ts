/**
 * The live loop's promise: after the same events, the values an application reads from the
 * emulator (`signals get`, through the official Node SDK) equal what `signals simulate` reports,
 * for every key of every group of a template's generated events, and the interventions delivered
 * to subscribers are the firings `simulate` reports, once each.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLiveValues, type GetSelection } from '../../src/app/get.js';
import { loadSettings, type Settings } from '../../src/app/settings.js';
import { runSimulation, type SimulateReport } from '../../src/app/simulate.js';
import type { Definition } from '../../src/core/model.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { generatedEvents, postEvents, publish, pushDirect, Subscription, templateDefinitions } from './live-helpers.js';

const TEMPLATES = [
  { template: 'travel', sessions: 50 },
  { template: 'ecommerce', sessions: 30 },
  { template: 'media', sessions: 30 },
  { template: 'quickstart', sessions: 30 },
];

describe.each(TEMPLATES)('$template: $sessions generated sessions', ({ template, sessions }) => {
  let dir: string;
  let emu: TestEmulator;
  let settings: Settings;
  let definitions: Definition[];
  let report: SimulateReport;
  let subscription: Subscription | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), `signals-live-${template}-`));
    const events = generatedEvents(template, sessions);
    await writeFile(path.join(dir, 'events.ndjson'), events, 'utf8');
    definitions = await templateDefinitions(template);
    report = await runSimulation({ settings: { cwd: dir, definitions: [], simulate: { events: [] } }, events: ['events.ndjson'], definitions });

    emu = await startTestEmulator();
    settings = await loadSettings({ cwd: dir, env: emu.env });
    await publish(emu, definitions);
    // Subscribe to every session that fires a session-targeted intervention in the simulation.
    const sessionTargets = new Set(report.result.interventions.flatMap((i) => i.firings.filter((f) => f.target.name === 'domain_sessionid').map((f) => f.target.id)));
    if (sessionTargets.size > 0) subscription = await Subscription.open(emu.url, [...sessionTargets].map((id) => `domain_sessionid=${id}`).join('&'));
    const posted = await postEvents(emu, events);
    expect(posted.body.bad_line_count).toBe(0);
    expect(posted.body.accepted).toBe(report.input.events_read);
  });

  afterAll(async () => {
    subscription?.close();
    await emu?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const read = (selection: Omit<GetSelection, 'attributeKey' | 'identifier'>, attributeKey: string, identifier: string) =>
    readLiveValues({ settings, selection: { ...selection, attributeKey, identifier }, version: 'test', retries: 0 });

  it('serves every key of every group exactly as simulate reports it', async () => {
    let compared = 0;
    for (const group of report.result.groups) {
      expect(group.rows.length).toBeGreaterThan(0);
      for (const row of group.rows) {
        const live = await read({ group: { name: group.name, version: group.version } }, group.attribute_key, row.key);
        expect({ key: row.key, values: live.values }).toEqual({ key: row.key, values: row.attributes });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(sessions / 2);
  });

  it('serves the services with the same values', async () => {
    for (const def of definitions) {
      if (def.kind !== 'Service') continue;
      const link = def.spec.attribute_groups[0]!;
      const group = report.result.groups.find((g) => g.name === link.name && g.version === link.version)!;
      const row = group.rows[0]!;
      const live = await read({ service: def.spec.name }, group.attribute_key, row.key);
      for (const [name, value] of Object.entries(row.attributes)) expect(live.values[name]).toEqual(value);
    }
  });

  it('serves null for an identifier it never saw', async () => {
    const group = report.result.groups[0]!;
    const live = await read({ group: { name: group.name, version: group.version } }, group.attribute_key, '00000000-0000-4000-8000-000000000000');
    expect(Object.values(live.values).every((v) => v === null)).toBe(true);
  });

  it('delivers each session-targeted firing simulate reports, once', async () => {
    const expected = report.result.interventions.flatMap((i) => i.firings.filter((f) => f.target.name === 'domain_sessionid').map((f) => `${i.name}@${i.version} ${f.target.id}`));
    if (template === 'travel') expect(expected.length).toBeGreaterThan(5);
    if (subscription === undefined) {
      expect(expected).toEqual([]);
      return;
    }
    const first = subscription.messages.length === 0 ? undefined : subscription.messages[0].target_attribute_key.id;
    const marker = `end_of_${template}`;
    await pushDirect(emu, `domain_sessionid=${first ?? expected[0]!.split(' ')[1]}`, { name: marker, version: 1 });
    await subscription.until(() => subscription!.messages.some((m) => m.name === marker));
    const received = subscription.messages.filter((m) => m.name !== marker).map((m) => `${m.name}@${m.version} ${m.target_attribute_key.id}`);
    expect(received.sort()).toEqual(expected.sort());
  });
});
