/**
 * Readers for the building blocks shared by several wire objects: events, properties,
 * attribute criteria, attributes, fields, batch sources and links.
 */
import { isAtomicField } from '../atomic.js';
import {
  AGGREGATIONS,
  ATTRIBUTE_TYPES,
  CRITERION_OPERATORS,
  DATE_PARTS,
  LEGACY_ATTRIBUTE_KEY_NAMES,
  TIME_UNITS,
  type Attribute,
  type AttributeKeyLink,
  type BatchSource,
  type Criteria,
  type Criterion,
  type CriterionValue,
  type DefaultValue,
  type EventRef,
  type Field,
  type GroupLink,
  type Property,
} from '../model.js';
import { compact, isJsonRecord, NAME_PATTERN, type Loc, type WireReader } from './reader.js';

const EVENT_NAME = /^[a-zA-Z0-9-_]+$/;
const EVENT_VENDOR = /^[a-zA-Z0-9-_.]+$/;
const EVENT_VERSION = /^[0-9]+-[0-9]+-[0-9]+$/;
/** Not exactly `$`, and no bracket-quote access. */
const PROPERTY_PATH = /^(?!\$$)(?!.*\[['"]).+$/;

/**
 * The canonical form of a property path: without a leading `$.` (`$.user.name` → `user.name`).
 * Signals accepts both; the leading `$.` carries no meaning, so both sides of a diff drop it.
 */
export function normalizePropertyPath(path: string): string {
  return path.startsWith('$.') ? path.slice(2) : path;
}

/** Built-in key names for the legacy `user` / `session` aliases; other names unchanged. */
export function canonicalKeyName(name: string): string {
  return LEGACY_ATTRIBUTE_KEY_NAMES[name] ?? name;
}

export function readEvent(r: WireReader, value: unknown, loc: Loc): EventRef | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['vendor', 'name', 'version']);
  return compact<EventRef>({
    vendor: r.str(o, 'vendor', loc, { pattern: EVENT_VENDOR, min: 1, max: 128 }),
    name: r.str(o, 'name', loc, { pattern: EVENT_NAME, min: 1, max: 128 }),
    version: r.str(o, 'version', loc, { pattern: EVENT_VERSION }),
  });
}

/** The property kind: explicit `type`, else inferred (atomic unless it has schema fields). */
function propertyType(o: Record<string, unknown>): unknown {
  if (o['type'] !== undefined && o['type'] !== null) return o['type'];
  if (o['index'] !== undefined && o['index'] !== null) return 'entity';
  if (o['vendor'] !== undefined || o['path'] !== undefined || o['major_version'] !== undefined) return 'event';
  return 'atomic';
}

export function readProperty(r: WireReader, value: unknown, loc: Loc): Property | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  const type = propertyType(o);
  const datePart = r.oneOf(o, 'date_part', loc, DATE_PARTS, false);
  if (type === 'atomic') {
    r.checkKeys(o, loc, ['type', 'name', 'date_part']);
    const name = r.str(o, 'name', loc, { required: true });
    if (name !== undefined && !isAtomicField(name)) {
      r.issue([...loc, 'name'], `Input should be one of the 131 atomic field names, not '${name}'`, 'enum');
      return undefined;
    }
    if (name === undefined) return undefined;
    return compact<Property>({ type: 'atomic', name, date_part: datePart });
  }
  if (type !== 'event' && type !== 'entity') {
    r.issue([...loc, 'type'], "Input tag should be 'atomic', 'event' or 'entity'", 'union_tag_invalid');
    return undefined;
  }
  r.checkKeys(o, loc, type === 'entity' ? ['type', 'vendor', 'name', 'major_version', 'path', 'index', 'date_part'] : ['type', 'vendor', 'name', 'major_version', 'path', 'date_part']);
  const vendor = r.str(o, 'vendor', loc, { required: true, min: 1 });
  const name = r.str(o, 'name', loc, { required: true, pattern: EVENT_NAME, min: 1, max: 128 });
  const major = r.int(o, 'major_version', loc, { required: true, min: 1 });
  const path = r.str(o, 'path', loc, { required: true, min: 1, pattern: PROPERTY_PATH });
  const index = type === 'entity' ? r.int(o, 'index', loc, { min: 0, fallback: 0 }) : undefined;
  if (vendor === undefined || name === undefined || major === undefined || path === undefined) return undefined;
  if (type === 'event') {
    return compact<Property>({ type, vendor, name, major_version: major, path: normalizePropertyPath(path), date_part: datePart });
  }
  if (index === undefined) return undefined;
  return compact<Property>({ type, vendor, name, major_version: major, path: normalizePropertyPath(path), index, date_part: datePart });
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** A criterion value: a scalar or a homogeneous list of scalars. */
export function readCriterionValue(r: WireReader, v: unknown, loc: Loc): CriterionValue | undefined {
  if (isScalar(v)) return v;
  if (Array.isArray(v) && v.every(isScalar)) {
    const kinds = new Set(v.map((x) => typeof x));
    if (kinds.size <= 1) return v as CriterionValue;
    return r.issue(loc, 'Input should be a list of values of one type', 'list_type');
  }
  return r.issue(loc, 'Input should be a string, number, boolean or a list of one of them', 'value_type');
}

export function readDefaultValue(r: WireReader, v: unknown, loc: Loc): DefaultValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (isScalar(v)) return v;
  if (Array.isArray(v) && v.every(isScalar)) return v;
  return r.issue(loc, 'Input should be a string, number, boolean or a list of them', 'value_type');
}

function readCriterion(r: WireReader, value: unknown, loc: Loc): Criterion | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['property', 'operator', 'value']);
  const property = o['property'] === undefined || o['property'] === null ? r.missing([...loc, 'property']) : readProperty(r, o['property'], [...loc, 'property']);
  const operator = r.oneOf(o, 'operator', loc, CRITERION_OPERATORS, true);
  const value_ = o['value'] === undefined || o['value'] === null ? undefined : readCriterionValue(r, o['value'], [...loc, 'value']);
  if (!property || !operator) return undefined;
  return compact<Criterion>({ property, operator, value: value_ });
}

export function readCriteria(r: WireReader, value: unknown, loc: Loc): Criteria | undefined {
  if (value === undefined || value === null) return undefined;
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['all', 'any']);
  return compact<Criteria>({
    all: r.list(o, 'all', loc, false, (v, l) => readCriterion(r, v, l)),
    any: r.list(o, 'any', loc, false, (v, l) => readCriterion(r, v, l)),
  });
}

export function readAttribute(r: WireReader, value: unknown, loc: Loc): Attribute | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['name', 'description', 'type', 'events', 'aggregation', 'property', 'criteria', 'period', 'default_value', 'ttl', 'time_unit'], ['tags']);
  const name = r.name(o, 'name', loc);
  const type = r.oneOf(o, 'type', loc, ATTRIBUTE_TYPES, true);
  // Current Signals reads a missing events list as "all events", like an empty one.
  const events = r.list(o, 'events', loc, false, (v, l) => readEvent(r, v, l)) ?? (o['events'] === undefined || o['events'] === null ? [] : undefined);
  const aggregation = r.oneOf(o, 'aggregation', loc, AGGREGATIONS, true);
  const property = o['property'] === undefined || o['property'] === null ? undefined : readProperty(r, o['property'], [...loc, 'property']);
  const attr = compact<Attribute>({
    name,
    description: r.str(o, 'description', loc),
    type,
    events,
    aggregation,
    property,
    criteria: readCriteria(r, o['criteria'], [...loc, 'criteria']),
    period: r.duration(o, 'period', loc),
    default_value: readDefaultValue(r, o['default_value'], [...loc, 'default_value']),
    ttl: r.duration(o, 'ttl', loc),
    time_unit: r.oneOf(o, 'time_unit', loc, TIME_UNITS, false),
  });
  return name && type && events && aggregation ? attr : undefined;
}

export function readField(r: WireReader, value: unknown, loc: Loc): Field | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['name', 'description', 'type'], ['tags']);
  const name = r.name(o, 'name', loc);
  const type = r.oneOf(o, 'type', loc, ATTRIBUTE_TYPES, true);
  const description = r.str(o, 'description', loc);
  return name && type ? compact<Field>({ name, description, type }) : undefined;
}

export function readBatchSource(r: WireReader, value: unknown, loc: Loc): BatchSource | undefined {
  if (value === undefined || value === null) return undefined;
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['name', 'description', 'owner', 'database', 'schema', 'table', 'timestamp_field'], ['created_timestamp_column', 'date_partition_column', 'tags']);
  const out = compact<BatchSource>({
    name: r.name(o, 'name', loc),
    description: r.str(o, 'description', loc),
    owner: r.str(o, 'owner', loc),
    database: r.str(o, 'database', loc, { required: true, min: 1, pattern: /^[A-Za-z0-9_-]+$/ }),
    schema: r.str(o, 'schema', loc, { required: true, min: 1, pattern: NAME_PATTERN }),
    table: r.str(o, 'table', loc, { required: true, min: 1, pattern: NAME_PATTERN }),
    timestamp_field: r.str(o, 'timestamp_field', loc, { required: true, min: 1, pattern: NAME_PATTERN }),
  });
  return out.name && out.database && out.schema && out.table && out.timestamp_field ? out : undefined;
}

/** An attribute key link `{name}`; the rest of an embedded key object is read-only here. */
export function readKeyLink(r: WireReader, value: unknown, loc: Loc): AttributeKeyLink | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  const name = r.name(o, 'name', loc);
  return name === undefined ? undefined : { name: canonicalKeyName(name) };
}

export function readGroupLink(r: WireReader, value: unknown, loc: Loc): GroupLink | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['name', 'version']);
  const name = r.name(o, 'name', loc);
  const version = r.int(o, 'version', loc, { fallback: 1 });
  return name === undefined || version === undefined ? undefined : { name, version };
}

export { isJsonRecord };
