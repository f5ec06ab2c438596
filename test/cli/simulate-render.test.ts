import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { SimulateReport } from '../../src/app/simulate.js';
import { renderSimulateCsv } from '../../src/cli/render/simulate-formats.js';
import { displayValue, renderSimulateTable } from '../../src/cli/render/simulate-table.js';
import type { SimulationResult } from '../../src/core/simulate/types.js';

const plain = new Chalk({ level: 0 });

function report(result: Partial<SimulationResult>, selection: SimulateReport['selection'] = {}): SimulateReport {
  return {
    result: {
      now: '2026-01-01T00:00:00.000Z',
      groups: [],
      skipped_groups: [],
      segments: [],
      interventions: [],
      explain: null,
      stats: { ingested: 0, used: 0, skipped: { no_timestamp: 0, before_since: 0, after_now: 0, app_id: 0, duplicate: 0, unmatched: 0 }, late: 0, first_event_at: null, last_event_at: null },
      warnings: [],
      ...result,
    },
    input: { files: ['e.ndjson'], formats: [], events_read: 0, events_used: 0, bad_lines: [], bad_line_count: 0 },
    definitionWarnings: [],
    selection,
  };
}

const attrs = Array.from({ length: 8 }, (_, i) => `attribute_number_${i}`);
const wide = {
  name: 'g',
  version: 1,
  source: 'stream' as const,
  attribute_key: 'domain_sessionid',
  attributes: attrs,
  rows: Array.from({ length: 25 }, (_, k) => ({ key: `key-${String(k).padStart(2, '0')}`, attributes: Object.fromEntries(attrs.map((a, i) => [a, i * k])) })),
};

describe('simulate table', () => {
  it('shows the first keys and says how to see the rest', () => {
    const text = renderSimulateTable(report({ groups: [wide] }), plain);
    expect(text).toMatch(/key-04/);
    expect(text).not.toMatch(/key-05/);
    expect(text).toMatch(/… 20 more keys \(--key ID shows one; --format csv or --json shows all\)/);
  });

  it('summarises every attribute over all keys: how many have a value, range and mean, or commonest values', () => {
    const strings = {
      ...wide,
      attributes: ['n', 's', 'l'],
      rows: Array.from({ length: 6 }, (_, k) => ({ key: `k${k}`, attributes: { n: k === 0 ? null : k, s: k < 4 ? 'a' : k === 4 ? 'b' : 'c', l: [1, 2].slice(0, k % 3) } })),
    };
    const text = renderSimulateTable(report({ groups: [strings] }), plain);
    expect(text).toMatch(/ {2}attribute {2}keys {2}values\n/);
    expect(text).toMatch(/\n {2}n +5 {2}1 to 5, mean 3\n/);
    expect(text).toMatch(/\n {2}s +6 {2}a 4, b 1, c 1\n/);
    expect(text).toMatch(/\n {2}l +6 {2}lists of 0 to 2 items, mean 1\n/);
  });

  it('splits attribute columns into blocks that fit the width, repeating the key column', () => {
    const text = renderSimulateTable(report({ groups: [wide] }), plain, { width: 80 });
    const blocks = text.match(/attributes \d+–\d+ of 8/g) ?? [];
    expect(blocks.length).toBeGreaterThan(1);
    for (const line of text.split('\n')) if (line.startsWith('  key')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('lists few keys vertically with every attribute', () => {
    const text = renderSimulateTable(report({ groups: [{ ...wide, rows: wide.rows.slice(0, 2) }] }), plain);
    expect(text).toMatch(/ {2}key-01\n {4}attribute_number_0 +0\n/);
  });

  it('says when a group has no values and when groups were skipped', () => {
    const text = renderSimulateTable(
      report({ groups: [{ ...wide, rows: [] }], skipped_groups: [{ name: 'w', version: 2, reason: 'external (warehouse table) groups have no computed attributes' }] }),
      plain,
    );
    expect(text).toMatch(/no key has a value at now/);
    expect(text).toMatch(/w v2: skipped — external/);
  });

  it('formats values compactly', () => {
    expect(displayValue(null)).toBe('–');
    expect(displayValue(2)).toBe('2');
    expect(displayValue(46.675757575757)).toBe('46.6758');
    expect(displayValue(['a', 1])).toBe('[a, 1]');
    expect(displayValue({ food: 3 })).toBe('{food: 3}');
    expect(displayValue(false)).toBe('false');
  });

  it('shows segment membership for one key and firings for interventions', () => {
    const text = renderSimulateTable(
      report(
        {
          segments: [{ name: 'busy', attribute_key: 'k', scanned: 1, count: 1, members: ['s1'] }],
          interventions: [{ name: 'help', version: 3, attribute_key: 'k', firings: Array.from({ length: 5 }, (_, i) => ({ target: { name: 'k', id: `s${i}` }, at: `2026-01-01T00:00:0${i}.000Z`, event_id: null })) }],
        },
        { key: 's1' },
      ),
      plain,
    );
    expect(text).toMatch(/busy +yes/);
    expect(text).toMatch(/help v3 +fired 5 times/);
    expect(text).toMatch(/… 2 more firings/);
  });
});

describe('simulate CSV', () => {
  it('quotes cells with commas, quotes and newlines, JSON-encodes lists and leaves nulls empty', () => {
    const csv = renderSimulateCsv(
      report({
        groups: [{ name: 'g', version: 1, source: 'stream', attribute_key: 'k', attributes: ['a', 'b', 'c'], rows: [{ key: 'x,1', attributes: { a: 'say "hi"', b: ['p', 'q'], c: null } }] }],
      }),
    );
    expect(csv).toBe('group,version,attribute_key,key,a,b,c\ng,1,k,"x,1","say ""hi""","[""p"",""q""]",\n');
  });
});
