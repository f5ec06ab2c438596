import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/core/simulate/simulator.js';
import { attribute, group, key, pageView, rowOf, simulate, single, atomic } from './builders.js';

const T0 = Date.UTC(2025, 3, 1, 10);
const MIN = 60_000;
const DAY = 86_400_000;
const counter15m = attribute({ name: 'a', period: 'PT15M' });

describe('rolling windows (now − period, now]', () => {
  it('excludes an event exactly one period before now and includes one at now', () => {
    const events = [pageView(T0), pageView(T0 + 1), pageView(T0 + 15 * MIN)];
    expect(single(counter15m, events)).toBe(2);
  });

  it('slides with now', () => {
    const events = [pageView(T0), pageView(T0 + 5 * MIN), pageView(T0 + 10 * MIN)];
    expect(single(counter15m, events, { now: T0 + 10 * MIN })).toBe(3);
    expect(single(counter15m, events, { now: T0 + 16 * MIN })).toBe(2);
    expect(single(counter15m, events, { now: T0 + 24 * MIN })).toBe(1);
  });

  it('has no value when the window is empty', () => {
    expect(single(counter15m, [pageView(T0)], { now: T0 + 20 * MIN })).toBeUndefined();
  });

  it('computes window aggregations over the window only', () => {
    const last = attribute({ name: 'a', aggregation: 'last', type: 'string', property: atomic('se_label'), period: 'PT10M' });
    const first = { ...last, aggregation: 'first' as const };
    const sum = attribute({ name: 'a', aggregation: 'sum', type: 'double', property: atomic('se_value'), period: 'PT10M' });
    const events = [pageView(T0, { se_label: 'old', se_value: 100 }), pageView(T0 + 6 * MIN, { se_label: 'mid', se_value: 1 }), pageView(T0 + 12 * MIN, { se_label: 'new', se_value: 2 })];
    expect(single(first, events)).toBe('mid');
    expect(single(last, events)).toBe('new');
    expect(single(sum, events)).toBe(3);
  });

  it('counts late events that fall inside the window', () => {
    const events = [pageView(T0 + 14 * MIN), pageView(T0 + 2 * MIN), pageView(T0 - 5 * MIN)];
    expect(single(counter15m, events)).toBe(2);
  });

  it('can cap the events kept per window (legacy 100-event cap)', () => {
    const events = Array.from({ length: 10 }, (_, i) => pageView(T0 + i * 1000));
    expect(single(counter15m, events, { capWindowEvents: 4 })).toBe(4);
    expect(single(counter15m, events)).toBe(10);
  });
});

describe('now, since and app ids', () => {
  it('ignores events after a fixed now and counts them', () => {
    const result = simulate([group({ name: 'g', attributes: [attribute({ name: 'a' })] })], [pageView(T0), pageView(T0 + MIN), pageView(T0 + 2 * MIN)], { now: T0 + MIN });
    expect(rowOf(result, 'g', 's1')).toEqual({ a: 2 });
    expect(result.stats.skipped.after_now).toBe(1);
    expect(result.now).toBe(new Date(T0 + MIN).toISOString());
  });

  it('defaults now to the latest derived_tstamp', () => {
    const result = simulate([group({ name: 'g', attributes: [attribute({ name: 'a' })] })], [pageView(T0 + 5 * MIN), pageView(T0)]);
    expect(result.now).toBe(new Date(T0 + 5 * MIN).toISOString());
  });

  it('falls back to collector_tstamp and counts events with no time', () => {
    const noDerived = { ...pageView(T0), derived_tstamp: undefined, collector_tstamp: new Date(T0).toISOString() };
    const noTime = { ...pageView(T0), derived_tstamp: 'garbage' };
    const result = simulate([group({ name: 'g', attributes: [attribute({ name: 'a' })] })], [noDerived, noTime]);
    expect(rowOf(result, 'g', 's1')).toEqual({ a: 1 });
    expect(result.stats.skipped.no_timestamp).toBe(1);
  });

  it('applies since and app ids', () => {
    const events = [pageView(T0), pageView(T0 + MIN, { app_id: 'other' }), pageView(T0 + 2 * MIN)];
    const result = simulate([group({ name: 'g', attributes: [attribute({ name: 'a' })] })], events, { since: T0 + 30_000, appIds: ['site'] });
    expect(rowOf(result, 'g', 's1')).toEqual({ a: 1 });
    expect(result.stats.skipped).toMatchObject({ before_since: 1, app_id: 1 });
    expect(result.stats.used).toBe(1);
  });

  it('rejects a now that is not a time', () => {
    expect(() => createSimulator([], { now: 'soon' })).toThrow(RangeError);
  });
});

describe('TTL', () => {
  const lifetime = attribute({ name: 'a' });

  it('expires lifetime values 7 days after the last update by default', () => {
    const events = [pageView(T0)];
    expect(single(lifetime, events, { now: T0 + 7 * DAY })).toBe(1);
    expect(single(lifetime, events, { now: T0 + 7 * DAY + 1 })).toBeUndefined();
  });

  it('takes the attribute ttl, then the group ttl, then the key ttl', () => {
    const events = [pageView(T0)];
    const at2h = { now: T0 + 2 * 3_600_000 };
    expect(single({ ...lifetime, ttl: 'PT1H' }, events, at2h)).toBeUndefined();
    const byGroup = simulate([group({ name: 'g', ttl: 'PT1H', attributes: [lifetime] })], events, at2h);
    expect(rowOf(byGroup, 'g', 's1')).toBeUndefined();
    const byAttrOverGroup = simulate([group({ name: 'g', ttl: 'PT1H', attributes: [{ ...lifetime, ttl: 'P1D' }] })], events, at2h);
    expect(rowOf(byAttrOverGroup, 'g', 's1')).toEqual({ a: 1 });
    const byKey = simulate(
      [key({ name: 'account', property: atomic('domain_sessionid'), ttl: 'PT1H' }), group({ name: 'g', attribute_key: { name: 'account' }, attributes: [lifetime] })],
      events,
      at2h,
    );
    expect(rowOf(byKey, 'g', 's1')).toBeUndefined();
  });

  it('starts afresh when an update comes after the value expired', () => {
    const events = [pageView(T0), pageView(T0 + DAY), pageView(T0 + 10 * DAY)];
    expect(single(lifetime, events)).toBe(1);
    expect(single(lifetime, [pageView(T0), pageView(T0 + DAY), pageView(T0 + 5 * DAY)])).toBe(3);
  });

  it('reads through the incremental API at any time', () => {
    const sim = createSimulator([group({ name: 'g', attributes: [lifetime, { ...counter15m, name: 'w' }] })]);
    sim.ingest(pageView(T0));
    sim.ingest(pageView(T0 + 10 * MIN));
    expect(sim.read('g', 's1', T0 + 10 * MIN)).toEqual({ a: 2, w: 2 });
    expect(sim.read('g@1', 's1', T0 + 20 * MIN)).toEqual({ a: 2, w: 1 });
    expect(sim.read({ name: 'g' }, 's1', T0 + 8 * DAY)).toEqual({ a: null, w: null });
    expect(sim.read('g', 'nobody', T0)).toEqual({ a: null, w: null });
    expect(sim.read('missing', 's1', T0)).toBeUndefined();
    expect(sim.keys('g')).toEqual(['s1']);
  });

  it('drops keys whose values all expired, keeping memory to active keys', () => {
    const sim = createSimulator([group({ name: 'g', attributes: [lifetime] })], { sweepEvery: 1 });
    sim.ingest(pageView(T0, { domain_sessionid: 'old' }));
    sim.ingest(pageView(T0 + 8 * DAY, { domain_sessionid: 'new' }));
    expect(sim.keys('g')).toEqual(['new']);
  });
});
