/**
 * The one schema source for definition files: a YAML *document* as a person writes it, every
 * kind, every shorthand and every long API form. The build (`scripts/build-schema.ts`) turns it
 * into `schema/signals.schema.json` for editors and into a precompiled ajv validator, and the
 * TypeScript types of raw documents come from it through `Static<>`. Nothing imports this file at
 * run time (TypeBox is a dev dependency); runtime code only does `import type`.
 *
 * Structure (types, required fields, enums, unknown keys) is checked here. Constraints such as
 * name patterns, version bounds and duration syntax are in the schema for editors, but the
 * semantic layer (`src/core/validate/`) owns their error messages, so the same rules also hold
 * for objects that never were YAML (the emulator's request bodies).
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  Attribute,
  AttributeKeyRef,
  BatchSource,
  Criteria,
  Criterion,
  Description,
  Duration,
  Event,
  EXTENSION_KEYS,
  Field,
  GroupRef,
  IsPublished,
  Name,
  Owner,
  Property,
  Protect,
  RuleNode,
  schemaDefinitions,
  strictObject,
  stringEnum,
  Version,
} from './building-blocks.js';

export type { PropertyObjectDocument, RuleNodeDocument } from './building-blocks.js';
export { NAME_PATTERN_SOURCE } from './building-blocks.js';

// ---------------------------------------------------------------------------------------------
// Kinds

const common = {
  protect: Type.Optional(Protect),
};

export const AttributeKeyDocument = strictObject(
  {
    kind: Type.Literal('AttributeKey'),
    name: Name,
    description: Type.Optional(Description),
    property: Type.Optional(Property),
    external_column: Type.Optional(
      Type.String({ minLength: 1, description: 'Column holding the key in external warehouse tables; must equal name.' }),
    ),
    ttl: Type.Optional(Duration),
    owner: Type.Optional(Owner),
    is_published: Type.Optional(IsPublished),
    ...common,
  },
  'A custom identifier that attribute groups are keyed on.',
);

export const AttributeGroupDocument = strictObject(
  {
    kind: Type.Literal('AttributeGroup'),
    name: Name,
    version: Type.Optional(Version),
    source: Type.Optional(
      stringEnum(
        ['stream', 'batch', 'external'] as const,
        'stream (default): computed in real time; batch: computed in the warehouse; external: synced from a warehouse table (needs fields and batch_source).',
      ),
    ),
    attribute_key: AttributeKeyRef,
    description: Type.Optional(Description),
    owner: Type.Optional(Owner),
    ttl: Type.Optional(Duration),
    online: Type.Optional(Type.Boolean({ description: 'Whether Signals computes and serves the group (default true).', default: true })),
    offline: Type.Optional(
      Type.Boolean({ description: 'API form of source: false for stream, true for batch and external groups.' }),
    ),
    attributes: Type.Optional(Type.Array(Attribute, { description: 'The attributes of a stream or batch group.' })),
    fields: Type.Optional(Type.Array(Field, { description: 'The columns of an external group.' })),
    batch_source: Type.Optional(BatchSource),
    backfill_since_tstamp: Type.Optional(
      Type.String({ description: 'ISO 8601 date-time to backfill values from (needs a warehouse).', examples: ['2026-01-01T00:00:00Z'] }),
    ),
    is_published: Type.Optional(IsPublished),
    ...common,
  },
  'A versioned set of attributes computed per attribute key.',
);

export const ServiceDocument = strictObject(
  {
    kind: Type.Literal('Service'),
    name: Name,
    description: Type.Optional(Description),
    owner: Type.Optional(Owner),
    attribute_groups: Type.Array(GroupRef, {
      minItems: 1,
      maxItems: 100,
      description: 'The group versions the service serves (1-100).',
    }),
    is_published: Type.Optional(IsPublished),
    ...common,
  },
  'A named bundle of attribute group versions that applications read.',
);

export const InterventionDocument = strictObject(
  {
    kind: Type.Literal('Intervention'),
    name: Name,
    version: Type.Optional(Version),
    description: Type.Optional(Description),
    owner: Type.Optional(Owner),
    criteria: RuleNode,
    target_attribute_keys: Type.Optional(
      Type.Array(AttributeKeyRef, { description: 'Keys whose subscribers receive the intervention; default: the keys of the groups in criteria.' }),
    ),
    payload_attribute_groups: Type.Optional(
      Type.Array(GroupRef, { description: 'Groups whose latest values are sent with the intervention.' }),
    ),
    is_published: Type.Optional(IsPublished),
    ...common,
  },
  'A trigger that fires once per target when its criteria become true.',
);

export const SegmentDocument = strictObject(
  {
    kind: Type.Literal('Segment'),
    name: Name,
    description: Type.Optional(Description),
    criteria: RuleNode,
    ...common,
  },
  'A named audience over attribute values (this tool only; never sent to Signals).',
);

export type AttributeKeyDocument = Static<typeof AttributeKeyDocument>;
export type AttributeGroupDocument = Static<typeof AttributeGroupDocument>;
export type ServiceDocument = Static<typeof ServiceDocument>;
export type InterventionDocument = Static<typeof InterventionDocument>;
export type SegmentDocument = Static<typeof SegmentDocument>;
export type AttributeDocument = Static<typeof Attribute>;
export type EventDocument = Static<typeof Event>;
export type PropertyDocument = Static<typeof Property>;
export type CriteriaDocument = Static<typeof Criteria>;
export type CriterionDocument = Static<typeof Criterion>;
export type FieldDocument = Static<typeof Field>;
export type BatchSourceDocument = Static<typeof BatchSource>;
export type AttributeKeyRefDocument = Static<typeof AttributeKeyRef>;
export type GroupRefDocument = Static<typeof GroupRef>;
export type DefinitionDocument =
  | AttributeKeyDocument
  | AttributeGroupDocument
  | ServiceDocument
  | InterventionDocument
  | SegmentDocument;

const KINDS = {
  AttributeKey: AttributeKeyDocument,
  AttributeGroup: AttributeGroupDocument,
  Service: ServiceDocument,
  Intervention: InterventionDocument,
  Segment: SegmentDocument,
} as const;

/** The JSON Schema of one definition document (draft-07), as written to schema/signals.schema.json. */
export function buildDefinitionSchema(): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemaDefinitions)) definitions[name] = schema;
  for (const [kind, schema] of Object.entries(KINDS)) {
    definitions[kind] = { ...schema, patternProperties: EXTENSION_KEYS };
  }
  const kinds = Object.keys(KINDS);
  const doc = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Snowplow Signals definition',
    description:
      'One definition of signals-as-code: an AttributeKey, AttributeGroup, Service, Intervention or Segment. Field names are the Signals API names.',
    type: 'object',
    required: ['kind'],
    properties: {
      kind: { type: 'string', enum: kinds, description: `What this document defines: ${kinds.join(', ')}.` },
    },
    allOf: kinds.map((kind) => ({
      if: { type: 'object', properties: { kind: { const: kind } }, required: ['kind'] },
      then: { $ref: `#/definitions/${kind}` },
    })),
    definitions,
  };
  // Round-trip through JSON to drop TypeBox's symbol keys and fix the key order.
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}
