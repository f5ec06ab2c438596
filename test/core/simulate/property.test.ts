import { describe, expect, it } from 'vitest';
import { applyDatePart, compileProperty, parsePropertyPath, walkPath } from '../../../src/core/simulate/property.js';
import { atomic, entityProp, eventProp } from './builders.js';

const V = 'com.acme';

describe('parsePropertyPath', () => {
  it.each([
    ['price', 1],
    ['$.price', 1],
    ['a.b[0].c', 4],
    ['$.events[0].items[1].value', 5],
    ['$[0]', 1],
    ['items[0][1]', 3],
  ])('accepts %s', (path, steps) => {
    expect(parsePropertyPath(path)).toHaveLength(steps);
  });

  it.each([['$'], [''], ['a..b'], ["a['b']"], ['a[-1]'], ['a.'], ['.a'], ['a[x]'], ['a.[0]'], ['a[0]b']])('rejects %j', (path) => {
    expect(parsePropertyPath(path)).toBeUndefined();
  });

  it('looks fields up exactly, then snake_case, then camelCase', () => {
    const steps = parsePropertyPath('operatingSystemName');
    expect(steps).toBeDefined();
    expect(walkPath({ operatingSystemName: 'exact', operating_system_name: 'snake' }, steps ?? [])).toBe('exact');
    expect(walkPath({ operating_system_name: 'snake' }, steps ?? [])).toBe('snake');
    const snake = parsePropertyPath('operating_system_name') ?? [];
    expect(walkPath({ operatingSystemName: 'camel' }, snake)).toBe('camel');
    expect(walkPath({ other: 1 }, snake)).toBeNull();
  });

  it('never reads inherited object members', () => {
    expect(walkPath({}, parsePropertyPath('constructor') ?? [])).toBeNull();
  });
});

describe('compileProperty', () => {
  it('reads atomic fields and treats "" as null', () => {
    const read = compileProperty(atomic('page_urlpath'));
    expect(read({ page_urlpath: '/a' })).toBe('/a');
    expect(read({ page_urlpath: '' })).toBeNull();
    expect(read({})).toBeNull();
  });

  it('accepts both spellings of refr_device_tstamp', () => {
    expect(compileProperty(atomic('refr_device_tstamp'))({ refr_dvce_tstamp: 'x' })).toBe('x');
    expect(compileProperty(atomic('refr_dvce_tstamp'))({ refr_device_tstamp: 'y' })).toBe('y');
  });

  it('reads the self-describing event by vendor, snake_cased name and major version', () => {
    const read = compileProperty(eventProp(V, 'filterTagApplied', '$.tag.name'));
    expect(read({ unstruct_event_com_acme_filter_tag_applied_1: { tag: { name: 'Family' } } })).toBe('Family');
    expect(read({ unstruct_event_com_acme_filter_tag_applied_2: { tag: { name: 'x' } } })).toBeNull();
    expect(read({})).toBeNull();
  });

  it('also finds warehouse columns that do not split camelCase, and vendors with dashes', () => {
    expect(compileProperty(entityProp('org.schema', 'WebPage', 'genre'))({ contexts_org_schema_webpage_1: [{ genre: 'blog' }] })).toBe('blog');
    expect(compileProperty(eventProp('com.acme-web', 'click', 'x'))({ unstruct_event_com_acme_web_click_1: { x: 1 } })).toBe(1);
  });

  it('reads the index-th entity only; a missing entity is null', () => {
    const event = { contexts_com_acme_product_1: [{ price: 1 }, { price: 2 }] };
    expect(compileProperty(entityProp(V, 'product', 'price'))(event)).toBe(1);
    expect(compileProperty(entityProp(V, 'product', 'price', 1))(event)).toBe(2);
    expect(compileProperty(entityProp(V, 'product', 'price', 2))(event)).toBeNull();
    expect(compileProperty(entityProp(V, 'product', 'items[1]'))({ contexts_com_acme_product_1: [{ items: ['a', 'b'] }] })).toBe('b');
  });

  it('throws for a path outside the subset', () => {
    expect(() => compileProperty(eventProp(V, 'x', '$..a'))).toThrow(/unsupported property path/);
  });

  it('applies date_part to timestamps', () => {
    const read = compileProperty({ type: 'atomic', name: 'derived_tstamp', date_part: 'day_of_week' });
    expect(read({ derived_tstamp: '2025-04-06T10:00:00Z' })).toBe(7); // a Sunday
    expect(read({ derived_tstamp: 'not a time' })).toBeNull();
    expect(read({})).toBeNull();
  });
});

describe('applyDatePart', () => {
  const t = '2025-04-09T17:45:00.000Z'; // Wednesday
  it.each([
    ['hour_of_day', 17],
    ['day_of_week', 3],
    ['month_of_year', 4],
    ['active_day', '2025-04-09'],
    ['active_week', '2025-04-07'],
    ['active_month', '2025-04-01'],
  ] as const)('%s', (part, expected) => {
    expect(applyDatePart(t, part)).toBe(expected);
  });

  it('starts ISO weeks on Monday, including from a Sunday', () => {
    expect(applyDatePart('2025-04-13T23:00:00Z', 'active_week')).toBe('2025-04-07');
    expect(applyDatePart('2025-04-14T00:00:00Z', 'active_week')).toBe('2025-04-14');
  });
});
