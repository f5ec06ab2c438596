import { describe, expect, it } from 'vitest';
import { RULE_OPERATORS, type CriterionValue, type RuleNode, type RuleOperator } from '../../../src/core/model.js';
import { compileRule, evaluateOperator, type AttrRef } from '../../../src/core/simulate/rules.js';
import type { Value } from '../../../src/core/simulate/values.js';
import { atomic, attribute, group, pageView, segment, simulate } from './builders.js';

describe('rule operators', () => {
  it('covers the whole operator list', () => {
    expect([...RULE_OPERATORS].sort()).toEqual(
      ['=', '!=', '<', '>', '<=', '>=', 'like', 'not like', 'rlike', 'not rlike', 'in', 'not in', 'is null', 'is not null', 'changed'].sort(),
    );
  });

  it.each([
    ['=', 3, 3, true],
    ['=', 3, '3', true],
    ['=', 'a', 'b', false],
    ['!=', 'a', 'b', true],
    ['!=', 'a', 'a', false],
    ['<', 3, 2, true],
    ['>', 3, 2, false],
    ['<=', 3, 3, true],
    ['>=', 3, 4, true],
    ['>=', 3, 'abc', false],
    ['like', 'half%', 'half-day', true],
    ['like', 'day', 'half-day', false],
    ['not like', 'day', 'half-day', true],
    ['rlike', '^half', 'half-day', true],
    ['rlike', 'day$', 'half-day', true],
    ['rlike', 'x', 'half-day', false],
    ['not rlike', 'x', 'half-day', true],
    ['in', ['a', 'b'], 'a', true],
    ['in', ['a', 'b'], 'c', false],
    ['not in', ['a', 'b'], 'c', true],
    ['in', 'a', ['a', 'z'], true],
    ['in', 'a', ['z'], false],
    ['not in', 'a', ['z'], true],
    ['in', 'a', 'a', false],
    ['is not null', undefined, 0, true],
    ['is null', undefined, 0, false],
    ['=', ['a', 'b'], ['a', 'b'], true],
  ] as const)('%s %j on %j is %s', (op, value, x, expected) => {
    const v = (Array.isArray(value) ? [...value] : value) as CriterionValue | undefined;
    const attr = (Array.isArray(x) ? [...x] : x) as Value;
    expect(evaluateOperator(op, attr, v)).toBe(expected);
  });

  it('makes an unpopulated attribute false for every operator except is null', () => {
    for (const op of RULE_OPERATORS) {
      if (op === 'changed') continue;
      const value = op === 'in' || op === 'not in' ? ['x'] : op === 'is null' || op === 'is not null' ? undefined : 'x';
      expect(evaluateOperator(op as Exclude<RuleOperator, 'changed'>, null, value)).toBe(op === 'is null');
    }
  });
});

describe('compileRule', () => {
  const refs: Record<string, AttrRef> = { 'g:a': { group: 0, attr: 0 }, 'g:b': { group: 0, attr: 1 } };
  const env = (segments: Record<string, RuleNode> = {}) => ({ resolve: (s: string) => refs[s], segment: (n: string) => segments[n] });
  const ctx = (a: Value, b: Value = null) => ({ value: (r: AttrRef) => (r.attr === 0 ? a : b), changed: () => true });

  it('evaluates all / any / none trees', () => {
    const rule = compileRule(
      { all: [{ attribute: 'g:a', operator: '>', value: 1 }, { none: [{ attribute: 'g:b', operator: '=', value: 'x' }] }, { any: [{ attribute: 'g:a', operator: '<', value: 10 }, { attribute: 'g:b', operator: 'is null' }] }] },
      env(),
    );
    expect(rule.evaluate(ctx(5))).toBe(true);
    expect(rule.evaluate(ctx(5, 'x'))).toBe(false);
    expect(rule.evaluate(ctx(50, 'y'))).toBe(false);
    expect(rule.evaluate(ctx(50, null))).toBe(true);
    expect(rule.refs).toEqual([refs['g:a'], refs['g:b']]);
  });

  it('expands segment references and reports cycles and unknown segments', () => {
    const segments = { big: { attribute: 'g:a', operator: '>', value: 10 } as RuleNode, loop: { segment: 'loop' } as RuleNode };
    expect(compileRule({ segment: 'big' }, env(segments)).evaluate(ctx(11))).toBe(true);
    const loop = compileRule({ segment: 'loop' }, env(segments));
    expect(loop.evaluate(ctx(1))).toBe(false);
    expect(loop.problems[0]).toMatch(/refers to itself/);
    expect(compileRule({ segment: 'nope' }, env()).problems[0]).toMatch(/unknown segment nope/);
  });

  it('reads unresolved attributes as unpopulated', () => {
    const rule = compileRule({ any: [{ attribute: 'other:x', operator: 'is null' }] }, env());
    expect(rule.evaluate(ctx(1))).toBe(true);
    expect(rule.unresolved).toEqual(['other:x']);
    expect(compileRule({ attribute: 'other:x', operator: '>', value: 1 }, env()).evaluate(ctx(1))).toBe(false);
  });

  it('reports an invalid regular expression', () => {
    const rule = compileRule({ attribute: 'g:a', operator: 'rlike', value: '(' }, env());
    expect(rule.evaluate(ctx('('))).toBe(false);
    expect(rule.problems[0]).toMatch(/invalid regular expression/);
  });
});

describe('segments (level evaluation at now)', () => {
  const defs = [
    group({
      name: 'g',
      attributes: [
        attribute({ name: 'views' }),
        attribute({ name: 'tags', aggregation: 'unique_list', type: 'string_list', property: atomic('se_label') }),
      ],
    }),
    segment('busy', { attribute: 'g:views', operator: '>=', value: 2 }),
    segment('foodies', { attribute: 'g:tags', operator: 'in', value: 'food' }),
    segment('busy_foodies', { all: [{ segment: 'busy' }, { segment: 'foodies' }] }),
    segment('quiet', { none: [{ segment: 'busy' }] }),
  ];
  const T = Date.UTC(2025, 0, 1);
  const events = [
    pageView(T, { domain_sessionid: 'a', se_label: 'food' }),
    pageView(T + 1, { domain_sessionid: 'a' }),
    pageView(T + 2, { domain_sessionid: 'b', se_label: 'art' }),
    pageView(T + 3, { domain_sessionid: 'b', se_label: 'art' }),
    pageView(T + 4, { domain_sessionid: 'c', se_label: 'food' }),
  ];

  it('lists members sorted, with counts and the keys scanned', () => {
    const result = simulate(defs, events);
    const byName = Object.fromEntries(result.segments.map((s) => [s.name, s]));
    expect(byName['busy']).toMatchObject({ count: 2, members: ['a', 'b'], scanned: 3, attribute_key: 'domain_sessionid' });
    expect(byName['foodies']?.members).toEqual(['a', 'c']);
    expect(byName['busy_foodies']?.members).toEqual(['a']);
    expect(byName['quiet']?.members).toEqual(['c']);
    expect(result.segments.map((s) => s.name)).toEqual(['busy', 'busy_foodies', 'foodies', 'quiet']);
  });
});
