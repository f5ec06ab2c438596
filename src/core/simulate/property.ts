/**
 * Property accessors, compiled once per definition so that no property string is parsed per event.
 *
 * Resolution on the lossy event shape (docs/simulation.md, "Properties"):
 * - atomic: the top-level field; `""` is null (the enriched TSV has no other null);
 * - event: `unstruct_event_<vendor>_<name>_<major>`, then the path;
 * - entity: `contexts_<vendor>_<name>_<major>[index]`, then the path; no entity at index is null;
 * - path: `a.b[0].c`, optional leading `$.`; each field is looked up exactly, then in snake_case,
 *   then in camelCase (warehouses differ);
 * - `date_part` extracts from or truncates a timestamp.
 */
import type { DatePart, Property } from '../model.js';
import type { SnowplowEvent } from '../events/event.js';
import { contextsKey, unstructKey, vendorKey } from '../events/event.js';
import { formatTimestamp, MS_PER_DAY, parseTimestamp } from './time.js';

export type Accessor = (event: SnowplowEvent) => unknown;

export type PathStep = { field: readonly string[] } | { index: number };

export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function camelCase(name: string): string {
  return name.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

function fieldVariants(name: string): string[] {
  const variants = [name];
  for (const v of [snakeCase(name), camelCase(name)]) if (!variants.includes(v)) variants.push(v);
  return variants;
}

/**
 * Parse the JSONPath subset Signals accepts: dot fields and non-negative `[n]` indexes, `$.`
 * optional. Undefined for `$` alone, `..`, bracket-quoted fields or negative indexes.
 */
export function parsePropertyPath(path: string): PathStep[] | undefined {
  let rest = path.trim();
  if (rest.startsWith('$')) {
    rest = rest.slice(1);
    if (rest === '') return undefined;
    if (rest.startsWith('.')) rest = rest.slice(1);
    else if (!rest.startsWith('[')) return undefined;
  }
  if (rest === '' || rest.includes('..') || /\[\s*['"]/.test(rest)) return undefined;
  const steps: PathStep[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|(\.)/y;
  let last: 'start' | 'field' | 'index' | 'dot' = 'start';
  while (re.lastIndex < rest.length) {
    const m = re.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      if (last !== 'start' && last !== 'dot') return undefined;
      steps.push({ field: fieldVariants(m[1]) });
      last = 'field';
    } else if (m[2] !== undefined) {
      if (last === 'dot') return undefined;
      steps.push({ index: Number(m[2]) });
      last = 'index';
    } else {
      if (last !== 'field' && last !== 'index') return undefined;
      last = 'dot';
    }
  }
  if (last !== 'field' && last !== 'index') return undefined;
  return steps;
}

function lookupField(obj: unknown, names: readonly string[]): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const record = obj as Record<string, unknown>;
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  }
  return undefined;
}

/** Walk a parsed path from `root`; null when any step is missing. */
export function walkPath(root: unknown, steps: readonly PathStep[]): unknown {
  let v = root;
  for (const step of steps) {
    if (v === null || v === undefined) return null;
    if ('index' in step) v = Array.isArray(v) ? v[step.index] : undefined;
    else v = lookupField(v, step.field);
  }
  return v === undefined ? null : v;
}

/** Top-level keys to try for a self-describing column: the SDK key, then the warehouse form (camelCase not split). */
function columnCandidates(prefix: 'contexts' | 'unstruct_event', vendor: string, name: string, major: number): string[] {
  const sdk = prefix === 'contexts' ? contextsKey(vendor, name, major) : unstructKey(vendor, name, major);
  const warehouse = `${prefix}_${vendorKey(vendor)}_${name.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}_${major}`;
  return sdk === warehouse ? [sdk] : [sdk, warehouse];
}

function topLevel(event: SnowplowEvent, keys: readonly string[]): unknown {
  for (const key of keys) {
    const v = event[key];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Atomic fields with two accepted spellings (TSV name and warehouse column). */
const ATOMIC_ALIASES: Readonly<Record<string, string>> = {
  refr_device_tstamp: 'refr_dvce_tstamp',
  refr_dvce_tstamp: 'refr_device_tstamp',
};

export function compileAtomicAccessor(name: string): Accessor {
  const alias = ATOMIC_ALIASES[name];
  if (alias !== undefined) {
    return (event) => {
      let v = event[name];
      if (v === undefined || v === null || v === '') v = event[alias];
      return v === undefined || v === '' ? null : v;
    };
  }
  return (event) => {
    const v = event[name];
    return v === undefined || v === '' ? null : v;
  };
}

export class PropertyPathError extends Error {}

/** Compile a property to an accessor. Throws PropertyPathError for a path outside the supported subset. */
export function compileProperty(property: Property): Accessor {
  const base = compileBase(property);
  return property.date_part === undefined ? base : withDatePart(base, property.date_part);
}

function compileBase(property: Property): Accessor {
  if (property.type === 'atomic') return compileAtomicAccessor(property.name);
  const steps = parsePropertyPath(property.path);
  if (steps === undefined) throw new PropertyPathError(`unsupported property path ${JSON.stringify(property.path)}`);
  if (property.type === 'event') {
    const keys = columnCandidates('unstruct_event', property.vendor, property.name, property.major_version);
    return (event) => {
      const data = topLevel(event, keys);
      return data === undefined || data === null ? null : walkPath(data, steps);
    };
  }
  const keys = columnCandidates('contexts', property.vendor, property.name, property.major_version);
  const index = property.index;
  return (event) => {
    const list = topLevel(event, keys);
    let entity: unknown;
    if (Array.isArray(list)) entity = list[index];
    else if (list !== null && typeof list === 'object' && index === 0) entity = list;
    return entity === undefined || entity === null ? null : walkPath(entity, steps);
  };
}

function isoDate(ms: number): string {
  return formatTimestamp(ms).slice(0, 10);
}

/** Apply a `date_part` to a timestamp value; null when the value is not a timestamp. */
export function applyDatePart(value: unknown, part: DatePart): number | string | null {
  const ms = parseTimestamp(value);
  if (ms === undefined) return null;
  const d = new Date(ms);
  switch (part) {
    case 'hour_of_day':
      return d.getUTCHours();
    case 'day_of_week':
      return d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    case 'month_of_year':
      return d.getUTCMonth() + 1;
    case 'active_day':
      return isoDate(ms);
    case 'active_week': {
      const dayStart = Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
      const isoWeekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
      return isoDate(dayStart - (isoWeekday - 1) * MS_PER_DAY);
    }
    case 'active_month':
      return `${isoDate(ms).slice(0, 7)}-01`;
  }
}

function withDatePart(base: Accessor, part: DatePart): Accessor {
  return (event) => {
    const v = base(event);
    return v === null || v === undefined ? null : applyDatePart(v, part);
  };
}
