/**
 * Event ingestion over real HTTP (`POST /emulator/events`): every format `simulate` reads,
 * compressed bodies, bad lines, and what the values served by get-online-attributes (read here
 * through the official Node SDK) are computed from: published group versions only, from their
 * publish time on, with "now" following the events, a fixed time or the wall clock.
 */
import { Signals } from '@snowplow/signals-node';
import { readFile } from 'node:fs/promises';
import { deflateSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AttributeGroupDefinition, Definition } from '../../src/core/model.js';
import { readEvents } from '../../src/io/events/read-events.js';
import { startTestEmulator, useEmulator, type TestEmulator } from '../helpers/emulator.js';
import { hasSharedData, repoRoot, sharedDataFile } from '../helpers/shared-data.js';
import { atomic, attribute, group, pageView } from '../core/simulate/builders.js';
import { generatedEvents, postEvents, publish, templateDefinitions } from './live-helpers.js';

const sdk = (emu: TestEmulator) => new Signals({ baseUrl: emu.url, sandboxToken: 'sdk-token' });
const online = async (emu: TestEmulator, body: unknown) =>
  (await fetch(`${emu.url}/api/v1/get-online-attributes`, { method: 'POST', headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json();

describe('POST /emulator/events: formats', () => {
  const emu = useEmulator();
  let travel: Definition[];
  beforeAll(async () => {
    travel = await templateDefinitions('travel');
    await publish(emu(), travel);
  });
  const ndjson = () => generatedEvents('travel', 3);
  const lines = () => ndjson().trim().split('\n');

  it('reads NDJSON and answers what it accepted', async () => {
    const r = await postEvents(emu(), ndjson());
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: lines().length, used: expect.any(Number), bad_lines: [], bad_line_count: 0, format: 'ndjson' });
    expect(r.body.used).toBeGreaterThan(0);
  });

  it.each([
    ['enriched TSV', () => generatedEvents('travel', 3, 'tsv'), {}, 'tsv'],
    ['a JSON array', () => `[${lines().join(',\n')}]`, {}, 'json-array'],
    ['gzip (Content-Encoding)', () => gzipSync(ndjson()), { 'Content-Encoding': 'gzip' }, 'ndjson'],
    ['gzip bytes without the header', () => gzipSync(ndjson()), {}, 'ndjson'],
    ['deflate', () => deflateSync(ndjson()), { 'Content-Encoding': 'deflate' }, 'ndjson'],
  ])('reads %s', async (_label, body, headers, format) => {
    const r = await postEvents(emu(), body() as string, headers);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(lines().length);
    expect(r.body.bad_line_count).toBe(0);
    expect(r.body.format).toContain(format.split('-')[0]);
  });

  it('reports bad lines by line number and keeps the good ones', async () => {
    const good = lines();
    const r = await postEvents(emu(), [good[0], '{"broken": ', good[1], 'not an event'].join('\n'));
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.bad_line_count).toBe(2);
    expect(r.body.bad_lines.map((b: { line: number }) => b.line)).toEqual([2, 4]);
  });

  it('reports a damaged gzip body as a bad line', async () => {
    const zipped = gzipSync(ndjson());
    const r = await postEvents(emu(), zipped.subarray(0, Math.floor(zipped.length / 2)), { 'Content-Encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.body.bad_lines.at(-1).reason).toMatch(/damaged compressed data/);
  });

  it('answers an empty body with nothing accepted', async () => {
    expect((await postEvents(emu(), '')).body).toEqual({ accepted: 0, used: 0, bad_lines: [], bad_line_count: 0, format: 'empty' });
  });

  it('refuses an unknown encoding (415), other methods (405) and requests without a token (401)', async () => {
    expect((await postEvents(emu(), 'x', { 'Content-Encoding': 'compress' })).status).toBe(415);
    expect((await fetch(`${emu().url}/emulator/events`, { headers: { Authorization: 'Bearer t' } })).status).toBe(405);
    const anon = await postEvents(emu(), ndjson(), {}, '');
    expect(anon).toEqual({ status: 401, body: { error: 'Not authenticated' } });
  });

  describe.skipIf(!hasSharedData)('public event logs', () => {
    it.each(['web-sample-events.csv.gz', 'ecommerce-events.csv', 'media-micro-enriched.tsv', 'unified-events.csv'])('accepts %s as simulate reads it', async (name) => {
      const file = sharedDataFile(name);
      const stream = readEvents([file], { cwd: repoRoot });
      for await (const _batch of stream.batches()) {
        // counted in stream.stats
      }
      const r = await postEvents(emu(), await readFile(file));
      expect(r.status).toBe(200);
      expect(r.body.accepted).toBe(stream.stats.eventsRead);
      expect(r.body.bad_line_count).toBe(stream.stats.badLineCount);
    });
  });
});

const S = '11111111-1111-4111-8111-111111111111';
const T0 = Date.parse('2026-02-01T12:00:00Z');
const at = (minutes: number) => T0 + minutes * 60_000;
const view = (minutes: number, session = S, url = `https://shop.example/${minutes}`) => JSON.stringify(pageView(at(minutes), { domain_sessionid: session, page_url: url }));
const body = (...lines: string[]) => lines.join('\n') + '\n';

function sessions(version = 1, extra: Partial<AttributeGroupDefinition['spec']> = {}): AttributeGroupDefinition {
  return group({
    name: 'sessions',
    version,
    attributes: [
      attribute({ name: 'page_views' }),
      attribute({ name: 'recent_views', period: 'PT10M' }),
      attribute({ name: 'last_url', type: 'string', aggregation: 'last', property: atomic('page_url') }),
      attribute({ name: 'minutes_since_last', type: 'double', aggregation: 'time_since_last', time_unit: 'min', events: [] }),
    ],
    ...extra,
  });
}

describe('values served after ingestion', () => {
  it('come from published group versions only, from their publish time on (not backdated)', async () => {
    const emu = await startTestEmulator();
    try {
      const client = emu.client();
      await publish(emu, [sessions(1, { is_published: false })]);
      await postEvents(emu, body(view(0), view(1)));
      const read = () => sdk(emu).getGroupAttributes({ name: 'sessions', version: 1, attributes: ['page_views'], attribute_key: 'domain_sessionid', identifier: S });
      expect(await read()).toEqual({ domain_sessionid: S, page_views: null });

      await client.setPublished(sessions(1), true);
      await postEvents(emu, body(view(2)));
      expect(await read()).toEqual({ domain_sessionid: S, page_views: 1 });

      // A new version starts empty; the old one keeps counting while it stays published.
      await publish(emu, [sessions(2)]);
      await postEvents(emu, body(view(3)));
      expect(await read()).toEqual({ domain_sessionid: S, page_views: 2 });
      const v2 = await sdk(emu).getGroupAttributes({ name: 'sessions', version: 2, attributes: ['page_views'], attribute_key: 'domain_sessionid', identifier: S });
      expect(v2).toEqual({ domain_sessionid: S, page_views: 1 });

      // Unpublished: its values stay readable but stop updating; published again, it resumes.
      await client.setPublished(sessions(1), false);
      await postEvents(emu, body(view(4)));
      expect(await read()).toEqual({ domain_sessionid: S, page_views: 2 });
      await client.setPublished(sessions(1), true);
      await postEvents(emu, body(view(5)));
      expect(await read()).toEqual({ domain_sessionid: S, page_views: 3 });
      expect(emu.live.stats().groups).toEqual(['sessions@1', 'sessions@2']);
    } finally {
      await emu.close();
    }
  });

  it('are read through the official Node SDK by service, by group and in batches, null for unknown ids', async () => {
    const emu = await startTestEmulator();
    try {
      await publish(emu, [sessions()]);
      await emu.client().upsert({ kind: 'Service', spec: { name: 'web', attribute_groups: [{ name: 'sessions', version: 1 }], is_published: true }, protect: false });
      const other = '22222222-2222-4222-8222-222222222222';
      await postEvents(emu, body(view(0), view(4), view(5, other)));
      expect(await sdk(emu).getServiceAttributes({ name: 'web', attribute_key: 'domain_sessionid', identifier: S })).toEqual({
        domain_sessionid: S,
        page_views: 2,
        recent_views: 2,
        last_url: 'https://shop.example/4',
        minutes_since_last: 1,
      });
      const batch = await sdk(emu).getBatchServiceAttributes({ name: 'web', attribute_key: 'domain_sessionid', identifiers: [other, 'nobody', S] });
      expect(batch['page_views']).toEqual([1, null, 2]);
      expect(batch['domain_sessionid']).toEqual([other, 'nobody', S]);
      const byGroup = await sdk(emu).getGroupAttributes({ name: 'sessions', version: 1, attributes: ['last_url', 'recent_views'], attribute_key: 'domain_sessionid', identifier: other });
      expect(byGroup).toEqual({ domain_sessionid: other, last_url: 'https://shop.example/5', recent_views: 1 });
    } finally {
      await emu.close();
    }
  });

  it('fall back to values set by code for keys the engine has no values for', async () => {
    const emu = await startTestEmulator();
    try {
      await publish(emu, [sessions()]);
      await postEvents(emu, body(view(0)));
      emu.store.set({ name: 'sessions', version: 1 }, 'seeded', 'page_views', 42);
      emu.store.set({ name: 'sessions', version: 1 }, S, 'page_views', 42);
      const r = await online(emu, { attributes: ['sessions_v1:page_views'], attribute_keys: { domain_sessionid: ['seeded', S] } });
      expect(r).toEqual({ domain_sessionid: ['seeded', S], page_views: [42, 1] });
    } finally {
      await emu.close();
    }
  });
});

describe('the evaluation time ("now")', () => {
  const events = body(view(0), view(1), view(30, '22222222-2222-4222-8222-222222222222'));
  const read = async (emu: TestEmulator) => (await online(emu, { attributes: ['sessions_v1:recent_views', 'sessions_v1:minutes_since_last'], attribute_keys: { domain_sessionid: [S] } })) as Record<string, unknown[]>;

  it('follows the latest event time by default', async () => {
    const emu = await startTestEmulator();
    try {
      await publish(emu, [sessions()]);
      await postEvents(emu, events);
      // The latest event is at minute 30: the 10-minute window of S is empty, its last view 29 minutes old.
      expect(await read(emu)).toEqual({ domain_sessionid: [S], recent_views: [null], minutes_since_last: [29] });
    } finally {
      await emu.close();
    }
  });

  it('can be fixed (later events are ignored)', async () => {
    const emu = await startTestEmulator({ evaluationTime: at(2) });
    try {
      await publish(emu, [sessions()]);
      const r = await postEvents(emu, events);
      expect(r.body).toMatchObject({ accepted: 3, used: 2 });
      expect(await read(emu)).toEqual({ domain_sessionid: [S], recent_views: [2], minutes_since_last: [1] });
    } finally {
      await emu.close();
    }
  });

  it('can be the wall clock', async () => {
    const emu = await startTestEmulator({ evaluationTime: 'wall', now: () => at(61) });
    try {
      await publish(emu, [sessions()]);
      await postEvents(emu, events);
      expect(await read(emu)).toEqual({ domain_sessionid: [S], recent_views: [null], minutes_since_last: [60] });
    } finally {
      await emu.close();
    }
  });
});
