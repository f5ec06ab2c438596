/** Attribute type vs aggregation, property, time_unit, date_part and default_value. */
import { TIMESTAMP_FIELDS } from '../../atomic.js';
import type { Aggregation, Attribute, AttributeType } from '../../model.js';
import type { RuleContext } from '../context.js';
import { groupAttributes, type Path } from '../walk.js';

const INTEGER: readonly AttributeType[] = ['int32', 'int64'];
const FLOAT: readonly AttributeType[] = ['double', 'float'];
const NUMERIC: readonly AttributeType[] = [...INTEGER, ...FLOAT];
const SCALAR: readonly AttributeType[] = ['bytes', 'string', ...NUMERIC, 'bool', 'unix_timestamp'];
const isList = (t: AttributeType) => t.endsWith('_list');

/** Which types each aggregation may produce, and a suggestion. */
const TYPES_FOR: Readonly<Record<Aggregation, { types: (t: AttributeType) => boolean; expect: string }>> = {
  counter: { types: (t) => NUMERIC.includes(t), expect: 'a numeric type such as int32' },
  sum: { types: (t) => NUMERIC.includes(t), expect: 'a numeric type (int32, int64, double, float)' },
  min: { types: (t) => NUMERIC.includes(t) || t === 'unix_timestamp', expect: 'a numeric type or unix_timestamp' },
  max: { types: (t) => NUMERIC.includes(t) || t === 'unix_timestamp', expect: 'a numeric type or unix_timestamp' },
  mean: { types: (t) => NUMERIC.includes(t), expect: 'double or float' },
  first: { types: (t) => SCALAR.includes(t), expect: 'a single-value type such as string' },
  last: { types: (t) => SCALAR.includes(t), expect: 'a single-value type such as string' },
  unique_list: { types: isList, expect: 'a list type such as string_list' },
  most_frequent: { types: (t) => SCALAR.includes(t), expect: 'a single-value type such as string' },
  least_frequent: { types: (t) => SCALAR.includes(t), expect: 'a single-value type such as string' },
  category_count: { types: (t) => t === 'dict', expect: 'dict' },
  approx_count_distinct: { types: (t) => INTEGER.includes(t), expect: 'int32 or int64' },
  time_since_first: { types: (t) => FLOAT.includes(t), expect: 'double or float' },
  time_since_last: { types: (t) => FLOAT.includes(t), expect: 'double or float' },
};

const READS_PROPERTY: ReadonlySet<Aggregation> = new Set([
  'sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list', 'most_frequent', 'least_frequent', 'category_count', 'approx_count_distinct',
]);
const TIME_SINCE: ReadonlySet<Aggregation> = new Set(['time_since_first', 'time_since_last']);
const DATE_PART_AGGREGATIONS: ReadonlySet<Aggregation> = new Set([
  'most_frequent', 'least_frequent', 'first', 'last', 'unique_list', 'category_count', 'approx_count_distinct',
]);

/** aggregation-type-mismatch, mean-integer-type (warning) */
export function aggregationTypes(ctx: RuleContext): void {
  for (const { def, attribute: a, path } of groupAttributes(ctx.definitions)) {
    if (a.property?.date_part !== undefined) continue; // date_part has its own type rules
    const rule = TYPES_FOR[a.aggregation];
    if (!rule.types(a.type)) {
      ctx.report(def, [...path, 'type'], 'aggregation-type-mismatch', `${a.aggregation} cannot produce a ${a.type} (attribute ${a.name})`, {
        hint: `use ${rule.expect}`,
      });
    } else if (a.aggregation === 'mean' && INTEGER.includes(a.type)) {
      ctx.report(def, [...path, 'type'], 'mean-integer-type', `the mean of ${a.name} is stored as ${a.type} and loses its fraction`, {
        severity: 'warning',
        hint: 'use double or float',
      });
    }
  }
}

/** missing-property, counter-with-property, time-since-property */
export function aggregationProperty(ctx: RuleContext): void {
  for (const { def, attribute: a, path } of groupAttributes(ctx.definitions)) {
    if (READS_PROPERTY.has(a.aggregation) && a.property === undefined) {
      ctx.report(def, path, 'missing-property', `${a.aggregation} needs a property to read (attribute ${a.name})`, {
        hint: 'add property: page_urlpath, event:vendor/name/1:path or entity:vendor/name/1:path',
      });
    }
    if (a.aggregation === 'counter' && a.property !== undefined) {
      ctx.report(def, [...path, 'property'], 'counter-with-property', `counter counts events and takes no property (attribute ${a.name})`, {
        hint: 'remove property and filter events with criteria, or use sum to add up a property',
      });
    }
    if (TIME_SINCE.has(a.aggregation) && a.property !== undefined && !(a.property.type === 'atomic' && a.property.name === 'derived_tstamp')) {
      ctx.report(def, [...path, 'property'], 'time-since-property', `${a.aggregation} always reads derived_tstamp (attribute ${a.name})`, {
        hint: 'remove property',
      });
    }
  }
}

/** time-unit-required, time-unit-not-allowed */
export function timeUnits(ctx: RuleContext): void {
  for (const { def, attribute: a, path } of groupAttributes(ctx.definitions)) {
    if (TIME_SINCE.has(a.aggregation) && a.time_unit === undefined) {
      ctx.report(def, path, 'time-unit-required', `${a.aggregation} needs a time_unit (attribute ${a.name})`, { hint: 'add time_unit: s, min, h or d' });
    }
    if (!TIME_SINCE.has(a.aggregation) && a.time_unit !== undefined) {
      ctx.report(def, [...path, 'time_unit'], 'time-unit-not-allowed', `time_unit only applies to time_since_first and time_since_last (attribute ${a.name} uses ${a.aggregation})`, {
        hint: 'remove time_unit',
      });
    }
  }
}

const EXTRACT = new Set(['hour_of_day', 'day_of_week', 'month_of_year']);

function datePartTypeOk(a: Attribute, extract: boolean): { ok: boolean; expect: string } {
  if (a.aggregation === 'category_count') return { ok: a.type === 'dict', expect: 'dict' };
  if (a.aggregation === 'approx_count_distinct') return { ok: INTEGER.includes(a.type), expect: 'int32 or int64' };
  if (a.aggregation === 'unique_list') {
    return extract
      ? { ok: a.type === 'int32_list' || a.type === 'int64_list', expect: 'int32_list or int64_list' }
      : { ok: a.type === 'string_list', expect: 'string_list' };
  }
  return extract ? { ok: INTEGER.includes(a.type), expect: 'int32 or int64' } : { ok: a.type === 'string', expect: 'string' };
}

/** date-part-aggregation, date-part-property, date-part-type */
export function dateParts(ctx: RuleContext): void {
  for (const { def, attribute: a, path } of groupAttributes(ctx.definitions)) {
    const p = a.property;
    if (p?.date_part === undefined) continue;
    const at: Path = [...path, 'property', 'date_part'];
    if (!DATE_PART_AGGREGATIONS.has(a.aggregation)) {
      ctx.report(def, at, 'date-part-aggregation', `date_part cannot be used with ${a.aggregation} (attribute ${a.name})`, {
        hint: `use one of ${[...DATE_PART_AGGREGATIONS].join(', ')}`,
      });
      continue;
    }
    if (p.type === 'atomic' && !TIMESTAMP_FIELDS.has(p.name)) {
      ctx.report(def, at, 'date-part-property', `date_part needs a date-time property; ${p.name} is not one`, {
        hint: `use one of ${[...TIMESTAMP_FIELDS].join(', ')}`,
      });
    }
    const { ok, expect } = datePartTypeOk(a, EXTRACT.has(p.date_part));
    if (!ok) {
      ctx.report(def, [...path, 'type'], 'date-part-type', `date_part ${p.date_part} with ${a.aggregation} produces ${expect}, not ${a.type} (attribute ${a.name})`, {
        hint: `set type: ${expect.split(' ')[0]}`,
      });
    }
  }
}

function defaultFits(type: AttributeType, value: unknown): boolean {
  if (type === 'dict') return false;
  if (isList(type)) return Array.isArray(value) && value.every((v) => defaultFits(type.slice(0, -'_list'.length) as AttributeType, v));
  if (Array.isArray(value)) return false;
  switch (type) {
    case 'string':
    case 'bytes':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'int32':
    case 'int64':
      return typeof value === 'number' && Number.isInteger(value);
    case 'double':
    case 'float':
      return typeof value === 'number';
    case 'unix_timestamp':
      return typeof value === 'number' || typeof value === 'string';
    default:
      return true;
  }
}

/** default-value-type */
export function defaultValues(ctx: RuleContext): void {
  for (const { def, attribute: a, path } of groupAttributes(ctx.definitions)) {
    if (a.default_value === undefined) continue;
    if (!defaultFits(a.type, a.default_value)) {
      ctx.report(def, [...path, 'default_value'], 'default-value-type', `default_value ${JSON.stringify(a.default_value)} does not fit type ${a.type} (attribute ${a.name})`, {
        hint: a.type === 'dict' ? 'dict attributes take no default_value' : `give a ${a.type} value`,
      });
    }
  }
}
