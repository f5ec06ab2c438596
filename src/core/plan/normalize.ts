/**
 * The comparable form of a definition. Both sides of a diff (and the fingerprint) go through
 * the same normalisation, so that only real differences show: durations compared as seconds,
 * timestamps as instants, named lists keyed by name, set-like lists sorted, `is_published`
 * left out (it is compared on its own), property paths without a leading `$.`.
 */
import { formatDuration, parseDuration } from '../duration.js';
import type { RemoteKind } from '../model.js';
import type { RemoteSpec } from './types.js';

/** A list of named things (attributes, fields, pinned groups), compared item by item by name. */
export class Keyed {
  constructor(readonly entries: ReadonlyMap<string, unknown>) {}
}

export type Comparable = null | boolean | number | string | Comparable[] | Keyed | { [key: string]: Comparable };

const DURATION_FIELDS = new Set(['ttl', 'period']);
const TIMESTAMP_FIELDS = new Set(['backfill_since_tstamp']);
/** Lists whose items are named and matched by name. */
const NAMED_LISTS = new Set(['attributes', 'fields']);
/** Lists of `{name, version}` links: matched by group name (by name@version if a name repeats). */
const LINK_LISTS = new Set(['attribute_groups', 'payload_attribute_groups']);
/** Lists whose order carries no meaning. */
const SET_LISTS = new Set(['events', 'target_attribute_keys']);

/** The comparable view of a spec, without `is_published`. */
export function comparableSpec(_kind: RemoteKind, spec: RemoteSpec): { [key: string]: Comparable } {
  const out: { [key: string]: Comparable } = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'is_published' || value === undefined || value === null) continue;
    out[key] = comparableField(key, value);
  }
  return out;
}

function comparableField(key: string, value: unknown): Comparable {
  // Links to attribute keys are compared by name only (responses embed the whole key).
  if (key === 'attribute_key' && isNamed(value)) return { name: value.name };
  if (key === 'target_attribute_keys' && Array.isArray(value) && value.every(isNamed)) {
    return value.map((item) => ({ name: item.name })).sort((a, b) => a.name.localeCompare(b.name));
  }
  if (DURATION_FIELDS.has(key) && typeof value === 'string') {
    const seconds = parseDuration(value);
    return seconds === undefined ? value : formatDuration(seconds);
  }
  if (TIMESTAMP_FIELDS.has(key) && typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  }
  if (key === 'path' && typeof value === 'string') return value.startsWith('$.') ? value.slice(2) : value;
  if (Array.isArray(value)) {
    if (NAMED_LISTS.has(key) && value.every(isNamed)) return keyedBy(value, (item) => item.name);
    if (LINK_LISTS.has(key) && value.every(isNamed)) {
      const names = value.map((item) => item.name);
      const unique = new Set(names).size === names.length;
      return keyedBy(value, (item) => (unique ? item.name : `${item.name}@${String((item as { version?: unknown }).version)}`));
    }
    const items = value.map((item) => comparableValue(item));
    if (SET_LISTS.has(key)) return [...items].sort((a, b) => stableStringify(a).localeCompare(stableStringify(b)));
    return items;
  }
  return comparableValue(value);
}

function comparableValue(value: unknown): Comparable {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => comparableValue(item));
  if (typeof value === 'object') {
    const out: { [key: string]: Comparable } = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (inner === undefined || inner === null) continue;
      out[key] = comparableField(key, inner);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function isNamed(item: unknown): item is { name: string } {
  return typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string';
}

function keyedBy(items: { name: string }[], key: (item: { name: string }) => string): Keyed {
  const entries = new Map<string, unknown>();
  for (const item of items) entries.set(key(item), comparableValue(item));
  return new Keyed(entries);
}

/** Back to plain JSON values (keyed lists become lists again), for plan output. */
export function plainValue(value: Comparable | unknown): unknown {
  if (value instanceof Keyed) return [...value.entries.values()].map((v) => plainValue(v));
  if (Array.isArray(value)) return value.map((v) => plainValue(v));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainValue(v);
    return out;
  }
  return value;
}

/** JSON with object keys sorted: the same value always gives the same text. */
export function stableStringify(value: unknown): string {
  if (value instanceof Keyed) {
    const keys = [...value.entries.keys()].sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value.entries.get(k))}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}
