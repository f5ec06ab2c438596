import { describe, expect, it } from 'vitest';
import type { Aggregation, AttributeType } from '../../../src/core/model.js';
import { atomic, attribute, entityProp, group, pageView, rowOf, simulate, single, withEntity } from './builders.js';

const T0 = Date.UTC(2025, 3, 1, 10);
const at = (minutes: number) => T0 + minutes * 60_000;
const views = (values: unknown[], field = 'se_value') => values.map((v, i) => pageView(at(i), v === undefined ? {} : { [field]: v }));
const agg = (aggregation: Aggregation, type: AttributeType = 'double', extra = {}) =>
  attribute({ name: 'a', aggregation, type, property: atomic('se_value'), ...extra });

describe('stream aggregations', () => {
  it('counter counts matching events and ignores a property', () => {
    expect(single(attribute({ name: 'a' }), views([1, 2, 3]))).toBe(3);
    expect(single(attribute({ name: 'a', property: atomic('se_value') }), views([undefined, undefined]))).toBe(2);
  });

  it('counter is null (or default_value) for a key with no matching event', () => {
    const crit = { all: [{ property: atomic('page_urlpath'), operator: '=' as const, value: '/x' }] };
    const events = [pageView(at(0), { page_urlpath: '/y' })];
    expect(single(attribute({ name: 'a', criteria: crit }), events)).toBeUndefined(); // no row at all
    expect(single(attribute({ name: 'a', criteria: crit, default_value: 0 }), events)).toBeUndefined();
  });

  it('sum adds numbers and numeric strings, skipping nulls and text', () => {
    expect(single(agg('sum'), views([1, '2.5', null, 'abc', undefined, 4]))).toBe(7.5);
  });

  it('sum with no numeric value at all has no value', () => {
    expect(single(agg('sum'), views(['abc', null]))).toBeUndefined();
  });

  it('min and max compare numerically', () => {
    expect(single(agg('min'), views(['13.0', '1.0', 'x', 2]))).toBe(1);
    expect(single(agg('max'), views(['13.0', '9', null]))).toBe(13);
  });

  it('mean is sum over count of the numeric values', () => {
    expect(single(agg('mean'), views([1, 2, 'x', null, '6']))).toBe(3);
  });

  it('first and last go by derived_tstamp, not arrival order', () => {
    const events = [pageView(at(5), { se_value: 'middle' }), pageView(at(9), { se_value: 'late' }), pageView(at(1), { se_value: 'early' })];
    expect(single(agg('first', 'string'), events)).toBe('early');
    expect(single(agg('last', 'string'), events)).toBe('late');
  });

  it('first and last skip null and missing properties', () => {
    const events = [pageView(at(0)), pageView(at(1), { se_value: 'x' }), pageView(at(2), { se_value: '' })];
    expect(single(agg('first', 'string'), events)).toBe('x');
    expect(single(agg('last', 'string'), events)).toBe('x');
  });

  it('first and last break timestamp ties by input order', () => {
    const events = [pageView(at(1), { se_value: 'one' }), pageView(at(1), { se_value: 'two' })];
    expect(single(agg('first', 'string'), events)).toBe('one');
    expect(single(agg('last', 'string'), events)).toBe('two');
  });

  it('casts first/last values to the declared type', () => {
    expect(single(agg('last', 'int32'), views(['42']))).toBe(42);
    expect(single(agg('last', 'bool'), views(['true']))).toBe(true);
    expect(single(agg('last', 'string'), views([7]))).toBe('7');
    expect(single(agg('last', 'int32'), views(['n/a']))).toBe('n/a');
  });

  it('unique_list is ordered by recency, oldest first, and a value seen again moves to the end', () => {
    expect(single(agg('unique_list', 'string_list'), views(['a', 'b', 'a', 'c']))).toEqual(['b', 'a', 'c']);
  });

  it('unique_list keeps the 100 most recently seen values', () => {
    const values = Array.from({ length: 105 }, (_, i) => `v${i}`);
    const list = single(agg('unique_list', 'string_list'), views([...values, 'v0'])) as string[];
    expect(list).toHaveLength(100);
    // v0..v4 were dropped at the cap; v0 is seen again, comes back at the end and pushes v5 out.
    expect(list.at(-1)).toBe('v0');
    expect(list[0]).toBe('v6');
    expect(list).not.toContain('v5');
  });

  it('unique_list uses event time even when events arrive out of order', () => {
    const events = [pageView(at(3), { se_value: 'c' }), pageView(at(1), { se_value: 'a' }), pageView(at(2), { se_value: 'b' })];
    expect(single(agg('unique_list', 'string_list'), events)).toEqual(['a', 'b', 'c']);
  });

  it('unique_list elements are cast to the element type', () => {
    expect(single(agg('unique_list', 'int32_list'), views(['1', 2, '1']))).toEqual([2, 1]);
  });

  it('most_frequent and least_frequent break ties by the value seen first', () => {
    expect(single(agg('most_frequent', 'string'), views(['b', 'a', 'a', 'b', 'c']))).toBe('b');
    expect(single(agg('least_frequent', 'string'), views(['b', 'a', 'a', 'b', 'c', 'd']))).toBe('c');
    expect(single(agg('most_frequent', 'string'), views(['x', 'y', 'y']))).toBe('y');
  });

  it('category_count maps values to counts, highest first', () => {
    expect(single(agg('category_count', 'dict'), views(['b', 'a', 'a', null, 'c']))).toEqual({ a: 2, b: 1, c: 1 });
    const result = single(agg('category_count', 'dict'), views(['b', 'a', 'a'])) as Record<string, number>;
    expect(Object.keys(result)).toEqual(['a', 'b']);
  });

  it('category_count keeps the 100 highest counts', () => {
    const values = Array.from({ length: 120 }, (_, i) => `v${i}`);
    const result = single(agg('category_count', 'dict'), views([...values, 'v119', 'v119'])) as Record<string, number>;
    expect(Object.keys(result)).toHaveLength(100);
    expect(result['v119']).toBe(3);
    expect(result['v0']).toBe(1);
    expect(result['v110']).toBeUndefined();
  });

  it('approx_count_distinct counts distinct values exactly, 1 and "1" apart', () => {
    expect(single(agg('approx_count_distinct', 'int64'), views(['a', 'b', 'a', 1, '1', null]))).toBe(4);
  });

  it('time_since_first and time_since_last are computed at now in time_unit', () => {
    const events = [pageView(at(0)), pageView(at(30))];
    const first = attribute({ name: 'a', aggregation: 'time_since_first', type: 'double', time_unit: 'min' });
    const last = attribute({ name: 'a', aggregation: 'time_since_last', type: 'double', time_unit: 'h' });
    expect(single(first, events, { now: at(90) })).toBe(90);
    expect(single(last, events, { now: at(90) })).toBe(1);
    expect(single({ ...first, time_unit: 's' }, events)).toBe(1800);
    expect(single({ ...first, time_unit: 'd' }, events, { now: T0 + 86_400_000 })).toBe(1);
  });

  it('time_since is clamped at zero when read before the stored time', () => {
    const sim = [pageView(at(10))];
    expect(single(attribute({ name: 'a', aggregation: 'time_since_last', type: 'double', time_unit: 's' }), sim, { finishAt: at(5) })).toBe(0);
  });

  it('reads entity properties and skips events without the entity', () => {
    const price = attribute({ name: 'a', aggregation: 'sum', type: 'double', property: entityProp('com.acme', 'product', 'price') });
    const events = [withEntity(pageView(at(0)), 'com.acme/product/1-0-0', [{ price: 10 }, { price: 99 }]), pageView(at(1)), withEntity(pageView(at(2)), 'com.acme/product/1-0-0', [{ price: '5.5' }])];
    expect(single(price, events)).toBe(15.5);
  });

  it('applies default_value to keys that have a row but no value for the attribute', () => {
    const result = simulate(
      [group({ name: 'g', attributes: [attribute({ name: 'n' }), attribute({ name: 'label', aggregation: 'last', type: 'string', property: atomic('se_label'), default_value: 'none' })] })],
      [pageView(at(0))],
    );
    expect(rowOf(result, 'g', 's1')).toEqual({ n: 1, label: 'none' });
  });
});
