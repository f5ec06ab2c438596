/**
 * Canonical definition → definition file, in the preferred shorthand form with a fixed key
 * order, defaults left out and the editor's schema header on top. Used by `new`, `init` and
 * `pull`. For every canonical definition, parsing what this writes gives the definition back.
 */
import { Document, isMap, isPair, isScalar, isSeq, Scalar, visit, type Node } from 'yaml';
import { humanDuration, parseDuration } from '../duration.js';
import {
  isRuleLeaf,
  isSegmentLeaf,
  ruleChildren,
  type Attribute,
  type AttributeGroup,
  type Criteria,
  type Criterion,
  type Definition,
  type EventRef,
  type Property,
  type RuleNode,
} from '../model.js';
import { formatEventShorthand, formatGroupShorthand, formatPropertyShorthand } from './shorthand.js';

export const DEFAULT_SCHEMA_PATH = '../schema/signals.schema.json';

export interface FormatOptions {
  /** Where the JSON Schema is, relative to the file (for the yaml-language-server header). */
  schemaPath?: string;
  /** Leave out the header line. */
  header?: boolean;
}

type Obj = Record<string, unknown>;

function put(target: Obj, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/** A duration in the short form (`7d`, `1h30m`) when it has one, else as given. */
export function formatDurationShorthand(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds === undefined || seconds <= 0 || !Number.isInteger(seconds)) return text;
  return humanDuration(seconds);
}

function formatEvent(event: EventRef): unknown {
  const short = formatEventShorthand(event);
  if (short !== undefined) return short;
  const out: Obj = {};
  put(out, 'vendor', event.vendor);
  put(out, 'name', event.name);
  put(out, 'version', event.version);
  return out;
}

/** The property as a shorthand string, or the long form (always for a date_part not moved out). */
function formatProperty(property: Property, keepDatePart: boolean): unknown {
  const short = formatPropertyShorthand(property);
  if (short !== undefined && (property.date_part === undefined || !keepDatePart)) return short;
  const out: Obj = { type: property.type };
  if (property.type === 'atomic') {
    out['name'] = property.name;
  } else {
    out['vendor'] = property.vendor;
    out['name'] = property.name;
    out['major_version'] = property.major_version;
    out['path'] = property.path;
    if (property.type === 'entity' && property.index !== 0) out['index'] = property.index;
  }
  if (keepDatePart) put(out, 'date_part', property.date_part);
  return out;
}

function formatCriterion(c: Criterion): Obj {
  const out: Obj = { property: formatProperty(c.property, true), operator: c.operator };
  put(out, 'value', c.value);
  return out;
}

function formatCriteria(criteria: Criteria): Obj {
  const out: Obj = {};
  put(out, 'all', criteria.all?.map(formatCriterion));
  put(out, 'any', criteria.any?.map(formatCriterion));
  return out;
}

function formatAttribute(a: Attribute): Obj {
  const out: Obj = { name: a.name };
  put(out, 'description', a.description);
  out['type'] = a.type;
  out['aggregation'] = a.aggregation;
  if (a.events.length > 0) out['events'] = a.events.map(formatEvent);
  if (a.property) {
    const short = formatPropertyShorthand(a.property);
    if (short !== undefined && a.property.date_part !== undefined) {
      out['property'] = short;
      out['date_part'] = a.property.date_part;
    } else {
      out['property'] = formatProperty(a.property, true);
    }
  }
  put(out, 'criteria', a.criteria ? formatCriteria(a.criteria) : undefined);
  put(out, 'period', formatDurationShorthand(a.period));
  put(out, 'ttl', formatDurationShorthand(a.ttl));
  put(out, 'time_unit', a.time_unit);
  put(out, 'default_value', a.default_value);
  return out;
}

function declaredSource(g: AttributeGroup): 'stream' | 'batch' | 'external' {
  if (!g.offline) return 'stream';
  return g.fields !== undefined || (g.attributes === undefined && g.batch_source !== undefined) ? 'external' : 'batch';
}

function formatRuleNode(node: RuleNode): Obj {
  if (isSegmentLeaf(node)) return { segment: node.segment };
  const branch = ruleChildren(node);
  if (branch) return { [branch.op]: branch.children.map(formatRuleNode) };
  if (isRuleLeaf(node)) {
    const out: Obj = { attribute: node.attribute, operator: node.operator };
    if (node.value !== undefined && node.value !== null) out['value'] = node.value;
    return out;
  }
  return {};
}

function groupLinks(links: readonly { name: string; version: number }[]): unknown[] {
  return links.map((l) => formatGroupShorthand(l) ?? { name: l.name, version: l.version });
}

function tail(out: Obj, def: Definition, published: boolean | undefined): void {
  if (published === false) out['is_published'] = false;
  if (def.protect) out['protect'] = true;
}

/** The definition as the plain object a file holds (shorthands, stable key order, defaults omitted). */
export function formatDefinitionObject(def: Definition): Obj {
  const out: Obj = { kind: def.kind, name: def.spec.name };
  switch (def.kind) {
    case 'AttributeKey': {
      const k = def.spec;
      put(out, 'description', k.description);
      put(out, 'property', k.property ? formatProperty(k.property, true) : undefined);
      put(out, 'external_column', k.external_column);
      put(out, 'ttl', formatDurationShorthand(k.ttl));
      put(out, 'owner', k.owner);
      tail(out, def, k.is_published);
      return out;
    }
    case 'AttributeGroup': {
      const g = def.spec;
      out['version'] = g.version;
      const source = declaredSource(g);
      if (source !== 'stream') out['source'] = source;
      out['attribute_key'] = g.attribute_key.name;
      put(out, 'owner', g.owner);
      put(out, 'description', g.description);
      put(out, 'ttl', formatDurationShorthand(g.ttl));
      if (!g.online) out['online'] = false;
      put(out, 'backfill_since_tstamp', g.backfill_since_tstamp);
      tail(out, def, g.is_published);
      put(out, 'attributes', g.attributes?.map(formatAttribute));
      put(out, 'fields', g.fields?.map((f) => {
        const field: Obj = { name: f.name };
        put(field, 'description', f.description);
        field['type'] = f.type;
        return field;
      }));
      if (g.batch_source) {
        const b = g.batch_source;
        const source: Obj = { name: b.name };
        put(source, 'description', b.description);
        put(source, 'owner', b.owner);
        Object.assign(source, { database: b.database, schema: b.schema, table: b.table, timestamp_field: b.timestamp_field });
        out['batch_source'] = source;
      }
      return out;
    }
    case 'Service': {
      const s = def.spec;
      put(out, 'description', s.description);
      put(out, 'owner', s.owner);
      tail(out, def, s.is_published);
      out['attribute_groups'] = groupLinks(s.attribute_groups);
      return out;
    }
    case 'Intervention': {
      const i = def.spec;
      out['version'] = i.version;
      put(out, 'description', i.description);
      put(out, 'owner', i.owner);
      put(out, 'target_attribute_keys', i.target_attribute_keys?.map((k) => k.name));
      put(out, 'payload_attribute_groups', i.payload_attribute_groups ? groupLinks(i.payload_attribute_groups) : undefined);
      tail(out, def, i.is_published);
      out['criteria'] = formatRuleNode(i.criteria);
      return out;
    }
    case 'Segment': {
      put(out, 'description', def.spec.description);
      tail(out, def, undefined);
      out['criteria'] = formatRuleNode(def.spec.criteria);
      return out;
    }
  }
}

const FLOW_WIDTH = 100;
const OPERATOR_KEYS = new Set(['operator']);

/** Short lists of scalars and small condition mappings go on one line. */
function applyStyle(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && OPERATOR_KEYS.has(String(pair.key.value)) && isScalar(pair.value) && !/^[a-z ]+$/.test(String(pair.value.value))) {
        pair.value.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every((i) => isScalar(i)) && approxWidth(seq) <= FLOW_WIDTH) seq.flow = true;
    },
    Map(_, map, path) {
      const parentPair = path[path.length - 1];
      const inList = path.length > 0 && isSeq(path[path.length - 1]);
      const isCondition = map.items.some((p) => isPair(p) && isScalar(p.key) && (p.key.value === 'operator' || p.key.value === 'segment'));
      if ((inList || isPair(parentPair)) && isCondition && map.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every(isScalar))) && approxWidth(map) <= FLOW_WIDTH) {
        map.flow = true;
      }
    },
  });
}

function approxWidth(node: Node): number {
  if (isScalar(node)) return String(node.value).length + 2;
  if (isSeq(node)) return node.items.reduce<number>((n, i) => n + approxWidth(i as Node) + 2, 2);
  if (isMap(node)) return node.items.reduce<number>((n, p) => n + approxWidth(p.key as Node) + approxWidth(p.value as Node) + 2, 2);
  return 0;
}

function header(options: FormatOptions): string {
  if (options.header === false) return '';
  return `# yaml-language-server: $schema=${options.schemaPath ?? DEFAULT_SCHEMA_PATH}\n`;
}

function documentText(def: Definition): string {
  const doc = new Document(formatDefinitionObject(def), { aliasDuplicateObjects: false });
  applyStyle(doc);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** One definition as a YAML file. */
export function formatDefinitionYaml(def: Definition, options: FormatOptions = {}): string {
  return header(options) + documentText(def);
}

/** Several definitions as one multi-document YAML file. */
export function formatDefinitionsYaml(defs: readonly Definition[], options: FormatOptions = {}): string {
  return header(options) + defs.map(documentText).join('---\n');
}
