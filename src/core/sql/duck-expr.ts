/**
 * Properties and attribute criteria as DuckDB SQL over JSON-typed event columns, with exactly the
 * stream engine's semantics (src/core/simulate/property.ts, criteria.ts, operators.ts). A source
 * of columns is abstract (`ColumnSource`): the engine's staged table, or a warehouse-style table.
 *
 * Value expressions are JSON or SQL NULL ("no value": missing, JSON null or an atomic `""`).
 * Predicates are never NULL (NULL would turn `NOT` inside out).
 */
import type { Criteria, Criterion, CriterionValue, Property, Scalar } from '../model.js';
import { contextsKey, unstructKey, vendorKey } from '../events/event.js';
import { parsePropertyPath, type PathStep } from '../simulate/property.js';
import { toBool, toNumber } from '../simulate/values.js';
import { sqlNumber, sqlString } from './duck-macros.js';

/** How a top-level field of an event is read: a JSON value, or SQL NULL when absent. */
export interface ColumnSource {
  field(key: string): string;
  /** A property's value, when the source computes each property once (a column); default: inline SQL. */
  value?(p: Property): string;
}

function valueOf(p: Property, src: ColumnSource): string {
  return src.value ? src.value(p) : propertySql(p, src);
}

export class SqlUnsupported extends Error {}

const ATOMIC_ALIASES: Readonly<Record<string, string>> = {
  refr_device_tstamp: 'refr_dvce_tstamp',
  refr_dvce_tstamp: 'refr_device_tstamp',
};

/** Top-level keys tried for a self-describing column: the SDK key, then the warehouse form. */
export function columnCandidates(prefix: 'contexts' | 'unstruct_event', vendor: string, name: string, major: number): string[] {
  const sdk = prefix === 'contexts' ? contextsKey(vendor, name, major) : unstructKey(vendor, name, major);
  const warehouse = `${prefix}_${vendorKey(vendor)}_${name.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}_${major}`;
  return sdk === warehouse ? [sdk] : [sdk, warehouse];
}

/** Every top-level key a property may read. */
export function propertyKeys(p: Property): string[] {
  if (p.type === 'atomic') {
    const alias = ATOMIC_ALIASES[p.name];
    return alias === undefined ? [p.name] : [p.name, alias];
  }
  return columnCandidates(p.type === 'event' ? 'unstruct_event' : 'contexts', p.vendor, p.name, p.major_version);
}

function jsonPathKey(name: string): string {
  if (/["\\]/.test(name)) throw new SqlUnsupported(`the property path field ${JSON.stringify(name)} contains a quote or backslash`);
  return sqlString(`$."${name}"`);
}

function stepPath(step: PathStep, name?: string): string {
  if ('index' in step) return `[${step.index}]`;
  const n = name ?? (step.field[0] as string);
  if (/["\\]/.test(n)) throw new SqlUnsupported(`the property path field ${JSON.stringify(n)} contains a quote or backslash`);
  return `."${n}"`;
}

/** Step by step: each field step takes the first of its name variants the object has. */
function walkNested(root: string, steps: readonly PathStep[]): string {
  let v = root;
  for (const step of steps) {
    if ('index' in step) {
      v = `json_extract(${v}, ${sqlString(`$${stepPath(step)}`)})`;
    } else {
      const tries = step.field.map((name) => `json_extract(${v}, ${sqlString(`$${stepPath(step, name)}`)})`);
      v = tries.length === 1 ? (tries[0] as string) : `coalesce(${tries.join(', ')})`;
    }
  }
  return v;
}

/**
 * The path walk in as few JSON parses as possible. A JSON path applied to a value of the wrong
 * shape gives SQL NULL, exactly as the JS walk gives undefined; a present null gives JSON null.
 * When only the last step has name variants, one path per variant is exact (coalesce keeps the
 * first variant present, even when its value is null).
 */
function walk(root: string, steps: readonly PathStep[]): string {
  const head = steps.slice(0, -1);
  const last = steps[steps.length - 1];
  if (last === undefined) return `sig_nn(${root})`;
  if (head.every((st) => 'index' in st || st.field.length === 1)) {
    const prefix = head.map((st) => stepPath(st)).join('');
    const names = 'index' in last ? [undefined] : last.field;
    const tries = names.map((name) => `json_extract(${root}, ${sqlString(`$${prefix}${stepPath(last, name)}`)})`);
    return `sig_nn(${tries.length === 1 ? tries[0] : `coalesce(${tries.join(', ')})`})`;
  }
  return `sig_nn(${walkNested(root, steps)})`;
}

/** A property's value (JSON or SQL NULL). `date_part` is not expressed (the caller delegates). */
export function propertySql(p: Property, src: ColumnSource): string {
  if (p.date_part !== undefined) throw new SqlUnsupported(`date_part ${p.date_part} is computed by the stream engine`);
  if (p.type === 'atomic') {
    const alias = ATOMIC_ALIASES[p.name];
    const own = `sig_atom(${src.field(p.name)})`;
    return alias === undefined ? own : `coalesce(${own}, sig_atom(${src.field(alias)}))`;
  }
  const steps = parsePropertyPath(p.path);
  if (steps === undefined) throw new SqlUnsupported(`unsupported property path ${JSON.stringify(p.path)}`);
  const keys = propertyKeys(p);
  const top = keys.length === 1 ? `sig_nn(${src.field(keys[0] as string)})` : `coalesce(${keys.map((k) => `sig_nn(${src.field(k)})`).join(', ')})`;
  if (p.type === 'event') return walk(top, steps);
  const listCase = walk(top, [{ index: p.index }, ...steps]);
  // a single entity object (not a list) stands for index 0
  return p.index === 0 ? `CASE WHEN json_type(${top}) = 'OBJECT' THEN ${walk(top, steps)} ELSE ${listCase} END` : listCase;
}

// ---------------------------------------------------------------------------------------------
// Operators (x is a JSON value expression or NULL)

const FALSE = 'false';

/** `looseEquals(x, value)` for a constant value; x not null is part of it. */
export function looseEqualsSql(x: string, value: Scalar): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return FALSE;
    const boolCase = value === 1 ? `coalesce(CAST(${x} AS BOOLEAN), false)` : value === 0 ? `NOT coalesce(CAST(${x} AS BOOLEAN), true)` : FALSE;
    return `coalesce(CASE WHEN json_type(${x}) = 'BOOLEAN' THEN ${boolCase} ELSE sig_num(${x}) = ${sqlNumber(value)} END, false)`;
  }
  if (typeof value === 'string') {
    const n = Number(value);
    // String(x) === value for a number x only when value is the canonical text of a number
    const numberCase = value !== '' && String(n) === value ? (Number.isFinite(n) ? `CAST(${x} AS DOUBLE) = ${sqlNumber(n)}` : `CAST(${x} AS DOUBLE) = CAST('${value}' AS DOUBLE)`) : FALSE;
    const b = toBool(value);
    const boolCase = b === undefined ? FALSE : `CAST(${x} AS BOOLEAN) = ${b}`;
    return `coalesce(CASE json_type(${x}) WHEN 'VARCHAR' THEN sig_s(${x}) = ${sqlString(value)} WHEN 'BOOLEAN' THEN ${boolCase} WHEN 'NULL' THEN false ELSE CASE WHEN sig_isnum(${x}) THEN ${numberCase} ELSE false END END, false)`;
  }
  return `coalesce(sig_bool(${x}) = ${value}, false)`;
}

export function inListSql(x: string, list: readonly Scalar[]): string {
  if (list.length === 0) return FALSE;
  // strings compare directly (the common case); numbers and booleans through looseEquals
  const strings = list.filter((v): v is string => typeof v === 'string');
  const others = list.filter((v) => typeof v !== 'string');
  const parts: string[] = [];
  if (strings.length > 0) {
    const numericTexts = strings.filter((s) => s !== '' && String(Number(s)) === s);
    const boolTexts = strings.filter((s) => toBool(s) !== undefined);
    if (numericTexts.length === 0 && boolTexts.length === 0) {
      parts.push(`coalesce(sig_s(${x}) IN (${strings.map(sqlString).join(', ')}), false)`);
    } else {
      for (const s of strings) parts.push(looseEqualsSql(x, s));
    }
  }
  for (const v of others) parts.push(looseEqualsSql(x, v));
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
}

/** The scalar form of `in`: x is a list with an element loosely equal to value. */
export function listContainsSql(x: string, value: Scalar): string {
  return `coalesce(json_type(${x}) = 'ARRAY' AND list_bool_or(list_transform(json_extract(${x}, '$[*]'), e -> ${looseEqualsSql('e', value)})), false)`;
}

/** Sign comparison `x <op> value` (compareOrder); false when they do not compare. */
export function compareSql(x: string, op: '<' | '>' | '<=' | '>=', value: Scalar): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return FALSE;
    return `coalesce(sig_num(${x}) ${op} ${sqlNumber(value)}, false)`;
  }
  if (typeof value === 'string') return `coalesce(sig_text(${x}) ${op} ${sqlString(value)}, false)`;
  return `coalesce(sig_bool(${x}) ${op} ${value}, false)`;
}

/** SQL LIKE on the whole text (no escape character), as compileLike; `contains` wraps in %…%. */
export function likeSql(x: string, pattern: string, contains = false): string {
  const full = contains ? `%${pattern}%` : pattern;
  return `coalesce(sig_text(${x}) LIKE ${sqlString(full)}, false)`;
}

function comparableSql(x: string, value: Scalar): string {
  if (typeof value === 'number') return `(sig_num(${x}) IS NOT NULL OR json_type(${x}) = 'BOOLEAN')`;
  return `sig_scalar(${x})`;
}

function isList(value: CriterionValue | undefined): value is string[] | number[] | boolean[] {
  return Array.isArray(value);
}

/** One attribute criterion, stream semantics. */
export function criterionSql(c: Criterion, src: ColumnSource): string {
  const x = valueOf(c.property, src);
  const value = c.value;
  switch (c.operator) {
    case 'is null':
      return `(${x} IS NULL)`;
    case 'is not null':
      return `(${x} IS NOT NULL)`;
    case '=':
      if (isList(value)) return inListSql(x, value);
      if (value === undefined) return FALSE;
      return looseEqualsSql(x, value);
    case '!=':
      if (value === undefined) return FALSE;
      if (isList(value)) return `(${x} IS NOT NULL AND NOT ${inListSql(x, value)})`;
      return `(${x} IS NOT NULL AND ${comparableSql(x, value)} AND NOT ${looseEqualsSql(x, value)})`;
    case '<':
    case '>':
    case '<=':
    case '>=':
      if (value === undefined || isList(value)) return FALSE;
      return compareSql(x, c.operator, value);
    case 'like':
      if (value === undefined || isList(value)) return FALSE;
      return likeSql(x, String(value));
    case 'in':
      if (isList(value)) return inListSql(x, value);
      if (value === undefined) return FALSE;
      return listContainsSql(x, value);
  }
}

/** `{all}` / `{any}` criteria; undefined when there is nothing to test. */
export function criteriaSql(criteria: Criteria | undefined, src: ColumnSource): string | undefined {
  if (criteria === undefined) return undefined;
  const all = (criteria.all ?? []).map((c) => criterionSql(c, src));
  const any = (criteria.any ?? []).map((c) => criterionSql(c, src));
  const parts: string[] = [];
  if (all.length > 0) parts.push(all.length === 1 ? (all[0] as string) : `(${all.join(' AND ')})`);
  if (any.length > 0) parts.push(any.length === 1 ? (any[0] as string) : `(${any.join(' OR ')})`);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
}

/** Whether a numeric context reads this value (for the guard on exotic numeric strings). */
export function numericCriteria(criteria: Criteria | undefined): Property[] {
  const out: Property[] = [];
  for (const c of [...(criteria?.all ?? []), ...(criteria?.any ?? [])]) {
    const v = c.value;
    const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
    if (values.some((x) => typeof x === 'number' || (typeof x === 'string' && toNumber(x) !== undefined))) out.push(c.property);
  }
  return out;
}
