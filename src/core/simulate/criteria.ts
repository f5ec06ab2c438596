/**
 * Attribute criteria (event filters on a property), compiled to predicates over one event.
 *
 * Stream mode (default): a missing or null property makes every operator false except `is null`;
 * `like` matches the whole string. Batch mode (`source: batch` groups) reproduces the batch
 * engine's SQL: `!=` is true for null and for values that do not compare, `like` is wrapped in
 * `%…%` (a "contains" match), and a string `in` value is a pre-formatted SQL list.
 */
import type { Criteria, Criterion, CriterionValue, Scalar } from '../model.js';
import type { SnowplowEvent } from '../events/event.js';
import { compareOrder, compileInList, compileLike, likeText, listContains, looseEquals, parseSqlList, type EngineMode } from './operators.js';
import { compileProperty } from './property.js';
import { isScalar, toNumber } from './values.js';

export type EventPredicate = (event: SnowplowEvent) => boolean;

const ALWAYS_FALSE: EventPredicate = () => false;

/** Whether `x` can be compared with `value` at all (numbers need a numeric property, strings a scalar). */
function comparable(x: unknown, value: Scalar): boolean {
  if (typeof value === 'number') return toNumber(x) !== undefined || typeof x === 'boolean';
  return isScalar(x);
}

function listOf(value: CriterionValue | undefined, mode: EngineMode): readonly Scalar[] | undefined {
  if (Array.isArray(value)) return value;
  if (mode === 'batch' && typeof value === 'string') return parseSqlList(value);
  return undefined;
}

export function compileCriterion(criterion: Criterion, mode: EngineMode): EventPredicate {
  const get = compileProperty(criterion.property);
  const value = criterion.value;
  const batch = mode === 'batch';
  switch (criterion.operator) {
    case 'is null':
      return (e) => get(e) === null;
    case 'is not null':
      return (e) => get(e) !== null;
    case '=': {
      if (Array.isArray(value)) {
        const test = compileInList(value);
        return (e) => test(get(e));
      }
      if (value === undefined) return ALWAYS_FALSE;
      return (e) => {
        const x = get(e);
        return x !== null && looseEquals(x, value);
      };
    }
    case '!=': {
      if (value === undefined) return ALWAYS_FALSE;
      if (Array.isArray(value)) {
        const test = compileInList(value);
        return (e) => {
          const x = get(e);
          return x === null ? batch : !test(x);
        };
      }
      return (e) => {
        const x = get(e);
        if (x === null || !comparable(x, value)) return batch;
        return !looseEquals(x, value);
      };
    }
    case '<':
    case '>':
    case '<=':
    case '>=': {
      if (value === undefined || Array.isArray(value)) return ALWAYS_FALSE;
      const test = orderTest(criterion.operator);
      return (e) => {
        const x = get(e);
        if (x === null) return false;
        const sign = compareOrder(x, value);
        return sign !== undefined && test(sign);
      };
    }
    case 'like': {
      if (value === undefined || Array.isArray(value)) return ALWAYS_FALSE;
      const match = compileLike(String(value), batch);
      return (e) => {
        const text = likeText(get(e));
        return text !== undefined && match(text);
      };
    }
    case 'in': {
      const list = listOf(value, mode);
      if (list !== undefined) {
        const test = compileInList(list);
        return (e) => test(get(e));
      }
      if (value === undefined || Array.isArray(value)) return ALWAYS_FALSE;
      return (e) => listContains(get(e), value);
    }
  }
}

export function orderTest(operator: '<' | '>' | '<=' | '>='): (sign: number) => boolean {
  switch (operator) {
    case '<':
      return (s) => s < 0;
    case '>':
      return (s) => s > 0;
    case '<=':
      return (s) => s <= 0;
    case '>=':
      return (s) => s >= 0;
  }
}

/**
 * Compile `{all}` / `{any}` criteria; undefined when there is nothing to test. Should both be
 * present (validation rejects it), both must hold.
 */
export function compileCriteria(criteria: Criteria | undefined, mode: EngineMode): EventPredicate | undefined {
  if (criteria === undefined) return undefined;
  const all = (criteria.all ?? []).map((c) => compileCriterion(c, mode));
  const any = (criteria.any ?? []).map((c) => compileCriterion(c, mode));
  const allTest: EventPredicate | undefined =
    all.length === 0 ? undefined : all.length === 1 ? all[0] : (e) => all.every((p) => p(e));
  const anyTest: EventPredicate | undefined =
    any.length === 0 ? undefined : any.length === 1 ? any[0] : (e) => any.some((p) => p(e));
  if (allTest && anyTest) return (e) => allTest(e) && anyTest(e);
  return allTest ?? anyTest;
}
