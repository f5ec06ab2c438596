/**
 * What the DuckDB engine computes in SQL and what it hands to the stream engine.
 *
 * Every stream group whose attributes, criteria and key can be expressed exactly is computed in
 * SQL. The rest is "delegated": computed by the stream engine over the subset of events that can
 * change it, read back from DuckDB in input order (src/io/duckdb/delegate.ts):
 * - `source: batch` groups (whole-day windows, de-duplication and the batch quirks);
 * - groups using `date_part`, property paths DuckDB cannot address, or a key that cannot be read
 *   in SQL;
 * - groups whose data trips a guard at run time (see `groupGuards`);
 * - intervention firings (edges in event-time order) and `--explain` timelines, always.
 */
import { TIMESTAMP_FIELDS } from '../atomic.js';
import type { AttributeKey, Definition, EventRef, Property, RuleLeaf, RuleNode } from '../model.js';
import { isRuleLeaf, isSegmentLeaf, LEGACY_ATTRIBUTE_KEY_NAMES, ruleChildren } from '../model.js';
import type { CompiledAttribute, CompiledGroup, CompiledModel } from '../simulate/compile.js';
import { readsProperty } from '../simulate/accumulators.js';
import { criteriaSql, numericCriteria, propertyKeys, propertySql, SqlUnsupported, type ColumnSource } from './duck-expr.js';
import { sqlString } from './duck-macros.js';
import { vendorKey } from '../events/event.js';

/** Fields every staged event carries: timestamps, identity, app and event ids. */
export const BASE_FIELDS: readonly string[] = [
  ...TIMESTAMP_FIELDS,
  'event',
  'event_vendor',
  'event_name',
  'event_version',
  'event_format',
  'app_id',
  'event_id',
];

export interface AttributePlan {
  attr: CompiledAttribute;
  /** Column names in the event table. */
  match: string;
  value: string | undefined;
  /** SQL of the match (key, event filter, criteria) and of the value, over the staged columns. */
  matchSql: string;
  valueSql: string | undefined;
  /** Whether a contributing value passes (accepts). */
  acceptsSql: string;
}

export type GroupPlan =
  | { mode: 'sql'; group: CompiledGroup; key: string; attributes: AttributePlan[]; unionSql: string; guards: { sql: string; reason: string }[] }
  | { mode: 'stream'; group: CompiledGroup; reason: string; unionSql: string; key: string | undefined };

export interface EnginePlan {
  /** Top-level event keys to stage, in column order (`f0`, `f1`, …). */
  fields: string[];
  groups: GroupPlan[];
  /** Key columns: compiled key index → column name and SQL (undefined when not expressible). */
  keys: ({ column: string; sql: string } | undefined)[];
  /** SQL of the event identity (computed once per event, then read as id_name, id_vendor, id_vkey, id_version). */
  identity: { name: string; vendor: string; version: string };
  /** Property values, each computed once per event: column `p<i>`. */
  properties: { column: string; sql: string }[];
}

interface IdColumns {
  name: string;
  vendor: string;
  /** The vendor normalised as in lossy keys (`.` and `-` to `_`, lower case). */
  vkey: string;
  version: string;
}

/** The identity columns the event filters read. */
const ID_COLUMNS: IdColumns = { name: 'id_name', vendor: 'id_vendor', vkey: 'id_vkey', version: 'id_version' };

const BUILTIN: Readonly<Record<string, { vendor: string; name: string }>> = {
  page_view: { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view' },
  page_ping: { vendor: 'com.snowplowanalytics.snowplow', name: 'page_ping' },
  struct: { vendor: 'com.google.analytics', name: 'event' },
  transaction: { vendor: 'com.snowplowanalytics.snowplow', name: 'transaction' },
  transaction_item: { vendor: 'com.snowplowanalytics.snowplow', name: 'transaction_item' },
};

/** eventIdentity (src/core/simulate/event-match.ts) in SQL. */
function identitySql(src: ColumnSource): EnginePlan['identity'] {
  const n0 = `nullif(sig_s(${src.field('event_name')}), '')`;
  const kind = `nullif(sig_s(${src.field('event')}), '')`;
  const builtinKinds = Object.keys(BUILTIN).map(sqlString).join(', ');
  const builtinCase = (pick: (b: { vendor: string; name: string }) => string) =>
    Object.entries(BUILTIN)
      .map(([k, b]) => `WHEN ${sqlString(k)} THEN ${sqlString(pick(b))}`)
      .join(' ');
  const isBuiltin = `(${n0} IS NULL AND coalesce(${kind} IN (${builtinKinds}), false))`;
  return {
    name: `coalesce(${n0}, CASE ${kind} ${builtinCase((b) => b.name)} ELSE ${kind} END)`,
    vendor: `CASE WHEN ${isBuiltin} THEN CASE ${kind} ${builtinCase((b) => b.vendor)} END ELSE nullif(sig_s(${src.field('event_vendor')}), '') END`,
    version: `CASE WHEN ${isBuiltin} THEN '1-0-0' ELSE nullif(sig_s(${src.field('event_version')}), '') END`,
  };
}

/** One event filter (stream semantics: every given part must match; vendors compare normalised too). */
function eventRefSql(ref: EventRef, id: IdColumns): string {
  const parts: string[] = [];
  if (ref.name !== undefined && ref.name !== '') parts.push(`coalesce(${id.name} = ${sqlString(ref.name)}, false)`);
  if (ref.vendor !== undefined && ref.vendor !== '') {
    parts.push(`coalesce(${id.vendor} = ${sqlString(ref.vendor)} OR ${id.vkey} = ${sqlString(vendorKey(ref.vendor))}, false)`);
  }
  if (ref.version !== undefined && ref.version !== '') parts.push(`coalesce(${id.version} = ${sqlString(ref.version)}, false)`);
  return parts.length === 0 ? 'true' : parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
}

export function eventRefsSql(refs: readonly EventRef[], id: IdColumns): string {
  if (refs.length === 0) return 'true';
  const parts = refs.map((r) => eventRefSql(r, id));
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
}

function keyProperty(name: string, keyDefs: ReadonlyMap<string, AttributeKey>): Property | undefined {
  const def = keyDefs.get(name);
  if (def?.property) return def.property;
  if (def === undefined || def.external_column === undefined) return { type: 'atomic', name };
  return undefined;
}

/** Distinct-value aggregations: identity by valueKey, so objects and lists are not compared in SQL. */
const DISTINCT_AGGREGATIONS = new Set(['unique_list', 'most_frequent', 'least_frequent', 'category_count', 'approx_count_distinct']);
const NUMERIC_AGGREGATIONS = new Set(['sum', 'mean', 'min', 'max']);

export function acceptsSql(attr: CompiledAttribute, value: string | undefined): string {
  const agg = attr.spec.aggregation;
  if (agg === 'counter' || agg === 'time_since_first' || agg === 'time_since_last') return 'true';
  if (value === undefined) return 'false';
  if (NUMERIC_AGGREGATIONS.has(agg)) return `(sig_num(${value}) IS NOT NULL)`;
  return `(${value} IS NOT NULL)`;
}

/**
 * An intervention the SQL computes itself: one threshold (`>=`/`>` a number) on a lifetime counter
 * without default value, computed in SQL, firing once per target of the group's key.
 */
export interface CounterFiring {
  intervention: number;
  group: Extract<GroupPlan, { mode: 'sql' }>;
  attribute: AttributePlan;
  /** The count at which it fires (at least 1). */
  threshold: number;
}

function thresholdLeaf(node: RuleNode, segments: ReadonlyMap<string, RuleNode>, depth = 0): RuleLeaf | undefined {
  if (depth > 20) return undefined;
  if (isSegmentLeaf(node)) {
    const criteria = segments.get(node.segment);
    return criteria === undefined ? undefined : thresholdLeaf(criteria, segments, depth + 1);
  }
  if (isRuleLeaf(node)) return node;
  const branch = ruleChildren(node);
  if (branch === undefined || branch.op === 'none' || branch.children.length !== 1) return undefined;
  return thresholdLeaf(branch.children[0] as RuleNode, segments, depth + 1);
}

export function counterFirings(model: CompiledModel, plan: EnginePlan, definitions: readonly Definition[], firing: 'once-per-target' | 'every-edge'): CounterFiring[] {
  if (firing !== 'once-per-target') return [];
  const segments = new Map<string, RuleNode>();
  const specs = new Map<string, RuleNode>();
  for (const d of definitions) {
    if (d.kind === 'Segment') segments.set(d.spec.name, d.spec.criteria);
    if (d.kind === 'Intervention') specs.set(`${d.spec.name}@${d.spec.version}`, d.spec.criteria);
  }
  const out: CounterFiring[] = [];
  for (const iv of model.interventions) {
    const ref = iv.rule.refs[0];
    // target_attribute_keys naming only the criteria's own key target the same ids
    const ownTarget = iv.targets === undefined || (iv.targets.length === 1 && iv.targets[0]?.name === iv.keyName);
    if (iv.everyChange || !ownTarget || iv.rule.refs.length !== 1 || ref === undefined || iv.rule.problems.length > 0 || iv.rule.unresolved.length > 0) continue;
    const criteria = specs.get(`${iv.name}@${iv.version}`);
    const leaf = criteria === undefined ? undefined : thresholdLeaf(criteria, segments);
    if (leaf === undefined || (leaf.operator !== '>=' && leaf.operator !== '>') || typeof leaf.value !== 'number' || !Number.isFinite(leaf.value)) continue;
    const g = plan.groups[ref.group];
    if (g === undefined || g.mode !== 'sql') continue;
    const a = g.attributes[ref.attr];
    if (a === undefined || a.attr.spec.aggregation !== 'counter' || a.attr.periodMs !== undefined || a.attr.defaultValue !== undefined) continue;
    const threshold = Math.max(1, leaf.operator === '>=' ? Math.ceil(leaf.value) : Math.floor(leaf.value) + 1);
    out.push({ intervention: iv.index, group: g, attribute: a, threshold });
  }
  return out;
}

export interface PlanOptions {
  /** Compute every group with the stream engine (tests of the delegation path). */
  delegateAll?: boolean;
}

export function planEngine(model: CompiledModel, definitions: readonly Definition[], options: PlanOptions = {}): EnginePlan {
  const fields: string[] = [...BASE_FIELDS];
  const fieldIndex = new Map<string, number>(fields.map((f, i) => [f, i]));
  const use = (key: string): string => {
    let i = fieldIndex.get(key);
    if (i === undefined) {
      i = fields.length;
      fields.push(key);
      fieldIndex.set(key, i);
    }
    return `f${i}`;
  };
  const raw: ColumnSource = { field: use };
  const properties: EnginePlan['properties'] = [];
  const propertyColumns = new Map<string, string>();
  const src: ColumnSource = {
    field: use,
    value: (p) => {
      const sql = propertySql(p, raw);
      let column = propertyColumns.get(sql);
      if (column === undefined) {
        column = `p${properties.length}`;
        properties.push({ column, sql });
        propertyColumns.set(sql, column);
      }
      return column;
    },
  };
  const identity = identitySql(raw);
  const id = ID_COLUMNS;

  const keyDefs = new Map<string, AttributeKey>();
  for (const d of definitions) if (d.kind === 'AttributeKey') keyDefs.set(d.spec.name, d.spec);

  const keys: EnginePlan['keys'] = model.keys.map((k, i) => {
    const name = LEGACY_ATTRIBUTE_KEY_NAMES[k.name] ?? k.name;
    const prop = keyProperty(name, keyDefs);
    if (prop === undefined) return undefined;
    try {
      return { column: `k${i}`, sql: `sig_key(${propertySql(prop, raw)})` };
    } catch (error) {
      if (!(error instanceof SqlUnsupported)) throw error;
      // still stage what the stream engine needs to read it
      for (const f of propertyKeys(prop)) use(f);
      return undefined;
    }
  });

  const groups: GroupPlan[] = model.groups.map((group) => {
    const unionSql = group.union === undefined ? 'true' : eventRefsSql(group.union, id);
    const key = keys[group.keyIndex];
    const stageEverything = () => {
      for (const attr of group.attributes) {
        if (attr.spec.property) for (const f of propertyKeys(attr.spec.property)) use(f);
        for (const c of [...(attr.spec.criteria?.all ?? []), ...(attr.spec.criteria?.any ?? [])]) for (const f of propertyKeys(c.property)) use(f);
      }
    };
    const delegate = (reason: string): GroupPlan => {
      stageEverything();
      return { mode: 'stream', group, reason, unionSql, key: key?.column };
    };
    if (options.delegateAll) return delegate('requested');
    if (group.source === 'batch') return delegate('source: batch groups follow the batch engine, computed by the stream engine');
    if (key === undefined) return delegate(`its attribute key ${group.keyName} cannot be read in SQL`);
    const attributes: AttributePlan[] = [];
    const guards: { sql: string; reason: string }[] = [];
    try {
      for (const attr of group.attributes) {
        const needsValue = readsProperty(attr.spec.aggregation) && attr.spec.property !== undefined;
        const valueSql = needsValue ? (src.value as (p: Property) => string)(attr.spec.property as Property) : undefined;
        const criteria = criteriaSql(attr.spec.criteria, src);
        const filter = eventRefsSql(attr.events, id);
        const matchSql = [`${key.column} IS NOT NULL`, filter, ...(criteria === undefined ? [] : [criteria])].join(' AND ');
        const plan: AttributePlan = {
          attr,
          match: `m${group.index}_${attr.index}`,
          value: valueSql === undefined ? undefined : `v${group.index}_${attr.index}`,
          matchSql,
          valueSql,
          acceptsSql: 'true',
        };
        plan.acceptsSql = acceptsSql(attr, plan.value);
        attributes.push(plan);
        const label = `${attr.name} (${attr.spec.aggregation})`;
        if (valueSql !== undefined && NUMERIC_AGGREGATIONS.has(attr.spec.aggregation)) {
          guards.push({ sql: `(${matchSql}) AND sig_badnum(${valueSql})`, reason: `${label} reads numbers written in octal or as very long hexadecimal/binary text` });
        }
        for (const p of numericCriteria(attr.spec.criteria)) {
          guards.push({ sql: `${key.column} IS NOT NULL AND ${filter} AND sig_badnum(${(src.value as (p: Property) => string)(p)})`, reason: `the criteria of ${label} compare numbers written in octal or as very long hexadecimal/binary text` });
        }
        if (valueSql !== undefined && DISTINCT_AGGREGATIONS.has(attr.spec.aggregation)) {
          guards.push({ sql: `(${matchSql}) AND coalesce(json_type(${valueSql}) IN ('OBJECT', 'ARRAY'), false)`, reason: `${label} collects objects or lists` });
        }
      }
    } catch (error) {
      if (!(error instanceof SqlUnsupported)) throw error;
      return delegate(error.message);
    }
    return { mode: 'sql', group, key: key.column, attributes, unionSql, guards };
  });

  return { fields, groups, keys, identity, properties };
}
