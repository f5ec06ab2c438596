import { describe, expect, it } from 'vitest';
import { parseTsvLine, TSV_FIELD_COUNT } from '../../../src/core/events/tsv.js';
import { contextsJson, tsvLine, unstructJson } from './tsv-line.js';

const base = {
  app_id: 'shop',
  platform: 'web',
  collector_tstamp: '2026-11-01 10:00:00.123',
  derived_tstamp: '2026-11-01 10:00:00.100',
  event_id: 'e-1',
  domain_userid: 'u-1',
  domain_sessionid: 's-1',
} as const;

function ok(line: string) {
  const r = parseTsvLine(line);
  if (!r.ok) throw new Error(`expected an event, got: ${r.reason}`);
  return r.event;
}

describe('parseTsvLine', () => {
  it('has 131 fields', () => {
    expect(TSV_FIELD_COUNT).toBe(131);
  });

  it('converts atomic fields to typed values and omits empty ones', () => {
    const e = ok(
      tsvLine({
        ...base,
        event: 'page_view',
        domain_sessionidx: '3',
        geo_latitude: '37.443604',
        br_cookies: '0',
        dvce_ismobile: '1',
        se_value: '-1.5',
        page_urlport: '443',
        br_colordepth: '24',
        event_vendor: 'com.snowplowanalytics.snowplow',
        event_name: 'page_view',
        event_format: 'jsonschema',
        event_version: '1-0-0',
      }),
    );
    expect(e).toEqual({
      app_id: 'shop',
      platform: 'web',
      collector_tstamp: '2026-11-01T10:00:00.123Z',
      event: 'page_view',
      event_id: 'e-1',
      domain_userid: 'u-1',
      domain_sessionidx: 3,
      geo_latitude: 37.443604,
      page_urlport: 443,
      se_value: -1.5,
      br_cookies: false,
      br_colordepth: '24',
      dvce_ismobile: true,
      domain_sessionid: 's-1',
      derived_tstamp: '2026-11-01T10:00:00.100Z',
      event_vendor: 'com.snowplowanalytics.snowplow',
      event_name: 'page_view',
      event_format: 'jsonschema',
      event_version: '1-0-0',
    });
    expect(Object.keys(e)).not.toContain('txn_id');
  });

  it('expands contexts, derived contexts (after custom ones) and the unstruct event', () => {
    const e = ok(
      tsvLine({
        ...base,
        event: 'unstruct',
        contexts: contextsJson(
          { schema: 'iglu:com.acme/product/jsonschema/1-0-0', data: { sku: 'A1', price: 9.5 } },
          { schema: 'iglu:com.acme/product/jsonschema/1-1-0', data: { sku: 'B2', price: 3 } },
          { schema: 'iglu:org.schema/WebPage/jsonschema/1-0-0', data: { genre: 'blog' } },
        ),
        unstruct_event: unstructJson('iglu:com.acme/add_to_cart/jsonschema/1-0-2', { sku: 'A1', qty: 2 }),
        derived_contexts: contextsJson({ schema: 'iglu:com.acme/product/jsonschema/1-0-0', data: { sku: 'D3' } }),
      }),
    );
    expect(e['contexts_com_acme_product_1']).toEqual([
      { sku: 'A1', price: 9.5 },
      { sku: 'B2', price: 3 },
      { sku: 'D3' },
    ]);
    expect(e['contexts_org_schema_web_page_1']).toEqual([{ genre: 'blog' }]);
    expect(e['unstruct_event_com_acme_add_to_cart_1']).toEqual({ sku: 'A1', qty: 2 });
    expect(e).not.toHaveProperty('contexts');
    expect(e).not.toHaveProperty('unstruct_event');
    expect(e).not.toHaveProperty('derived_contexts');
    // identity derived from the event's schema
    expect(e['event_vendor']).toBe('com.acme');
    expect(e['event_name']).toBe('add_to_cart');
    expect(e['event_version']).toBe('1-0-2');
    expect(e['event_format']).toBe('jsonschema');
  });

  it('keeps a line ending in empty fields (trailing tabs are fields)', () => {
    const line = tsvLine({ ...base, event: 'page_ping' });
    expect(line.endsWith('\t\t')).toBe(true);
    expect(ok(line)['event_name']).toBe('page_ping');
  });

  it('rejects a line with the wrong number of fields', () => {
    const line = tsvLine(base);
    expect(parseTsvLine(line.slice(0, line.lastIndexOf('\t')))).toEqual({ ok: false, reason: 'expected 131 tab-separated fields, found 130' });
    expect(parseTsvLine(`${line}\t`)).toEqual({ ok: false, reason: 'expected 131 tab-separated fields, found 132' });
    expect(parseTsvLine(line.trimEnd())).toMatchObject({ ok: false });
  });

  it.each([
    [{ domain_sessionidx: 'x' }, 'domain_sessionidx is not an integer: "x"'],
    [{ domain_sessionidx: '1.5' }, 'domain_sessionidx is not an integer: "1.5"'],
    [{ geo_latitude: 'north' }, 'geo_latitude is not a number: "north"'],
    [{ br_cookies: 'yes' }, 'br_cookies is not a boolean (1/0, true/false): "yes"'],
    [{ collector_tstamp: '16/11/2024' }, 'collector_tstamp is not a timestamp: "16/11/2024"'],
  ])('reports a bad typed value %j', (fields, reason) => {
    expect(parseTsvLine(tsvLine({ ...base, ...fields }))).toEqual({ ok: false, reason });
  });

  it('reports broken JSON and schemas in self-describing columns', () => {
    const broken = parseTsvLine(tsvLine({ ...base, contexts: '{"schema":' }));
    expect(broken).toMatchObject({ ok: false, reason: expect.stringMatching(/^contexts is not valid JSON/) });
    const badSchema = parseTsvLine(tsvLine({ ...base, contexts: contextsJson({ schema: 'com.acme/x', data: {} }) }));
    expect(badSchema).toEqual({ ok: false, reason: 'contexts holds a schema that is not an Iglu URI: "com.acme/x"' });
  });

  it('falls back to the collector time without derived_tstamp, and keeps a line with no time as an event without one', () => {
    const { derived_tstamp: _d, ...noDerived } = base;
    expect(ok(tsvLine(noDerived))['derived_tstamp']).toBe('2026-11-01T10:00:00.123Z');
    const { collector_tstamp: _c, ...noTimes } = noDerived;
    const timeless = ok(tsvLine(noTimes));
    expect(timeless['derived_tstamp']).toBeUndefined();
    expect(timeless['event_id']).toBe(base.event_id);
  });

  it('derives the identity of built-in events', () => {
    const e = ok(tsvLine({ ...base, event: 'struct', se_category: 'c', se_action: 'a' }));
    expect([e['event_vendor'], e['event_name'], e['event_version']]).toEqual(['com.google.analytics', 'event', '1-0-0']);
    const pv = ok(tsvLine({ ...base, event: 'page_view' }));
    expect([pv['event_vendor'], pv['event_name'], pv['event_version']]).toEqual(['com.snowplowanalytics.snowplow', 'page_view', '1-0-0']);
  });
});
