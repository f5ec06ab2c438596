import { describe, expect, it } from 'vitest';
import { ATOMIC_FIELDS } from '../../../src/core/atomic.js';
import { parseTsvLine } from '../../../src/core/events/tsv.js';
import { F, schemaRef, type GeneratedEvent } from '../../../src/core/generate/event.js';
import { formatEnrichedTsv, formatLossyJson } from '../../../src/core/generate/format.js';
import { generateEvents } from '../../../src/core/generate/index.js';

const content = schemaRef('com.snowplowanalytics.accelerators.travel', 'content', '1-0-0');
const filter = schemaRef('com.snowplowanalytics.accelerators.travel', 'filter_tag_applied', '1-0-0');
const yauaa = schemaRef('nl.basjes', 'yauaa_context', '1-0-4');

function sampleEvent(): GeneratedEvent {
  const fields = new Array(131);
  fields[F.app_id] = 'travel-demo';
  fields[F.platform] = 'web';
  fields[F.collector_tstamp] = Date.parse('2026-01-05T09:00:01.250Z');
  fields[F.derived_tstamp] = Date.parse('2026-01-05T09:00:01.004Z');
  fields[F.event] = 'unstruct';
  fields[F.event_id] = '00000000-0000-4000-8000-000000000001';
  fields[F.domain_sessionidx] = 2;
  fields[F.page_title] = 'Kyoto "old town"\tguide';
  fields[F.event_vendor] = filter.vendor;
  fields[F.event_name] = filter.name;
  fields[F.event_format] = 'jsonschema';
  fields[F.event_version] = filter.version;
  return {
    time: fields[F.derived_tstamp],
    fields,
    contexts: [
      { schema: content, data: { id: 'kyoto', primary_tag: 'temples' } },
      { schema: content, data: { id: 'nara', primary_tag: 'history' } },
    ],
    derivedContexts: [{ schema: yauaa, data: { agentName: 'Safari' } }],
    unstruct: { schema: filter, data: { tag_name: 'Family' } },
  };
}

describe('formatLossyJson', () => {
  it('writes typed atomic fields, ISO timestamps and shredded entities under Analytics-SDK keys', () => {
    const json = JSON.parse(formatLossyJson(sampleEvent())) as Record<string, unknown>;
    expect(json['collector_tstamp']).toBe('2026-01-05T09:00:01.250Z');
    expect(json['derived_tstamp']).toBe('2026-01-05T09:00:01.004Z');
    expect(json['domain_sessionidx']).toBe(2);
    expect(json['page_title']).toBe('Kyoto "old town"\tguide');
    expect(json['contexts_com_snowplowanalytics_accelerators_travel_content_1']).toEqual([
      { id: 'kyoto', primary_tag: 'temples' },
      { id: 'nara', primary_tag: 'history' },
    ]);
    expect(json['contexts_nl_basjes_yauaa_context_1']).toEqual([{ agentName: 'Safari' }]);
    expect(json['unstruct_event_com_snowplowanalytics_accelerators_travel_filter_tag_applied_1']).toEqual({ tag_name: 'Family' });
    expect(json).not.toHaveProperty('contexts');
    expect(json).not.toHaveProperty('user_id');
  });

  it('keeps the enriched-TSV field order', () => {
    const keys = Object.keys(JSON.parse(formatLossyJson(sampleEvent())) as object).filter((k) => !k.startsWith('contexts_') && !k.startsWith('unstruct_'));
    const order = keys.map((k) => ATOMIC_FIELDS.indexOf(k as (typeof ATOMIC_FIELDS)[number]));
    expect(order.every((v, i) => i === 0 || v > order[i - 1]!)).toBe(true);
  });
});

describe('formatEnrichedTsv', () => {
  it('writes exactly 131 fields with self-describing contexts, unstruct event and derived contexts', () => {
    const cells = formatEnrichedTsv(sampleEvent()).split('\t');
    expect(cells).toHaveLength(131);
    expect(cells[ATOMIC_FIELDS.indexOf('collector_tstamp')]).toBe('2026-01-05 09:00:01.250');
    expect(cells[ATOMIC_FIELDS.indexOf('page_title')]).toBe('Kyoto "old town" guide');
    const contexts = JSON.parse(cells[ATOMIC_FIELDS.indexOf('contexts')]!) as { schema: string; data: { schema: string }[] };
    expect(contexts.schema).toBe('iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0');
    expect(contexts.data.map((c) => c.schema)).toEqual([content.uri, content.uri]);
    const unstruct = JSON.parse(cells[ATOMIC_FIELDS.indexOf('unstruct_event')]!) as { schema: string; data: { schema: string; data: unknown } };
    expect(unstruct.schema).toBe('iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0');
    expect(unstruct.data).toEqual({ schema: filter.uri, data: { tag_name: 'Family' } });
    expect(JSON.parse(cells[ATOMIC_FIELDS.indexOf('derived_contexts')]!).data[0].schema).toBe(yauaa.uri);
    expect(cells[ATOMIC_FIELDS.indexOf('user_id')]).toBe('');
  });

  it('reads back, through the project TSV reader, as the same event as the lossy JSON', () => {
    let checked = 0;
    for (const template of ['travel', 'ecommerce', 'media', 'quickstart']) {
      for (const event of generateEvents({ template, sessions: 15, seed: 'tsv', start: Date.parse('2026-02-01T00:00:00Z') })) {
        const parsed = parseTsvLine(formatEnrichedTsv(event));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.event).toEqual(JSON.parse(formatLossyJson(event)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
