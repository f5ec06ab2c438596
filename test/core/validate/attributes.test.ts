import { describe, expect, it } from 'vitest';
import { check, codes, groupWith } from '../definitions/helpers.js';

/** Checks one attribute (a flow mapping) inside a stream group; returns the diagnostics. */
function attr(yaml: string) {
  return check(groupWith(`  - ${yaml}\n`)).diagnostics;
}

describe('durations', () => {
  it.each(['30s', '15m', '1h', '7d', '1h30m', 'PT15M', 'P7D', 'P1W'])('accepts period %s', (period) => {
    expect(attr(`{ name: a, type: int32, aggregation: counter, events: [page_view], period: ${period} }`)).toEqual([]);
  });

  it('reports "7 days" with the short form as hint', () => {
    expect(attr(`{ name: a, type: int32, aggregation: counter, events: [page_view], period: 7 days }`)).toMatchObject([
      { code: 'invalid-duration', message: 'period "7 days" is not a duration', hint: 'write 7d', line: 5, column: 80 },
    ]);
  });

  it.each(['0s', 'PT0S', '-P1D', 'P', 'PT', '1.5h', 'forever'])('reports period %s', (period) => {
    expect(codes(attr(`{ name: a, type: int32, aggregation: counter, events: [page_view], period: "${period}" }`))).toEqual(['invalid-duration']);
  });

  it('checks group and key ttls', () => {
    expect(codes(check(groupWith(`  - { name: a, type: int32, aggregation: counter, events: [page_view] }\n`, 'ttl: 2 weeks\n')).diagnostics)).toEqual(['invalid-duration']);
    expect(check(`kind: AttributeKey\nname: k\nttl: 3 hours\n`).diagnostics).toMatchObject([{ code: 'invalid-duration', hint: 'write 3h' }]);
  });

  it('refuses period and ttl on one attribute', () => {
    expect(attr(`{ name: a, type: string, aggregation: last, events: [page_view], property: app_id, ttl: 7d }`)).toEqual([]);
    expect(codes(attr(`{ name: a, type: string, aggregation: last, events: [page_view], property: app_id, ttl: 7d, period: 1d }`))).toEqual(['ttl-with-period']);
  });
});

describe('events', () => {
  it('reports dotted versions with the dashed form', () => {
    expect(attr(`{ name: a, type: int32, aggregation: counter, events: [com.acme/x/1.0.0] }`)).toMatchObject([
      { code: 'invalid-event-version', hint: 'schema versions use dashes: 1-0-0', line: 5, column: 60 },
    ]);
    expect(codes(attr(`{ name: a, type: int32, aggregation: counter, events: [{ vendor: com.acme, name: x, version: latest }] }`))).toEqual(['invalid-event-version']);
  });

  it('reports vendor and name characters', () => {
    expect(codes(attr(`{ name: a, type: int32, aggregation: counter, events: [{ vendor: "com acme", name: x }] }`))).toEqual(['invalid-event']);
    expect(codes(attr(`{ name: a, type: int32, aggregation: counter, events: [{ vendor: com.acme, name: "x.y" }] }`))).toEqual(['invalid-event']);
  });

  it('warns about an event listed twice', () => {
    expect(attr(`{ name: a, type: int32, aggregation: counter, events: [page_view, com.snowplowanalytics.snowplow/page_view/1-0-0] }`)).toMatchObject([
      { severity: 'warning', code: 'duplicate-event' },
    ]);
  });
});

describe('properties', () => {
  it('suggests the closest atomic field, in every form', () => {
    for (const property of ['page_urlpth', 'atomic:page_urlpth', '{ type: atomic, name: page_urlpth }']) {
      expect(attr(`{ name: a, type: string, aggregation: last, events: [page_view], property: ${property} }`)).toMatchObject([
        { code: 'unknown-atomic-property', hint: 'did you mean page_urlpath?' },
      ]);
    }
  });

  it('points people who write warehouse columns at the entity form', () => {
    expect(attr(`{ name: a, type: string, aggregation: last, events: [page_view], property: contexts_com_acme_product_1 }`)[0]?.hint).toContain('entity:vendor/name/MAJOR:path');
  });

  it('checks criteria and attribute key properties too', () => {
    expect(codes(attr(`{ name: a, type: int32, aggregation: counter, events: [page_view], criteria: { all: [{ property: pageurl, operator: "=", value: x }] } }`))).toEqual(['unknown-atomic-property']);
    expect(codes(check(`kind: AttributeKey\nname: k\nproperty: atomic:ap_id\n`).diagnostics)).toEqual(['unknown-atomic-property']);
  });

  it('checks schema names, major versions, indexes and paths', () => {
    expect(codes(attr(`{ name: a, type: double, aggregation: sum, events: [page_view], property: { type: event, vendor: v, name: n, major_version: 0, path: p } }`))).toEqual(['invalid-property']);
    expect(codes(attr(`{ name: a, type: double, aggregation: sum, events: [page_view], property: "event:v/n.x/1:p" }`))).toEqual(['invalid-property']);
    expect(codes(attr(`{ name: a, type: double, aggregation: sum, events: [page_view], property: { type: entity, vendor: v, name: n, major_version: 1, path: p, index: -1 } }`))).toEqual(['invalid-property']);
    expect(codes(attr(`{ name: a, type: double, aggregation: sum, events: [page_view], property: "event:v/n/1:$" }`))).toEqual(['invalid-property-path']);
    expect(codes(attr(`{ name: a, type: double, aggregation: sum, events: [page_view], property: "event:v/n/1:items['a']" }`))).toEqual(['invalid-property-path']);
    expect(attr(`{ name: a, type: double, aggregation: sum, events: [page_view], property: "event:v/n/1:items[0].price" }`)).toEqual([]);
  });
});

describe('aggregation and type', () => {
  it.each([
    ['counter', 'int32', ''],
    ['counter', 'int64', ''],
    ['sum', 'double', ', property: tr_total'],
    ['min', 'unix_timestamp', ', property: derived_tstamp'],
    ['max', 'int64', ', property: tr_total'],
    ['mean', 'float', ', property: tr_total'],
    ['first', 'string', ', property: app_id'],
    ['last', 'bool', ', property: br_cookies'],
    ['unique_list', 'string_list', ', property: page_url'],
    ['most_frequent', 'string', ', property: page_url'],
    ['least_frequent', 'int32', ', property: br_viewwidth'],
    ['category_count', 'dict', ', property: page_url'],
    ['approx_count_distinct', 'int64', ', property: page_url'],
    ['time_since_first', 'double', ', time_unit: s'],
    ['time_since_last', 'float', ', time_unit: h'],
  ])('accepts %s into %s', (aggregation, type, rest) => {
    expect(attr(`{ name: a, type: ${type}, aggregation: ${aggregation}, events: [page_view]${rest} }`)).toEqual([]);
  });

  it.each([
    ['counter', 'string', ''],
    ['sum', 'string', ', property: tr_total'],
    ['min', 'bool', ', property: tr_total'],
    ['first', 'string_list', ', property: app_id'],
    ['unique_list', 'string', ', property: page_url'],
    ['category_count', 'int32', ', property: page_url'],
    ['approx_count_distinct', 'double', ', property: page_url'],
    ['time_since_last', 'int32', ', time_unit: s'],
    ['most_frequent', 'dict', ', property: page_url'],
  ])('reports %s into %s', (aggregation, type, rest) => {
    const diagnostics = attr(`{ name: a, type: ${type}, aggregation: ${aggregation}, events: [page_view]${rest} }`);
    expect(codes(diagnostics)).toEqual(['aggregation-type-mismatch']);
    expect(diagnostics[0]?.column).toBe(22);
  });

  it('warns that an integer mean loses its fraction', () => {
    expect(attr(`{ name: a, type: int32, aggregation: mean, events: [page_view], property: tr_total }`)).toMatchObject([{ severity: 'warning', code: 'mean-integer-type' }]);
  });

  it('needs a property for value aggregations', () => {
    for (const aggregation of ['sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list', 'most_frequent', 'least_frequent', 'category_count', 'approx_count_distinct']) {
      const type = aggregation === 'unique_list' ? 'string_list' : aggregation === 'category_count' ? 'dict' : aggregation === 'approx_count_distinct' ? 'int32' : 'double';
      expect(codes(attr(`{ name: a, type: ${type}, aggregation: ${aggregation}, events: [page_view] }`)), aggregation).toContain('missing-property');
    }
  });

  it('refuses a property on a counter', () => {
    expect(attr(`{ name: a, type: int32, aggregation: counter, events: [page_view], property: page_url }`)).toMatchObject([
      { code: 'counter-with-property', line: 5, column: 82 },
    ]);
  });

  it('lets time_since read only derived_tstamp', () => {
    expect(attr(`{ name: a, type: double, aggregation: time_since_last, events: [page_view], time_unit: min, property: derived_tstamp }`)).toEqual([]);
    expect(codes(attr(`{ name: a, type: double, aggregation: time_since_last, events: [page_view], time_unit: min, property: collector_tstamp }`))).toEqual(['time-since-property']);
  });

  it('needs time_unit exactly for time_since aggregations', () => {
    expect(codes(attr(`{ name: a, type: double, aggregation: time_since_first, events: [page_view] }`))).toEqual(['time-unit-required']);
    expect(codes(attr(`{ name: a, type: int32, aggregation: counter, events: [page_view], time_unit: s }`))).toEqual(['time-unit-not-allowed']);
  });
});

describe('date_part', () => {
  it('accepts extraction into integers and truncation into strings', () => {
    expect(attr(`{ name: a, type: int32, aggregation: most_frequent, events: [page_view], property: derived_tstamp, date_part: hour_of_day }`)).toEqual([]);
    expect(attr(`{ name: a, type: string_list, aggregation: unique_list, events: [page_view], property: collector_tstamp, date_part: active_day }`)).toEqual([]);
    expect(attr(`{ name: a, type: int64_list, aggregation: unique_list, events: [page_view], property: derived_tstamp, date_part: day_of_week }`)).toEqual([]);
    expect(attr(`{ name: a, type: dict, aggregation: category_count, events: [page_view], property: derived_tstamp, date_part: month_of_year }`)).toEqual([]);
    expect(attr(`{ name: a, type: string, aggregation: last, events: [page_view], property: "event:com.acme/x/1:when", date_part: active_month }`)).toEqual([]);
  });

  it('reports the wrong aggregation, property or type', () => {
    expect(attr(`{ name: a, type: int32, aggregation: sum, events: [page_view], property: derived_tstamp, date_part: hour_of_day }`)).toMatchObject([
      { code: 'date-part-aggregation', line: 5, column: 105 },
    ]);
    expect(codes(attr(`{ name: a, type: int32, aggregation: most_frequent, events: [page_view], property: page_url, date_part: hour_of_day }`))).toEqual(['date-part-property']);
    expect(codes(attr(`{ name: a, type: string, aggregation: most_frequent, events: [page_view], property: derived_tstamp, date_part: hour_of_day }`))).toEqual(['date-part-type']);
    expect(codes(attr(`{ name: a, type: int32, aggregation: last, events: [page_view], property: { type: atomic, name: derived_tstamp, date_part: active_week } }`))).toEqual(['date-part-type']);
  });
});

describe('default-value-type', () => {
  it.each([
    ['int32', '0'],
    ['double', '1.5'],
    ['string', 'none'],
    ['bool', 'false'],
    ['string_list', '[a, b]'],
    ['unix_timestamp', '0'],
  ])('accepts a %s default of %s', (type, value) => {
    const property = type === 'int32' ? '' : ', property: app_id';
    const aggregation = type === 'int32' ? 'counter' : type === 'string_list' ? 'unique_list' : type === 'double' ? 'sum' : 'last';
    expect(codes(attr(`{ name: a, type: ${type}, aggregation: ${aggregation}, events: [page_view]${property}, default_value: ${value} }`))).toEqual([]);
  });

  it.each([
    ['int32', 'counter', '"zero"'],
    ['int32', 'counter', '1.5'],
    ['string_list', 'unique_list', 'a'],
    ['dict', 'category_count', '0'],
  ])('reports a %s default of %s', (type, aggregation, value) => {
    const property = aggregation === 'counter' ? '' : ', property: app_id';
    expect(codes(attr(`{ name: a, type: ${type}, aggregation: ${aggregation}, events: [page_view]${property}, default_value: ${value} }`))).toEqual(['default-value-type']);
  });
});
