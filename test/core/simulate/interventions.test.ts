import { describe, expect, it } from 'vitest';
import type { FiringEvent } from '../../../src/core/simulate/types.js';
import { atomic, attribute, group, intervention, pageView, simulate } from './builders.js';

const T = Date.UTC(2025, 0, 1, 12);
const MIN = 60_000;
const views = attribute({ name: 'views' });
const defsWith = (...extra: Parameters<typeof simulate>[0]) => [group({ name: 'g', attributes: [views, attribute({ name: 'label', aggregation: 'last', type: 'string', property: atomic('se_label') })] }), ...extra];
const firingsOf = (result: ReturnType<typeof simulate>, name: string) => result.interventions.find((i) => i.name === name)?.firings ?? [];

describe('interventions', () => {
  it('fire on the false→true edge, once per target', () => {
    const defs = defsWith(intervention({ name: 'help', criteria: { attribute: 'g:views', operator: '>=', value: 3 } }));
    const events = [1, 2, 3, 4, 5].map((i) => pageView(T + i * MIN, { event_id: `e${i}` }));
    events.push(pageView(T + 10 * MIN, { domain_sessionid: 's2', event_id: 'x1' }));
    const result = simulate(defs, events);
    expect(firingsOf(result, 'help')).toEqual([{ target: { name: 'domain_sessionid', id: 's1' }, at: new Date(T + 3 * MIN).toISOString(), event_id: 'e3' }]);
  });

  it('fire once per target by default, and on every edge when asked (re-arming after the criteria turn false)', () => {
    const windowed = group({ name: 'w', attributes: [attribute({ name: 'recent', period: 'PT10M' })] });
    const iv = intervention({ name: 'burst', criteria: { attribute: 'w:recent', operator: '>=', value: 2 } });
    // two quick views (edge), a quiet half hour (criteria false again), two quick views (edge again)
    const events = [0, 1, 40, 41].map((m) => pageView(T + m * MIN));
    expect(firingsOf(simulate([windowed, iv], events), 'burst')).toHaveLength(1);
    const every = firingsOf(simulate([windowed, iv], events, { firing: 'every-edge' }), 'burst');
    expect(every.map((f) => f.at)).toEqual([new Date(T + MIN).toISOString(), new Date(T + 41 * MIN).toISOString()]);
  });

  it('do not fire again while the criteria stay true, even in every-edge mode', () => {
    const defs = defsWith(intervention({ name: 'help', criteria: { attribute: 'g:views', operator: '>', value: 1 } }));
    const events = [1, 2, 3, 4].map((i) => pageView(T + i * MIN));
    expect(firingsOf(simulate(defs, events, { firing: 'every-edge' }), 'help')).toHaveLength(1);
  });

  it('changed fires on every change, including the first value, and not when the value stays the same', () => {
    const defs = defsWith(intervention({ name: 'label_changed', criteria: { attribute: 'g:label', operator: 'changed' } }));
    const labels = ['a', 'a', 'b', undefined, 'a'];
    const events = labels.map((l, i) => pageView(T + i * MIN, l === undefined ? { event_id: `e${i}` } : { se_label: l, event_id: `e${i}` }));
    expect(firingsOf(simulate(defs, events), 'label_changed').map((f) => f.event_id)).toEqual(['e0', 'e2', 'e4']);
  });

  it('changed inside all also needs the other conditions', () => {
    const defs = defsWith(
      intervention({ name: 'late_change', criteria: { all: [{ attribute: 'g:label', operator: 'changed' }, { attribute: 'g:views', operator: '>=', value: 3 }] } }),
    );
    const events = ['a', 'b', 'c', 'c', 'd'].map((l, i) => pageView(T + i * MIN, { se_label: l, event_id: `e${i}` }));
    expect(firingsOf(simulate(defs, events), 'late_change').map((f) => f.event_id)).toEqual(['e2', 'e4']);
  });

  it('treat an unpopulated attribute as false except for is null', () => {
    const defs = defsWith(
      intervention({ name: 'no_label', criteria: { all: [{ attribute: 'g:views', operator: '>=', value: 1 }, { attribute: 'g:label', operator: 'is null' }] } }),
      intervention({ name: 'not_x', criteria: { all: [{ attribute: 'g:views', operator: '>=', value: 1 }, { attribute: 'g:label', operator: '!=', value: 'x' }] } }),
    );
    const result = simulate(defs, [pageView(T)]);
    expect(firingsOf(result, 'no_label')).toHaveLength(1);
    expect(firingsOf(result, 'not_x')).toHaveLength(0);
  });

  it('take target ids from the triggering event when target_attribute_keys are given', () => {
    const defs = defsWith(
      intervention({ name: 'help', criteria: { attribute: 'g:views', operator: '>=', value: 2 }, target_attribute_keys: [{ name: 'user_id' }, { name: 'domain_userid' }] }),
    );
    const events = [pageView(T, { domain_userid: 'du', user_id: 'early' }), pageView(T + MIN, { domain_userid: 'du' }), pageView(T + 2 * MIN, { domain_userid: 'du', user_id: 'later' })];
    expect(firingsOf(simulate(defs, events), 'help').map((f) => f.target)).toEqual([{ name: 'domain_userid', id: 'du' }]);
    const withUser = [pageView(T, { domain_userid: 'du' }), pageView(T + MIN, { domain_userid: 'du', user_id: 'alice' })];
    expect(firingsOf(simulate(defs, withUser), 'help').map((f) => f.target)).toEqual([
      { name: 'domain_userid', id: 'du' },
      { name: 'user_id', id: 'alice' },
    ]);
  });

  it('resolve group:attribute to the latest version of the group that has the attribute', () => {
    const v1 = group({ name: 'g', version: 1, attributes: [attribute({ name: 'views' })] });
    const v2 = group({ name: 'g', version: 2, attributes: [attribute({ name: 'other' })] });
    const v3 = group({ name: 'g', version: 3, attributes: [attribute({ name: 'views', period: 'PT1M' })] });
    const draft = group({ name: 'g', version: 4, is_published: false, attributes: [attribute({ name: 'views', criteria: { all: [{ property: atomic('app_id'), operator: '=', value: 'none' }] } })] });
    const iv = intervention({ name: 'two', criteria: { attribute: 'g:views', operator: '>=', value: 2 } });
    const events = [pageView(T), pageView(T + 5 * MIN)]; // lifetime 2, but never 2 within a minute
    expect(firingsOf(simulate([v1, v2, iv], events), 'two')).toHaveLength(1);
    expect(firingsOf(simulate([v1, v2, v3, draft, iv], events), 'two')).toHaveLength(0);
  });

  it('report firings through onFiring, in event-time order, with the current attributes', () => {
    const seen: FiringEvent[] = [];
    const defs = defsWith(intervention({ name: 'help', version: 2, criteria: { attribute: 'g:views', operator: '>=', value: 2 } }));
    const events = [pageView(T + 2 * MIN, { domain_sessionid: 'b' }), pageView(T, { domain_sessionid: 'a', se_label: 'x' }), pageView(T + MIN, { domain_sessionid: 'a' }), pageView(T + 3 * MIN, { domain_sessionid: 'b' })];
    simulate(defs, events, { reorderBuffer: 10, onFiring: (f) => seen.push(f) });
    expect(seen.map((f) => [f.target.id, f.at])).toEqual([
      ['a', new Date(T + MIN).toISOString()],
      ['b', new Date(T + 3 * MIN).toISOString()],
    ]);
    expect(seen[0]).toMatchObject({ intervention: { name: 'help', version: 2 }, attributes: { 'g_v1:views': 2, 'g_v1:label': 'x' } });
  });

  it('fire at the same event for shuffled input when it fits the reorder buffer', () => {
    const defs = defsWith(intervention({ name: 'help', criteria: { attribute: 'g:views', operator: '>=', value: 3 } }));
    const events = [0, 1, 2, 3, 4, 5].map((i) => pageView(T + i * MIN, { event_id: `e${i}` }));
    const shuffled = [events[4], events[1], events[5], events[0], events[3], events[2]].filter((e) => e !== undefined);
    const sorted = simulate(defs, events);
    const unsorted = simulate(defs, shuffled, { reorderBuffer: 100 });
    expect(firingsOf(unsorted, 'help')).toEqual(firingsOf(sorted, 'help'));
    expect(firingsOf(sorted, 'help')[0]?.event_id).toBe('e2');
    const arrival = simulate(defs, shuffled, { reorderBuffer: 0 });
    expect(arrival.stats.late).toBeGreaterThan(0);
  });

  it('warn about interventions that read nothing computed locally', () => {
    const result = simulate(defsWith(intervention({ name: 'remote', criteria: { attribute: 'elsewhere:x', operator: '>', value: 1 } })), [pageView(T)]);
    expect(result.warnings.join('\n')).toMatch(/elsewhere:x is not computed locally/);
    expect(result.warnings.join('\n')).toMatch(/never fires/);
    expect(firingsOf(result, 'remote')).toEqual([]);
  });
});

describe('adaptive reordering', () => {
  const defs = [group({ name: 'g', attributes: [views] }), intervention({ name: 'third', criteria: { attribute: 'g:views', operator: '>=', value: 3 } })];

  it('never holds back sorted input: values are readable right after ingest', async () => {
    const { createSimulator } = await import('../../../src/core/simulate/simulator.js');
    const adaptive = createSimulator(defs, { reorderBuffer: 1000, reorderLateness: 'adaptive' });
    const unbounded = createSimulator(defs, { reorderBuffer: 1000 });
    for (const sim of [adaptive, unbounded]) sim.ingest(pageView(T));
    expect(adaptive.read('g', 's1', T)).toEqual({ views: 1 });
    expect(unbounded.read('g', 's1', T)).toEqual({ views: null });
  });

  it('learns the delay from the first late event and orders what follows', () => {
    // s1: one late event (2 after 3) teaches a 2-minute delay; s2 then arrives in reverse order within it
    const s1 = [1, 3, 2].map((m) => pageView(T + m * MIN, { event_id: `a${m}` }));
    const s2 = [10, 9.5, 9].map((m) => pageView(T + m * MIN, { event_id: `b${m}`, domain_sessionid: 's2' }));
    const result = simulate(defs, [...s1, ...s2], { reorderBuffer: 1000, reorderLateness: 'adaptive' });
    expect(result.stats.late).toBe(1);
    const fired = Object.fromEntries(firingsOf(result, 'third').map((f) => [f.target.id, f.event_id]));
    expect(fired).toEqual({ s1: 'a2', s2: 'b10' });
    const arrival = simulate(defs, [...s1, ...s2]);
    expect(Object.fromEntries(firingsOf(arrival, 'third').map((f) => [f.target.id, f.event_id]))).toEqual({ s1: 'a2', s2: 'b9' });
    expect(result.groups).toEqual(arrival.groups);
  });

  it('still caps the events held', () => {
    const reversed = [5, 4, 3, 2, 1].map((m) => pageView(T + m * MIN));
    expect(simulate(defs, reversed, { reorderBuffer: 2, reorderLateness: 'adaptive' }).stats.late).toBeGreaterThan(0);
    expect(simulate(defs, reversed, { reorderBuffer: 10 }).stats.late).toBe(0);
  });
});
