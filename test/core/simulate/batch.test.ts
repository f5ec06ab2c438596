import { describe, expect, it } from 'vitest';
import { PAGE_PING_EVENT } from '../../../src/core/model.js';
import { atomic, attribute, group, pageView, rowOf, simulate, single } from './builders.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2025, 3, 1);
const day = (n: number, hour = 12) => D0 + n * DAY + hour * 3_600_000;
const batch = { source: 'batch' as const };

describe('batch groups (the batch engine semantics)', () => {
  it('counts whole UTC days before today within the period; today is excluded', () => {
    const a = attribute({ name: 'a', period: 'P2D' });
    const events = [pageView(day(0)), pageView(day(1)), pageView(day(2)), pageView(day(3, 1)), pageView(day(3, 2))];
    // now = day 3: the window is days 1 and 2.
    expect(single(a, events, batch)).toBe(2);
    // the stream engine's rolling window (day 1 02:00, day 3 02:00] includes today's events
    expect(single(a, events)).toBe(4);
  });

  it('uses every day, today included, for lifetime attributes', () => {
    expect(single(attribute({ name: 'a' }), [pageView(day(0)), pageView(day(5))], batch)).toBe(2);
  });

  it('has an always-empty window for periods shorter than a day', () => {
    expect(single(attribute({ name: 'a', period: 'PT15M' }), [pageView(day(0)), pageView(day(1))], { ...batch, now: day(1, 23) })).toBeUndefined();
  });

  it('counter and sum are 0 when the key had group events in the window but none matched, null without any', () => {
    const criteria = { all: [{ property: atomic('page_urlpath'), operator: '=' as const, value: '/match' }] };
    const defs = [
      group(
        {
          name: 'g',
          attributes: [
            attribute({ name: 'c', period: 'P3D', criteria }),
            attribute({ name: 's', aggregation: 'sum', type: 'double', property: atomic('se_value'), period: 'P3D', criteria }),
            attribute({ name: 'm', aggregation: 'max', type: 'double', property: atomic('se_value'), period: 'P3D', criteria }),
          ],
        },
        batch,
      ),
    ];
    const seen = simulate(defs, [pageView(day(0), { page_urlpath: '/other', se_value: 5 }), pageView(day(1))]);
    expect(rowOf(seen, 'g', 's1')).toEqual({ c: 0, s: 0, m: null });
    const outside = simulate(defs, [pageView(day(0), { page_urlpath: '/match', se_value: 5 })], { now: day(10) });
    expect(rowOf(outside, 'g', 's1')).toBeUndefined();
  });

  it('dedupes events by event_id, keeping the first', () => {
    const e = pageView(day(0), { se_label: 'first' });
    const again = { ...e, se_label: 'second' };
    const defs = [
      group({ name: 'b', attributes: [attribute({ name: 'n' }), attribute({ name: 'l', aggregation: 'last', type: 'string', property: atomic('se_label') })] }, batch),
      group({ name: 's', attributes: [attribute({ name: 'n' })] }),
    ];
    const result = simulate(defs, [e, again]);
    expect(rowOf(result, 'b', 's1')).toEqual({ n: 1, l: 'first' });
    expect(rowOf(result, 's', 's1')).toEqual({ n: 2 }); // the stream engine keeps every event
    expect(result.stats.skipped.duplicate).toBe(1);
  });

  it('takes first/last over every event of the group, ignoring criteria and the attribute events, keeping nulls', () => {
    const last = attribute({
      name: 'last_label',
      type: 'string',
      aggregation: 'last',
      property: atomic('se_label'),
      criteria: { all: [{ property: atomic('se_label'), operator: '=', value: 'wanted' }] },
    });
    const pings = attribute({ name: 'pings', events: [{ ...PAGE_PING_EVENT }] });
    const events = [pageView(day(0, 1), { se_label: 'wanted' }), { ...pageView(day(0, 2)), event_name: 'page_ping', event: 'page_ping' }];
    const batchResult = simulate([group({ name: 'g', attributes: [last, pings] }, batch)], events);
    expect(rowOf(batchResult, 'g', 's1')).toEqual({ last_label: null, pings: 1 });
    const streamResult = simulate([group({ name: 'g', attributes: [last, pings] })], events);
    expect(rowOf(streamResult, 'g', 's1')).toEqual({ last_label: 'wanted', pings: 1 });
  });

  it('checks only the event name per attribute (vendors and versions cross-count)', () => {
    const v1 = attribute({ name: 'a', events: [{ vendor: 'com.acme', name: 'click', version: '1-0-0' }] });
    const v2 = attribute({ name: 'b', events: [{ vendor: 'com.acme', name: 'click', version: '2-0-0' }] });
    const click = (version: string) => ({ ...pageView(day(0)), event_vendor: 'com.acme', event_name: 'click', event_version: version });
    const events = [click('1-0-0'), click('2-0-0'), click('3-0-0')];
    expect(rowOf(simulate([group({ name: 'g', attributes: [v1, v2] }, batch)], events), 'g', 's1')).toEqual({ a: 2, b: 2 });
    expect(rowOf(simulate([group({ name: 'g', attributes: [v1, v2] })], events), 'g', 's1')).toEqual({ a: 1, b: 1 });
  });

  it('unique_list is a sorted list of distinct strings, open-ended at today', () => {
    const u = attribute({ name: 'a', aggregation: 'unique_list', type: 'string_list', property: atomic('se_label'), period: 'P1D' });
    const events = [pageView(day(0), { se_label: 'old' }), pageView(day(1), { se_label: 'b' }), pageView(day(2), { se_label: 'c' }), pageView(day(2), { se_label: 'a' }), pageView(day(2), { se_value: 3 })];
    expect(single(u, events, batch)).toEqual(['a', 'b', 'c']);
    expect(single({ ...u, period: undefined, property: atomic('se_value') }, [pageView(day(0), { se_value: 10 }), pageView(day(0), { se_value: 9 })], batch)).toEqual(['10', '9']);
  });

  it('uses batch criteria: != matches null, like is a contains match', () => {
    const ne = attribute({ name: 'a', criteria: { all: [{ property: atomic('se_label'), operator: '!=', value: 'x' }] } });
    const like = attribute({ name: 'a', criteria: { all: [{ property: atomic('page_urlpath'), operator: 'like', value: 'pricing' }] } });
    const events = [pageView(day(0)), pageView(day(0), { se_label: 'x', page_urlpath: '/en/pricing/x' }), pageView(day(0), { se_label: 'y' })];
    expect(single(ne, events, batch)).toBe(2);
    expect(single(ne, events)).toBe(1);
    expect(single(like, events, batch)).toBe(1);
    expect(single(like, events)).toBeUndefined();
  });

  it('computes mean (which the batch engine cannot generate) as the stream engine does', () => {
    expect(single(attribute({ name: 'a', aggregation: 'mean', type: 'double', property: atomic('se_value') }), [pageView(day(0), { se_value: 1 }), pageView(day(1), { se_value: 3 })], batch)).toBe(2);
  });
});
