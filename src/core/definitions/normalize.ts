/**
 * One shape-checked document → one canonical Definition (src/core/model.ts): defaults applied,
 * `source` turned into `offline`, local `is_published` defaulting to true, canonical key order.
 */
import type {
  AttributeGroup,
  AttributeKey,
  Definition,
  GroupLink,
  Intervention,
  Segment,
  Service,
  SourceLocation,
} from '../model.js';
import type {
  AttributeGroupDocument,
  AttributeKeyDocument,
  DefinitionDocument,
  InterventionDocument,
  SegmentDocument,
  ServiceDocument,
} from '../../schema/definition-schema.js';
import {
  compact,
  normalizeAttribute,
  normalizeBatchSource,
  normalizeDurationText,
  normalizeField,
  normalizeGroupLink,
  normalizeKeyLink,
  normalizeProperty,
  normalizeRuleNode,
  type NormalizeContext,
} from './normalize-parts.js';

export function normalizeDocument(ctx: NormalizeContext, doc: DefinitionDocument, location: SourceLocation): Definition | undefined {
  const protect = doc.protect ?? false;
  switch (doc.kind) {
    case 'AttributeKey': {
      const spec = normalizeAttributeKey(ctx, doc);
      return ctx.failed ? undefined : { kind: 'AttributeKey', spec, protect, location };
    }
    case 'AttributeGroup': {
      const spec = normalizeAttributeGroup(ctx, doc);
      return ctx.failed || !spec ? undefined : { kind: 'AttributeGroup', spec, protect, location };
    }
    case 'Service': {
      const spec = normalizeService(ctx, doc);
      return ctx.failed ? undefined : { kind: 'Service', spec, protect, location };
    }
    case 'Intervention': {
      const spec = normalizeIntervention(ctx, doc);
      return ctx.failed || !spec ? undefined : { kind: 'Intervention', spec, protect, location };
    }
    case 'Segment': {
      const spec = normalizeSegment(ctx, doc);
      return ctx.failed || !spec ? undefined : { kind: 'Segment', spec, protect, location };
    }
  }
}

function normalizeAttributeKey(ctx: NormalizeContext, doc: AttributeKeyDocument): AttributeKey {
  return compact<AttributeKey>({
    name: doc.name,
    description: doc.description,
    property: doc.property === undefined ? undefined : normalizeProperty(ctx, doc.property, ['property']),
    external_column: doc.external_column,
    ttl: normalizeDurationText(doc.ttl),
    owner: doc.owner,
    is_published: doc.is_published ?? true,
  });
}

function normalizeAttributeGroup(ctx: NormalizeContext, doc: AttributeGroupDocument): AttributeGroup | undefined {
  const source = doc.source;
  if (source !== undefined && doc.offline !== undefined && doc.offline !== (source !== 'stream')) {
    ctx.report(
      ['offline'],
      'source-offline-conflict',
      `offline: ${String(doc.offline)} contradicts source: ${source}`,
      'source: stream means offline: false; batch and external mean offline: true. Keep only source',
    );
    ctx.failed = true;
  }
  if (source === 'external' && doc.fields === undefined && doc.batch_source === undefined) {
    ctx.report(['source'], 'external-group-needs-fields', 'an external group needs fields and batch_source', 'list the table columns under fields and the table under batch_source; use source: batch for attributes computed in the warehouse');
    ctx.failed = true;
  }
  if (source === 'batch' && doc.fields !== undefined) {
    ctx.report(['fields'], 'batch-group-fields', 'fields belong to external groups; a batch group has attributes', 'use source: external for a group synced from a warehouse table');
    ctx.failed = true;
  }
  const offline = source !== undefined ? source !== 'stream' : (doc.offline ?? false);
  return compact<AttributeGroup>({
    name: doc.name,
    version: doc.version ?? 1,
    description: doc.description,
    owner: doc.owner,
    attribute_key: normalizeKeyLink(ctx, doc.attribute_key, ['attribute_key']),
    online: doc.online ?? true,
    offline,
    ttl: normalizeDurationText(doc.ttl),
    attributes: doc.attributes?.map((a, i) => normalizeAttribute(ctx, a, ['attributes', i])).filter((a) => a !== undefined),
    fields: doc.fields?.map(normalizeField),
    batch_source: doc.batch_source === undefined ? undefined : normalizeBatchSource(doc.batch_source),
    backfill_since_tstamp: doc.backfill_since_tstamp,
    is_published: doc.is_published ?? true,
  });
}

function links(ctx: NormalizeContext, docs: ServiceDocument['attribute_groups'] | undefined, key: string): GroupLink[] | undefined {
  return docs?.map((g, i) => normalizeGroupLink(ctx, g, [key, i])).filter((g): g is GroupLink => g !== undefined);
}

function normalizeService(ctx: NormalizeContext, doc: ServiceDocument): Service {
  return compact<Service>({
    name: doc.name,
    description: doc.description,
    owner: doc.owner,
    attribute_groups: links(ctx, doc.attribute_groups, 'attribute_groups') ?? [],
    is_published: doc.is_published ?? true,
  });
}

function normalizeIntervention(ctx: NormalizeContext, doc: InterventionDocument): Intervention | undefined {
  const criteria = normalizeRuleNode(ctx, doc.criteria, ['criteria']);
  if (!criteria) return undefined;
  return compact<Intervention>({
    name: doc.name,
    version: doc.version ?? 1,
    description: doc.description,
    owner: doc.owner,
    criteria,
    target_attribute_keys: doc.target_attribute_keys?.map((k, i) => normalizeKeyLink(ctx, k, ['target_attribute_keys', i])),
    payload_attribute_groups: links(ctx, doc.payload_attribute_groups, 'payload_attribute_groups'),
    is_published: doc.is_published ?? true,
  });
}

function normalizeSegment(ctx: NormalizeContext, doc: SegmentDocument): Segment | undefined {
  const criteria = normalizeRuleNode(ctx, doc.criteria, ['criteria']);
  if (!criteria) return undefined;
  return compact<Segment>({ name: doc.name, description: doc.description, criteria });
}
