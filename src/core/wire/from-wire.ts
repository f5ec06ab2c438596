/**
 * Signals wire JSON → canonical spec. Read-only response fields are dropped, `null` is absent,
 * defaults are applied the way the API applies them (`version: 1`, `online: true`,
 * `offline: false`, `is_published: false`, entity `index: 0`), durations become canonical
 * ISO 8601, embedded attribute keys become `{name}` links and legacy `user`/`session` become
 * the built-in names.
 */
import {
  RULE_OPERATORS,
  type AttributeGroup,
  type AttributeKey,
  type Intervention,
  type RuleLeaf,
  type Service,
  type WireRuleNode,
} from '../model.js';
import { readAttribute, readBatchSource, readCriterionValue, readField, readGroupLink, readKeyLink, readProperty } from './parts.js';
import { compact, type Loc, type WireReader } from './reader.js';

/** Fields the API adds to responses; never part of a definition. */
export const READ_ONLY_FIELDS = {
  AttributeKey: ['blobl_path', 'key', 'tags'],
  AttributeGroup: [
    'full_name',
    'feast_name',
    'stream_source_name',
    'attribute_key_or_name',
    'attribute_group_or_attribute_key_ttl',
    'has_published_version',
    'tags',
  ],
  Service: ['tags', 'has_published_version'],
  Intervention: ['target_agents', 'script_uri', 'has_published_version'],
} as const;

const RULE_ATTRIBUTE = /^[A-Za-z0-9_]{1,128}:[A-Za-z0-9_]{1,128}$/;

export function readAttributeKey(r: WireReader, value: unknown, loc: Loc): AttributeKey | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['name', 'description', 'property', 'external_column', 'ttl', 'owner', 'is_published'], READ_ONLY_FIELDS.AttributeKey);
  const name = r.name(o, 'name', loc);
  const spec = compact<AttributeKey>({
    name,
    description: r.str(o, 'description', loc),
    property: o['property'] === undefined || o['property'] === null ? undefined : readProperty(r, o['property'], [...loc, 'property']),
    external_column: r.str(o, 'external_column', loc, { min: 1 }),
    ttl: r.duration(o, 'ttl', loc),
    owner: r.str(o, 'owner', loc),
    is_published: r.bool(o, 'is_published', loc, false),
  });
  return name === undefined ? undefined : spec;
}

export function readAttributeGroup(r: WireReader, value: unknown, loc: Loc): AttributeGroup | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(
    o,
    loc,
    ['name', 'version', 'description', 'owner', 'attribute_key', 'online', 'offline', 'ttl', 'attributes', 'fields', 'batch_source', 'backfill_since_tstamp', 'is_published'],
    READ_ONLY_FIELDS.AttributeGroup,
  );
  const name = r.name(o, 'name', loc);
  const version = r.int(o, 'version', loc, { fallback: 1 });
  const key = o['attribute_key'] === undefined || o['attribute_key'] === null ? r.missing([...loc, 'attribute_key']) : readKeyLink(r, o['attribute_key'], [...loc, 'attribute_key']);
  const spec = compact<AttributeGroup>({
    name,
    version,
    description: r.str(o, 'description', loc),
    owner: r.str(o, 'owner', loc),
    attribute_key: key,
    online: r.bool(o, 'online', loc, true),
    offline: r.bool(o, 'offline', loc, false),
    ttl: r.duration(o, 'ttl', loc),
    attributes: r.list(o, 'attributes', loc, false, (v, l) => readAttribute(r, v, l)),
    fields: r.list(o, 'fields', loc, false, (v, l) => readField(r, v, l)),
    batch_source: readBatchSource(r, o['batch_source'], [...loc, 'batch_source']),
    backfill_since_tstamp: r.str(o, 'backfill_since_tstamp', loc),
    is_published: r.bool(o, 'is_published', loc, false),
  });
  return name === undefined || version === undefined || key === undefined ? undefined : spec;
}

export function readService(r: WireReader, value: unknown, loc: Loc): Service | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(o, loc, ['name', 'description', 'owner', 'attribute_groups', 'is_published'], READ_ONLY_FIELDS.Service);
  const name = r.name(o, 'name', loc);
  const groups = r.list(o, 'attribute_groups', loc, true, (v, l) => readGroupLink(r, v, l));
  const spec = compact<Service>({
    name,
    description: r.str(o, 'description', loc),
    owner: r.str(o, 'owner', loc),
    attribute_groups: groups,
    is_published: r.bool(o, 'is_published', loc, false),
  });
  return name === undefined || groups === undefined ? undefined : spec;
}

function readRuleLeaf(r: WireReader, o: Record<string, unknown>, loc: Loc): RuleLeaf | undefined {
  r.checkKeys(o, loc, ['attribute', 'operator', 'value']);
  const attribute = r.str(o, 'attribute', loc, { required: true, pattern: RULE_ATTRIBUTE });
  const operator = r.oneOf(o, 'operator', loc, RULE_OPERATORS, true);
  const v = o['value'];
  const value_ = v === undefined || v === null ? undefined : readCriterionValue(r, v, [...loc, 'value']);
  if (attribute === undefined || operator === undefined) return undefined;
  return compact<RuleLeaf>({ attribute, operator, value: value_ });
}

/** An intervention criteria tree: `{all}`, `{any}`, `{none}` (exactly one) or a leaf. */
export function readRuleNode(r: WireReader, value: unknown, loc: Loc): WireRuleNode | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  const branches = (['all', 'any', 'none'] as const).filter((k) => o[k] !== undefined && o[k] !== null);
  if (branches.length > 1) {
    return r.issue(loc, `Criteria must have exactly one of all, any, none (found ${branches.join(' and ')})`, 'value_error');
  }
  const op = branches[0];
  if (op === undefined) {
    if (o['segment'] !== undefined) return r.issue([...loc, 'segment'], 'Segment references must be expanded before sending', 'value_error');
    return readRuleLeaf(r, o, loc);
  }
  r.checkKeys(o, loc, [op]);
  const children = r.list(o, op, loc, true, (v, l) => readRuleNode(r, v, l));
  if (children === undefined) return undefined;
  if (op === 'all') return { all: children };
  if (op === 'any') return { any: children };
  return { none: children };
}

export function readIntervention(r: WireReader, value: unknown, loc: Loc): Intervention | undefined {
  const o = r.object(value, loc);
  if (!o) return undefined;
  r.checkKeys(
    o,
    loc,
    ['name', 'version', 'description', 'owner', 'criteria', 'target_attribute_keys', 'payload_attribute_groups', 'is_published'],
    READ_ONLY_FIELDS.Intervention,
  );
  const name = r.name(o, 'name', loc);
  const version = r.int(o, 'version', loc, { fallback: 1 });
  const criteria = o['criteria'] === undefined || o['criteria'] === null ? r.missing([...loc, 'criteria']) : readRuleNode(r, o['criteria'], [...loc, 'criteria']);
  const spec = compact<Intervention>({
    name,
    version,
    description: r.str(o, 'description', loc),
    owner: r.str(o, 'owner', loc),
    criteria,
    target_attribute_keys: r.list(o, 'target_attribute_keys', loc, false, (v, l) => readKeyLink(r, v, l)),
    payload_attribute_groups: r.list(o, 'payload_attribute_groups', loc, false, (v, l) => readGroupLink(r, v, l)),
    is_published: r.bool(o, 'is_published', loc, false),
  });
  return name === undefined || version === undefined || criteria === undefined ? undefined : spec;
}
