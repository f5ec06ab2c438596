import { describe, expect, it } from 'vitest';
import { buildCaseEvents, parseSchemaRef, resolveTime } from '../../../src/core/golden/events.js';
import type { GoldenCase, GoldenEventSpec } from '../../../src/core/golden/format.js';

const loc = { file: 'x.test.yaml', line: 1, column: 1 };
const ev = (fields: Partial<GoldenEventSpec> & { fields?: Record<string, unknown> }): GoldenEventSpec => ({ location: loc, ...fields, fields: fields.fields ?? {} });
const testCase = (events: GoldenEventSpec[], extra: Partial<GoldenCase> = {}): GoldenCase => ({
  name: 'c',
  now: '2026-01-05T10:00:00Z',
  defaults: {},
  events,
  expect: { attributes: [], segments: [], interventions: [] },
  location: loc,
  ...extra,
});
const NOW = Date.UTC(2026, 0, 5, 10);

describe('buildCaseEvents', () => {
  it('fills page views with schema fields, default ids and timestamps', () => {
    const { events, diagnostics, now } = buildCaseEvents(testCase([ev({ at: '-5m', fields: { page_urlpath: '/a' } })]), 0);
    expect(diagnostics).toEqual([]);
    expect(now).toBe(NOW);
    expect(events[0]).toEqual({
      app_id: 'test',
      platform: 'web',
      domain_userid: 'u1',
      domain_sessionid: 's1',
      event_id: '00000000-0000-4000-8000-000001000001',
      collector_tstamp: '2026-01-05T09:55:00.000Z',
      dvce_created_tstamp: '2026-01-05T09:55:00.000Z',
      derived_tstamp: '2026-01-05T09:55:00.000Z',
      event: 'page_view',
      event_vendor: 'com.snowplowanalytics.snowplow',
      event_name: 'page_view',
      event_format: 'jsonschema',
      event_version: '1-0-0',
      page_urlpath: '/a',
    });
  });

  it('builds self-describing events with data and entities, and structured events', () => {
    const { events, diagnostics } = buildCaseEvents(
      testCase([
        ev({ event: 'com.acme/filterTag/2-1-0', data: { tag: 'x' }, entities: { 'com.acme/content/1-0-0': { primary_tag: 'food' }, 'iglu:com.acme/content/jsonschema/1-0-1': [{ primary_tag: 'art' }] } }),
        ev({ event: 'structured', fields: { se_category: 'c' } }),
      ]),
      2,
    );
    expect(diagnostics).toEqual([]);
    expect(events[0]).toMatchObject({
      event: 'unstruct',
      event_vendor: 'com.acme',
      event_name: 'filterTag',
      event_version: '2-1-0',
      unstruct_event_com_acme_filter_tag_2: { tag: 'x' },
      contexts_com_acme_content_1: [{ primary_tag: 'food' }, { primary_tag: 'art' }],
    });
    expect(events[1]).toMatchObject({ event: 'struct', event_vendor: 'com.google.analytics', event_name: 'event', se_category: 'c' });
    expect(events[1]?.['event_id']).toBe('00000000-0000-4000-8000-000003000002');
  });

  it('spaces events without at one second apart, ending at now', () => {
    const { events } = buildCaseEvents(testCase([ev({}), ev({}), ev({})]), 0);
    expect(events.map((e) => e['derived_tstamp'])).toEqual(['2026-01-05T09:59:58.000Z', '2026-01-05T09:59:59.000Z', '2026-01-05T10:00:00.000Z']);
  });

  it('applies defaults under the event fields', () => {
    const { events } = buildCaseEvents(testCase([ev({ fields: { domain_sessionid: 'mine' } }), ev({})], { defaults: { domain_sessionid: 'shared', user_id: 'alice' } }), 0);
    expect(events.map((e) => [e['domain_sessionid'], e['user_id']])).toEqual([
      ['mine', 'alice'],
      ['shared', 'alice'],
    ]);
  });

  it.each([
    ['an unknown field', ev({ fields: { page_urlpth: '/x' } }), /page_urlpth is not an event field/],
    ['an unknown event', ev({ event: 'nonsense' }), /is not an event/],
    ['data on a page view', ev({ data: { a: 1 } }), /data: belongs to self-describing events/],
    ['a bad entity schema', ev({ entities: { nope: {} } }), /entities: nope is not a schema/],
    ['a bad time', ev({ at: 'teatime' }), /neither a time/],
  ])('reports %s', (_label, spec, message) => {
    const { diagnostics } = buildCaseEvents(testCase([spec]), 0);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(message);
  });

  it('needs now for relative and default times', () => {
    const { diagnostics } = buildCaseEvents(testCase([ev({ at: '-5m' }), ev({})], { now: undefined }) as GoldenCase, 0);
    expect(diagnostics).toHaveLength(2);
    const bad = buildCaseEvents({ ...testCase([]), now: 'later' }, 0);
    expect(bad.diagnostics[0]?.code).toBe('golden-bad-time');
  });

  it('reports unknown default fields', () => {
    expect(buildCaseEvents(testCase([ev({})], { defaults: { sesion: 'x' } }), 0).diagnostics[0]?.code).toBe('golden-unknown-field');
  });
});

describe('time and schema helpers', () => {
  it.each([
    ['-5m', NOW - 300_000],
    ['+30s', NOW + 30_000],
    ['1h', NOW + 3_600_000],
    ['-PT1H30M', NOW - 5_400_000],
    [-60, NOW - 60_000],
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01', Date.UTC(2026, 0, 1)],
  ] as const)('resolves %s', (at, ms) => {
    expect(resolveTime(at, NOW)).toEqual({ ms });
  });

  it('parses schema references', () => {
    expect(parseSchemaRef('com.acme/click/2-0-1')).toEqual({ vendor: 'com.acme', name: 'click', version: '2-0-1', major: 2 });
    expect(parseSchemaRef('com.acme/click')).toEqual({ vendor: 'com.acme', name: 'click', version: '1-0-0', major: 1 });
    expect(parseSchemaRef('iglu:com.acme/click/jsonschema/3-0-0')?.major).toBe(3);
    expect(parseSchemaRef('click')).toBeUndefined();
  });
});
