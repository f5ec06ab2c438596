/**
 * The building blocks of the definition schema (see definition-schema.ts): names, durations,
 * events, properties, criteria, attributes and references, each in every form a file may use.
 * Reused pieces are registered in `schemaDefinitions` and referenced with `$ref`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ATOMIC_FIELDS } from '../core/atomic.js';
import {
  AGGREGATIONS,
  ATTRIBUTE_TYPES,
  BUILTIN_ATTRIBUTE_KEYS,
  CRITERION_OPERATORS,
  DATE_PARTS,
  RULE_OPERATORS,
  TIME_UNITS,
} from '../core/model.js';

/** Reusable pieces, emitted under `definitions` and referenced with `$ref`. */
export const schemaDefinitions: Record<string, TSchema> = {};

function define<T extends TSchema>(name: string, schema: T) {
  schemaDefinitions[name] = schema;
  return Type.Unsafe<Static<T>>({ $ref: `#/definitions/${name}` });
}

export function stringEnum<const V extends readonly string[]>(values: V, description: string) {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values], description });
}

/** Keys starting with `x-` are free: a place for YAML anchors shared by several criteria. */
export const EXTENSION_KEYS = { '^x-': {} };

export function strictObject<P extends Parameters<typeof Type.Object>[0]>(properties: P, description: string) {
  return Type.Object(properties, { additionalProperties: false, description });
}

// ---------------------------------------------------------------------------------------------
// Scalars

export const NAME_PATTERN_SOURCE = '^[A-Za-z0-9_]+$';
const DURATION_PATTERN_SOURCE =
  '^(?:(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?:\\d+s)?|-?P(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?(?:T(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?)?)$';

export const Name = define(
  'Name',
  Type.String({
    pattern: NAME_PATTERN_SOURCE,
    minLength: 1,
    maxLength: 128,
    description: 'Letters, digits and underscores, 1-128 characters.',
  }),
);

export const Description = Type.String({ description: 'Free text shown in Snowplow Console.' });
export const Owner = Type.String({ description: 'Who to ask about this definition; an email address.' });
export const IsPublished = Type.Boolean({
  description: 'Whether Signals computes and serves this definition. Defaults to true for definitions kept in files.',
  default: true,
});
export const Protect = Type.Boolean({
  description: 'When true, signals refuses to delete or unpublish this definition.',
  default: false,
});
export const Version = define(
  'Version',
  Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 1,
    description: 'Version number; the identity is (name, version). Published versions cannot be edited: bump the version instead.',
  }),
);

export const Duration = define(
  'Duration',
  Type.String({
    pattern: DURATION_PATTERN_SOURCE,
    description: 'A duration: 30s, 15m, 1h, 7d, 1h30m, or ISO 8601 such as PT15M, P7D.',
    examples: ['15m', '1h', '7d', 'P30D'],
  }),
);

// ---------------------------------------------------------------------------------------------
// Events

const EventShorthand = Type.String({
  pattern: '^(?:page_view|page_ping|structured|iglu:[^/\\s]+/[^/\\s]+/jsonschema/[^/\\s]+|[^/\\s:]+/[^/\\s]+(?:/[^/\\s]+)?)$',
  description:
    'An event: vendor/name/1-0-0, vendor/name (any version), iglu:vendor/name/jsonschema/1-0-0, or one of page_view, page_ping, structured.',
  examples: ['page_view', 'com.acme/checkout_started/1-0-0', 'com.acme/checkout_started'],
});

const EventObject = strictObject(
  {
    vendor: Type.Optional(Type.String({ description: 'Schema vendor, e.g. com.snowplowanalytics.snowplow. Absent = any vendor.' })),
    name: Type.Optional(Type.String({ description: 'Schema name, e.g. page_view. Absent = any name.' })),
    version: Type.Optional(Type.String({ description: 'Schema version MODEL-REVISION-ADDITION, e.g. 1-0-0. Absent = any version.' })),
  },
  'An event filter in the API form; every absent field is a wildcard.',
);

export const Event = define(
  'Event',
  Type.Union([EventShorthand, EventObject], { description: 'Which events the attribute reads.' }),
);

// ---------------------------------------------------------------------------------------------
// Properties

const DatePart = stringEnum(
  DATE_PARTS,
  'Read a part of a date-time property: hour_of_day, day_of_week, month_of_year (integers) or truncate to active_day, active_week, active_month (date strings).',
);

const PropertyShorthand = Type.String({
  pattern: '^(?:atomic:[A-Za-z0-9_]+|[A-Za-z0-9_]+|event:[^/\\s]+/[^/\\s]+/\\d+:.+|entity:[^/\\s]+/[^/\\s]+/\\d+(?:\\[\\d+\\])?:.+)$',
  description:
    'A property: an atomic field (page_urlpath or atomic:page_urlpath), event:vendor/name/MAJOR:path, entity:vendor/name/MAJOR:path or entity:vendor/name/MAJOR[INDEX]:path.',
  examples: ['page_urlpath', 'event:com.acme/checkout_started/1:total', 'entity:com.acme/product/1:price'],
});

const SchemaPath = Type.String({
  minLength: 1,
  description: 'JSONPath into the data: price, $.user.name, items[0].sku.',
});
const MajorVersion = Type.Integer({ minimum: 1, description: 'Major version of the schema (the 1 of 1-0-0).' });

const AtomicName = define('AtomicName', stringEnum(ATOMIC_FIELDS, 'One of the 131 atomic event fields.'));

const AtomicPropertyObject = strictObject(
  {
    type: Type.Literal('atomic', { description: 'A field of the atomic event.' }),
    name: AtomicName,
    date_part: Type.Optional(DatePart),
  },
  'An atomic event field.',
);

const EventPropertyObject = strictObject(
  {
    type: Type.Literal('event', { description: "A field of the event's own self-describing data." }),
    vendor: Type.String({ minLength: 1, description: 'Schema vendor.' }),
    name: Type.String({ minLength: 1, description: 'Schema name.' }),
    major_version: MajorVersion,
    path: SchemaPath,
    date_part: Type.Optional(DatePart),
  },
  "A field of the event's self-describing data.",
);

const EntityPropertyObject = strictObject(
  {
    type: Type.Literal('entity', { description: 'A field of an entity (context) attached to the event.' }),
    vendor: Type.String({ minLength: 1, description: 'Schema vendor.' }),
    name: Type.String({ minLength: 1, description: 'Schema name.' }),
    major_version: MajorVersion,
    path: SchemaPath,
    index: Type.Optional(
      Type.Integer({ minimum: 0, default: 0, description: 'Which entity of this schema, when several are attached; 0 = the first.' }),
    ),
    date_part: Type.Optional(DatePart),
  },
  'A field of an attached entity.',
);

function discriminated(variants: Record<string, TSchema>, description: string) {
  const tags = Object.keys(variants);
  return Type.Unsafe<Static<(typeof variants)[string]>>({
    type: 'object',
    description,
    required: ['type'],
    properties: { type: { type: 'string', enum: tags, description: `One of ${tags.join(', ')}.` } },
    allOf: tags.map((tag) => ({
      if: { type: 'object', properties: { type: { const: tag } }, required: ['type'] },
      then: variants[tag],
    })),
  });
}

const PropertyObject = discriminated(
  { atomic: AtomicPropertyObject, event: EventPropertyObject, entity: EntityPropertyObject },
  'A property in the API form, discriminated by type.',
);
export type PropertyObjectDocument =
  | Static<typeof AtomicPropertyObject>
  | Static<typeof EventPropertyObject>
  | Static<typeof EntityPropertyObject>;

export const Property = define(
  'Property',
  Type.Union([PropertyShorthand, Type.Unsafe<PropertyObjectDocument>(PropertyObject)], {
    description: 'What to read from each event.',
  }),
);

// ---------------------------------------------------------------------------------------------
// Values

const ScalarType = ['string', 'number', 'boolean'] as const;
const CriterionValue = Type.Unsafe<string | number | boolean | (string | number | boolean)[]>({
  type: [...ScalarType, 'array'],
  items: { type: [...ScalarType] },
  description: 'A string, number or boolean; a list for in / not in.',
});
const RuleValue = Type.Unsafe<string | number | boolean | (string | number | boolean)[] | null>({
  type: [...ScalarType, 'array', 'null'],
  items: { type: [...ScalarType] },
  description: 'A string, number or boolean; a list for in / not in; none for is null, is not null and changed.',
});

// ---------------------------------------------------------------------------------------------
// Attribute criteria (event filters)

export const Criterion = define(
  'Criterion',
  strictObject(
    {
      property: Property,
      operator: stringEnum(CRITERION_OPERATORS, 'How the property is compared with value.'),
      value: Type.Optional(CriterionValue),
    },
    'One condition on an event: property operator value.',
  ),
);

export const Criteria = define(
  'Criteria',
  strictObject(
    {
      all: Type.Optional(Type.Array(Criterion, { description: 'Every condition must hold.', minItems: 1, maxItems: 100 })),
      any: Type.Optional(Type.Array(Criterion, { description: 'At least one condition must hold.', minItems: 1, maxItems: 100 })),
    },
    'Which events count: exactly one of all / any.',
  ),
);

// ---------------------------------------------------------------------------------------------
// Intervention and segment criteria (trees over attribute values)

export type RuleNodeDocument = {
  all?: RuleNodeDocument[];
  any?: RuleNodeDocument[];
  none?: RuleNodeDocument[];
  attribute?: string;
  operator?: (typeof RULE_OPERATORS)[number];
  value?: string | number | boolean | (string | number | boolean)[] | null;
  segment?: string;
};

const RuleList = (description: string) => ({
  type: 'array',
  items: { $ref: '#/definitions/RuleNode' },
  minItems: 1,
  maxItems: 100,
  description,
});

export const RuleNode = define(
  'RuleNode',
  Type.Unsafe<RuleNodeDocument>({
    type: 'object',
    additionalProperties: false,
    description:
      'A condition tree: {all: [...]}, {any: [...]}, {none: [...]}, a leaf {attribute: group:attribute, operator, value} or {segment: NAME}.',
    properties: {
      all: RuleList('Every condition must hold.'),
      any: RuleList('At least one condition must hold.'),
      none: RuleList('No condition may hold.'),
      attribute: {
        type: 'string',
        pattern: '^[A-Za-z0-9_]{1,128}:[A-Za-z0-9_]{1,128}$',
        description: 'The attribute to test, as group_name:attribute_name (no version).',
      },
      operator: { type: 'string', enum: [...RULE_OPERATORS], description: 'How the attribute value is compared with value.' },
      value: RuleValue,
      segment: {
        type: 'string',
        pattern: NAME_PATTERN_SOURCE,
        description: 'A local Segment whose criteria stand here (expanded before publishing).',
      },
    },
    if: { type: 'object', required: ['attribute'] },
    then: { required: ['operator'] },
  }),
);

// ---------------------------------------------------------------------------------------------
// Attributes, fields, batch sources

const DefaultValue = Type.Unsafe<string | number | boolean | (string | number | boolean)[]>({
  type: [...ScalarType, 'array'],
  items: { type: [...ScalarType] },
  description: 'Value served while nothing has been computed; by default it depends on the type.',
});

const AttributeType = stringEnum(ATTRIBUTE_TYPES, 'The type of the computed value.');

export const Attribute = define(
  'Attribute',
  strictObject(
    {
      name: Name,
      description: Type.Optional(Description),
      type: AttributeType,
      aggregation: stringEnum(AGGREGATIONS, 'How matching events are folded into the value.'),
      events: Type.Optional(
        Type.Array(Event, { description: 'Which events the attribute reads; omit or leave empty for all events.' }),
      ),
      property: Type.Optional(Property),
      date_part: Type.Optional(DatePart),
      criteria: Type.Optional(Criteria),
      period: Type.Optional(Duration),
      default_value: Type.Optional(DefaultValue),
      ttl: Type.Optional(Duration),
      time_unit: Type.Optional(stringEnum(TIME_UNITS, 'Unit of time_since_first / time_since_last: s, min, h or d.')),
    },
    'One computed value: events in, aggregation out.',
  ),
);

export const Field = define(
  'Field',
  strictObject(
    { name: Name, description: Type.Optional(Description), type: AttributeType },
    'A column of the warehouse table of an external group.',
  ),
);

const WarehouseName = (description: string) =>
  Type.String({ pattern: NAME_PATTERN_SOURCE, minLength: 1, description });

export const BatchSource = define(
  'BatchSource',
  strictObject(
    {
      name: Name,
      description: Type.Optional(Description),
      owner: Type.Optional(Owner),
      database: Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, description: 'Warehouse database (BigQuery: project).' }),
      schema: WarehouseName('Warehouse schema (BigQuery: dataset).'),
      table: WarehouseName('Warehouse table.'),
      timestamp_field: WarehouseName('Column that says when a row changed; only newer rows are synced.'),
    },
    'The warehouse table an external group is synced from.',
  ),
);

// ---------------------------------------------------------------------------------------------
// Links

export const AttributeKeyRef = define(
  'AttributeKeyRef',
  Type.Union(
    [
      Type.String({
        pattern: NAME_PATTERN_SOURCE,
        description: `An attribute key name: a built-in (${BUILTIN_ATTRIBUTE_KEYS.join(', ')}) or an AttributeKey defined here.`,
        examples: [...BUILTIN_ATTRIBUTE_KEYS],
      }),
      strictObject({ name: Name }, 'An attribute key in the API form.'),
    ],
    { description: 'The identifier values are computed against.' },
  ),
);

export const GroupRef = define(
  'GroupRef',
  Type.Union(
    [
      Type.String({
        pattern: '^[A-Za-z0-9_]+(?:@\\d+)?$',
        description: 'group_name@version, or group_name for the highest version defined locally.',
        examples: ['travel_view@1'],
      }),
      strictObject({ name: Name, version: Type.Optional(Version) }, 'A group version in the API form.'),
    ],
    { description: 'An attribute group version.' },
  ),
);

