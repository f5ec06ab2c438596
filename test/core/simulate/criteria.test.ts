import { describe, expect, it } from 'vitest';
import { CRITERION_OPERATORS, type CriterionOperator, type CriterionValue } from '../../../src/core/model.js';
import { compileCriteria, compileCriterion } from '../../../src/core/simulate/criteria.js';
import { compileLike, parseSqlList } from '../../../src/core/simulate/operators.js';
import type { EngineMode } from '../../../src/core/simulate/operators.js';
import { atomic } from './builders.js';

function test(operator: CriterionOperator, value: CriterionValue | undefined, prop: unknown, mode: EngineMode = 'stream'): boolean {
  const predicate = compileCriterion({ property: atomic('se_label'), operator, ...(value === undefined ? {} : { value }) }, mode);
  return predicate(prop === undefined ? {} : { se_label: prop });
}

describe('attribute criteria: every operator', () => {
  it('covers the whole operator list', () => {
    // If an operator is added to the model, this table must grow with it.
    expect([...CRITERION_OPERATORS].sort()).toEqual(['!=', '<', '<=', '=', '>', '>=', 'in', 'is not null', 'is null', 'like'].sort());
  });

  it.each([
    // operator, value, property, stream, batch
    ['=', 'a', 'a', true, true],
    ['=', 'a', 'b', false, false],
    ['=', 3, 3, true, true],
    ['=', 3, '3', true, true],
    ['=', 3, '3.0', true, true],
    ['=', 3, 'three', false, false],
    ['=', '3', 3, true, true],
    ['=', true, true, true, true],
    ['=', true, 'true', true, true],
    ['=', true, 1, true, true],
    ['=', false, '0', true, true],
    ['=', 'true', true, true, true],
    ['=', 1, true, true, true],
    ['=', 'a', undefined, false, false],
    ['=', 'a', '', false, false],
    ['!=', 'a', 'b', true, true],
    ['!=', 'a', 'a', false, false],
    ['!=', 'a', undefined, false, true],
    ['!=', 3, 'three', false, true],
    ['!=', 3, 4, true, true],
    ['!=', '', 'x', true, true],
    ['<', 10, 9, true, true],
    ['<', 10, '9', true, true],
    ['<', 10, 10, false, false],
    ['<=', 10, 10, true, true],
    ['>', 10, 11, true, true],
    ['>', 10, 'eleven', false, false],
    ['>=', 10, 10, true, true],
    ['>', 'b', 'c', true, true],
    ['<', 'b', 'a', true, true],
    ['<', '9', '10', true, true], // strings compare by code point: "10" < "9"
    ['>', 10, undefined, false, false],
    ['like', '%destinations%', '/destinations/japan', true, true],
    ['like', '/destinations%', '/destinations/japan', true, true],
    ['like', '/destinations%', '/en/destinations/japan', false, true], // batch wraps in %…%
    ['like', 'destinations', '/destinations/japan', false, true],
    ['like', 'a_c', 'abc', true, true],
    ['like', 'a_c', 'abbc', false, false],
    ['like', '%DEST%', '/destinations', false, false], // case-sensitive
    ['like', 'a.c', 'abc', false, false], // regex characters are literal
    ['like', '%x%', undefined, false, false],
    ['in', ['a', 'b'], 'b', true, true],
    ['in', ['a', 'b'], 'c', false, false],
    ['in', [1, 2], '2', true, true],
    ['in', 'x', ['x', 'y'], true, false], // scalar value: the property must be a list containing it
    ['in', 'x', 'x', false, true], // batch reads a string as a SQL list
    ["in", "'a','b'", 'b', false, true],
    ['in', '1,2,3', 2, false, true],
    ['in', ['a'], undefined, false, false],
    ['is null', undefined, undefined, true, true],
    ['is null', undefined, '', true, true],
    ['is null', undefined, 'x', false, false],
    ['is not null', undefined, 'x', true, true],
    ['is not null', undefined, undefined, false, false],
  ] as const)('%s %j against %j: stream %s, batch %s', (op, value, prop, stream, batch) => {
    const v = (Array.isArray(value) ? [...value] : value) as CriterionValue | undefined;
    expect(test(op, v, prop, 'stream')).toBe(stream);
    expect(test(op, v, prop, 'batch')).toBe(batch);
  });

  it('compares strings by code point, not UTF-16 unit', () => {
    // U+1F600 is above U+FF5E as a code point, below it as a UTF-16 unit.
    expect(test('>', '\uff5e', '\u{1f600}')).toBe(true);
  });
});

describe('compileCriteria', () => {
  const p = (value: string) => ({ property: atomic('page_urlpath'), operator: '=' as const, value });
  it('is undefined (always true) without criteria', () => {
    expect(compileCriteria(undefined, 'stream')).toBeUndefined();
    expect(compileCriteria({}, 'stream')).toBeUndefined();
  });
  it('joins all with AND and any with OR', () => {
    const all = compileCriteria({ all: [p('/a'), { property: atomic('app_id'), operator: '=', value: 'site' }] }, 'stream');
    expect(all?.({ page_urlpath: '/a', app_id: 'site' })).toBe(true);
    expect(all?.({ page_urlpath: '/a', app_id: 'other' })).toBe(false);
    const any = compileCriteria({ any: [p('/a'), p('/b')] }, 'stream');
    expect(any?.({ page_urlpath: '/b' })).toBe(true);
    expect(any?.({ page_urlpath: '/c' })).toBe(false);
  });
  it('requires both when both are present', () => {
    const both = compileCriteria({ all: [p('/a')], any: [{ property: atomic('app_id'), operator: '=', value: 'x' }] }, 'stream');
    expect(both?.({ page_urlpath: '/a', app_id: 'x' })).toBe(true);
    expect(both?.({ page_urlpath: '/a', app_id: 'y' })).toBe(false);
  });
});

describe('helpers', () => {
  it('parses SQL lists', () => {
    expect(parseSqlList("'a', 'b,c' ,'d'")).toEqual(['a', 'b,c', 'd']);
    expect(parseSqlList('1, 2.5,x')).toEqual([1, 2.5, 'x']);
    expect(parseSqlList('')).toEqual([]);
  });
  it('LIKE has no escape character and % matches newlines', () => {
    expect(compileLike('a\\%')('a\\xyz')).toBe(true);
    expect(compileLike('a%b')('a\nb')).toBe(true);
    expect(compileLike('%')('')).toBe(true);
    expect(compileLike('_')('')).toBe(false);
  });
});
