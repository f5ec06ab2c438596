import { describe, expect, it } from 'vitest';
import { parseGoldenFile } from '../../../src/core/golden/parse.js';

const ok = (text: string) => {
  const parsed = parseGoldenFile(text, 'x.test.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return parsed.file;
};
const codes = (text: string) => parseGoldenFile(text, 'x.test.yaml').diagnostics.map((d) => d.code);

describe('parseGoldenFile', () => {
  it('reads several cases with file defaults, inline events and every kind of expectation', () => {
    const file = ok(`
definitions: ../defs
defaults: { app_id: web }
cases:
  - name: one
    now: 2026-01-01T00:00:00Z
    defaults: { domain_sessionid: s9 }
    events:
      - { event: page_view, at: -5m, page_urlpath: /a }
      - event: com.acme/click/1-0-0
        data: { id: 1 }
        entities: { com.acme/thing/1-0-0: [{ n: 1 }] }
    firing: every-edge
    expect:
      attributes:
        g@2: { s9: { views: 1, tags: [a, b], none: null } }
      segments: { busy: [s9] }
      interventions:
        help: [s9, { target: s8, key: domain_sessionid, at: -1m }]
  - name: two
    events_file: events.ndjson
    expect: { segments: { busy: [] } }
`);
    expect(file.definitions).toBe('../defs');
    expect(file.cases.map((c) => c.name)).toEqual(['one', 'two']);
    const [one, two] = file.cases;
    expect(one?.defaults).toEqual({ app_id: 'web', domain_sessionid: 's9' });
    expect(one?.events[0]).toMatchObject({ event: 'page_view', at: '-5m', fields: { page_urlpath: '/a' } });
    expect(one?.events[1]).toMatchObject({ data: { id: 1 }, entities: { 'com.acme/thing/1-0-0': [{ n: 1 }] } });
    expect(one?.firing).toBe('every-edge');
    expect(one?.expect.attributes.map((a) => [a.group, a.key, a.attribute, a.value])).toEqual([
      ['g@2', 's9', 'views', 1],
      ['g@2', 's9', 'tags', ['a', 'b']],
      ['g@2', 's9', 'none', null],
    ]);
    expect(one?.expect.interventions[0]?.firings.map((f) => [f.target, f.key, f.at])).toEqual([
      ['s9', undefined, undefined],
      ['s8', 'domain_sessionid', '-1m'],
    ]);
    expect(two?.eventsFile).toBe('events.ndjson');
    expect(two?.defaults).toEqual({ app_id: 'web' });
  });

  it('accepts a single case at the top level', () => {
    const file = ok(`
name: solo
now: 2026-01-01T00:00:00Z
definitions: defs
defaults: { domain_sessionid: s1 }
events: [{ page_urlpath: /a }]
expect: { attributes: { g: { s1: { n: 1 } } } }
`);
    expect(file.cases).toHaveLength(1);
    expect(file.definitions).toBe('defs');
    expect(file.cases[0]?.defaults).toEqual({ domain_sessionid: 's1' });
  });

  it('reports unknown keys with a suggestion and a position', () => {
    const parsed = parseGoldenFile('cases:\n  - name: x\n    evnts: []\n    expect: {}\n', 'x.test.yaml');
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'golden-unknown-key', line: 3, column: 5, hint: 'did you mean events?', file: 'x.test.yaml' });
    expect(parsed.file.cases).toEqual([]);
  });

  it.each([
    ['syntax', 'cases: [', 'golden-yaml-syntax'],
    ['not a mapping', '- a\n- b\n', 'golden-type'],
    ['no cases', 'definitions: x\n', 'golden-missing-field'],
    ['no name', 'cases:\n  - events: [{}]\n    expect: {}\n', 'golden-missing-field'],
    ['no expect', 'cases:\n  - name: x\n    events: [{}]\n', 'golden-missing-field'],
    ['no events', 'cases:\n  - name: x\n    expect: {}\n', 'golden-missing-field'],
    ['bad firing mode', 'cases:\n  - name: x\n    events: [{}]\n    firing: always\n    expect: {}\n', 'golden-type'],
    ['duplicate names', 'cases:\n  - name: x\n    events: [{}]\n    expect: {}\n  - name: x\n    events: [{}]\n    expect: {}\n', 'golden-duplicate-case'],
    ['firing without target', 'cases:\n  - name: x\n    events: [{}]\n    expect: { interventions: { i: [{ at: -1m }] } }\n', 'golden-missing-field'],
    ['unknown expectation', 'cases:\n  - name: x\n    events: [{}]\n    expect: { attribute: {} }\n', 'golden-unknown-key'],
    ['data not a mapping', 'cases:\n  - name: x\n    events: [{ data: 3 }]\n    expect: {}\n', 'golden-type'],
    ['events not a list', 'cases:\n  - name: x\n    events: {}\n    expect: {}\n', 'golden-type'],
  ])('rejects %s', (_label, text, code) => {
    expect(codes(text)).toContain(code);
  });
});
