/**
 * definitions/ is the travel demo of Snowplow's Signals tutorial (reference: signals-api.md
 * section 9.1): checked field by field against the tutorial, in the canonical model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import type { AttributeGroup, Criterion, Definition, EventRef, Intervention, Property, Service } from '../../src/core/model.js';
import { generateEventLines } from '../../src/core/generate/index.js';
import { repoRoot } from '../helpers/shared-data.js';
import { loadTemplateDefinitions } from './helpers.js';

const TV = 'com.snowplowanalytics.accelerators.travel';
const PV: EventRef = { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' };
const tv = (name: string): EventRef => ({ vendor: TV, name, version: '1-0-0' });
const ev = (name: string, p: string): Property => ({ type: 'event', vendor: TV, name, major_version: 1, path: p });
const content: Property = { type: 'entity', vendor: TV, name: 'content', major_version: 1, path: 'primary_tag', index: 0 };
const eq = (property: Property, value: string): Criterion => ({ property, operator: '=', value });
const within = (property: Property, value: string[]): Criterion => ({ property, operator: 'in', value });

const TAGS = {
  cultural_explorer: ['culture', 'history', 'heritage', 'ancient', 'temples', 'art', 'traditional'],
  modern_urbanite: ['urban', 'nightlife', 'shopping', 'modern', 'architecture'],
  tranquil_seeker: ['nature', 'peaceful', 'wellness', 'beaches', 'mountains', 'river'],
  family_fun: ['family-friendly', 'beaches', 'nature', 'food', 'mountains', 'culture'],
  culinary_tourist: ['food', 'street food', 'multicultural', 'traditional', 'urban', 'shopping'],
};
const tagCriteria = (tags: string[]) => ({ any: [within(ev('filter_tag_applied', 'tag_name'), tags), within(content, tags)] });
const PRICE_EVENTS = [tv('sort_change'), tv('destination_filter'), PV];

const EXPECTED_ATTRIBUTES = [
  { name: 'page_view_count', description: 'A count of all page view events', type: 'int32', aggregation: 'counter', events: [PV] },
  {
    name: 'destination_page_view_count',
    description: 'A count of destination page view events',
    type: 'int32',
    aggregation: 'counter',
    events: [PV],
    criteria: { all: [{ property: { type: 'atomic', name: 'page_urlpath' }, operator: 'like', value: '%destinations%' }] },
  },
  {
    name: 'family_destination_count',
    description: 'A count of all interactions with family destination tags and pages.',
    type: 'int32',
    aggregation: 'counter',
    events: [tv('filter_tag_applied'), PV],
    criteria: { any: [eq(ev('filter_tag_applied', 'tag_name'), 'Family'), within(content, TAGS.family_fun)] },
  },
  ...Object.entries(TAGS).map(([name, tags]) => ({ name, type: 'int32', aggregation: 'counter', events: [tv('filter_tag_applied'), PV], criteria: tagCriteria(tags) })),
  {
    name: 'preferred_experience_length',
    type: 'string',
    aggregation: 'last',
    events: [tv('experience_filter')],
    property: ev('experience_filter', 'filter_value'),
    criteria: { all: [eq(ev('experience_filter', 'filter_type'), 'duration')] },
  },
  {
    name: 'budget_conscious_count',
    type: 'int32',
    aggregation: 'counter',
    events: PRICE_EVENTS,
    criteria: { any: [eq(ev('sort_change', 'sort_option'), 'price-low'), eq(ev('destination_filter', 'filter_value'), 'budget'), within(content, ['budget', 'budget-friendly', 'affordable'])] },
  },
  {
    name: 'luxury_inclined_count',
    type: 'int32',
    aggregation: 'counter',
    events: PRICE_EVENTS,
    criteria: { any: [eq(ev('sort_change', 'sort_option'), 'price-high'), eq(ev('destination_filter', 'filter_value'), 'luxury'), within(content, ['luxury', 'high-end'])] },
  },
  { name: 'latest_schedule', type: 'string', aggregation: 'last', events: [tv('schedule_update')], property: ev('schedule_update', 'schedule') },
];

async function load(): Promise<Definition[]> {
  const { definitions, errors, warnings } = await loadTemplateDefinitions(path.join(repoRoot, 'definitions'));
  expect(errors).toEqual([]);
  expect(warnings).toEqual([]);
  return definitions;
}

describe('the worked example (definitions/)', () => {
  it('holds travel_view, travel_service, destination_help and five segments, nothing else', async () => {
    const defs = await load();
    expect(defs.map((d) => `${d.kind}/${d.spec.name}`).sort()).toEqual(
      [
        'AttributeGroup/travel_view',
        'Intervention/destination_help',
        'Service/travel_service',
        ...Object.keys(TAGS).map((t) => `Segment/${t}`),
      ].sort(),
    );
  });

  it('defines travel_view v1 as a stream group on domain_sessionid with exactly the tutorial attributes', async () => {
    const group = (await load()).find((d) => d.kind === 'AttributeGroup')!.spec as AttributeGroup;
    expect(group).toMatchObject({ name: 'travel_view', version: 1, attribute_key: { name: 'domain_sessionid' }, online: true, offline: false, owner: 'you@email.com' });
    expect(group.ttl).toBeUndefined();
    expect(group.attributes).toHaveLength(12);
    expect(group.attributes).toEqual(EXPECTED_ATTRIBUTES);
  });

  it('reuses the tag lists through YAML anchors', () => {
    const text = readFileSync(path.join(repoRoot, 'definitions', 'attribute-groups', 'travel_view.yaml'), 'utf8');
    for (const type of Object.keys(TAGS)) {
      expect(text).toContain(`&${type} [`);
      expect(text).toContain(`*${type}`);
    }
  });

  it('defines travel_service on travel_view v1', async () => {
    const service = (await load()).find((d) => d.kind === 'Service')!.spec as Service;
    expect(service).toMatchObject({ name: 'travel_service', description: 'A service for our travel demo website.', attribute_groups: [{ name: 'travel_view', version: 1 }] });
  });

  it('defines destination_help v1: 3 or more destination page views, targeting the session', async () => {
    const intervention = (await load()).find((d) => d.kind === 'Intervention')!.spec as Intervention;
    expect(intervention).toMatchObject({
      name: 'destination_help',
      version: 1,
      description: 'Assist the user if they are looking at 3 or more destinations in a given session.',
      target_attribute_keys: [{ name: 'domain_sessionid' }],
      criteria: { all: [{ attribute: 'travel_view:destination_page_view_count', operator: '>=', value: 3 }] },
    });
  });

  it('defines each traveller-type segment as its counter at 3 or more while no other type reached 3', async () => {
    const segments = (await load()).filter((d) => d.kind === 'Segment');
    for (const type of Object.keys(TAGS)) {
      const seg = segments.find((s) => s.spec.name === type)!;
      const others = Object.keys(TAGS).filter((t) => t !== type);
      expect(seg.spec.criteria).toEqual({
        all: [
          { attribute: `travel_view:${type}`, operator: '>=', value: 3 },
          { none: others.map((o) => ({ attribute: `travel_view:${o}`, operator: '>=', value: 3 })) },
        ],
      });
    }
  });
});

describe('the bundled sample and the repository config', () => {
  const args = JSON.parse(readFileSync(path.join(repoRoot, 'examples', 'travel', 'generate.json'), 'utf8')) as {
    template: string;
    sessions: number;
    seed: string;
    start: string;
    format: 'ndjson' | 'tsv';
  };

  it('examples/travel/events.ndjson is exactly what the generator writes for generate.json', () => {
    const file = readFileSync(path.join(repoRoot, 'examples', 'travel', 'events.ndjson'), 'utf8');
    const expected = [...generateEventLines({ ...args, start: Date.parse(args.start) })].join('\n') + '\n';
    expect(file.length).toBe(expected.length);
    expect(file === expected).toBe(true);
    expect(args.template).toBe('travel');
    expect(args.sessions).toBeGreaterThanOrEqual(200);
    expect(Buffer.byteLength(file)).toBeLessThan(2_000_000);
    const readme = readFileSync(path.join(repoRoot, 'examples', 'travel', 'README.md'), 'utf8');
    expect(readme).toContain(`--template ${args.template} --sessions ${args.sessions} --seed ${args.seed} --start ${args.start}`);
  });

  it('signals.config.yaml points at definitions/ and the sample, with a local emulator target', () => {
    const { config, diagnostics } = parseConfig(readFileSync(path.join(repoRoot, 'signals.config.yaml'), 'utf8'), 'signals.config.yaml');
    expect(diagnostics).toEqual([]);
    expect(config.definitions).toEqual(['definitions/']);
    expect(config.simulate.events).toEqual(['examples/travel/events.ndjson']);
    expect(config.targets['local']).toMatchObject({ api_url: 'http://127.0.0.1:8787', auth: 'sandbox' });
  });
});
