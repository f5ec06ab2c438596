/**
 * Randomized differential test: seeded definitions and events, the stream engine against the
 * DuckDB engine. Every mismatch names the seed and the attribute that differs; rerun one seed
 * with SIGNALS_DUCKDB_SEED=<n>.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Aggregation, Attribute, AttributeType, Criterion, CriterionValue, Definition, EventRef, Property, RuleNode } from '../../../src/core/model.js';
import { compareEngines, tempDir } from './harness.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AMOUNTS: unknown[] = [1, 2.5, -3, 0, '4', ' 5 ', '1e2', '0x1F', 'abc', '', null, true, false, 0.1, 0.2, '007', '-0', 12345678901234567890, '1_000', '.5', '5.', 1e21, 3.4201600000000002e25, 7, 7, 7.25, '7.25', '\u00a012\u00a0'];
const LABELS: unknown[] = ['a', 'b', 'x%y', 'a_c', 'ABC', 'é', '😀', '', '1', 'true', 'page/1', 'Family', 'family', 'b', 'a', 42, false, 'x\ny'];
const TAGS: unknown[] = [['a', 'b'], [1, 2], [], ['x'], null, ['a'], ['1', 1, true]];
const NESTED: unknown[] = [{ inner: 'q' }, { inner: 3 }, { other: 1 }, null, 'flat', [1]];
const URLS = ['https://x.test/', 'https://x.test/pricing', 'https://x.test/blog/1', 'https://x.test/pricing/team', 'https://x.test/a_b%c'];

const EVENT_REFS: { ref: EventRef; weight: number }[] = [
  { ref: { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }, weight: 3 },
  { ref: { vendor: 'com.acme', name: 'thing', version: '1-0-0' }, weight: 3 },
  { ref: { vendor: 'com.acme', name: 'thing' }, weight: 1 },
  { ref: { name: 'event' }, weight: 1 },
  { ref: { vendor: 'com-acme', name: 'thing' }, weight: 1 },
];

const PROPERTIES: Property[] = [
  { type: 'atomic', name: 'se_label' },
  { type: 'atomic', name: 'se_value' },
  { type: 'atomic', name: 'page_url' },
  { type: 'atomic', name: 'platform' },
  { type: 'event', vendor: 'com.acme', name: 'thing', major_version: 1, path: 'amount' },
  { type: 'event', vendor: 'com.acme', name: 'thing', major_version: 1, path: 'label' },
  { type: 'event', vendor: 'com.acme', name: 'thing', major_version: 1, path: 'tags' },
  { type: 'event', vendor: 'com.acme', name: 'thing', major_version: 1, path: 'nested.inner' },
  { type: 'event', vendor: 'com.acme', name: 'thing', major_version: 1, path: 'tags[0]' },
  { type: 'entity', vendor: 'com.acme', name: 'ctx', major_version: 1, path: 'some_value', index: 0 },
  { type: 'entity', vendor: 'com.acme', name: 'ctx', major_version: 1, path: 'someValue', index: 1 },
  { type: 'entity', vendor: 'com.acme', name: 'ctx', major_version: 1, path: 'label', index: 0 },
];

const AGGREGATIONS: Aggregation[] = ['counter', 'sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list', 'most_frequent', 'least_frequent', 'category_count', 'approx_count_distinct', 'time_since_first', 'time_since_last'];

interface Generated {
  definitions: Definition[];
  ndjson: string;
  sorted: boolean;
  now?: number;
}

function generate(seed: number): Generated {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const chance = (p: number) => r() < p;
  const pickRef = (): EventRef => {
    const total = EVENT_REFS.reduce((s, e) => s + e.weight, 0);
    let x = r() * total;
    for (const e of EVENT_REFS) if ((x -= e.weight) < 0) return { ...e.ref };
    return { ...(EVENT_REFS[0] as { ref: EventRef }).ref };
  };
  const value = (): CriterionValue => {
    const v = pick([...AMOUNTS, ...LABELS].filter((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) as string | number | boolean;
    return typeof v === 'number' && !Number.isFinite(v) ? 1 : v;
  };
  const criterion = (): Criterion => {
    const op = pick(['=', '!=', '<', '>', '<=', '>=', 'like', 'in', 'is null', 'is not null'] as const);
    const property = pick(PROPERTIES);
    if (op === 'is null' || op === 'is not null') return { property, operator: op };
    if (op === 'like') return { property, operator: op, value: pick(['%a%', 'a_c', '%pricing%', 'x\\%y', '_', '%', 'é', 'A%', '1', 'tru_']) };
    if (op === 'in') {
      const list = [value(), value(), value()];
      const allStrings = list.every((x) => typeof x === 'string');
      const allNumbers = list.every((x) => typeof x === 'number');
      return { property, operator: op, value: (allStrings || allNumbers ? list : list.map(String)) as CriterionValue };
    }
    return { property, operator: op, value: value() };
  };

  const attributes = (group: number): Attribute[] => {
    const out: Attribute[] = [];
    const n = 2 + Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      const aggregation = pick(AGGREGATIONS);
      const numeric = aggregation === 'sum' || aggregation === 'min' || aggregation === 'max' || aggregation === 'mean';
      const type: AttributeType =
        aggregation === 'unique_list' ? pick(['string_list', 'int32_list', 'bool_list'] as const) : aggregation === 'category_count' ? 'dict' : numeric || aggregation.startsWith('time_since') ? 'double' : aggregation === 'counter' || aggregation === 'approx_count_distinct' ? 'int32' : pick(['string', 'int32', 'bool', 'double'] as const);
      const attribute: Attribute = {
        name: `a${group}_${i}`,
        type,
        aggregation,
        events: chance(0.15) ? [] : chance(0.3) ? [pickRef(), pickRef()] : [pickRef()],
      };
      if (aggregation !== 'counter' && !aggregation.startsWith('time_since')) attribute.property = pick(numeric ? PROPERTIES.filter((p) => p.type === 'atomic' || (p.path !== 'tags' && p.path !== 'nested.inner')) : PROPERTIES);
      if (aggregation.startsWith('time_since')) attribute.time_unit = pick(['s', 'min', 'h', 'd'] as const);
      if (chance(0.5)) attribute.criteria = chance(0.5) ? { all: [criterion(), ...(chance(0.3) ? [criterion()] : [])] } : { any: [criterion(), criterion()] };
      if (chance(0.2)) attribute.period = pick(['PT1H', 'PT30M', 'P1D']);
      else if (chance(0.2)) attribute.ttl = pick(['PT20M', 'PT2H', 'P1D']);
      if (chance(0.15)) attribute.default_value = pick([0, 'none', false]);
      out.push(attribute);
    }
    return out;
  };

  const definitions: Definition[] = [];
  const keyChoices = ['domain_userid', 'domain_sessionid', 'user_id', 'custom_key'];
  const groups = 1 + Math.floor(r() * 2);
  for (let g = 0; g < groups; g++) {
    const attrs = attributes(g);
    if (g === 0 && seed % 3 === 0) {
      // a threshold intervention on a lifetime counter (fired in SQL)
      attrs[0] = { name: 'a0_0', type: 'int32', aggregation: 'counter', events: [pickRef()], ...(chance(0.5) ? { ttl: 'PT30M' } : {}), ...(chance(0.4) ? { criteria: { all: [criterion()] } } : {}) };
    }
    definitions.push({
      kind: 'AttributeGroup',
      protect: false,
      spec: {
        name: `g${g}`,
        version: 1,
        attribute_key: { name: pick(keyChoices) },
        online: true,
        offline: false,
        is_published: true,
        ...(chance(0.2) ? { ttl: pick(['PT1H', 'P1D']) } : {}),
        attributes: attrs,
      },
    });
  }
  definitions.push({ kind: 'AttributeKey', protect: false, spec: { name: 'custom_key', property: pick([{ type: 'atomic', name: 'se_value' }, { type: 'entity', vendor: 'com.acme', name: 'ctx', major_version: 1, path: 'label', index: 0 }] as Property[]), is_published: true } });
  const g0 = definitions[0]?.kind === 'AttributeGroup' ? definitions[0].spec : undefined;
  const firstAttr = g0?.attributes?.[0];
  if (g0 && firstAttr) {
    const leaf: RuleNode =
      seed % 3 === 0
        ? { attribute: `g0:${firstAttr.name}`, operator: pick(['>=', '>'] as const), value: pick([1, 2, 3, 2.5, 0] as CriterionValue[]) }
        : { attribute: `g0:${firstAttr.name}`, operator: pick(['>=', 'is not null', 'like', '!=', 'in'] as const), value: pick([1, 2, '%a%', 'a', [1, 'a']] as CriterionValue[]) };
    definitions.push({ kind: 'Segment', protect: false, spec: { name: 'seg', criteria: chance(0.5) ? leaf : { any: [leaf, { none: [{ attribute: `g0:${firstAttr.name}`, operator: 'is null' }] }] } } });
    if (seed % 3 === 0 || chance(0.5)) {
      definitions.push({ kind: 'Intervention', protect: false, spec: { name: 'iv', version: 1, criteria: { all: [leaf] }, is_published: true } });
    }
  }

  // events
  const sorted = chance(0.8);
  const events: Record<string, unknown>[] = [];
  let t = Date.UTC(2025, 0, 1, 10);
  const count = 40 + Math.floor(r() * 80);
  for (let i = 0; i < count; i++) {
    if (!chance(0.12)) t += Math.floor(r() * 40 * 60_000);
    const kind = pick(['page_view', 'thing', 'thing', 'struct']);
    const e: Record<string, unknown> = {
      app_id: pick(['a', 'b']),
      platform: pick(['web', 'mob', '']),
      event_id: `e${i % (count - 3)}`,
      domain_userid: pick(['u1', 'u2', 'u3', 'u4', '']),
      domain_sessionid: pick(['s1', 's2', 's3', 's4', 's5']),
      derived_tstamp: new Date(t).toISOString(),
      collector_tstamp: new Date(t).toISOString(),
      event_format: 'jsonschema',
    };
    if (chance(0.6)) e['user_id'] = pick(['x', 'y', 7, true]);
    if (chance(0.5)) e['se_label'] = pick(LABELS);
    if (chance(0.5)) e['se_value'] = pick(AMOUNTS);
    if (kind === 'page_view') Object.assign(e, { event: 'page_view', event_vendor: 'com.snowplowanalytics.snowplow', event_name: 'page_view', event_version: '1-0-0', page_url: pick(URLS) });
    else if (kind === 'struct') Object.assign(e, { event: 'struct', event_vendor: 'com.google.analytics', event_name: 'event', event_version: '1-0-0' });
    else {
      Object.assign(e, { event: 'unstruct', event_vendor: pick(['com.acme', 'com-acme']), event_name: 'thing', event_version: pick(['1-0-0', '1-0-1']) });
      const data: Record<string, unknown> = {};
      if (chance(0.8)) data['amount'] = pick(AMOUNTS);
      if (chance(0.7)) data['label'] = pick(LABELS);
      if (chance(0.5)) data['tags'] = pick(TAGS);
      if (chance(0.4)) data['nested'] = pick(NESTED);
      e['unstruct_event_com_acme_thing_1'] = data;
    }
    if (chance(0.6)) {
      const n = Math.floor(r() * 3);
      e['contexts_com_acme_ctx_1'] = Array.from({ length: n }, () => (chance(0.5) ? { someValue: pick(AMOUNTS), label: pick(LABELS) } : { some_value: pick(AMOUNTS), label: pick(LABELS) }));
    }
    for (const k of Object.keys(e)) if (e[k] === null) delete e[k];
    events.push(e);
  }
  if (!sorted) for (let i = events.length - 1; i > 0; i -= 7) [events[i], events[i - 3]] = [events[i - 3] as Record<string, unknown>, events[i] as Record<string, unknown>];
  return { definitions, ndjson: events.map((e) => JSON.stringify(e)).join('\n') + '\n', sorted, ...(chance(0.3) ? { now: t + 3_600_000 } : {}) };
}

const SEEDS = process.env['SIGNALS_DUCKDB_SEED'] ? [Number(process.env['SIGNALS_DUCKDB_SEED'])] : Array.from({ length: Number(process.env['SIGNALS_DUCKDB_SEEDS'] ?? 50) }, (_, i) => i + 1);

describe('randomized differential test: duckdb engine vs stream engine', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it.each(SEEDS)('seed %i', async (seed) => {
    const g = generate(seed);
    const file = path.join(tmp.dir, `seed-${seed}.ndjson`);
    writeFileSync(file, g.ndjson);
    const options = { ...(g.now !== undefined ? { now: g.now } : {}), ...(seed % 5 === 0 ? { convertAll: true } : {}) };
    const { difference, duckdb } = await compareEngines(g.definitions, [file], tmp.dir, options);
    const groups = g.definitions.flatMap((d) => (d.kind === 'AttributeGroup' ? [`${d.spec.name} (key ${d.spec.attribute_key.name}): ${JSON.stringify(d.spec.attributes)}`] : []));
    expect(difference, `seed ${seed} (${g.sorted ? 'sorted' : 'unsorted'} input, delegated ${JSON.stringify(duckdb.engine.delegated)}): ${difference}\n${groups.join('\n')}`).toBeUndefined();
  });
});
