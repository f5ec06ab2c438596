/**
 * Compile canonical definitions once into what the simulator runs per event: key accessors,
 * per-attribute event filters, criteria predicates, property accessors and accumulators, and the
 * rule trees of segments and interventions resolved to attribute references.
 */
import type { Attribute, AttributeGroup, AttributeKey, Definition, EventRef, Intervention, RuleNode, Segment } from '../model.js';
import { LEGACY_ATTRIBUTE_KEY_NAMES, groupSource } from '../model.js';
import { parseDuration } from '../duration.js';
import { createAccumulatorFactory, readsProperty, type AccumulatorFactory } from './accumulators.js';
import { compileCriteria, type EventPredicate } from './criteria.js';
import { compileAtomicAccessor, compileProperty, PropertyPathError, type Accessor } from './property.js';
import { compileRule, type AttrRef, type CompiledRule } from './rules.js';
import { MS_PER_DAY, MS_PER_SECOND, timeUnitMs } from './time.js';
import { toNumber, toValue, type Value } from './values.js';

/** Stream lifetime values expire after 7 days without an update unless a TTL says otherwise (docs). */
export const DEFAULT_STREAM_TTL_MS = 7 * MS_PER_DAY;
/** Warehouse (batch) groups default to 365 days (docs). */
export const DEFAULT_BATCH_TTL_MS = 365 * MS_PER_DAY;

export interface CompiledKey {
  name: string;
  read: Accessor;
}

export interface CompiledAttribute {
  index: number;
  name: string;
  spec: Attribute;
  events: readonly EventRef[];
  property: Accessor | undefined;
  criteria: EventPredicate | undefined;
  factory: AccumulatorFactory;
  /** Whether a value would contribute (non-null, numeric for numeric aggregations). */
  accepts: (value: unknown) => boolean;
  /** Rolling window (stream) in ms; undefined = lifetime. */
  periodMs: number | undefined;
  /** Whole-day window (batch); undefined = lifetime. */
  periodDays: number | undefined;
  /** Lifetime values expire after this long without an update. */
  ttlMs: number;
  defaultValue: Value | undefined;
  /** Batch first/last read every event of the group, ignoring this attribute's events and criteria. */
  fromGroupEvents: boolean;
  /** Batch counter/sum are 0 (not null) when the key had group events in the window. */
  zeroWhenGroupSeen: boolean;
  /** Interventions reading this attribute. */
  interventions: number[];
}

export interface CompiledGroup {
  index: number;
  name: string;
  version: number;
  source: 'stream' | 'batch';
  published: boolean;
  keyName: string;
  keyIndex: number;
  attributes: CompiledAttribute[];
  /** Union of every attribute's event filters (the batch engine's group filter); undefined = all events. */
  union: readonly EventRef[] | undefined;
  /** Batch: read-time TTL measured from the key's last group event. */
  ttlMs: number;
  /** Batch: the widest window in days (0 when every attribute is lifetime). */
  maxPeriodDays: number;
}

export interface CompiledIntervention {
  index: number;
  name: string;
  version: number;
  rule: CompiledRule;
  /** The attribute key of the referenced groups: whose ids the criteria are evaluated for. */
  keyName: string | undefined;
  keyIndex: number;
  /** `target_attribute_keys`: ids taken from the triggering event. */
  targets: { name: string; keyIndex: number }[] | undefined;
  payloadGroups: number[];
  /** Contains `changed`: fires on every change rather than on a false→true edge. */
  everyChange: boolean;
}

export interface CompiledSegment {
  name: string;
  rule: CompiledRule;
  keyName: string | undefined;
  groups: number[];
}

export interface SkippedGroup {
  name: string;
  version: number;
  reason: string;
}

export interface CompiledModel {
  keys: CompiledKey[];
  groups: CompiledGroup[];
  skippedGroups: SkippedGroup[];
  interventions: CompiledIntervention[];
  segments: CompiledSegment[];
  /** Plain-text notes about definitions the simulation cannot fully honour. */
  warnings: string[];
}

export interface CompileOptions {
  defaultStreamTtlMs?: number;
  defaultBatchTtlMs?: number;
}

function durationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  return seconds === undefined ? undefined : seconds * MS_PER_SECOND;
}

function acceptsFor(attribute: Attribute, batch: boolean): (value: unknown) => boolean {
  switch (attribute.aggregation) {
    case 'counter':
    case 'time_since_first':
    case 'time_since_last':
      return () => true;
    case 'sum':
    case 'mean':
    case 'min':
    case 'max':
      return (v) => toNumber(v) !== undefined;
    case 'first':
    case 'last':
      return batch ? () => true : (v) => v !== null && v !== undefined;
    default:
      return (v) => v !== null && v !== undefined;
  }
}

export function compileDefinitions(definitions: readonly Definition[], options: CompileOptions = {}): CompiledModel {
  const warnings: string[] = [];
  const keyDefs = new Map<string, AttributeKey>();
  const groupDefs: AttributeGroup[] = [];
  const interventionDefs: Intervention[] = [];
  const segmentDefs = new Map<string, Segment>();
  for (const def of definitions) {
    if (def.kind === 'AttributeKey') keyDefs.set(def.spec.name, def.spec);
    else if (def.kind === 'AttributeGroup') groupDefs.push(def.spec);
    else if (def.kind === 'Intervention') interventionDefs.push(def.spec);
    else if (def.kind === 'Segment') segmentDefs.set(def.spec.name, def.spec);
  }
  groupDefs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));

  const keys: CompiledKey[] = [];
  const keyIndexByName = new Map<string, number>();
  /** Index of a key by name, compiling its accessor on first use; undefined when it cannot be read from events. */
  const keyIndex = (rawName: string): number | undefined => {
    const name = LEGACY_ATTRIBUTE_KEY_NAMES[rawName] ?? rawName;
    const known = keyIndexByName.get(name);
    if (known !== undefined) return known;
    const def = keyDefs.get(name);
    let read: Accessor | undefined;
    if (def?.property) {
      try {
        read = compileProperty(def.property);
      } catch (error) {
        if (!(error instanceof PropertyPathError)) throw error;
        warnings.push(`attribute key ${name}: ${error.message}`);
        return undefined;
      }
    } else if (def === undefined || def.external_column === undefined) {
      read = compileAtomicAccessor(name);
    }
    if (read === undefined) return undefined;
    keyIndexByName.set(name, keys.length);
    keys.push({ name, read });
    return keys.length - 1;
  };

  const groups: CompiledGroup[] = [];
  const skippedGroups: SkippedGroup[] = [];
  for (const spec of groupDefs) {
    const source = groupSource(spec);
    if (source === 'external') {
      skippedGroups.push({ name: spec.name, version: spec.version, reason: 'external (warehouse table) groups have no computed attributes' });
      continue;
    }
    const keyName = LEGACY_ATTRIBUTE_KEY_NAMES[spec.attribute_key.name] ?? spec.attribute_key.name;
    const kIndex = keyIndex(keyName);
    if (kIndex === undefined) {
      skippedGroups.push({ name: spec.name, version: spec.version, reason: `attribute key ${keyName} has no property to read from events` });
      continue;
    }
    const batch = source === 'batch';
    const keyTtl = durationMs(keyDefs.get(keyName)?.ttl);
    const groupTtl = durationMs(spec.ttl);
    const attributes: CompiledAttribute[] = [];
    let maxPeriodDays = 0;
    let problem: string | undefined;
    for (const attribute of spec.attributes ?? []) {
      try {
        const periodMs = durationMs(attribute.period);
        const periodDays = periodMs === undefined ? undefined : Math.floor(periodMs / MS_PER_DAY);
        if (periodDays !== undefined) maxPeriodDays = Math.max(maxPeriodDays, periodDays);
        const ttlMs =
          (periodMs === undefined ? durationMs(attribute.ttl) : undefined) ??
          groupTtl ??
          keyTtl ??
          (batch ? (options.defaultBatchTtlMs ?? DEFAULT_BATCH_TTL_MS) : (options.defaultStreamTtlMs ?? DEFAULT_STREAM_TTL_MS));
        const needsProperty = readsProperty(attribute.aggregation);
        attributes.push({
          index: attributes.length,
          name: attribute.name,
          spec: attribute,
          events: attribute.events,
          property: needsProperty && attribute.property ? compileProperty(attribute.property) : undefined,
          criteria: compileCriteria(attribute.criteria, batch ? 'batch' : 'stream'),
          factory: createAccumulatorFactory({ aggregation: attribute.aggregation, type: attribute.type, batch, unitMs: timeUnitMs(attribute.time_unit) }),
          accepts: acceptsFor(attribute, batch),
          periodMs: batch ? undefined : periodMs,
          periodDays: batch ? periodDays : undefined,
          ttlMs,
          defaultValue: attribute.default_value === undefined ? undefined : toValue(attribute.default_value),
          fromGroupEvents: batch && (attribute.aggregation === 'first' || attribute.aggregation === 'last'),
          zeroWhenGroupSeen: batch && (attribute.aggregation === 'counter' || attribute.aggregation === 'sum'),
          interventions: [],
        });
        if (needsProperty && !attribute.property) warnings.push(`${spec.name}@${spec.version}:${attribute.name}: ${attribute.aggregation} needs a property; it stays null`);
      } catch (error) {
        if (!(error instanceof PropertyPathError)) throw error;
        problem = `${attribute.name}: ${error.message}`;
        break;
      }
    }
    if (problem !== undefined) {
      skippedGroups.push({ name: spec.name, version: spec.version, reason: problem });
      continue;
    }
    const allEvents = attributes.some((a) => a.events.length === 0);
    groups.push({
      index: groups.length,
      name: spec.name,
      version: spec.version,
      source: batch ? 'batch' : 'stream',
      published: spec.is_published,
      keyName,
      keyIndex: kIndex,
      attributes,
      union: allEvents ? undefined : attributes.flatMap((a) => a.events),
      ttlMs: groupTtl ?? keyTtl ?? (options.defaultBatchTtlMs ?? DEFAULT_BATCH_TTL_MS),
      maxPeriodDays,
    });
  }

  const env = {
    resolve: (attribute: string): AttrRef | undefined => resolveAttribute(groups, attribute),
    segment: (name: string): RuleNode | undefined => segmentDefs.get(name)?.criteria,
  };

  const interventions: CompiledIntervention[] = [];
  const sortedInterventions = [...interventionDefs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
  for (const spec of sortedInterventions) {
    const rule = compileRule(spec.criteria, env);
    const label = `intervention ${spec.name}@${spec.version}`;
    for (const p of rule.problems) warnings.push(`${label}: ${p}`);
    for (const u of rule.unresolved) warnings.push(`${label}: ${u} is not computed locally; it reads as unpopulated`);
    const firstRef = rule.refs[0];
    const keyName = firstRef === undefined ? undefined : groups[firstRef.group]?.keyName;
    const kIndex = keyName === undefined ? undefined : keyIndex(keyName);
    if (firstRef === undefined || kIndex === undefined) {
      warnings.push(`${label}: reads no locally computed attribute; it never fires in a simulation`);
    }
    let targets: CompiledIntervention['targets'];
    if (spec.target_attribute_keys && spec.target_attribute_keys.length > 0) {
      targets = [];
      for (const t of spec.target_attribute_keys) {
        const ti = keyIndex(t.name);
        if (ti === undefined) warnings.push(`${label}: target key ${t.name} cannot be read from events`);
        else targets.push({ name: keys[ti]?.name ?? t.name, keyIndex: ti });
      }
    }
    const index = interventions.length;
    interventions.push({
      index,
      name: spec.name,
      version: spec.version,
      rule,
      keyName,
      keyIndex: kIndex ?? -1,
      targets,
      payloadGroups: (spec.payload_attribute_groups ?? [])
        .map((link) => groups.find((g) => g.name === link.name && g.version === link.version)?.index)
        .filter((i): i is number => i !== undefined),
      everyChange: rule.changedRefs.length > 0,
    });
    if (kIndex !== undefined) {
      for (const ref of rule.refs) {
        const attr = groups[ref.group]?.attributes[ref.attr];
        if (attr && !attr.interventions.includes(index)) attr.interventions.push(index);
      }
    }
  }

  const segments: CompiledSegment[] = [];
  for (const spec of [...segmentDefs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rule = compileRule({ segment: spec.name }, env);
    for (const p of rule.problems) warnings.push(`segment ${spec.name}: ${p}`);
    for (const u of rule.unresolved) warnings.push(`segment ${spec.name}: ${u} is not computed locally; it reads as unpopulated`);
    const groupIndices = [...new Set(rule.refs.map((r) => r.group))].sort((a, b) => a - b);
    segments.push({ name: spec.name, rule, keyName: groupIndices.length ? groups[groupIndices[0] ?? 0]?.keyName : undefined, groups: groupIndices });
  }

  return { keys, groups, skippedGroups, interventions, segments, warnings: [...new Set(warnings)] };
}

/**
 * `group:attribute` → the latest version of that group containing the attribute, preferring
 * published versions (Signals evaluates against the latest published version).
 */
export function resolveAttribute(groups: readonly CompiledGroup[], reference: string): AttrRef | undefined {
  const colon = reference.indexOf(':');
  if (colon < 0) return undefined;
  const groupName = reference.slice(0, colon);
  const attrName = reference.slice(colon + 1);
  let best: { group: CompiledGroup; attr: number } | undefined;
  for (const group of groups) {
    if (group.name !== groupName) continue;
    const attr = group.attributes.findIndex((a) => a.name === attrName);
    if (attr < 0) continue;
    const better =
      best === undefined ||
      (group.published && !best.group.published) ||
      (group.published === best.group.published && group.version > best.group.version);
    if (better) best = { group, attr };
  }
  return best ? { group: best.group.index, attr: best.attr } : undefined;
}

/** Find a computed group by `name`, `name@version` or `{name, version}`; a bare name means the highest version. */
export function findGroup(groups: readonly CompiledGroup[], ref: string | { name: string; version?: number }): CompiledGroup | undefined {
  let name: string;
  let version: number | undefined;
  if (typeof ref === 'string') {
    const at = ref.lastIndexOf('@');
    name = at < 0 ? ref : ref.slice(0, at);
    version = at < 0 ? undefined : Number(ref.slice(at + 1));
  } else {
    name = ref.name;
    version = ref.version;
  }
  let best: CompiledGroup | undefined;
  for (const g of groups) {
    if (g.name !== name) continue;
    if (version !== undefined) {
      if (g.version === version) return g;
    } else if (!best || g.version > best.version) {
      best = g;
    }
  }
  return best;
}
