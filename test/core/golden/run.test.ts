import { describe, expect, it } from 'vitest';
import { sameValue } from '../../../src/core/golden/compare.js';
import { parseGoldenFile } from '../../../src/core/golden/parse.js';
import { runGoldenCase } from '../../../src/core/golden/run.js';
import { atomic, attribute, group, intervention, segment } from '../simulate/builders.js';

const definitions = [
  group({
    name: 'g',
    attributes: [
      attribute({ name: 'views' }),
      attribute({ name: 'dest', criteria: { all: [{ property: atomic('page_urlpath'), operator: 'like', value: '/destinations/%' }] } }),
      attribute({ name: 'paths', aggregation: 'unique_list', type: 'string_list', property: atomic('page_urlpath') }),
      attribute({ name: 'total', aggregation: 'sum', type: 'double', property: atomic('se_value'), default_value: 0 }),
    ],
  }),
  group({ name: 'g', version: 2, attributes: [attribute({ name: 'views' }), attribute({ name: 'pings', events: [{ name: 'page_ping' }] })] }),
  segment('explorers', { attribute: 'g:dest', operator: '>=', value: 2 }),
  intervention({ name: 'help', criteria: { attribute: 'g:dest', operator: '>=', value: 2 } }),
];

function run(yaml: string) {
  const parsed = parseGoldenFile(yaml, 'x.test.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return parsed.file.cases.map((testCase, caseIndex) => runGoldenCase({ file: 'x.test.yaml', definitions, testCase, caseIndex }).result);
}

const EVENTS = `
    now: 2026-01-05T10:00:00Z
    events:
      - { at: -10m, page_urlpath: /destinations/japan }
      - { at: -5m, page_urlpath: /home, se_value: "0.1" }
      - { at: -3m, page_urlpath: /destinations/peru, se_value: 0.2 }
      - { at: -1m, page_urlpath: /x, domain_sessionid: s2 }`;

describe('runGoldenCase', () => {
  it('passes when attributes, segments and firings match', () => {
    const [result] = run(`
cases:
  - name: all good${EVENTS}
    expect:
      attributes:
        g@1:
          s1: { views: 3, dest: 2, paths: [/destinations/japan, /home, /destinations/peru], total: 0.3 }
          s2: { views: 1, dest: null, total: 0 }
          nobody: { views: null, total: 0 }
        g: { s1: { views: 3, pings: null } }
      segments: { explorers: [s1] }
      interventions:
        help: [{ target: s1, key: domain_sessionid, at: -3m }]
        help@1: [s1]
`);
    expect(result).toEqual({ file: 'x.test.yaml', name: 'all good', ok: true, failures: [] });
  });

  it('fails with a path, expected and actual for each difference', () => {
    const [result] = run(`
cases:
  - name: wrong${EVENTS}
    expect:
      attributes:
        g@1: { s1: { views: 4, paths: [/home, /destinations/japan, /destinations/peru], viws: 1 } }
        h: { s1: { views: 1 } }
      segments: { explorers: [s2], explorer: [] }
      interventions:
        help: [{ target: s1, at: -2m }, s2]
        nope: []
`);
    expect(result?.ok).toBe(false);
    const byPath = Object.fromEntries((result?.failures ?? []).map((f) => [f.path, f]));
    expect(byPath['attributes.g@1.s1.views']).toMatchObject({ expected: 4, actual: 3, message: 'value differs' });
    expect(byPath['attributes.g@1.s1.paths']).toMatchObject({ actual: ['/destinations/japan', '/home', '/destinations/peru'] });
    expect(byPath['attributes.g@1.s1.viws']?.message).toMatch(/has no attribute viws \(did you mean views\?\)/);
    expect(byPath['attributes.h.s1.views']?.message).toMatch(/no attribute group h/);
    expect(byPath['segments.explorers']).toMatchObject({ message: 'members differ: missing s2; unexpected s1', expected: ['s2'], actual: ['s1'] });
    expect(byPath['segments.explorer']?.message).toMatch(/did you mean explorers/);
    expect(byPath['interventions.help']?.message).toBe('firings differ: missing s1 at -2m, s2; unexpected domain_sessionid s1 at 2026-01-05T09:57:00.000Z');
    expect(byPath['interventions.nope']?.message).toMatch(/no intervention nope/);
    expect(byPath['attributes.g@1.s1.views']?.line).toBeGreaterThan(0);
  });

  it('fails a case whose events are invalid without running it', () => {
    const [result] = run(`
cases:
  - name: bad events
    now: 2026-01-05T10:00:00Z
    events: [{ page_urlpth: /x }]
    expect: { segments: { explorers: [] } }
`);
    expect(result?.ok).toBe(false);
    expect(result?.failures[0]?.message).toMatch(/page_urlpth is not an event field \(did you mean page_urlpath\?\)/);
  });

  it('uses the latest event as now when the case sets none, and honours every-edge', () => {
    const [result] = run(`
cases:
  - name: absolute times
    firing: every-edge
    events:
      - { at: 2026-01-05T09:00:00Z, page_urlpath: /destinations/a }
      - { at: 2026-01-05T09:01:00Z, page_urlpath: /destinations/b }
    expect:
      interventions: { help: [{ target: s1, at: 2026-01-05T09:01:00Z }] }
`);
    expect(result?.failures).toEqual([]);
  });
});

describe('sameValue', () => {
  it.each([
    [1, 1, true],
    [0.3, 0.1 + 0.2, true],
    [1, 1.0001, false],
    [1e12, 1e12 + 0.0001, true],
    ['1', 1, false],
    [null, null, true],
    [null, 0, false],
    [['a', 'b'], ['a', 'b'], true],
    [['a', 'b'], ['b', 'a'], false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [[1], { 0: 1 }, false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameValue(a, b)).toBe(same);
  });
});
