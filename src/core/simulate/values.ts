/**
 * Attribute values and the coercions the criteria and aggregations share. Values are plain JSON:
 * numbers, strings, booleans, lists, dicts (category_count) or null.
 */
import type { AttributeType } from '../model.js';

export type Value = null | string | number | boolean | Value[] | { [key: string]: Value };

/** A number from a number or a numeric string; undefined for anything else (booleans included). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A boolean from `true`/`false`, `1`/`0` (numbers or strings); undefined otherwise. */
export function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true' || value === 'TRUE' || value === 'True') return true;
  if (value === 0 || value === '0' || value === 'false' || value === 'FALSE' || value === 'False') return false;
  return undefined;
}

export function isScalar(value: unknown): value is string | number | boolean {
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean';
}

/** Compare strings by Unicode code point (not UTF-16 code unit). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate (astral code point) sorts after every BMP unit above the surrogate block.
    if (xs !== ys) return xs ? (y >= 0xe000 ? 1 : x - y) : x >= 0xe000 ? -1 : x - y;
    return x - y;
  }
  return a.length - b.length;
}

/** Identity of a value for distinct counting: type-tagged so `1` and `"1"` stay apart. */
export function valueKey(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return 's' + value;
    case 'number':
      return 'n' + String(value);
    case 'boolean':
      return value ? 'bt' : 'bf';
    default:
      return 'j' + JSON.stringify(value);
  }
}

/** Any event value as a JSON value: undefined becomes null, non-finite numbers null. */
export function toValue(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toValue);
  if (typeof value === 'object') {
    const out: { [key: string]: Value } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toValue(v);
    return out;
  }
  return String(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

const NUMERIC_TYPES: ReadonlySet<string> = new Set(['int32', 'int64', 'double', 'float', 'unix_timestamp']);

/** The element type of a `*_list` type, or the type itself. */
export function elementType(type: AttributeType): AttributeType {
  return type.endsWith('_list') ? (type.slice(0, -5) as AttributeType) : type;
}

/**
 * Light cast of a scalar to an attribute's declared type (stream engine): numeric strings become
 * numbers for numeric types, `true`/`1` booleans for `bool`, scalars strings for `string`.
 * Values that do not convert are kept as they are.
 */
export function castToType(value: Value, type: AttributeType): Value {
  if (value === null || typeof value === 'object') return value;
  const t = elementType(type);
  if (NUMERIC_TYPES.has(t)) {
    if (typeof value === 'number') return value;
    const n = toNumber(value);
    return n === undefined ? value : n;
  }
  if (t === 'bool') {
    const b = toBool(value);
    return b === undefined ? value : b;
  }
  if (t === 'string') return typeof value === 'string' ? value : String(value);
  return value;
}
