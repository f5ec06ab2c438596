/**
 * The sample events of each template exercise all of its definitions: run through the
 * simulation engine, every attribute takes a value for some key, every segment has members and
 * every intervention fires.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEvents } from '../../src/core/generate/index.js';
import { formatLossyJson } from '../../src/core/generate/format.js';
import { createSimulator } from '../../src/core/simulate/simulator.js';
import type { SimulationResult } from '../../src/core/simulate/types.js';
import { loadTemplateDefinitions, SAMPLE_ARGS, SAMPLE_START, templatesDir, TEMPLATES_WITH_EVENTS } from './helpers.js';

async function simulateTemplate(template: (typeof TEMPLATES_WITH_EVENTS)[number]): Promise<SimulationResult> {
  const { definitions, errors } = await loadTemplateDefinitions(path.join(templatesDir, template, 'definitions'));
  expect(errors).toEqual([]);
  const simulator = createSimulator(definitions);
  const { sessions, seed } = SAMPLE_ARGS[template];
  for (const event of generateEvents({ template, sessions, seed, start: Date.parse(SAMPLE_START) })) {
    simulator.ingest(JSON.parse(formatLossyJson(event)) as Record<string, unknown>);
  }
  return simulator.finish();
}

function isSet(value: unknown): boolean {
  if (value === null || value === undefined || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

describe.each(TEMPLATES_WITH_EVENTS)('the %s sample events', (template) => {
  it('give every attribute a value, every segment members and every intervention a firing', async () => {
    const result = await simulateTemplate(template);
    expect(result.groups.length).toBeGreaterThan(0);
    for (const group of result.groups) {
      expect(group.rows.length, group.name).toBeGreaterThan(0);
      for (const attribute of group.attributes) {
        const withValue = group.rows.filter((r) => isSet(r.attributes[attribute])).length;
        expect(withValue, `${group.name}:${attribute}`).toBeGreaterThan(0);
      }
    }
    expect(result.segments.length).toBeGreaterThan(0);
    for (const segment of result.segments) expect(segment.count, `segment ${segment.name}`).toBeGreaterThan(0);
    expect(result.interventions.length).toBeGreaterThan(0);
    for (const intervention of result.interventions) expect(intervention.firings.length, `intervention ${intervention.name}`).toBeGreaterThan(0);
  });
});

describe('the travel generator', () => {
  it('puts every traveller type in its segment at scale, with some sessions in none', async () => {
    const { definitions } = await loadTemplateDefinitions(path.join(templatesDir, 'travel', 'definitions'));
    const simulator = createSimulator(definitions);
    for (const event of generateEvents({ template: 'travel', sessions: 1000, seed: 'segments', start: Date.parse(SAMPLE_START) })) {
      simulator.ingest(JSON.parse(formatLossyJson(event)) as Record<string, unknown>);
    }
    const result = simulator.finish();
    const counts = Object.fromEntries(result.segments.map((s) => [s.name, s.count]));
    for (const type of ['cultural_explorer', 'modern_urbanite', 'tranquil_seeker', 'family_fun', 'culinary_tourist']) {
      expect(counts[type], type).toBeGreaterThan(20);
    }
    const members = new Set(result.segments.flatMap((s) => s.members));
    const total = result.segments.reduce((n, s) => n + s.count, 0);
    expect(members.size).toBe(total);
    expect(members.size).toBeLessThan(result.groups[0]!.rows.length);
  });

  it('uses the tutorial tags, filters and sort options', () => {
    const seen = { tags: new Set<string>(), primary: new Set<string>(), durations: new Set<string>(), sorts: new Set<string>(), price: new Set<string>(), schedules: 0 };
    const T = 'com_snowplowanalytics_accelerators_travel';
    for (const event of generateEvents({ template: 'travel', sessions: 500, seed: 'tags', start: Date.parse(SAMPLE_START) })) {
      const e = JSON.parse(formatLossyJson(event)) as Record<string, any>;
      const tag = e[`unstruct_event_${T}_filter_tag_applied_1`]?.tag_name;
      if (tag) seen.tags.add(tag);
      const content = e[`contexts_${T}_content_1`]?.[0];
      if (content) {
        expect(e['event_name']).toBe('page_view');
        seen.primary.add(content.primary_tag);
      }
      const exp = e[`unstruct_event_${T}_experience_filter_1`];
      if (exp?.filter_type === 'duration') seen.durations.add(exp.filter_value);
      const sort = e[`unstruct_event_${T}_sort_change_1`];
      if (sort) seen.sorts.add(sort.sort_option);
      const price = e[`unstruct_event_${T}_destination_filter_1`];
      if (price) seen.price.add(price.filter_value);
      if (e[`unstruct_event_${T}_schedule_update_1`]?.schedule) seen.schedules++;
      if (e['event_name'] === 'page_view' && String(e['page_urlpath']).startsWith('/destinations/')) expect(content).toBeDefined();
    }
    expect(seen.tags).toContain('Family');
    for (const tag of ['history', 'nightlife', 'wellness', 'family-friendly', 'street food']) expect(seen.tags).toContain(tag);
    for (const tag of ['temples', 'modern', 'peaceful', 'family-friendly', 'street food', 'budget-friendly', 'luxury', 'high-end']) expect(seen.primary).toContain(tag);
    expect(seen.durations.size).toBeGreaterThanOrEqual(3);
    expect(seen.sorts).toContain('price-low');
    expect(seen.sorts).toContain('price-high');
    expect(seen.price).toContain('budget');
    expect(seen.price).toContain('luxury');
    expect(seen.schedules).toBeGreaterThan(10);
  });
});
