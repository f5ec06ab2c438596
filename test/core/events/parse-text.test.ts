import { describe, expect, it } from 'vitest';
import { detectLineFormat, UNRECOGNISED_REASON } from '../../../src/core/events/detect.js';
import type { EventRecord } from '../../../src/core/events/event.js';
import { EventTextParser } from '../../../src/core/events/parser.js';
import { parseEventsText } from '../../../src/core/events/parse-text.js';
import { tsvLine } from './tsv-line.js';

const ev = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event: 'page_view', event_id: id, derived_tstamp: '2024-05-01T10:00:00.000Z', domain_userid: 'u', ...extra });

describe('format detection', () => {
  it.each([
    [['[{"a":1}]'], 'json'],
    [['  [', '{'], 'json'],
    [['{"a":1}', '{"a":2}'], 'ndjson'],
    [['{"a":', '  1}'], 'json'],
    [['{broken', '{"a":2}'], 'ndjson'],
    [['\uFEFF{"a":1}'], 'ndjson'],
    [[tsvLine({ app_id: 'x' })], 'tsv'],
    [['garbage', tsvLine({ app_id: 'x' })], 'tsv'],
    [['app_id,platform,derived_tstamp'], 'csv'],
    [['"APP_ID","PLATFORM"'], 'csv'],
    [['app_id\tplatform\tcontexts_com_acme_x_1'], 'csv'],
  ])('%j → %s', (lines, format) => {
    expect(detectLineFormat(lines).format).toBe(format);
  });

  it('refuses text in no known format and binary data', () => {
    expect(detectLineFormat(['hello world'])).toEqual({ format: 'unrecognised', reason: UNRECOGNISED_REASON });
    expect(detectLineFormat(['PK\u0003\u0004\u0000\u0000'])).toMatchObject({ format: 'unrecognised', reason: expect.stringMatching(/^binary data/) });
  });
});

describe('parseEventsText', () => {
  it('reads NDJSON with good and bad lines, numbering physical lines (blank ones included)', () => {
    const text = [ev('a'), '', '{not json', ev('b'), '   ', '42', ev('c', { derived_tstamp: 'never' }), ev('d'), ''].join('\n');
    const r = parseEventsText(text, { file: 'mixed.ndjson' });
    expect(r.format).toBe('ndjson');
    expect(r.events.map((e) => [e.line, e.event['event_id']])).toEqual([
      [1, 'a'],
      [4, 'b'],
      [8, 'd'],
    ]);
    expect(r.badLines.map((b) => [b.file, b.line, b.reason.split(':')[0]])).toEqual([
      ['mixed.ndjson', 3, 'invalid JSON'],
      ['mixed.ndjson', 6, 'not an event object'],
      ['mixed.ndjson', 7, 'derived_tstamp is not a timestamp'],
    ]);
  });

  it('handles CRLF line ends, a byte-order mark and a missing final newline', () => {
    const r = parseEventsText(`\uFEFF${ev('a')}\r\n${ev('b')}`);
    expect(r.events.map((e) => e.event['event_id'])).toEqual(['a', 'b']);
    const tsv = parseEventsText(`${tsvLine({ event: 'page_view', collector_tstamp: '2024-01-01 00:00:00' })}\r\n`);
    expect(tsv.format).toBe('tsv');
    expect(tsv.events).toHaveLength(1);
    expect(tsv.badLines).toEqual([]);
  });

  it('reads TSV with a broken line in the middle', () => {
    const good = tsvLine({ event: 'page_view', event_id: 'x', collector_tstamp: '2024-01-01 00:00:00' });
    const r = parseEventsText([good, good.replace(/\t$/, ''), good].join('\n'));
    expect(r.events.map((e) => e.line)).toEqual([1, 3]);
    expect(r.badLines).toEqual([{ file: '-', line: 2, reason: 'expected 131 tab-separated fields, found 130' }]);
  });

  it('empty and blank inputs have no events and no bad lines', () => {
    for (const text of ['', '\n\n', '  \r\n\t \n', '\uFEFF']) {
      expect(parseEventsText(text)).toEqual({ events: [], badLines: [], format: 'empty' });
    }
  });

  it('reports binary garbage once instead of one bad line per line', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
    const r = parseEventsText(garbage, { file: 'blob.bin' });
    expect(r.format).toBe('unrecognised');
    expect(r.events).toEqual([]);
    expect(r.badLines).toHaveLength(1);
    expect(r.badLines[0]).toMatchObject({ file: 'blob.bin', reason: expect.stringMatching(/^binary data/) });
  });

  it('reports plain text that is no event log', () => {
    const r = parseEventsText('\n\nhello,world\nfoo,bar\n');
    expect(r).toEqual({ events: [], badLines: [{ file: '-', line: 3, reason: UNRECOGNISED_REASON }], format: 'unrecognised' });
  });

  it('reads a huge line, and skips a line over the limit without losing the next one', () => {
    const big = 'x'.repeat(5_000_000);
    const huge = parseEventsText(`${ev('a', { blob: big })}\n${ev('b')}\n`);
    expect(huge.events.map((e) => e.event['event_id'])).toEqual(['a', 'b']);
    expect((huge.events[0]?.event['blob'] as string).length).toBe(5_000_000);

    const events: EventRecord[] = [];
    const bad: [number, string][] = [];
    const p = new EventTextParser(
      { event: (event, line) => events.push({ event, line, file: '-' }), bad: (line, reason) => bad.push([line, reason]) },
      { maxLineLength: 1000 },
    );
    p.push(`${ev('a')}\n${ev('b', { blob: 'y'.repeat(600) })}`);
    p.push('y'.repeat(600));
    p.push(`"}\n${ev('c')}\n`);
    p.end();
    expect(events.map((e) => [e.line, e.event['event_id']])).toEqual([
      [1, 'a'],
      [3, 'c'],
    ]);
    expect(bad).toEqual([[2, 'line is longer than 1000 characters']]);
  });

  it('is deterministic and independent of chunk boundaries, for every format', () => {
    const inputs = [
      [ev('a'), 'oops', ev('b', { contexts_com_acme_x_1: [{ n: 1 }] })].join('\n'),
      [tsvLine({ event: 'page_view', event_id: 'a', collector_tstamp: '2024-01-01 00:00:00' }), 'bad', tsvLine({ event: 'page_ping', collector_tstamp: '2024-01-01 00:00:01.5' })].join('\n'),
      ['"DERIVED_TSTAMP","EVENT_ID","CONTEXTS_COM_ACME_X_1_0_0"', '"2024-01-01 00:00:00","a","[{""n"":', '1}]"', '"2024-01-01","b",""', 'x'].join('\r\n'),
      JSON.stringify([JSON.parse(ev('a')), JSON.parse(ev('b'))], null, 1),
    ];
    for (const text of inputs) {
      const whole = parseEventsText(text);
      expect(parseEventsText(text)).toEqual(whole);
      for (const size of [1, 5, 17, 1000]) {
        const events: EventRecord[] = [];
        const badLines: { file: string; line: number; reason: string }[] = [];
        const p = new EventTextParser({
          event: (event, line) => events.push({ event, line, file: '-' }),
          bad: (line, reason) => badLines.push({ file: '-', line, reason }),
        });
        for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
        p.end();
        expect({ events, badLines, format: p.format }).toEqual(whole);
      }
    }
  });
});
