import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ATOMIC_FIELDS } from '../../../src/core/atomic.js';
import type { EventRecord } from '../../../src/core/events/event.js';
import { ExitCode, FailureError } from '../../../src/errors.js';
import { readEvents, type EventStream } from '../../../src/io/events/read-events.js';
import { repoRoot } from '../../helpers/shared-data.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'signals-read-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'events');

const ev = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event: 'page_view', event_id: id, derived_tstamp: '2024-05-01T10:00:00.000Z', domain_userid: 'u', ...extra });
const tsv = (id: string) => ATOMIC_FIELDS.map((f) => ({ event: 'page_ping', event_id: id, collector_tstamp: '2024-05-01 10:00:01' })[f as string] ?? '').join('\t');

function write(name: string, content: string | Buffer): string {
  writeFileSync(path.join(dir, name), content);
  return name;
}

async function collect(stream: EventStream): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  for await (const r of stream) out.push(r);
  return out;
}

describe('readEvents', () => {
  it('reads several files in order, each in its own format, with live stats', async () => {
    const a = write('a.ndjson', `${ev('a1')}\n${ev('a2')}\n`);
    const b = write('b.tsv', `${tsv('b1')}\nshort\tline\n`);
    const c = write('c.csv', 'EVENT_ID,DERIVED_TSTAMP\nc1,2024-05-01 10:00:02\n');
    const stream = readEvents([a, b, c], { cwd: dir });
    expect(stream.stats.eventsRead).toBe(0);
    const records = await collect(stream);
    expect(records.map((r) => [r.file, r.line, r.event['event_id']])).toEqual([
      ['a.ndjson', 1, 'a1'],
      ['a.ndjson', 2, 'a2'],
      ['b.tsv', 1, 'b1'],
      ['c.csv', 2, 'c1'],
    ]);
    expect(stream.stats).toEqual({
      files: ['a.ndjson', 'b.tsv', 'c.csv'],
      inputs: [
        { file: 'a.ndjson', format: 'ndjson', gzip: false, events: 2, badLines: 0 },
        { file: 'b.tsv', format: 'tsv', gzip: false, events: 1, badLines: 1 },
        { file: 'c.csv', format: 'csv', gzip: false, events: 1, badLines: 0 },
      ],
      eventsRead: 4,
      badLines: [{ file: 'b.tsv', line: 2, reason: 'expected 131 tab-separated fields, found 2' }],
      badLineCount: 1,
    });
  });

  it('gunzips by magic bytes, whatever the file is called', async () => {
    const gz = write('events.ndjson.gz', gzipSync(`${ev('g1')}\n${ev('g2')}\n`));
    const disguised = write('events.log', gzipSync('derived_tstamp,event_id\n2024-05-01 10:00:00,d1\n'));
    const notGz = write('plain.gz', `${ev('p1')}\n`);
    const stream = readEvents([gz, disguised, notGz], { cwd: dir });
    expect((await collect(stream)).map((r) => r.event['event_id'])).toEqual(['g1', 'g2', 'd1', 'p1']);
    expect(stream.stats.inputs.map((i) => [i.gzip, i.format])).toEqual([
      [true, 'ndjson'],
      [true, 'csv'],
      [false, 'ndjson'],
    ]);
  });

  it('reads every member of a multi-member gzip file (files concatenated with cat)', async () => {
    const f = write('joined.ndjson.gz', Buffer.concat([gzipSync(`${ev('m1')}\n`), gzipSync(`${ev('m2')}\n`)]));
    expect((await collect(readEvents([f], { cwd: dir }))).map((r) => [r.line, r.event['event_id']])).toEqual([
      [1, 'm1'],
      [2, 'm2'],
    ]);
  });

  it('reads - from the given stdin, plain or gzipped, in small chunks', async () => {
    const text = `${ev('s1')}\n${ev('s2')}\n`;
    const chunks = text.match(/.{1,7}/gs) ?? [];
    const plain = readEvents(['-'], { cwd: dir, stdin: Readable.from(chunks) });
    expect((await collect(plain)).map((r) => [r.file, r.line, r.event['event_id']])).toEqual([
      ['-', 1, 's1'],
      ['-', 2, 's2'],
    ]);
    const zipped = gzipSync(text);
    const parts = [zipped.subarray(0, 1), zipped.subarray(1, 5), zipped.subarray(5)];
    const gz = readEvents(['-'], { cwd: dir, stdin: Readable.from(parts) });
    expect((await collect(gz)).map((r) => r.event['event_id'])).toEqual(['s1', 's2']);
    expect(gz.stats.inputs[0]?.gzip).toBe(true);
  });

  it('fails with exit 1 on a missing file, before handing out any event', async () => {
    const ok = write('ok.ndjson', `${ev('x')}\n`);
    const stream = readEvents([ok, 'missing.ndjson'], { cwd: dir });
    const seen: EventRecord[] = [];
    const error = await (async () => {
      try {
        for await (const r of stream) seen.push(r);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FailureError);
    expect(error).toMatchObject({ code: 'events-file-not-found', exitCode: ExitCode.Failure, message: 'Events file not found: missing.ndjson' });
    expect(seen).toEqual([]);
  });

  it('refuses a directory', async () => {
    await expect(collect(readEvents(['.'], { cwd: dir }))).rejects.toMatchObject({ code: 'events-file-unreadable', exitCode: 1 });
  });

  it('with strict, fails on the first bad line naming file:line', async () => {
    const f = write('strict.ndjson', `${ev('a')}\n\n{oops\n${ev('b')}\n`);
    await expect(collect(readEvents([f], { cwd: dir, strict: true }))).rejects.toMatchObject({
      code: 'bad-event-line',
      exitCode: 1,
      message: expect.stringMatching(/^strict\.ndjson:3: invalid JSON/),
    });
  });

  it('counts every bad line but keeps only the first ones', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => (i % 2 ? ev(`ok${i}`) : `bad ${i}`));
    const f = write('many-bad.ndjson', `${ev('first')}\n${lines.join('\n')}\n`);
    const stream = readEvents([f], { cwd: dir, maxBadLines: 3 });
    expect(await collect(stream)).toHaveLength(6);
    expect(stream.stats.badLineCount).toBe(5);
    expect(stream.stats.badLines.map((b) => b.line)).toEqual([2, 4, 6]);
  });

  it('reports damaged gzip data as a bad line and goes on with the next file', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => ev(`z${i}`, { pad: 'p'.repeat(i % 97) })).join('\n');
    const full = gzipSync(body);
    const cut = write('cut.ndjson.gz', full.subarray(0, Math.floor(full.length * 0.6)));
    const next = write('after.ndjson', `${ev('after')}\n`);
    const stream = readEvents([cut, next], { cwd: dir });
    const records = await collect(stream);
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(2000);
    expect(records.at(-1)?.event['event_id']).toBe('after');
    expect(stream.stats.badLineCount).toBe(1);
    expect(stream.stats.badLines[0]?.reason).toMatch(/^damaged gzip data/);
    await expect(collect(readEvents([cut], { cwd: dir, strict: true }))).rejects.toMatchObject({ code: 'bad-event-line' });
  });

  it('streams a large file in several batches', async () => {
    const n = 30_000;
    const body = Array.from({ length: n }, (_, i) => ev(`e${i}`, { page_url: `https://example.com/${'x'.repeat(20)}/${i}` })).join('\n');
    const f = write('large.ndjson', body);
    const stream = readEvents([f], { cwd: dir });
    let batches = 0;
    let count = 0;
    let lastLine = 0;
    for await (const batch of stream.batches()) {
      batches++;
      for (const r of batch) {
        expect(r.line).toBe(lastLine + 1);
        lastLine = r.line;
        count++;
      }
    }
    expect(count).toBe(n);
    expect(batches).toBeGreaterThan(2);
    expect(stream.stats.eventsRead).toBe(n);
  });

  it('stops early when the consumer breaks or the signal is aborted', async () => {
    const f = write('stop.ndjson', Array.from({ length: 100 }, (_, i) => ev(`e${i}`)).join('\n'));
    let seen = 0;
    for await (const _r of readEvents([f, f], { cwd: dir })) if (++seen === 3) break;
    expect(seen).toBe(3);
    const controller = new AbortController();
    controller.abort();
    const aborted = readEvents([f], { cwd: dir, signal: controller.signal });
    expect(await collect(aborted)).toEqual([]);
  });

  it('can be read only once', async () => {
    const f = write('once.ndjson', `${ev('a')}\n`);
    const stream = readEvents([f], { cwd: dir });
    await collect(stream);
    expect(() => stream.batches()).toThrow(/only once/);
  });

  it('reads the Micro /micro/good and lossless NDJSON fixtures', async () => {
    const stream = readEvents(['micro-good.json', 'lossless.ndjson'], { cwd: fixtures });
    const records = await collect(stream);
    expect(records.map((r) => [r.file, r.line, r.event['event_id']])).toEqual([
      ['micro-good.json', 1, '0d7b3c4e-1a52-4c8e-9a0e-5b0c3f6e7a01'],
      ['micro-good.json', 2, '0d7b3c4e-1a52-4c8e-9a0e-5b0c3f6e7a02'],
      ['lossless.ndjson', 1, 'l-1'],
      ['lossless.ndjson', 2, 'l-2'],
    ]);
    expect(stream.stats.badLines).toEqual([
      { file: 'micro-good.json', line: 3, reason: 'Snowplow Micro marks this event incomplete (it failed validation)' },
      { file: 'lossless.ndjson', line: 3, reason: 'contexts holds a schema that is not an Iglu URI: "web_page"' },
    ]);
    const filter = records[1]?.event;
    expect(filter).toEqual({
      app_id: 'travel-demo',
      platform: 'web',
      collector_tstamp: '2025-06-02T09:16:10.000Z',
      event: 'unstruct',
      event_id: '0d7b3c4e-1a52-4c8e-9a0e-5b0c3f6e7a02',
      domain_userid: '5f0c8a2e-1111-4d2b-9c61-3b7e1b2a0c01',
      domain_sessionid: 'a1c9e3f0-2222-4b6d-8e2f-7d4c5b6a9e01',
      contexts_nl_basjes_yauaa_context_1: [{ deviceClass: 'Phone', agentName: 'Safari' }],
      unstruct_event_com_snowplowanalytics_accelerators_travel_experience_filter_1: { filter_type: 'duration', filter_value: 'weekend' },
      derived_tstamp: '2025-06-02T09:16:10.000Z',
      event_vendor: 'com.snowplowanalytics.accelerators.travel',
      event_name: 'experience_filter',
      event_format: 'jsonschema',
      event_version: '1-0-0',
    });
    expect(records[0]?.event['contexts_com_snowplowanalytics_snowplow_web_page_1']).toEqual([{ id: '9b1f0c3d-3333-4a7e-8f10-2c3d4e5f6a01' }]);
    expect(records[0]?.event).not.toHaveProperty('refr_dvce_tstamp');
  });

  it('reads an empty file as no events', async () => {
    const f = write('empty.ndjson', '');
    const stream = readEvents([f], { cwd: dir });
    expect(await collect(stream)).toEqual([]);
    expect(stream.stats.inputs[0]).toMatchObject({ format: 'empty', events: 0, badLines: 0 });
  });
});
