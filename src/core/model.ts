/**
 * The canonical in-memory model of Signals definitions.
 *
 * Every definition, whether it came from a YAML file (shorthands expanded), from the Signals API
 * (read-only fields dropped) or from the emulator, is held in this one shape: the Signals wire shape
 * with snake_case field names, defaults applied, durations as canonical ISO 8601 strings
 * (`PnDTnHnMnS`, never years or months), `null` folded into absent, and a fixed key order.
 * Diffing, publishing, pulling and simulating all work on it.
 */

export const BUILTIN_ATTRIBUTE_KEYS = ['domain_userid', 'domain_sessionid', 'network_userid', 'user_id'] as const;
export type BuiltinAttributeKey = (typeof BUILTIN_ATTRIBUTE_KEYS)[number];
/** Pre-0.1 SDK names for the built-in keys; understood on input, never written. */
export const LEGACY_ATTRIBUTE_KEY_NAMES: Readonly<Record<string, BuiltinAttributeKey>> = {
  user: 'domain_userid',
  session: 'domain_sessionid',
};

export const ATTRIBUTE_TYPES = [
  'bytes',
  'string',
  'int32',
  'int64',
  'double',
  'float',
  'bool',
  'unix_timestamp',
  'bytes_list',
  'string_list',
  'int32_list',
  'int64_list',
  'double_list',
  'float_list',
  'bool_list',
  'unix_timestamp_list',
  'dict',
] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const AGGREGATIONS = [
  'counter',
  'sum',
  'min',
  'max',
  'mean',
  'first',
  'last',
  'unique_list',
  'most_frequent',
  'least_frequent',
  'category_count',
  'approx_count_distinct',
  'time_since_first',
  'time_since_last',
] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const TIME_UNITS = ['s', 'min', 'h', 'd'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const DATE_PARTS = [
  'hour_of_day',
  'day_of_week',
  'month_of_year',
  'active_day',
  'active_week',
  'active_month',
] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** Operators allowed in attribute (event-filter) criteria. */
export const CRITERION_OPERATORS = ['=', '!=', '<', '>', '<=', '>=', 'like', 'in', 'is null', 'is not null'] as const;
export type CriterionOperator = (typeof CRITERION_OPERATORS)[number];

/** Operators allowed in intervention and segment criteria. */
export const RULE_OPERATORS = [
  '=',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'like',
  'not like',
  'rlike',
  'not rlike',
  'in',
  'not in',
  'is null',
  'is not null',
  'changed',
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export type Scalar = string | number | boolean;
/** Criterion values: a scalar or a homogeneous list of scalars. */
export type CriterionValue = Scalar | string[] | number[] | boolean[];
/** `default_value`: a scalar or a (possibly mixed) list of scalars. */
export type DefaultValue = Scalar | Scalar[];

/** An event-schema filter. Every field is a wildcard when absent. */
export interface EventRef {
  vendor?: string;
  name?: string;
  version?: string;
}

export interface AtomicProperty {
  type: 'atomic';
  name: string;
  date_part?: DatePart;
}

export interface EventProperty {
  type: 'event';
  vendor: string;
  name: string;
  major_version: number;
  path: string;
  date_part?: DatePart;
}

export interface EntityProperty {
  type: 'entity';
  vendor: string;
  name: string;
  major_version: number;
  path: string;
  index: number;
  date_part?: DatePart;
}

export type Property = AtomicProperty | EventProperty | EntityProperty;

export interface Criterion {
  property: Property;
  operator: CriterionOperator;
  value?: CriterionValue;
}

/** Attribute criteria: exactly one of `all` / `any` in valid definitions. */
export interface Criteria {
  all?: Criterion[];
  any?: Criterion[];
}

export interface Attribute {
  name: string;
  description?: string;
  type: AttributeType;
  events: EventRef[];
  aggregation: Aggregation;
  property?: Property;
  criteria?: Criteria;
  /** ISO 8601 duration; absent = lifetime. */
  period?: string;
  default_value?: DefaultValue;
  ttl?: string;
  time_unit?: TimeUnit;
}

export interface Field {
  name: string;
  description?: string;
  type: AttributeType;
}

export interface BatchSource {
  name: string;
  description?: string;
  owner?: string;
  database: string;
  schema: string;
  table: string;
  timestamp_field: string;
}

export interface AttributeKeyLink {
  name: string;
}

export interface GroupLink {
  name: string;
  version: number;
}

export interface AttributeKey {
  name: string;
  description?: string;
  property?: Property;
  external_column?: string;
  ttl?: string;
  owner?: string;
  is_published: boolean;
}

export type GroupSource = 'stream' | 'batch' | 'external';

export interface AttributeGroup {
  name: string;
  version: number;
  description?: string;
  owner?: string;
  attribute_key: AttributeKeyLink;
  online: boolean;
  /** stream → false; batch and external → true. */
  offline: boolean;
  ttl?: string;
  attributes?: Attribute[];
  fields?: Field[];
  batch_source?: BatchSource;
  backfill_since_tstamp?: string;
  is_published: boolean;
}

export interface Service {
  name: string;
  description?: string;
  owner?: string;
  attribute_groups: GroupLink[];
  is_published: boolean;
}

/** A leaf of an intervention or segment criteria tree. `attribute` is `group:attribute` (no version). */
export interface RuleLeaf {
  attribute: string;
  operator: RuleOperator;
  value?: CriterionValue | null;
}

/** A reference to a local segment; only in local definitions, expanded before publishing. */
export interface SegmentLeaf {
  segment: string;
}

export type RuleNode<Leaf = RuleLeaf | SegmentLeaf> =
  | Leaf
  | { all: RuleNode<Leaf>[] }
  | { any: RuleNode<Leaf>[] }
  | { none: RuleNode<Leaf>[] };

/** Criteria as Signals stores them: no segment leaves. */
export type WireRuleNode = RuleNode<RuleLeaf>;

export interface Intervention {
  name: string;
  version: number;
  description?: string;
  owner?: string;
  /** May contain `{segment}` leaves locally; `expandSegments` removes them before publishing. */
  criteria: RuleNode;
  target_attribute_keys?: AttributeKeyLink[];
  payload_attribute_groups?: GroupLink[];
  is_published: boolean;
}

/** This tool's own kind: never sent to Signals. */
export interface Segment {
  name: string;
  description?: string;
  criteria: RuleNode;
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

interface DefinitionBase<K extends string, S> {
  kind: K;
  spec: S;
  /** `protect: true` — this tool refuses to delete or unpublish it. */
  protect: boolean;
  /** Where the definition starts, when it came from a file. */
  location?: SourceLocation;
}

export type AttributeKeyDefinition = DefinitionBase<'AttributeKey', AttributeKey>;
export type AttributeGroupDefinition = DefinitionBase<'AttributeGroup', AttributeGroup>;
export type ServiceDefinition = DefinitionBase<'Service', Service>;
export type InterventionDefinition = DefinitionBase<'Intervention', Intervention>;
export type SegmentDefinition = DefinitionBase<'Segment', Segment>;

export type Definition =
  | AttributeKeyDefinition
  | AttributeGroupDefinition
  | ServiceDefinition
  | InterventionDefinition
  | SegmentDefinition;

export type DefinitionKind = Definition['kind'];
export const DEFINITION_KINDS: readonly DefinitionKind[] = [
  'AttributeKey',
  'AttributeGroup',
  'Service',
  'Intervention',
  'Segment',
];

/** Kinds that exist in Signals (Segment does not). */
export type RemoteKind = Exclude<DefinitionKind, 'Segment'>;
export const REMOTE_KINDS: readonly RemoteKind[] = ['AttributeKey', 'AttributeGroup', 'Service', 'Intervention'];

export function isVersionedKind(kind: DefinitionKind): kind is 'AttributeGroup' | 'Intervention' {
  return kind === 'AttributeGroup' || kind === 'Intervention';
}

/** Identity of a definition: name for keys, services and segments; name@version for groups and interventions. */
export function definitionId(def: Definition): string {
  if (def.kind === 'AttributeGroup' || def.kind === 'Intervention') return `${def.spec.name}@${def.spec.version}`;
  return def.spec.name;
}

/** `kind/name` or `kind/name@version`: the address used in `--only`, plans and messages. */
export function definitionAddress(def: Definition): string {
  return `${def.kind}/${definitionId(def)}`;
}

export function groupSource(group: AttributeGroup): GroupSource {
  if (!group.offline) return 'stream';
  return group.fields !== undefined || group.batch_source !== undefined ? 'external' : 'batch';
}

/** Retrieval name of a group version: `name_vN`. */
export function groupFullName(link: GroupLink): string {
  return `${link.name}_v${link.version}`;
}

export function isRuleLeaf(node: RuleNode): node is RuleLeaf {
  return typeof (node as RuleLeaf).attribute === 'string';
}

export function isSegmentLeaf(node: RuleNode): node is SegmentLeaf {
  return typeof (node as SegmentLeaf).segment === 'string';
}

/** The children of a branch node, or undefined for a leaf. */
export function ruleChildren(node: RuleNode): { op: 'all' | 'any' | 'none'; children: RuleNode[] } | undefined {
  if ('all' in node) return { op: 'all', children: node.all };
  if ('any' in node) return { op: 'any', children: node.any };
  if ('none' in node) return { op: 'none', children: node.none };
  return undefined;
}

export const PAGE_VIEW_EVENT: Readonly<EventRef> = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: 'page_view',
  version: '1-0-0',
};
export const PAGE_PING_EVENT: Readonly<EventRef> = {
  vendor: 'com.snowplowanalytics.snowplow',
  name: 'page_ping',
  version: '1-0-0',
};
export const STRUCTURED_EVENT: Readonly<EventRef> = {
  vendor: 'com.google.analytics',
  name: 'event',
  version: '1-0-0',
};
