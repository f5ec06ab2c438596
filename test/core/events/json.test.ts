import { describe, expect, it } from 'vitest';
import type { SnowplowEvent } from '../../../src/core/events/event.js';
import { JsonEventConverter } from '../../../src/core/events/json-value.js';
import { LossyNormaliser, normaliseEventKey } from '../../../src/core/events/lossy.js';
import { parseEventsText } from '../../../src/core/events/parse-text.js';
import { CONTEXTS_SCHEMA, UNSTRUCT_SCHEMA } from './tsv-line.js';

function convert(value: unknown) {
  const events: { event: SnowplowEvent; line: number }[] = [];
  const bad: { line: number; reason: string }[] = [];
  new JsonEventConverter({ event: (event, line) => events.push({ event, line }), bad: (line, reason) => bad.push({ line, reason }) }).convert(value, 7);
  return { events: events.map((e) => e.event), bad };
}

const lossy = {
  app_id: 'angry-birds',
  platform: 'web',
  collector_tstamp: '2013-11-26T00:02:05Z',
  event: 'page_view',
  event_id: 'c6ef3124-b53a-4b13-a233-0088f79dcbcb',
  domain_userid: 'bc2e92ec6c204a14',
  domain_sessionidx: 3,
  br_cookies: false,
  contexts_org_schema_web_page_1: [{ genre: 'blog', inLanguage: 'en-US' }],
  unstruct_event_com_snowplowanalytics_snowplow_link_click_1: { targetUrl: 'http://www.example.com' },
  derived_tstamp: '2013-11-26T00:03:57.886Z',
  event_vendor: 'com.snowplowanalytics.snowplow',
  event_name: 'page_view',
  event_format: 'jsonschema',
  event_version: '1-0-0',
};

describe('lossy JSON events', () => {
  it('passes a clean event through without copying it, timestamps made canonical', () => {
    const input = structuredClone(lossy);
    const { events, bad } = convert(input);
    expect(bad).toEqual([]);
    expect(events[0]).toBe(input);
    expect(events[0]).toEqual({ ...lossy, collector_tstamp: '2013-11-26T00:02:05.000Z' });
  });

  it('drops nulls (Scala SDK style) and keeps typed values', () => {
    const { events } = convert({ ...lossy, user_id: null, se_value: null, tr_total: 12.5, br_features_pdf: true });
    expect(events[0]).not.toHaveProperty('user_id');
    expect(events[0]).not.toHaveProperty('se_value');
    expect(events[0]).toMatchObject({ tr_total: 12.5, br_features_pdf: true, domain_sessionidx: 3 });
  });

  it('normalises keys cheaply: case, refr_dvce_tstamp, version suffixes', () => {
    expect(normaliseEventKey('APP_ID')).toBe('app_id');
    expect(normaliseEventKey('refr_dvce_tstamp')).toBe('refr_device_tstamp');
    expect(normaliseEventKey('contexts_com_acme_x_1_0_0')).toBe('contexts_com_acme_x_1');
    expect(normaliseEventKey('UNSTRUCT_EVENT_COM_ACME_BUY_2_1_0')).toBe('unstruct_event_com_acme_buy_2');
    expect(normaliseEventKey('derived_contexts_com_acme_x_1_0_0')).toBe('contexts_com_acme_x_1');
    expect(normaliseEventKey('contexts_com_acme_x_1')).toBe('contexts_com_acme_x_1');
    const { events } = convert({
      APP_ID: 'a',
      DERIVED_TSTAMP: '2024-01-01 00:00:00',
      REFR_DVCE_TSTAMP: '2024-01-01 00:00:00',
      contexts_com_acme_x_1_0_0: [{ a: 1 }],
      contexts_com_acme_x_1_1_0: [{ a: 2 }],
    });
    expect(events[0]).toEqual({
      app_id: 'a',
      derived_tstamp: '2024-01-01T00:00:00.000Z',
      refr_device_tstamp: '2024-01-01T00:00:00.000Z',
      contexts_com_acme_x_1: [{ a: 1 }, { a: 2 }],
    });
  });

  it('reports an unreadable timestamp and an event without any time', () => {
    expect(convert({ ...lossy, derived_tstamp: 'soon' }).bad).toEqual([{ line: 7, reason: 'derived_tstamp is not a timestamp: "soon"' }]);
    expect(convert({ ...lossy, collector_tstamp: 1385424125000 }).bad).toEqual([{ line: 7, reason: 'collector_tstamp is not a timestamp: "1385424125000"' }]);
    expect(convert({ event_id: 'x' }).bad).toEqual([]);
  });

  it('falls back to derived-time rules without derived_tstamp', () => {
    const base = { event: 'page_view', collector_tstamp: '2024-01-01T00:00:10.000Z' };
    expect(convert({ ...base }).events[0]?.['derived_tstamp']).toBe('2024-01-01T00:00:10.000Z');
    const delayed = { ...base, dvce_created_tstamp: '2024-01-01T00:00:00.000Z', dvce_sent_tstamp: '2024-01-01T00:00:03.000Z' };
    expect(convert({ ...delayed }).events[0]?.['derived_tstamp']).toBe('2024-01-01T00:00:07.000Z');
    expect(convert({ ...delayed, true_tstamp: '2023-12-31T23:00:00Z' }).events[0]?.['derived_tstamp']).toBe('2023-12-31T23:00:00.000Z');
    expect(convert({ dvce_created_tstamp: '2024-01-01T00:00:01Z' }).events[0]?.['derived_tstamp']).toBe('2024-01-01T00:00:01.000Z');
  });

  it('derives the identity from the only unstruct key when it is missing', () => {
    const { events } = convert({ derived_tstamp: '2024-01-01T00:00:00.000Z', unstruct_event_com_snowplowanalytics_snowplow_media_play_event_1: { x: 1 } });
    expect(events[0]).toMatchObject({ event: 'unstruct', event_vendor: 'com.snowplowanalytics.snowplow.media', event_name: 'play_event', event_format: 'jsonschema' });
    expect(events[0]).not.toHaveProperty('event_version');
  });

  it('the normaliser cache does not leak between events', () => {
    const n = new LossyNormaliser();
    const first = n.normalise({ app_id: 'a', derived_tstamp: '2024-01-01T00:00:00.000Z' });
    const second = n.normalise({ App_Id: 'b', derived_tstamp: '2024-01-01T00:00:00.000Z' });
    expect(first).toEqual({ ok: true, event: { app_id: 'a', derived_tstamp: '2024-01-01T00:00:00.000Z' } });
    expect(second).toEqual({ ok: true, event: { app_id: 'b', derived_tstamp: '2024-01-01T00:00:00.000Z' } });
  });
});

const lossless = {
  app_id: 'shop',
  platform: 'web',
  collector_tstamp: '2021-08-29T12:01:05.787Z',
  event: 'unstruct',
  event_id: 'bee0',
  user_id: null,
  domain_userid: '3674',
  contexts: {
    schema: CONTEXTS_SCHEMA,
    data: [
      { schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: '5cea' } },
      { schema: 'iglu:com.acme/product/jsonschema/1-0-0', data: { sku: 'a' } },
    ],
  },
  unstruct_event: { schema: UNSTRUCT_SCHEMA, data: { schema: 'iglu:com.acme/add_to_cart/jsonschema/2-1-0', data: { qty: 2 } } },
  derived_contexts: {
    schema: CONTEXTS_SCHEMA,
    data: [
      { schema: 'iglu:com.acme/product/jsonschema/1-0-1', data: { sku: 'derived' } },
      { schema: 'iglu:nl.basjes/yauaa_context/jsonschema/1-0-4', data: { deviceClass: 'Desktop' } },
    ],
  },
  derived_tstamp: '2021-08-29T12:01:05.783Z',
  event_vendor: null,
  event_name: null,
  event_format: null,
  event_version: null,
  refr_dvce_tstamp: null,
};

describe('lossless JSON events', () => {
  it('groups entities under lossy keys, derived ones after custom ones, and unwraps the event', () => {
    const { events, bad } = convert(structuredClone(lossless));
    expect(bad).toEqual([]);
    expect(events[0]).toEqual({
      app_id: 'shop',
      platform: 'web',
      collector_tstamp: '2021-08-29T12:01:05.787Z',
      event: 'unstruct',
      event_id: 'bee0',
      domain_userid: '3674',
      derived_tstamp: '2021-08-29T12:01:05.783Z',
      contexts_com_snowplowanalytics_snowplow_web_page_1: [{ id: '5cea' }],
      contexts_com_acme_product_1: [{ sku: 'a' }, { sku: 'derived' }],
      contexts_nl_basjes_yauaa_context_1: [{ deviceClass: 'Desktop' }],
      unstruct_event_com_acme_add_to_cart_2: { qty: 2 },
      event_vendor: 'com.acme',
      event_name: 'add_to_cart',
      event_format: 'jsonschema',
      event_version: '2-1-0',
    });
  });

  it.each([
    ['[]', { contexts: [], derived_contexts: [], unstruct_event: null }],
    ['{}', { contexts: {}, derived_contexts: {}, unstruct_event: {} }],
    ['null', { contexts: null, derived_contexts: null, unstruct_event: null }],
  ])('accepts empty self-describing fields as %s', (_name, empties) => {
    const { events, bad } = convert({ ...lossless, ...empties, event: 'page_view' });
    expect(bad).toEqual([]);
    expect(Object.keys(events[0] ?? {}).filter((k) => k.startsWith('contexts') || k.startsWith('unstruct'))).toEqual([]);
    expect(events[0]?.['event_name']).toBe('page_view');
  });

  it('reports a malformed entity', () => {
    const broken = { ...lossless, contexts: { schema: CONTEXTS_SCHEMA, data: [{ schema: 'not-iglu', data: {} }] } };
    expect(convert(broken).bad).toEqual([{ line: 7, reason: 'contexts holds a schema that is not an Iglu URI: "not-iglu"' }]);
    expect(convert({ ...lossless, contexts: { schema: CONTEXTS_SCHEMA, data: 'x' } }).bad).toEqual([{ line: 7, reason: 'contexts has no data list' }]);
  });
});

describe('Snowplow Micro answers', () => {
  const good = (event: unknown, extra: Record<string, unknown> = {}) => ({
    rawEvent: { api: { vendor: 'com.snowplowanalytics.snowplow', version: 'tp2' }, parameters: { e: 'ue' } },
    eventType: 'unstruct',
    schema: 'iglu:com.acme/add_to_cart/jsonschema/2-1-0',
    contexts: ['iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'],
    event,
    ...extra,
  });

  it('unwraps /micro/good items and skips incomplete ones', () => {
    const { events, bad } = convert([good(structuredClone(lossless)), good({ ...structuredClone(lossless), event_id: 'x' }, { incomplete: true })]);
    expect(events.map((e) => e['event_id'])).toEqual(['bee0']);
    expect(events[0]?.['unstruct_event_com_acme_add_to_cart_2']).toEqual({ qty: 2 });
    expect(bad).toEqual([{ line: 7, reason: 'Snowplow Micro marks this event incomplete (it failed validation)' }]);
  });

  it('reports /micro/bad items as bad lines', () => {
    expect(convert([{ collectorPayload: {}, rawEvent: {}, errors: ['Error while validating the event'] }]).bad).toEqual([
      { line: 7, reason: 'Snowplow Micro bad event: "Error while validating the event"' },
    ]);
  });

  it('reads {events: [...]} and arrays of lossy events', () => {
    const page = { events: [lossy, { ...lossy, event_id: 'b' }], totalPages: 1, totalItems: 2 };
    expect(convert(structuredClone(page)).events.map((e) => e['event_id'])).toEqual([lossy.event_id, 'b']);
    expect(convert([structuredClone(lossy)]).events).toHaveLength(1);
  });

  it('rejects values that are not events', () => {
    expect(convert(42).bad).toEqual([{ line: 7, reason: 'not an event object: "42"' }]);
    expect(convert([[[lossy]]]).bad).toEqual([{ line: 7, reason: 'a list nested in a list is not an event' }]);
  });
});

describe('JSON documents through parseEventsText', () => {
  const micro = JSON.stringify([
    { rawEvent: {}, event: { ...lossless, event_id: 'one' } },
    { rawEvent: {}, event: { ...lossless, event_id: 'two', note: 'brackets ] } [ { and "quotes" \\" in strings', path: 'C:\\dir\\', empty: '' } },
  ]);

  it('streams a /micro/good array element by element, numbered from 1', () => {
    const r = parseEventsText(micro, { file: 'good.json' });
    expect(r.format).toBe('json');
    expect(r.badLines).toEqual([]);
    expect(r.events.map((e) => [e.line, e.event['event_id']])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    expect(r.events[1]?.event['note']).toBe('brackets ] } [ { and "quotes" \\" in strings');
    expect(r.events[1]?.event['path']).toBe('C:\\dir\\');
  });

  it('reads a pretty-printed {events: [...]} page and pretty-printed events one after another', () => {
    const page = JSON.stringify({ totalItems: 2, events: [lossy, { ...lossy, event_id: 'b' }], totalPages: 1 }, null, 2);
    expect(parseEventsText(page).events.map((e) => e.event['event_id'])).toEqual([lossy.event_id, 'b']);
    const jq = `${JSON.stringify(lossy, null, 2)}\n${JSON.stringify({ ...lossy, event_id: 'c' }, null, 2)}\n`;
    const r = parseEventsText(jq);
    expect(r.format).toBe('json');
    expect(r.events.map((e) => [e.line, e.event['event_id']])).toEqual([
      [1, lossy.event_id],
      [2, 'c'],
    ]);
  });

  it('reports broken elements and a truncated document, keeping the good ones', () => {
    const text = '[{"derived_tstamp":"2024-01-01T00:00:00Z","event_id":"a"}, {"derived_tstamp": x}, 5, {"derived_tstamp":"2024-01-01T00:00:00Z","event_id":"b"}, {"event_id":';
    const r = parseEventsText(text);
    expect(r.events.map((e) => [e.line, e.event['event_id']])).toEqual([
      [1, 'a'],
      [4, 'b'],
    ]);
    expect(r.badLines.map((b) => [b.line, b.reason.replace(/:.*/, '')])).toEqual([
      [2, 'invalid JSON'],
      [3, 'not an event object'],
      [5, 'the JSON document ends before its closing bracket (truncated file?)'],
    ]);
  });

  it('gives the same result whatever the chunking', async () => {
    const { EventTextParser } = await import('../../../src/core/events/parser.js');
    const whole = parseEventsText(micro);
    for (const size of [1, 2, 3, 7, 64]) {
      const events: unknown[] = [];
      const p = new EventTextParser({ event: (event, line) => events.push({ event, line, file: '-' }), bad: () => {} });
      for (let i = 0; i < micro.length; i += size) p.push(micro.slice(i, i + size));
      p.end();
      expect(events).toEqual(whole.events);
    }
  });
});
