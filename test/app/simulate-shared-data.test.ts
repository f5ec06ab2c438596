/**
 * The engine over the public Snowplow event logs, checked against independent computations
 * (a direct CSV parse) and against facts published with the data.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/app/simulate.js';
import type { Definition } from '../../src/core/model.js';
import { atomic, attribute, entityProp, eventProp, group, segment } from '../core/simulate/builders.js';
import { hasSharedData, sharedDataDir, sharedDataFile } from '../helpers/shared-data.js';

const settings = { cwd: sharedDataDir ?? '.', definitions: [], simulate: { events: [] } };
const simulate = (file: string, definitions: Definition[], extra: { now?: string } = {}) =>
  runSimulation({ settings, events: [sharedDataFile(file)], definitions, ...extra });

function csvRows(file: string): Record<string, string>[] {
  const raw = readFileSync(sharedDataFile(file));
  const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

function tally<T>(rows: readonly T[], keyOf: (row: T) => string | undefined, amount: (row: T) => number = () => 1): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key) out.set(key, (out.get(key) ?? 0) + amount(row));
  }
  return out;
}

describe.skipIf(!hasSharedData)('simulate over the shared public event logs', () => {
  it('media micro TSV: event counts of the one session match the published breakdown', async () => {
    const defs = [
      group({
        name: 'media',
        ttl: 'P3650D',
        attributes: [
          attribute({ name: 'by_event', aggregation: 'category_count', type: 'dict', events: [], property: atomic('event_name') }),
          attribute({ name: 'pings', events: [{ name: 'page_ping' }] }),
          attribute({ name: 'page_views', events: [{ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }] }),
        ],
      }),
    ];
    const report = await simulate('media-micro-enriched.tsv', defs);
    expect(report.input).toMatchObject({ events_read: 73, bad_line_count: 0 });
    const rows = report.result.groups[0]?.rows ?? [];
    expect(rows).toHaveLength(1);
    const byEvent = rows[0]?.attributes['by_event'] as Record<string, number>;
    expect(byEvent).toMatchObject({ page_ping: 24, ad_quartile_event: 16, play_event: 4, pause_event: 4, page_view: 2 });
    expect(Object.values(byEvent).reduce((a, b) => a + b, 0)).toBe(73);
    expect(rows[0]?.attributes).toMatchObject({ pings: 24, page_views: 2 });
  });

  it('web sample CSV.gz: page and pricing views per user equal a direct count', async () => {
    const defs = [
      group({
        name: 'prospect',
        attribute_key: { name: 'domain_userid' },
        ttl: 'P3650D',
        attributes: [
          attribute({ name: 'num_page_views' }),
          attribute({ name: 'num_pricing_views', criteria: { all: [{ property: atomic('page_url'), operator: 'like', value: '%pricing%' }] } }),
        ],
      }),
      segment('pricing_interested', { attribute: 'prospect:num_pricing_views', operator: '>=', value: 1 }),
    ];
    const report = await simulate('web-sample-events.csv.gz', defs);
    const rows = csvRows('web-sample-events.csv.gz').filter((r) => r['EVENT_NAME'] === 'page_view' && r['EVENT_VENDOR'] === 'com.snowplowanalytics.snowplow');
    const views = tally(rows, (r) => r['DOMAIN_USERID']);
    const pricing = tally(rows.filter((r) => (r['PAGE_URL'] ?? '').includes('pricing')), (r) => r['DOMAIN_USERID']);
    const actual = report.result.groups[0]?.rows ?? [];
    expect(actual.length).toBe(views.size);
    for (const row of actual) {
      expect(row.attributes['num_page_views']).toBe(views.get(row.key));
      expect(row.attributes['num_pricing_views']).toBe(pricing.get(row.key) ?? null);
    }
    expect(report.result.segments[0]?.members).toEqual([...pricing.keys()].sort());
  });

  it('web sample CSV.gz: the 7-day default TTL empties users inactive for a week before now', async () => {
    const defs = [group({ name: 'p', attribute_key: { name: 'domain_userid' }, attributes: [attribute({ name: 'n' })] })];
    const report = await simulate('web-sample-events.csv.gz', defs);
    const last = new Map<string, number>();
    for (const r of csvRows('web-sample-events.csv.gz')) {
      if (r['EVENT_NAME'] !== 'page_view') continue;
      const t = Date.parse(`${(r['DERIVED_TSTAMP'] ?? '').replace(' ', 'T')}Z`);
      last.set(r['DOMAIN_USERID'] ?? '', Math.max(last.get(r['DOMAIN_USERID'] ?? '') ?? 0, t));
    }
    const now = Date.parse(report.result.now ?? '');
    const active = [...last].filter(([, t]) => now - t <= 7 * 86_400_000).map(([k]) => k).sort();
    expect(report.result.groups[0]?.rows.map((r) => r.key)).toEqual(active);
    expect(active.length).toBeGreaterThan(0);
    expect(active.length).toBeLessThan(last.size);
  });

  it('web vitals CSV: mean, min and max of an event property equal a direct computation', async () => {
    const lcp = eventProp('com.snowplowanalytics.snowplow', 'web_vitals', 'lcp');
    const defs = [
      group({
        name: 'vitals',
        attribute_key: { name: 'domain_userid' },
        ttl: 'P3650D',
        attributes: [
          attribute({ name: 'mean_lcp', aggregation: 'mean', type: 'double', events: [{ name: 'web_vitals' }], property: lcp }),
          attribute({ name: 'min_lcp', aggregation: 'min', type: 'double', events: [{ name: 'web_vitals' }], property: lcp }),
          attribute({ name: 'max_lcp', aggregation: 'max', type: 'double', events: [{ name: 'web_vitals' }], property: lcp }),
          attribute({ name: 'os', aggregation: 'last', type: 'string', events: [{ name: 'web_vitals' }], property: entityProp('nl.basjes', 'yauaa_context', 'operatingSystemName') }),
        ],
      }),
    ];
    const report = await simulate('web-vital-events.csv', defs);
    const values = new Map<string, number[]>();
    for (const r of csvRows('web-vital-events.csv')) {
      const cell = r['unstruct_event_com_snowplowanalytics_snowplow_web_vitals_1_0_0'];
      if (!cell) continue;
      const data = JSON.parse(cell) as { lcp?: number }[] | { lcp?: number };
      const v = Array.isArray(data) ? data[0]?.lcp : data.lcp;
      if (typeof v !== 'number') continue;
      const list = values.get(r['domain_userid'] ?? '') ?? [];
      list.push(v);
      values.set(r['domain_userid'] ?? '', list);
    }
    const rows = report.result.groups[0]?.rows ?? [];
    expect(rows.length).toBe(values.size);
    for (const row of rows) {
      const list = values.get(row.key) ?? [];
      expect(row.attributes['mean_lcp']).toBeCloseTo(list.reduce((a, b) => a + b, 0) / list.length, 6);
      expect(row.attributes['min_lcp']).toBe(Math.min(...list));
      expect(row.attributes['max_lcp']).toBe(Math.max(...list));
      expect(typeof row.attributes['os']).toBe('string');
    }
  });

  it('ecommerce CSV: the first product price of add_to_cart actions, summed per user, equals a direct sum', async () => {
    const action = eventProp('com.snowplowanalytics.snowplow.ecommerce', 'snowplow_ecommerce_action', 'type');
    const defs = [
      group({
        name: 'ecom',
        attribute_key: { name: 'domain_userid' },
        ttl: 'P3650D',
        attributes: [
          attribute({
            name: 'cart_value',
            aggregation: 'sum',
            type: 'double',
            events: [{ name: 'snowplow_ecommerce_action' }],
            property: entityProp('com.snowplowanalytics.snowplow.ecommerce', 'product', 'price'),
            criteria: { all: [{ property: action, operator: '=', value: 'add_to_cart' }] },
          }),
        ],
      }),
    ];
    const report = await simulate('ecommerce-events.csv', defs);
    const rows = csvRows('ecommerce-events.csv').filter((r) => {
      const cell = r['unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1_0_0'];
      return cell !== undefined && cell !== '' && (JSON.parse(cell) as { type?: string }).type === 'add_to_cart';
    });
    const expected = tally(
      rows.filter((r) => r['contexts_com_snowplowanalytics_snowplow_ecommerce_product_1_0_0']),
      (r) => r['domain_userid'],
      (r) => Number((JSON.parse(r['contexts_com_snowplowanalytics_snowplow_ecommerce_product_1_0_0'] ?? '[]') as { price: string }[])[0]?.price),
    );
    const actual = report.result.groups[0]?.rows ?? [];
    expect(actual.length).toBe(expected.size);
    for (const row of actual) expect(row.attributes['cart_value']).toBeCloseTo(expected.get(row.key) ?? Number.NaN, 6);
  });
});
