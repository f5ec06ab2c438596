/**
 * Canonical spec → the JSON body Signals receives on POST/PUT: the SDK's serialisation, with
 * `null`s omitted and defaults sent (`version`, `online`, `offline`, `is_published`, property
 * `type`, entity `index`). Attribute keys are sent as `{name}` links.
 */
import { formatDuration } from '../duration.js';
import {
  isSegmentLeaf,
  ruleChildren,
  type Attribute,
  type AttributeGroup,
  type AttributeKey,
  type AttributeKeyLink,
  type BatchSource,
  type Criteria,
  type Criterion,
  type EventRef,
  type Field,
  type GroupLink,
  type Intervention,
  type Property,
  type RuleLeaf,
  type RuleNode,
  type Service,
} from '../model.js';
import { canonicalKeyName, normalizePropertyPath } from './parts.js';
import { compact, wireDurationSeconds, type JsonRecord } from './reader.js';

function duration(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const seconds = wireDurationSeconds(value);
  return seconds === undefined ? value : formatDuration(seconds);
}

function property(p: Property | undefined): JsonRecord | undefined {
  if (p === undefined) return undefined;
  const type = p.type ?? 'atomic';
  if (type === 'atomic') return compact({ type, name: p.name, date_part: p.date_part });
  const q = p as Exclude<Property, { type: 'atomic' }>;
  return compact({
    type,
    vendor: q.vendor,
    name: q.name,
    major_version: q.major_version,
    path: normalizePropertyPath(q.path),
    index: type === 'entity' ? ((q as { index?: number }).index ?? 0) : undefined,
    date_part: q.date_part,
  });
}

function event(e: EventRef): JsonRecord {
  return compact({ vendor: e.vendor, name: e.name, version: e.version });
}

function criterion(c: Criterion): JsonRecord {
  return compact({ property: property(c.property), operator: c.operator, value: c.value ?? undefined });
}

function criteria(c: Criteria | undefined): JsonRecord | undefined {
  if (c === undefined) return undefined;
  return compact({ all: c.all?.map(criterion), any: c.any?.map(criterion) });
}

function attribute(a: Attribute): JsonRecord {
  return compact({
    name: a.name,
    description: a.description,
    type: a.type,
    events: a.events.map(event),
    aggregation: a.aggregation,
    property: property(a.property),
    criteria: criteria(a.criteria),
    period: duration(a.period),
    default_value: a.default_value ?? undefined,
    ttl: duration(a.ttl),
    time_unit: a.time_unit,
  });
}

function field(f: Field): JsonRecord {
  return compact({ name: f.name, description: f.description, type: f.type });
}

function batchSource(b: BatchSource | undefined): JsonRecord | undefined {
  if (b === undefined) return undefined;
  return compact({
    name: b.name,
    description: b.description,
    owner: b.owner,
    database: b.database,
    schema: b.schema,
    table: b.table,
    timestamp_field: b.timestamp_field,
  });
}

function keyLink(k: AttributeKeyLink): JsonRecord {
  return { name: canonicalKeyName(k.name) };
}

function groupLink(g: GroupLink): JsonRecord {
  return { name: g.name, version: g.version ?? 1 };
}

export function attributeKeyToWire(k: AttributeKey): JsonRecord {
  return compact({
    name: k.name,
    description: k.description,
    property: property(k.property),
    external_column: k.external_column,
    ttl: duration(k.ttl),
    owner: k.owner,
    is_published: k.is_published ?? false,
  });
}

export function attributeGroupToWire(g: AttributeGroup): JsonRecord {
  return compact({
    name: g.name,
    version: g.version ?? 1,
    description: g.description,
    owner: g.owner,
    attribute_key: keyLink(g.attribute_key),
    online: g.online ?? true,
    offline: g.offline ?? false,
    ttl: duration(g.ttl),
    attributes: g.attributes?.map(attribute),
    fields: g.fields?.map(field),
    batch_source: batchSource(g.batch_source),
    backfill_since_tstamp: g.backfill_since_tstamp,
    is_published: g.is_published ?? false,
  });
}

export function serviceToWire(s: Service): JsonRecord {
  return compact({
    name: s.name,
    description: s.description,
    owner: s.owner,
    attribute_groups: s.attribute_groups.map(groupLink),
    is_published: s.is_published ?? false,
  });
}

function ruleNode(node: RuleNode): JsonRecord {
  const branch = ruleChildren(node);
  if (branch) return { [branch.op]: branch.children.map(ruleNode) };
  if (isSegmentLeaf(node)) {
    throw new Error(`segment ${node.segment} must be expanded into plain criteria before an intervention is sent`);
  }
  const leaf = node as RuleLeaf;
  return compact({ attribute: leaf.attribute, operator: leaf.operator, value: leaf.value ?? undefined });
}

export function interventionToWire(i: Intervention): JsonRecord {
  return compact({
    name: i.name,
    version: i.version ?? 1,
    description: i.description,
    owner: i.owner,
    criteria: ruleNode(i.criteria),
    target_attribute_keys: i.target_attribute_keys?.map(keyLink),
    payload_attribute_groups: i.payload_attribute_groups?.map(groupLink),
    is_published: i.is_published ?? false,
  });
}
