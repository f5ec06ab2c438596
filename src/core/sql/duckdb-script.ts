/**
 * `signals sql --dialect duckdb`: a self-contained DuckDB script computing the attribute groups and
 * segment members over a table of Analytics-SDK events (one column per top-level field, any
 * type; read through JSON so strings, numbers and booleans stay distinct). It is the DuckDB
 * engine's own SQL with the last step (rounding, casts to the declared type, default values)
 * done in SQL instead of by the stream engine's accumulators; docs/engines.md lists where that
 * last step can differ in the last digit.
 */
import type { Definition, RuleNode } from '../model.js';
import { isRuleLeaf, isSegmentLeaf, ruleChildren } from '../model.js';
import { resolveAttribute, type CompiledAttribute, type CompiledGroup, type CompiledModel } from '../simulate/compile.js';
import { CATEGORY_TOP } from '../simulate/accumulators.js';
import { elementType } from '../simulate/values.js';
import { DUCKDB_MACROS, sqlIdent, sqlString } from './duck-macros.js';
import { compareSql, inListSql, likeSql, listContainsSql, looseEqualsSql } from './duck-expr.js';
import { planEngine } from './engine-plan.js';
import { EVENT_TABLE, eventTableSql, groupQuerySql, STAGE_TABLE } from './engine-sql.js';

export interface ScriptOptions {
  table: string;
  /** Evaluation time, epoch ms (default: the latest event time in the table). */
  now?: number;
  /** Only these groups (indices into the compiled model). */
  groups?: readonly number[];
}

const NUMERIC = new Set(['int32', 'int64', 'double', 'float', 'unix_timestamp']);

/** castToType (src/core/simulate/values.ts) of a JSON value. */
function castSql(j: string, type: string): string {
  const t = elementType(type as never);
  if (NUMERIC.has(t)) return `CASE WHEN sig_isnum(${j}) THEN ${j} WHEN sig_num(${j}) IS NOT NULL THEN to_json(sig_num(${j})) ELSE ${j} END`;
  if (t === 'bool') return `CASE WHEN sig_bool(${j}) IS NOT NULL THEN to_json(sig_bool(${j})) ELSE ${j} END`;
  if (t === 'string') return `CASE WHEN json_type(${j}) = 'VARCHAR' THEN ${j} WHEN sig_scalar(${j}) THEN to_json(sig_text(${j})) ELSE ${j} END`;
  return j;
}

const ROUND15 = (x: string) => `CAST(printf('%.14e', ${x}) AS DOUBLE)`;

/** The final JSON value of an attribute from its raw part `r` (VARCHAR). */
function finalSql(attr: CompiledAttribute, r: string, now: string): string {
  const type = attr.spec.type;
  switch (attr.spec.aggregation) {
    case 'counter':
    case 'approx_count_distinct':
      return `to_json(CAST(${r} AS BIGINT))`;
    case 'sum':
      return `to_json(${ROUND15(`list_sum(CAST(CAST(${r} AS JSON) AS DOUBLE[]))`)})`;
    case 'mean':
      return `to_json(${ROUND15(`list_sum(CAST(CAST(${r} AS JSON) AS DOUBLE[])) / len(CAST(CAST(${r} AS JSON) AS DOUBLE[]))`)})`;
    case 'min':
    case 'max':
      return `to_json(CAST(${r} AS DOUBLE))`;
    case 'first':
    case 'last':
    case 'most_frequent':
    case 'least_frequent':
      return castSql(`CAST(${r} AS JSON)`, type);
    case 'unique_list':
      return `to_json(list_transform(CAST(CAST(${r} AS JSON) AS VARCHAR[]), e -> ${castSql('CAST(e AS JSON)', type)}))`;
    case 'category_count':
      return `to_json(map_from_entries(list_transform(CAST(CAST(${r} AS JSON) AS STRUCT(v VARCHAR, c BIGINT)[])[1:${CATEGORY_TOP}], e -> {'k': coalesce(sig_s(CAST(e.v AS JSON)), e.v), 'v': e.c})))`;
    case 'time_since_first':
    case 'time_since_last': {
      const unit = { s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }[attr.spec.time_unit ?? 's'];
      return `to_json(${ROUND15(`greatest(0, ${now} - CAST(${r} AS BIGINT)) / ${unit}`)})`;
    }
  }
}

function groupLabel(g: CompiledGroup): string {
  return `${g.name}@${g.version}`;
}

/** Rule operators over served values (evaluateOperator in src/core/simulate/rules.ts). */
function ruleSql(node: RuleNode, column: (attribute: string) => string | undefined, segments: ReadonlyMap<string, RuleNode>, stack: string[] = []): string {
  if (isSegmentLeaf(node)) {
    const criteria = segments.get(node.segment);
    if (criteria === undefined || stack.includes(node.segment)) return 'false';
    return ruleSql(criteria, column, segments, [...stack, node.segment]);
  }
  if (isRuleLeaf(node)) {
    const x = column(node.attribute);
    const op = node.operator;
    if (x === undefined) return op === 'is null' ? 'true' : 'false';
    const v = node.value;
    if (op === 'changed') return 'true';
    if (op === 'is null' || ((op === '=' || op === '!=') && v === null)) return op === '!=' ? `(${x} IS NOT NULL)` : `(${x} IS NULL)`;
    if (op === 'is not null') return `(${x} IS NOT NULL)`;
    if (v === null || v === undefined) return 'false';
    const notNull = (s: string) => `(${x} IS NOT NULL AND ${s})`;
    switch (op) {
      case '=':
      case '!=': {
        const eq = Array.isArray(v)
          ? `(CASE WHEN json_type(${x}) = 'ARRAY' THEN CAST(${x} AS VARCHAR) = ${sqlString(JSON.stringify(v))} ELSE sig_scalar(${x}) AND ${inListSql(x, v)} END)`
          : `(sig_scalar(${x}) AND ${looseEqualsSql(x, v)})`;
        return op === '=' ? notNull(eq) : notNull(`NOT coalesce(${eq}, false)`);
      }
      case '<':
      case '>':
      case '<=':
      case '>=':
        return Array.isArray(v) ? 'false' : notNull(compareSql(x, op, v));
      case 'like':
      case 'not like': {
        if (Array.isArray(v)) return 'false';
        const hit = likeSql(x, String(v));
        return op === 'like' ? hit : notNull(`sig_text(${x}) IS NOT NULL AND NOT ${hit}`);
      }
      case 'rlike':
      case 'not rlike': {
        if (Array.isArray(v)) return 'false';
        const hit = `coalesce(regexp_matches(sig_text(${x}), ${sqlString(String(v))}), false)`;
        return op === 'rlike' ? hit : notNull(`sig_text(${x}) IS NOT NULL AND NOT ${hit}`);
      }
      case 'in':
      case 'not in': {
        const hit = Array.isArray(v) ? `(sig_scalar(${x}) AND ${inListSql(x, v)})` : listContainsSql(x, v);
        return op === 'in' ? notNull(hit) : notNull(`NOT ${hit}`);
      }
    }
  }
  const branch = ruleChildren(node);
  if (branch === undefined) return 'false';
  const parts = branch.children.map((c) => ruleSql(c, column, segments, stack));
  if (parts.length === 0) return branch.op === 'any' ? 'false' : 'true';
  if (branch.op === 'all') return `(${parts.join(' AND ')})`;
  if (branch.op === 'any') return `(${parts.join(' OR ')})`;
  return `NOT (${parts.join(' OR ')})`;
}

/** The whole script: macros, staging of the table, one SELECT per group and per segment. */
export function duckdbScript(model: CompiledModel, definitions: readonly Definition[], options: ScriptOptions): string {
  const plan = planEngine(model, definitions);
  const out: string[] = [];
  out.push(`-- Generated by signals sql --dialect duckdb from the definitions; table ${options.table}.`);
  out.push('-- The table holds one row per event with the Analytics-SDK JSON fields as columns, e.g.');
  out.push(`--   CREATE TABLE events AS SELECT * FROM read_json('events.ndjson', format = 'newline_delimited', columns = {...: 'JSON'});`);
  out.push('-- Rows are read in table order (rowid), which breaks event-time ties as the stream engine does.');
  for (const m of DUCKDB_MACROS) out.push(`${m.replace(/\n\s+/g, ' ')};`);
  const ts = (f: string) => `epoch_ms(TRY_CAST(regexp_replace(replace(sig_s(CAST(${sqlIdent(f)} AS JSON)), 'T', ' '), 'Z$', '') AS TIMESTAMP))`;
  const cols = plan.fields.map((f, i) => `CAST(${sqlIdent(f)} AS JSON) AS f${i}`);
  out.push(
    `CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} AS SELECT coalesce(${ts('derived_tstamp')}, ${ts('collector_tstamp')}, ${ts('dvce_created_tstamp')}) AS ts, 0 AS file, true AS ok, ${cols.join(', ')} FROM ${options.table};`,
  );
  out.push(`${eventTableSql(plan, { interventionRefs: [], ...(options.now !== undefined ? { now: options.now } : {}) })};`);
  const now = options.now !== undefined ? String(options.now) : `(SELECT max(ts) FROM ${EVENT_TABLE} WHERE st = 0)`;
  out.push(`CREATE OR REPLACE TEMP TABLE sig_params AS SELECT ${now} AS now, (SELECT min(ts) FROM ${EVENT_TABLE} WHERE st = 0) AS first_ts;`);

  const groupNames = new Map<number, string>();
  for (const g of plan.groups) {
    if (options.groups && !options.groups.includes(g.group.index)) continue;
    const table = `sig_group_${g.group.index}`;
    groupNames.set(g.group.index, table);
    out.push(`-- group ${groupLabel(g.group)}, attribute key ${g.group.keyName}`);
    if (g.mode !== 'sql') {
      out.push(`-- not expressible in SQL: ${g.reason}; use signals simulate for this group`);
      continue;
    }
    // TTL gaps are always looked for (the data's time span is unknown here)
    const raw = groupQuerySql(g, { now: 'SELECT now FROM sig_params', firstTs: 0, lastTs: 0 });
    const finals = g.attributes.map((a) => {
      const value = finalSql(a.attr, `r${a.attr.index}`, '(SELECT now FROM sig_params)');
      const withDefault = a.attr.defaultValue === undefined ? value : `coalesce(${value}, CAST(${sqlString(JSON.stringify(a.attr.defaultValue))} AS JSON))`;
      return `CAST(${withDefault} AS JSON) AS ${sqlIdent(a.attr.name)}`;
    });
    out.push(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT key, ${finals.join(', ')} FROM (${raw.replace(/\s+/g, ' ')});`);
    out.push(`SELECT '${g.group.name}' AS "group", ${g.group.version} AS version, * FROM ${table} ORDER BY key;`);
  }

  const segmentDefs = new Map<string, RuleNode>();
  for (const d of definitions) if (d.kind === 'Segment') segmentDefs.set(d.spec.name, d.spec.criteria);
  for (const segment of model.segments) {
    const groups = segment.groups.filter((g) => groupNames.has(g));
    if (groups.length === 0) continue;
    const from = groups.map((g, i) => (i === 0 ? (groupNames.get(g) as string) : `FULL OUTER JOIN ${groupNames.get(g) as string} USING (key)`)).join(' ');
    // served values: a key missing from a group reads that attribute's default value
    const served = (reference: string): string | undefined => {
      const ref = resolveAttribute(model.groups, reference);
      const table = ref === undefined ? undefined : groupNames.get(ref.group);
      const attr = ref === undefined ? undefined : model.groups[ref.group]?.attributes[ref.attr];
      if (table === undefined || attr === undefined) return undefined;
      const col = `${table}.${sqlIdent(attr.name)}`;
      return attr.defaultValue === undefined ? col : `coalesce(${col}, CAST(${sqlString(JSON.stringify(attr.defaultValue))} AS JSON))`;
    };
    out.push(`-- segment ${segment.name}`);
    out.push(`SELECT '${segment.name}' AS segment, key FROM ${from} WHERE ${ruleSql({ segment: segment.name }, served, segmentDefs)} ORDER BY key;`);
  }
  return out.join('\n') + '\n';
}
