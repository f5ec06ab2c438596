import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { compileCsvHeader, convertCsvRow } from '../../../src/core/events/csv-columns.js';
import { detectCsvDelimiter, splitCsvRecord } from '../../../src/core/events/csv-split.js';
import { parseEventsText } from '../../../src/core/events/parse-text.js';
import { hasSharedData, sharedDataFile } from '../../helpers/shared-data.js';

describe('splitCsvRecord', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c,', ['a', '', 'c', '']],
    ['', ['']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['"[{""id"": 1}]",[]', ['[{"id": 1}]', '[]']],
    ['"",""', ['', '']],
    ['"a",', ['a', '']],
    ['"line1\nline2",z', ['line1\nline2', 'z']],
    ['ab"c,d', ['ab"c', 'd']],
    ['"ab"cd,e', ['abcd', 'e']],
    ['"APP_ID","PLATFORM"', ['APP_ID', 'PLATFORM']],
  ])('%j', (record, fields) => {
    expect(splitCsvRecord(record, ',')).toEqual(fields);
  });

  it('says when a record continues on the next line', () => {
    expect(splitCsvRecord('a,"open', ',')).toBeUndefined();
    expect(splitCsvRecord('a,"x"",', ',')).toBeUndefined();
  });

  it('splits on other delimiters', () => {
    expect(splitCsvRecord('a\t"b\tc"\td', '\t')).toEqual(['a', 'b\tc', 'd']);
    expect(detectCsvDelimiter('app_id,platform')).toBe(',');
    expect(detectCsvDelimiter('app_id\tplatform')).toBe('\t');
    expect(detectCsvDelimiter('app_id;platform')).toBe(';');
  });

  describe.skipIf(!hasSharedData)('agrees with papaparse on the shared warehouse exports', () => {
    it.each(['ecommerce-events.csv', 'unified-events.csv', 'web-vital-events.csv', 'web-sample-events.csv.gz'])('%s', (name) => {
      let bytes = readFileSync(sharedDataFile(name));
      if (name.endsWith('.gz')) bytes = gunzipSync(bytes);
      const text = bytes.toString('utf8');
      const expected = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
      const ours: string[][] = [];
      let pending: string | undefined;
      for (const line of text.split('\n')) {
        const record = pending === undefined ? line : `${pending}\n${line}`;
        const fields = splitCsvRecord(record.endsWith('\r') ? record.slice(0, -1) : record, ',');
        if (fields === undefined) pending = record;
        else {
          pending = undefined;
          if (!(fields.length === 1 && fields[0] === '')) ours.push(fields);
        }
      }
      expect(pending).toBeUndefined();
      expect(ours.length).toBe(expected.length);
      expect(ours).toEqual(expected);
    });
  });
});

function row(header: string[], cells: string[]) {
  const h = compileCsvHeader(header);
  if (!h.ok) throw new Error(h.reason);
  return convertCsvRow(h.columns, cells);
}

function okRow(header: string[], cells: string[]) {
  const r = row(header, cells);
  if (!r.ok) throw new Error(r.reason);
  return r.event;
}

describe('warehouse CSV rows', () => {
  it('reads UPPERCASE Snowflake headers, types atomic fields and normalises timestamps', () => {
    const e = okRow(
      ['APP_ID', 'DERIVED_TSTAMP', 'EVENT', 'DOMAIN_SESSIONIDX', 'BR_COOKIES', 'DVCE_ISMOBILE', 'GEO_LATITUDE', 'REFR_DVCE_TSTAMP', 'EVENT_NAME'],
      ['website', '2025-04-23 00:21:24.939', 'page_view', '1', 'true', '0', '51.5', '2023-03-01 06:16:09.201000+00:00', 'page_view'],
    );
    expect(e).toMatchObject({
      app_id: 'website',
      derived_tstamp: '2025-04-23T00:21:24.939Z',
      domain_sessionidx: 1,
      br_cookies: true,
      dvce_ismobile: false,
      geo_latitude: 51.5,
      refr_device_tstamp: '2023-03-01T06:16:09.201Z',
      event_vendor: 'com.snowplowanalytics.snowplow',
    });
    expect(e).not.toHaveProperty('APP_ID');
  });

  it('omits empty cells and empty JSON values', () => {
    const e = okRow(
      ['derived_tstamp', 'user_id', 'contexts_com_acme_product_1_0_0', 'unstruct_event_com_acme_buy_1_0_0', 'contexts_com_acme_user_1'],
      ['2025-01-04 00:14:20.000', '', '[]', '', 'null'],
    );
    expect(Object.keys(e).sort()).toEqual(['derived_tstamp']);
  });

  it('collapses version-suffixed columns to the major and joins minors in header order', () => {
    const e = okRow(
      [
        'derived_tstamp',
        'contexts_com_acme_product_1_0_0',
        'contexts_com_acme_product_1_1_0',
        'unstruct_event_com_acme_buy_1_0_0',
        'unstruct_event_com_acme_buy_1_0_1',
        'contexts_com_acme_product_2_0_0',
      ],
      ['2025-01-04 00:14:20', '[{"sku":"a"}]', '[{"sku":"b"},{"sku":"c"}]', '', '{"qty":2}', '[{"sku":"v2"}]'],
    );
    expect(e['contexts_com_acme_product_1']).toEqual([{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }]);
    expect(e['contexts_com_acme_product_2']).toEqual([{ sku: 'v2' }]);
    expect(e['unstruct_event_com_acme_buy_1']).toEqual({ qty: 2 });
  });

  it('keeps entity field names as exported (snake_case or camelCase) and unwraps one-element unstruct lists', () => {
    const e = okRow(
      ['derived_tstamp', 'event_name', 'contexts_nl_basjes_yauaa_context_1', 'CONTEXTS_NL_BASJES_YAUAA_CONTEXT_2', 'unstruct_event_com_snowplowanalytics_snowplow_web_vitals_1_0_0'],
      ['2025-01-04 00:14:20', 'web_vitals', '[{"device_class":"Mobile"}]', '[{"deviceClass":"Desktop"}]', '[{"lcp":1908,"cls":0.05}]'],
    );
    expect(e['contexts_nl_basjes_yauaa_context_1']).toEqual([{ device_class: 'Mobile' }]);
    expect(e['contexts_nl_basjes_yauaa_context_2']).toEqual([{ deviceClass: 'Desktop' }]);
    expect(e['unstruct_event_com_snowplowanalytics_snowplow_web_vitals_1']).toEqual({ lcp: 1908, cls: 0.05 });
    // identity completed from the unstruct column and the event name
    expect(e).toMatchObject({ event: 'unstruct', event_vendor: 'com.snowplowanalytics.snowplow', event_version: '1-0-0', event_format: 'jsonschema' });
  });

  it('keeps identity fields that are present, even when unusual (EVENT=unstruct with EVENT_NAME=page_view)', () => {
    const e = okRow(['DERIVED_TSTAMP', 'EVENT', 'EVENT_VENDOR', 'EVENT_NAME', 'EVENT_FORMAT', 'EVENT_VERSION'], [
      '2025-04-23 01:02:42.696',
      'unstruct',
      'com.snowplowanalytics.snowplow',
      'page_view',
      'jsonschema',
      '1-0-0',
    ]);
    expect([e['event'], e['event_name']]).toEqual(['unstruct', 'page_view']);
  });

  it('reads lossless JSON columns named contexts / unstruct_event', () => {
    const e = okRow(['derived_tstamp', 'contexts', 'unstruct_event'], [
      '2025-01-04 00:14:20',
      JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { id: 7 } }] }),
      JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:com.acme/buy/jsonschema/1-2-0', data: { qty: 1 } } }),
    ]);
    expect(e['contexts_com_acme_user_1']).toEqual([{ id: 7 }]);
    expect(e['unstruct_event_com_acme_buy_1']).toEqual({ qty: 1 });
    expect(e['event_version']).toBe('1-2-0');
  });

  it.each([
    [['2025-01-04 00:14:20', 'x'], 'expected 3 comma-separated fields as in the header, found 2'],
    [['2025-01-04 00:14:20', 'x', '1', '2'], 'expected 3 comma-separated fields as in the header, found 4'],
    [['2025-01-04 00:14:20', 'abc', '[{"a":1}]'], 'domain_sessionidx is not an integer: "abc"'],
    [['2025-01-04 00:14:20', '1', '[{"a":'], expect.stringMatching(/^contexts_com_acme_x_1_0_0 is not valid JSON/)],
    [['2025-01-04 00:14:20', '1', '"text"'], 'contexts_com_acme_x_1_0_0 holds neither a list nor an object of entity data'],
    [['not a time', '1', '[]'], 'derived_tstamp is not a timestamp: "not a time"'],
  ])('reports a bad row %j', (cells, reason) => {
    expect(row(['derived_tstamp', 'domain_sessionidx', 'contexts_com_acme_x_1_0_0'], cells)).toEqual({ ok: false, reason });
  });

  it('refuses a header that names no Snowplow column', () => {
    expect(compileCsvHeader(['name', 'age'])).toEqual({ ok: false, reason: 'the header names no Snowplow event column (first: "name")' });
  });

  it('reads a whole export with a quoted multi-line JSON cell, keeping the line each record starts on', () => {
    const text = [
      'derived_tstamp,event_id,contexts_com_acme_x_1_0_0',
      '2025-01-04 00:14:20,a,"[{""note"":',
      '""first, second""}]"',
      '2025-01-04 00:14:21,b,[]',
      '',
      '2025-01-04 00:14:22,c',
    ].join('\r\n');
    const r = parseEventsText(text, { file: 'x.csv' });
    expect(r.format).toBe('csv');
    expect(r.events.map((e) => [e.line, e.event['event_id']])).toEqual([
      [2, 'a'],
      [4, 'b'],
    ]);
    expect(r.events[0]?.event['contexts_com_acme_x_1']).toEqual([{ note: 'first, second' }]);
    expect(r.badLines).toEqual([{ file: 'x.csv', line: 6, reason: 'expected 3 comma-separated fields as in the header, found 2' }]);
  });

  it('reports a quote that is never closed and reads the following lines again', () => {
    const text = ['derived_tstamp,event_id', '2025-01-04 00:14:20,"a', '2025-01-04 00:14:21,b', '2025-01-04 00:14:22,c'].join('\n');
    const r = parseEventsText(text);
    expect(r.badLines).toEqual([{ file: '-', line: 2, reason: 'a quoted field is never closed' }]);
    expect(r.events.map((e) => [e.line, e.event['event_id']])).toEqual([
      [3, 'b'],
      [4, 'c'],
    ]);
  });
});
