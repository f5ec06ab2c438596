/**
 * Canonical model ↔ Signals wire JSON for attribute keys, attribute groups, services and
 * interventions.
 *
 * - `toWire(def)`: what we POST/PUT, serialised like the official SDKs (nulls omitted, defaults
 *   sent, attribute keys as `{name}` links).
 * - `fromWire(kind, body)`: a canonical spec from an API body (a response, or a request the
 *   emulator received) plus FastAPI-style issues for malformed bodies. Read-only fields are
 *   dropped, `null` is absent, defaults are applied, durations are canonical (`P1Y`, `P1W` and
 *   integer seconds are read), legacy key names become the built-in ones and property paths lose
 *   a leading `$.`.
 *
 * For every valid canonical spec, `fromWire(kind, toWire(spec)).spec` equals `spec`.
 */
import type {
  AttributeGroup,
  AttributeKey,
  Definition,
  Intervention,
  RemoteKind,
  SegmentDefinition,
  Service,
} from './model.js';
import { readAttributeGroup, readAttributeKey, readIntervention, readService } from './wire/from-wire.js';
import { WireReader, type JsonRecord, type Loc, type WireIssue } from './wire/reader.js';
import { attributeGroupToWire, attributeKeyToWire, interventionToWire, serviceToWire } from './wire/to-wire.js';

export { READ_ONLY_FIELDS } from './wire/from-wire.js';
export { canonicalKeyName, normalizePropertyPath } from './wire/parts.js';
export { wireDurationSeconds, type JsonRecord, type WireIssue } from './wire/reader.js';

/** A definition of a kind that exists in Signals. */
export type RemoteDefinition = Exclude<Definition, SegmentDefinition>;

export type SpecOf<K extends RemoteKind> = K extends 'AttributeKey'
  ? AttributeKey
  : K extends 'AttributeGroup'
    ? AttributeGroup
    : K extends 'Service'
      ? Service
      : Intervention;

export type DefinitionOf<K extends RemoteKind> = Extract<RemoteDefinition, { kind: K }>;

export interface FromWireResult<K extends RemoteKind> {
  /** The canonical spec (best effort when there are issues; undefined when the body is too broken). */
  spec: SpecOf<K> | undefined;
  /** Problems, `loc` relative to the body (prefix `body` for a FastAPI 422). */
  issues: WireIssue[];
  /** Dotted paths of unknown fields that were ignored, as the API ignores them. */
  ignored: string[];
}

const READERS = {
  AttributeKey: readAttributeKey,
  AttributeGroup: readAttributeGroup,
  Service: readService,
  Intervention: readIntervention,
} as const;

/** Reads an API body into a canonical spec. Never throws. */
export function fromWire<K extends RemoteKind>(kind: K, body: unknown, loc: Loc = []): FromWireResult<K> {
  const reader = new WireReader();
  const spec = (READERS[kind] as (r: WireReader, v: unknown, l: Loc) => SpecOf<K> | undefined)(reader, body, loc);
  return { spec, issues: reader.issues, ignored: reader.ignored };
}

/** Like `fromWire`, wrapped as a definition (`protect: false`, no location) when it has no issues. */
export function definitionFromWire<K extends RemoteKind>(
  kind: K,
  body: unknown,
): { definition: DefinitionOf<K> | undefined; issues: WireIssue[]; ignored: string[] } {
  const { spec, issues, ignored } = fromWire(kind, body);
  const definition = spec !== undefined && issues.length === 0 ? ({ kind, spec, protect: false } as unknown as DefinitionOf<K>) : undefined;
  return { definition, issues, ignored };
}

/** The JSON body Signals receives for a definition (POST/PUT). Segment leaves must be expanded first. */
export function toWire(def: RemoteDefinition): JsonRecord {
  return specToWire(def.kind, def.spec as SpecOf<typeof def.kind>);
}

export function specToWire<K extends RemoteKind>(kind: K, spec: SpecOf<K>): JsonRecord {
  switch (kind) {
    case 'AttributeKey':
      return attributeKeyToWire(spec as AttributeKey);
    case 'AttributeGroup':
      return attributeGroupToWire(spec as AttributeGroup);
    case 'Service':
      return serviceToWire(spec as Service);
    default:
      return interventionToWire(spec as Intervention);
  }
}

/** `attributes[0].name` for `["body", "attributes", 0, "name"]`. */
export function formatLoc(loc: readonly (string | number)[]): string {
  let out = '';
  loc.forEach((part, i) => {
    if (i === 0 && part === 'body') return;
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  });
  return out === '' ? '(body)' : out;
}

/** One readable line for an issue: `attributes[0].name: Field required`. */
export function formatWireIssue(issue: { loc?: readonly (string | number)[]; msg?: string }): string {
  const where = issue.loc && issue.loc.length > 0 ? `${formatLoc(issue.loc)}: ` : '';
  return `${where}${issue.msg ?? 'invalid'}`;
}
