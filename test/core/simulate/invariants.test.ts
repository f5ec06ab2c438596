/**
 * Property tests over generated events: invariants that must hold for any input.
 */
import { describe, expect, it } from 'vitest';
import type { Attribute } from '../../../src/core/model.js';
import type { SnowplowEvent } from '../../../src/core/events/event.js';
import { atomic, attribute, group, intervention, pageView, segment, simulate } from './builders.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.UTC(2025, 2, 1);
const labels = ['food', 'art', 'beach', 'city', null];
const paths = ['/destinations/japan', '/destinations/peru', '/home', '/about', ''];

function generate(seed: number, n: number): SnowplowEvent[] {
  const rnd = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const events: SnowplowEvent[] = [];
  let t = T0;
  for (let i = 0; i < n; i++) {
    t += 1 + Math.floor(rnd() * 600_000); // strictly increasing: no timestamp ties
    const fields: SnowplowEvent = { domain_sessionid: `s${Math.floor(rnd() * 12)}`, page_urlpath: pick(paths), event_id: `e${i}` };
    const label = pick(labels);
    if (label !== null) fields['se_label'] = label;
    if (rnd() < 0.8) fields['se_value'] = rnd() < 0.1 ? 'n/a' : Math.round(rnd() * 1000) / 10;
    events.push(pageView(t, fields));
  }
  return events;
}

function shuffle<T>(list: readonly T[], seed: number): T[] {
  const rnd = mulberry32(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const like = { all: [{ property: atomic('page_urlpath'), operator: 'like' as const, value: '%destinations%' }] };
const value = atomic('se_value');
const label = atomic('se_label');
const attrs: Attribute[] = [
  attribute({ name: 'views' }),
  attribute({ name: 'dest', criteria: like }),
  attribute({ name: 'dest_1h', criteria: like, period: 'PT1H' }),
  attribute({ name: 'sum', aggregation: 'sum', type: 'double', property: value }),
  attribute({ name: 'sum_2h', aggregation: 'sum', type: 'double', property: value, period: 'PT2H' }),
  attribute({ name: 'min', aggregation: 'min', type: 'double', property: value }),
  attribute({ name: 'max', aggregation: 'max', type: 'double', property: value, period: 'P1D' }),
  attribute({ name: 'mean', aggregation: 'mean', type: 'double', property: value }),
  attribute({ name: 'first', aggregation: 'first', type: 'string', property: label }),
  attribute({ name: 'last', aggregation: 'last', type: 'string', property: label }),
  attribute({ name: 'last_3h', aggregation: 'last', type: 'string', property: label, period: 'PT3H' }),
  attribute({ name: 'tags', aggregation: 'unique_list', type: 'string_list', property: label }),
  attribute({ name: 'top', aggregation: 'most_frequent', type: 'string', property: label }),
  attribute({ name: 'rare', aggregation: 'least_frequent', type: 'string', property: label }),
  attribute({ name: 'cats', aggregation: 'category_count', type: 'dict', property: label }),
  attribute({ name: 'distinct', aggregation: 'approx_count_distinct', type: 'int64', property: atomic('page_urlpath') }),
  attribute({ name: 'since_first', aggregation: 'time_since_first', type: 'double', time_unit: 'min' }),
  attribute({ name: 'since_last', aggregation: 'time_since_last', type: 'double', time_unit: 'min', period: 'P1D' }),
];
const defs = [
  group({ name: 'stream', ttl: 'P3650D', attributes: attrs }),
  group({ name: 'batch', ttl: 'P3650D', attributes: attrs.filter((a) => a.name !== 'since_first') }, { source: 'batch' }),
  segment('explorers', { attribute: 'stream:dest', operator: '>=', value: 3 }),
  intervention({ name: 'help', criteria: { attribute: 'stream:dest', operator: '>=', value: 3 } }),
  intervention({ name: 'burst', criteria: { attribute: 'stream:dest_1h', operator: '>=', value: 2 } }),
  intervention({ name: 'retag', criteria: { attribute: 'stream:last', operator: 'changed' } }),
];

describe.each([1, 2, 3, 4, 5])('invariants on generated events (seed %i)', (seed) => {
  const events = generate(seed, 400);
  const sorted = simulate(defs, events);

  it('counter equals the number of events that pass the filter', () => {
    for (const row of sorted.groups[1]?.rows ?? []) {
      const mine = events.filter((e) => e['domain_sessionid'] === row.key);
      expect(row.attributes['views']).toBe(mine.length);
      const dest = mine.filter((e) => String(e['page_urlpath']).includes('destinations')).length;
      expect(row.attributes['dest']).toBe(dest === 0 ? null : dest);
    }
  });

  it('gives the same report for shuffled input within the reorder buffer', () => {
    const shuffled = simulate(defs, shuffle(events, seed * 7), { reorderBuffer: events.length });
    expect(JSON.stringify({ ...shuffled, stats: null })).toBe(JSON.stringify({ ...sorted, stats: null }));
  });

  it('gives the same attribute values for shuffled input even without reordering', () => {
    const arrival = simulate(defs, shuffle(events, seed * 13));
    expect(arrival.groups).toEqual(sorted.groups);
    expect(arrival.segments).toEqual(sorted.segments);
  });

  it('is deterministic: byte-identical output for the same input', () => {
    expect(JSON.stringify(simulate(defs, events))).toBe(JSON.stringify(sorted));
  });

  it('fires once-per-target interventions at most once per key', () => {
    const help = sorted.interventions.find((i) => i.name === 'help')?.firings ?? [];
    expect(new Set(help.map((f) => f.target.id)).size).toBe(help.length);
    const explorers = sorted.segments.find((s) => s.name === 'explorers')?.members ?? [];
    // a lifetime counter never goes down, so every explorer has fired exactly once
    expect(help.map((f) => f.target.id).sort()).toEqual(explorers);
  });
});
