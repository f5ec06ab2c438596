/**
 * Normalisation of the building blocks of a document (already shape-checked by the schema):
 * shorthands expanded, defaults applied, durations canonical, canonical key order. Problems that
 * only the document form can have (an unparseable shorthand, a criteria node mixing all and any)
 * are reported here against the document path; everything else is left to `validate/`.
 */
import { normalizeDuration } from '../duration.js';
import {
  LEGACY_ATTRIBUTE_KEY_NAMES,
  type Attribute,
  type AttributeKeyLink,
  type BatchSource,
  type Criteria,
  type Criterion,
  type CriterionValue,
  type DatePart,
  type EventRef,
  type Field,
  type GroupLink,
  type Property,
  type RuleNode,
} from '../model.js';
import type { Severity } from '../diagnostics.js';
import type {
  AttributeDocument,
  AttributeKeyRefDocument,
  BatchSourceDocument,
  CriteriaDocument,
  CriterionDocument,
  EventDocument,
  FieldDocument,
  GroupRefDocument,
  PropertyDocument,
  RuleNodeDocument,
} from '../../schema/definition-schema.js';
import { parseEventShorthand, parseGroupShorthand, parsePropertyShorthand } from './shorthand.js';

export type DocPath = readonly (string | number)[];

export interface NormalizeContext {
  report(path: DocPath, code: string, message: string, hint?: string, severity?: Severity): void;
  /** Set when the document cannot become a definition. */
  failed: boolean;
  /** Highest version of each attribute group defined in the sources being parsed. */
  groupVersions: ReadonlyMap<string, number>;
}

/** Object with its undefined fields removed, keeping the order the fields were written in. */
export function compact<T>(fields: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Lists are copied: YAML aliases would otherwise share one array between several definitions. */
function copyValue<T>(value: T): T {
  return (Array.isArray(value) ? [...value] : value) as T;
}

/** A duration in canonical ISO 8601, or the text as written when it does not parse (validate reports it). */
export function normalizeDurationText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return normalizeDuration(text) ?? text;
}

export function normalizeEvent(ctx: NormalizeContext, doc: EventDocument, path: DocPath): EventRef | undefined {
  if (typeof doc === 'string') {
    const parsed = parseEventShorthand(doc);
    if (!parsed.ok) {
      ctx.report(path, 'invalid-event', parsed.message, parsed.hint);
      ctx.failed = true;
      return undefined;
    }
    return parsed.value;
  }
  return compact<EventRef>({ vendor: doc.vendor, name: doc.name, version: doc.version });
}

export function normalizePropertyPath(path: string): string {
  return path.startsWith('$.') ? path.slice(2) : path;
}

export function normalizeProperty(
  ctx: NormalizeContext,
  doc: PropertyDocument,
  path: DocPath,
  datePart?: { value: DatePart; path: DocPath },
): Property | undefined {
  let property: Property;
  if (typeof doc === 'string') {
    const parsed = parsePropertyShorthand(doc);
    if (!parsed.ok) {
      ctx.report(path, 'invalid-property', parsed.message, parsed.hint);
      ctx.failed = true;
      return undefined;
    }
    property = parsed.value;
  } else {
    property = doc as Property;
  }
  let part = typeof doc === 'string' ? undefined : doc.date_part;
  if (datePart) {
    if (part !== undefined && part !== datePart.value) {
      ctx.report(datePart.path, 'date-part-conflict', `date_part ${datePart.value} contradicts the property's date_part ${part}`, 'give date_part once');
      ctx.failed = true;
    }
    part = datePart.value;
  }
  switch (property.type) {
    case 'atomic':
      return compact<Property>({ type: 'atomic', name: property.name, date_part: part });
    case 'event':
      return compact<Property>({
        type: 'event',
        vendor: property.vendor,
        name: property.name,
        major_version: property.major_version,
        path: normalizePropertyPath(property.path),
        date_part: part,
      });
    case 'entity':
      return compact<Property>({
        type: 'entity',
        vendor: property.vendor,
        name: property.name,
        major_version: property.major_version,
        path: normalizePropertyPath(property.path),
        index: property.index ?? 0,
        date_part: part,
      });
  }
}

export function normalizeCriterion(ctx: NormalizeContext, doc: CriterionDocument, path: DocPath): Criterion | undefined {
  const property = normalizeProperty(ctx, doc.property, [...path, 'property']);
  if (!property) return undefined;
  return compact<Criterion>({ property, operator: doc.operator, value: copyValue(doc.value) as CriterionValue | undefined });
}

export function normalizeCriteria(ctx: NormalizeContext, doc: CriteriaDocument, path: DocPath): Criteria | undefined {
  const list = (items: CriterionDocument[] | undefined, key: string) =>
    items?.map((c, i) => normalizeCriterion(ctx, c, [...path, key, i])).filter((c): c is Criterion => c !== undefined);
  return compact<Criteria>({ all: list(doc.all, 'all'), any: list(doc.any, 'any') });
}

export function normalizeAttribute(ctx: NormalizeContext, doc: AttributeDocument, path: DocPath): Attribute | undefined {
  const events = (doc.events ?? [])
    .map((e, i) => normalizeEvent(ctx, e, [...path, 'events', i]))
    .filter((e): e is EventRef => e !== undefined);
  let property: Property | undefined;
  if (doc.property !== undefined) {
    property = normalizeProperty(
      ctx,
      doc.property,
      [...path, 'property'],
      doc.date_part === undefined ? undefined : { value: doc.date_part, path: [...path, 'date_part'] },
    );
  } else if (doc.date_part !== undefined) {
    ctx.report([...path, 'date_part'], 'date-part-without-property', 'date_part needs a date-time property to read', 'add property: derived_tstamp (or another date-time property)');
    ctx.failed = true;
  }
  return compact<Attribute>({
    name: doc.name,
    description: doc.description,
    type: doc.type,
    events,
    aggregation: doc.aggregation,
    property,
    criteria: doc.criteria === undefined ? undefined : normalizeCriteria(ctx, doc.criteria, [...path, 'criteria']),
    period: normalizeDurationText(doc.period),
    default_value: copyValue(doc.default_value),
    ttl: normalizeDurationText(doc.ttl),
    time_unit: doc.time_unit,
  });
}

export function normalizeField(doc: FieldDocument): Field {
  return compact<Field>({ name: doc.name, description: doc.description, type: doc.type });
}

export function normalizeBatchSource(doc: BatchSourceDocument): BatchSource {
  return compact<BatchSource>({
    name: doc.name,
    description: doc.description,
    owner: doc.owner,
    database: doc.database,
    schema: doc.schema,
    table: doc.table,
    timestamp_field: doc.timestamp_field,
  });
}

export function normalizeKeyLink(ctx: NormalizeContext, doc: AttributeKeyRefDocument, path: DocPath): AttributeKeyLink {
  const name = typeof doc === 'string' ? doc : doc.name;
  const builtin = LEGACY_ATTRIBUTE_KEY_NAMES[name];
  if (builtin) {
    ctx.report(path, 'legacy-attribute-key', `${name} is the old name of the built-in key ${builtin}`, `write ${builtin}`, 'warning');
    return { name: builtin };
  }
  return { name };
}

export function normalizeGroupLink(ctx: NormalizeContext, doc: GroupRefDocument, path: DocPath): GroupLink | undefined {
  if (typeof doc !== 'string') return { name: doc.name, version: doc.version ?? 1 };
  const parsed = parseGroupShorthand(doc);
  if (!parsed.ok) {
    ctx.report(path, 'invalid-group-reference', parsed.message, parsed.hint);
    ctx.failed = true;
    return undefined;
  }
  const { name, version } = parsed.value;
  return { name, version: version ?? ctx.groupVersions.get(name) ?? 1 };
}

const BRANCHES = ['all', 'any', 'none'] as const;

/** An intervention or segment criteria tree. */
export function normalizeRuleNode(ctx: NormalizeContext, doc: RuleNodeDocument, path: DocPath): RuleNode | undefined {
  const branches = BRANCHES.filter((b) => doc[b] !== undefined);
  const isLeaf = doc.attribute !== undefined;
  const isSegment = doc.segment !== undefined;
  const shapes = branches.length + (isLeaf ? 1 : 0) + (isSegment ? 1 : 0);
  const fail = (code: string, message: string, hint: string) => {
    ctx.report(path, code, message, hint);
    ctx.failed = true;
    return undefined;
  };
  if (branches.length > 1) {
    return fail(
      'criteria-all-and-any',
      `this criteria node has both ${branches.join(' and ')}`,
      `keep one and nest the other inside it, e.g. all: [{any: [...]}, ...]`,
    );
  }
  if (shapes === 0) {
    return fail('invalid-criteria-node', 'this criteria node is empty', 'write {all: [...]}, {any: [...]}, {none: [...]}, {attribute: group:attribute, operator, value} or {segment: NAME}');
  }
  if (shapes > 1) {
    return fail('invalid-criteria-node', 'a criteria node is either a list (all/any/none), an attribute condition or a segment, not several', 'split it into separate nodes under all: [...]');
  }
  const branch = branches[0];
  if (branch !== undefined) {
    if (doc.operator !== undefined || doc.value !== undefined) {
      return fail('invalid-criteria-node', `operator and value belong to attribute conditions, not to ${branch} lists`, 'move them into a condition inside the list');
    }
    const children = (doc[branch] ?? [])
      .map((child, i) => normalizeRuleNode(ctx, child, [...path, branch, i]))
      .filter((c): c is RuleNode => c !== undefined);
    return { [branch]: children } as RuleNode;
  }
  if (isSegment) {
    if (doc.operator !== undefined || doc.value !== undefined) {
      return fail('invalid-criteria-node', 'a segment reference takes no operator or value', 'write {segment: NAME}');
    }
    return { segment: doc.segment ?? '' };
  }
  return compact<RuleNode>({
    attribute: doc.attribute ?? '',
    operator: doc.operator ?? '=',
    value: doc.value === null ? undefined : (copyValue(doc.value) as CriterionValue | undefined),
  } as never);
}
