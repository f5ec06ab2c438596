import { describe, expect, it } from 'vitest';
import { atomic, attribute, group, pageView, simulate } from './builders.js';

const T = Date.UTC(2025, 0, 1, 9);
const defs = [
  group({
    name: 'g',
    attributes: [
      attribute({ name: 'views' }),
      attribute({ name: 'dest', criteria: { all: [{ property: atomic('page_urlpath'), operator: 'like', value: '/destinations/%' }] } }),
      attribute({ name: 'last_path', aggregation: 'last', type: 'string', property: atomic('page_urlpath') }),
    ],
  }),
];

describe('explain', () => {
  it('records every change of each attribute of one key, in event-time order', () => {
    const events = [
      pageView(T + 2000, { page_urlpath: '/home', event_id: 'b' }),
      pageView(T, { page_urlpath: '/destinations/peru', event_id: 'a' }),
      pageView(T + 1000, { page_urlpath: '/x', domain_sessionid: 'other', event_id: 'o' }),
    ];
    const result = simulate(defs, events, { explainKey: 's1', reorderBuffer: 10 });
    expect(result.explain?.key).toBe('s1');
    expect(result.explain?.entries.map((e) => [e.event_id, e.attribute, e.before, e.after])).toEqual([
      ['a', 'views', null, 1],
      ['a', 'dest', null, 1],
      ['a', 'last_path', null, '/destinations/peru'],
      ['b', 'views', 1, 2],
      ['b', 'last_path', '/destinations/peru', '/home'],
    ]);
    expect(result.explain?.entries[0]).toMatchObject({ at: new Date(T).toISOString(), event: 'page_view', group: 'g', version: 1 });
  });

  it('is null without an explain key and truncates at the limit', () => {
    expect(simulate(defs, [pageView(T)]).explain).toBeNull();
    const many = Array.from({ length: 5 }, (_, i) => pageView(T + i * 1000, { page_urlpath: `/p${i}` }));
    const result = simulate(defs, many, { explainKey: 's1', explainLimit: 4 });
    expect(result.explain?.entries).toHaveLength(4);
    expect(result.explain?.truncated).toBe(true);
  });

  it('keeps an empty timeline for a key that never appears', () => {
    expect(simulate(defs, [pageView(T)], { explainKey: 'ghost' }).explain).toEqual({ key: 'ghost', entries: [], truncated: false });
  });
});
