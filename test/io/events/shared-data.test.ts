import { describe, expect, it } from 'vitest';
import type { EventRecord, SnowplowEvent } from '../../../src/core/events/event.js';
import { readEvents } from '../../../src/io/events/read-events.js';
import { hasSharedData, sharedDataFile } from '../../helpers/shared-data.js';

async function read(name: string) {
  const stream = readEvents([sharedDataFile(name)], { cwd: process.cwd() });
  const records: EventRecord[] = [];
  for await (const r of stream) records.push(r);
  return { records, events: records.map((r) => r.event), stats: stream.stats };
}

function countBy(events: SnowplowEvent[], field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    const k = String(e[field]);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.skipIf(!hasSharedData)('the shared public event logs', () => {
  it('media-micro-enriched.tsv: 73 enriched TSV events of one media session', async () => {
    const { events, records, stats } = await read('media-micro-enriched.tsv');
    expect(stats.inputs[0]).toMatchObject({ format: 'tsv', gzip: false, events: 73, badLines: 0 });
    expect(events).toHaveLength(73);
    expect(records.map((r) => r.line)).toEqual(Array.from({ length: 73 }, (_, i) => i + 1));
    expect(countBy(events, 'event_name')).toEqual({
      page_ping: 24,
      ad_quartile_event: 16,
      ad_start_event: 6,
      play_event: 4,
      pause_event: 4,
      ping_event: 4,
      ad_break_start_event: 3,
      ad_complete_event: 3,
      ad_break_end_event: 3,
      ad_skip_event: 3,
      page_view: 2,
      ad_click_event: 1,
    });
    expect(new Set(events.map((e) => e['domain_sessionid']))).toEqual(new Set(['8ccfeb07-c10f-4e7a-9932-f24443264899']));
    const first = events[0] as SnowplowEvent;
    expect(first).toMatchObject({
      platform: 'web',
      event: 'page_view',
      event_id: '68859d61-0f9e-4e6d-89a6-9df092d6f7ef',
      collector_tstamp: '2024-11-16T13:33:21.958Z',
      derived_tstamp: '2024-11-16T13:33:21.957Z',
      domain_sessionidx: 2,
      page_urlport: 3000,
      br_cookies: true,
      br_viewwidth: 1600,
      contexts_com_snowplowanalytics_snowplow_web_page_1: [{ id: 'e08f471e-3cb8-4023-91a6-805f23ba3412' }],
    });
    expect(first).not.toHaveProperty('app_id'); // empty in the file
    const quartile = events.find((e) => e['event_name'] === 'ad_quartile_event') as SnowplowEvent;
    expect(quartile['unstruct_event_com_snowplowanalytics_snowplow_media_ad_quartile_event_1']).toEqual({ percentProgress: 50 });
    expect(quartile['event_vendor']).toBe('com.snowplowanalytics.snowplow.media');
    expect(quartile['contexts_com_snowplowanalytics_snowplow_media_player_2']).toEqual([expect.objectContaining({ label: 'Bugs Bunny', paused: true, volume: 100 })]);
    for (const e of events) expect(e['derived_tstamp']).toMatch(ISO);
  });

  it('web-sample-events.csv.gz: 5,398 events of a gzipped UPPERCASE Snowflake export', async () => {
    const { events, stats } = await read('web-sample-events.csv.gz');
    expect(stats.inputs[0]).toMatchObject({ format: 'csv', gzip: true, events: 5398, badLines: 0 });
    expect(countBy(events, 'event_name')).toEqual({ page_view: 4968, submit_form: 430 });
    expect(new Set(events.map((e) => e['domain_userid'])).size).toBe(804);
    expect(new Set(events.map((e) => e['domain_sessionid'])).size).toBe(1076);
    expect(events[0]).toEqual({
      app_id: 'website',
      platform: 'web',
      derived_tstamp: '2025-04-23T00:21:24.939Z',
      event: 'page_view',
      event_id: 'd860525b-df36-4eba-8984-63e29096e435',
      name_tracker: 'sp',
      domain_userid: '4f25ffb7-b3f6-4cc1-819b-040566e6e3a1',
      domain_sessionidx: 1,
      page_url: 'https://snowplow.io/search/app/app',
      domain_sessionid: 'd4a4b249-5b80-473a-b9d9-ac9f328f8163',
      event_vendor: 'com.snowplowanalytics.snowplow',
      event_name: 'page_view',
      event_format: 'jsonschema',
      event_version: '1-0-0',
    });
    // the export's quirk is kept as it is: EVENT=unstruct rows say EVENT_NAME=page_view
    expect(events[1]).toMatchObject({ event: 'unstruct', event_name: 'page_view' });
    const times = events.map((e) => e['derived_tstamp'] as string).sort();
    expect([times[0]?.slice(0, 10), times.at(-1)?.slice(0, 10)]).toEqual(['2025-04-01', '2025-05-13']);
  });

  it('ecommerce-events.csv: 835 events with entity lists and unstruct objects', async () => {
    const { events, stats } = await read('ecommerce-events.csv');
    expect(stats.inputs[0]).toMatchObject({ format: 'csv', events: 835, badLines: 0 });
    expect(countBy(events, 'event')).toEqual({ page_view: 1, unstruct: 834 });
    expect(new Set(events.map((e) => e['domain_userid'])).size).toBe(61);
    const actions = countBy(
      events.map((e) => (e['unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1'] ?? {}) as SnowplowEvent),
      'type',
    );
    expect(actions['product_view']).toBeGreaterThan(0);
    expect(actions['add_to_cart']).toBeGreaterThan(0);
    expect(actions['transaction']).toBeGreaterThan(0);
    const view = events[2] as SnowplowEvent;
    expect(view['unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1']).toEqual({ type: 'product_view', name: null });
    expect(view['contexts_com_snowplowanalytics_snowplow_ecommerce_product_1']).toEqual([
      expect.objectContaining({ id: '1236', category: 'Hats', price: '12.0', currency: 'EUR', brand: 'Snowplow' }),
    ]);
    expect(view).toMatchObject({ geo_latitude: 37.9834, page_urlport: 3000, etl_tstamp: '2022-12-22T13:25:49.761Z' });
    // `[]` cells are no entity at all
    expect(view).not.toHaveProperty('contexts_com_snowplowanalytics_snowplow_ecommerce_cart_1');
    // every version-suffixed column collapsed to its major
    for (const e of events) for (const k of Object.keys(e)) expect(k).not.toMatch(/_\d+_\d+_\d+$/);
  });

  it('unified-events.csv: 284 mixed web and mobile events, a vendor with "-"', async () => {
    const { events, stats } = await read('unified-events.csv');
    expect(stats.inputs[0]).toMatchObject({ format: 'csv', events: 284, badLines: 0 });
    expect(countBy(events, 'event_name')).toMatchObject({ screen_view: 101, page_view: 50, cmp_visible: 33, consent_preferences: 32, snplow_cookies: 16, event: 6 });
    expect(countBy(events, 'event_vendor')['com.snowplowanalytics.snowplow-website']).toBe(16);
    const struct = events.find((e) => e['event'] === 'struct') as SnowplowEvent;
    expect(struct).toMatchObject({ event_vendor: 'com.google.analytics', event_name: 'event', se_category: 'authentication', se_action: 'login' });
    const first = events[0] as SnowplowEvent;
    expect(first).toMatchObject({ br_features_pdf: true, br_features_flash: false, br_viewwidth: 1104, geo_latitude: -37.8061 });
    expect(first).not.toHaveProperty('true_tstamp');
    expect(first['contexts_nl_basjes_yauaa_context_1']).toEqual([expect.objectContaining({ operatingSystemName: 'MacOS', deviceClass: 'Desktop' })]);
    const consent = events.find((e) => e['unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1'] !== undefined) as SnowplowEvent;
    expect(typeof consent['unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1']).toBe('object');
    expect(Array.isArray(consent['unstruct_event_com_snowplowanalytics_snowplow_consent_preferences_1'])).toBe(false);
    const screen = events.find((e) => e['event_name'] === 'screen_view') as SnowplowEvent;
    expect(screen['event_vendor']).toBe('com.snowplowanalytics.mobile');
  });

  it('web-vital-events.csv: 1,001 events with numbers, the last one a row without any time or id', async () => {
    const { events, stats } = await read('web-vital-events.csv');
    expect(events).toHaveLength(1001);
    expect(stats.badLineCount).toBe(0);
    const last = events[1000] as SnowplowEvent;
    expect(last['derived_tstamp']).toBeUndefined();
    expect(last['event_id']).toBeUndefined();
    expect(Array.isArray(last['contexts_nl_basjes_yauaa_context_1'])).toBe(true);
    const first = events[0] as SnowplowEvent;
    expect(first['unstruct_event_com_snowplowanalytics_snowplow_web_vitals_1']).toEqual({ cls: 0.05, fcp: 0, fid: 70.4, inp: 70.4, lcp: 1908, navigation_type: 'navigate', ttfb: 228.9 });
    expect(first).toMatchObject({
      derived_tstamp: '2023-03-01T06:16:09.201Z',
      event: 'unstruct',
      event_vendor: 'com.snowplowanalytics.snowplow',
      event_name: 'web_vitals',
      event_version: '1-0-0',
    });
    expect(first['contexts_nl_basjes_yauaa_context_1']).toEqual([expect.objectContaining({ device_class: 'Mobile', operating_system_name: 'Android' })]);
    const lcps = events.map((e) => (e['unstruct_event_com_snowplowanalytics_snowplow_web_vitals_1'] as { lcp?: unknown } | undefined)?.lcp).filter((v) => v !== undefined);
    expect(lcps.length).toBeGreaterThan(900);
    for (const v of lcps) expect(typeof v).toBe('number');
  });

  it('all five files in one run, in order, deterministically', async () => {
    const names = ['media-micro-enriched.tsv', 'web-sample-events.csv.gz', 'ecommerce-events.csv', 'unified-events.csv', 'web-vital-events.csv'];
    const run = async () => {
      const stream = readEvents(names.map(sharedDataFile), { cwd: process.cwd() });
      const out: EventRecord[] = [];
      for await (const r of stream) out.push(r);
      return { out, stats: stream.stats };
    };
    const a = await run();
    const b = await run();
    expect(a.out.length).toBe(73 + 5398 + 835 + 284 + 1001);
    expect(a.stats.eventsRead).toBe(a.out.length);
    expect(a.stats.files).toEqual(names.map(sharedDataFile));
    expect(JSON.stringify(b.out)).toBe(JSON.stringify(a.out));
  });
});
