/**
 * Operator semantics shared by attribute criteria (a property of one event against a value) and
 * rule criteria of segments and interventions (an attribute value against a value).
 *
 * Coercion (docs/simulation.md, "Criteria"): a numeric criterion value compares numerically with
 * numbers and numeric strings; a string value compares with `String(x)` by code point; a boolean
 * value compares with `true/false/1/0`. Anything that does not coerce is not comparable: the
 * operator is false.
 */
import type { Scalar } from '../model.js';
import { compareCodePoints, isScalar, toBool, toNumber } from './values.js';

export type EngineMode = 'stream' | 'batch';

/** `x = value` with the coercion rules. */
export function looseEquals(x: unknown, value: Scalar): boolean {
  if (typeof value === 'number') {
    if (typeof x === 'boolean') return (value === 1 && x) || (value === 0 && !x);
    const n = toNumber(x);
    return n !== undefined && n === value;
  }
  if (typeof value === 'string') {
    if (typeof x === 'string') return x === value;
    if (typeof x === 'number') return String(x) === value;
    if (typeof x === 'boolean') return toBool(value) === x;
    return false;
  }
  return toBool(x) === value;
}

/** Sign of `x` compared with `value`, or undefined when the two do not compare. */
export function compareOrder(x: unknown, value: Scalar): number | undefined {
  if (typeof value === 'number') {
    const n = toNumber(x);
    return n === undefined ? undefined : n < value ? -1 : n > value ? 1 : 0;
  }
  if (typeof value === 'string') {
    if (!isScalar(x)) return undefined;
    return Math.sign(compareCodePoints(typeof x === 'string' ? x : String(x), value));
  }
  const b = toBool(x);
  return b === undefined ? undefined : Number(b) - Number(value);
}

const likeCache = new Map<string, (text: string) => boolean>();

/**
 * SQL LIKE over the whole string: `%` any run of characters, `_` exactly one, no escape
 * character, case-sensitive. `contains: true` wraps the pattern in `%…%` (the batch engine does).
 */
export function compileLike(pattern: string, contains = false): (text: string) => boolean {
  const cacheKey = (contains ? '1' : '0') + pattern;
  const cached = likeCache.get(cacheKey);
  if (cached) return cached;
  const full = contains ? `%${pattern}%` : pattern;
  let matcher: (text: string) => boolean;
  if (!/[%_]/.test(full)) {
    matcher = (text) => text === full;
  } else if (/^%[^%_]+%$/.test(full)) {
    const needle = full.slice(1, -1);
    matcher = (text) => text.includes(needle);
  } else {
    let body = '';
    for (const ch of full) {
      if (ch === '%') body += '[\\s\\S]*';
      else if (ch === '_') body += '[\\s\\S]';
      else body += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
    const re = new RegExp(`^${body}$`, 'u');
    matcher = (text) => re.test(text);
  }
  if (likeCache.size > 1000) likeCache.clear();
  likeCache.set(cacheKey, matcher);
  return matcher;
}

/** A regular expression for `rlike` (searches, like Go's `regexp.MatchString`); undefined when invalid. */
export function compileRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

/**
 * The batch engine takes `in` values as pre-formatted SQL lists (`"1,2,3"`, `"'a','b'"`); split
 * such a string into its items.
 */
export function parseSqlList(text: string): Scalar[] {
  const items: Scalar[] = [];
  let current = '';
  let quote: string | undefined;
  let quoted = false;
  const push = () => {
    const token = current.trim();
    if (quoted) items.push(current);
    else if (token !== '') items.push(toNumber(token) ?? token);
    current = '';
    quoted = false;
  };
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if ((ch === "'" || ch === '"') && !quoted && current.trim() === '') {
      quote = ch;
      quoted = true;
      current = '';
    } else if (ch === ',') {
      push();
    } else if (!quoted) {
      current += ch;
    }
  }
  push();
  return items;
}

/** `x in list` with the coercion rules. */
export function inList(x: unknown, list: readonly Scalar[]): boolean {
  for (const item of list) if (looseEquals(x, item)) return true;
  return false;
}

/**
 * A compiled `x in list`: a set lookup for lists of strings (the common case: tag lists), the
 * general coercing loop otherwise.
 */
export function compileInList(list: readonly Scalar[]): (x: unknown) => boolean {
  if (list.length > 3 && list.every((v) => typeof v === 'string')) {
    const set = new Set(list as readonly string[]);
    return (x) => {
      if (typeof x === 'string') return set.has(x);
      if (typeof x === 'number') return set.has(String(x));
      return x !== null && x !== undefined && inList(x, list);
    };
  }
  return (x) => inList(x, list);
}

/** The scalar form of `in`/`not in`: `x` must be a list containing `value`. */
export function listContains(x: unknown, value: Scalar): boolean {
  if (!Array.isArray(x)) return false;
  for (const item of x) if (looseEquals(item, value)) return true;
  return false;
}

/** Text for LIKE and regex matching: scalars only. */
export function likeText(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  return undefined;
}
