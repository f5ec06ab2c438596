/**
 * `signals sql --dialect snowflake|bigquery|databricks`: SQL that computes the attribute groups
 * (stream semantics: rolling windows ending at "now", lifetime values since the last gap longer
 * than the TTL) and segment members over the warehouse's atomic events table. Property access
 * follows each warehouse's layout (docs/engines.md):
 * - Snowflake: VARIANT columns, the schema's own field names: `contexts_x_1[0]:"fieldName"`;
 * - BigQuery: STRUCT columns, snake_case fields: `contexts_x_1[SAFE_OFFSET(0)].field_name`;
 *   loader v1 version-suffixed columns (`_1_0_0`) are coalesced, newest first, for the schemas
 *   named in `columnVersions`;
 * - Databricks: STRUCT columns, snake_case fields: `contexts_x_1[0].field_name`.
 * Values compare as the warehouse's types do (numbers through TRY_CAST, text through CAST); the
 * stream engine's JavaScript coercions are only reproduced exactly by the DuckDB dialect.
 */
import type { Criteria, Criterion, CriterionValue, Property, RuleNode, Scalar } from '../model.js';
import { isRuleLeaf, isSegmentLeaf, ruleChildren } from '../model.js';
import { vendorKey } from '../events/event.js';
import type { CompiledAttribute, CompiledGroup, CompiledModel } from '../simulate/compile.js';
import { resolveAttribute } from '../simulate/compile.js';
import { CATEGORY_TOP, UNIQUE_LIST_CAP } from '../simulate/accumulators.js';
import { parsePropertyPath, snakeCase, type PathStep } from '../simulate/property.js';
import { sqlString } from './duck-macros.js';

export type WarehouseDialect = 'snowflake' | 'bigquery' | 'databricks';

export interface WarehouseOptions {
  dialect: WarehouseDialect;
  table: string;
  /** Evaluation time (epoch ms); default: the latest derived_tstamp in the table. */
  now?: number;
  groups?: readonly number[];
  /** BigQuery loader v1: `vendor/name` → versions (`1-0-0`) whose columns exist. */
  columnVersions?: ReadonlyMap<string, readonly string[]>;
}

export class WarehouseUnsupported extends Error {}

interface Dialect {
  ident(name: string): string;
  num(x: string): string;
  str(x: string): string;
  bool(x: string): string;
  tsMs(col: string): string;
  access(column: string, steps: readonly PathStep[], entityIndex: number | undefined): string;
  /** First (or last) value by (ts, seq). */
  pick(v: string, last: boolean): string;
  /** An ordered list of v by `order`. */
  list(v: string, order: string): string;
  /** key → count map from rows (label, n) ranked by `order`. */
  dict(label: string, n: string, order: string): string;
  /** Text of a value for labels and distinct counts. */
  label(v: string): string;
}

const DIALECTS: Record<WarehouseDialect, Dialect> = {
  snowflake: {
    ident: (n) => n,
    num: (x) => `TRY_TO_DOUBLE(${x}::STRING)`,
    str: (x) => `${x}::STRING`,
    bool: (x) => `TRY_TO_BOOLEAN(${x}::STRING)`,
    tsMs: (c) => `DATE_PART(EPOCH_MILLISECOND, ${c})`,
    access: (column, steps, entityIndex) => {
      let path = entityIndex === undefined ? column : `${column}[${entityIndex}]`;
      steps.forEach((s, i) => {
        if ('index' in s) path += `[${s.index}]`;
        else path += `${i === 0 ? ':' : '.'}"${s.field[0] as string}"`;
      });
      return path;
    },
    pick: (v, last) => `(ARRAY_AGG(${v}) WITHIN GROUP (ORDER BY ts ${last ? 'DESC' : 'ASC'}, seq ${last ? 'DESC' : 'ASC'}))[0]`,
    list: (v, order) => `ARRAY_AGG(${v}) WITHIN GROUP (ORDER BY ${order})`,
    dict: (label, n) => `OBJECT_AGG(${label}, ${n}::VARIANT)`,
    label: (v) => `${v}::STRING`,
  },
  bigquery: {
    ident: (n) => `\`${n}\``,
    num: (x) => `SAFE_CAST(${x} AS FLOAT64)`,
    str: (x) => `CAST(${x} AS STRING)`,
    bool: (x) => `SAFE_CAST(${x} AS BOOL)`,
    tsMs: (c) => `UNIX_MILLIS(${c})`,
    access: (column, steps, entityIndex) => {
      let path = entityIndex === undefined ? column : `${column}[SAFE_OFFSET(${entityIndex})]`;
      for (const s of steps) path += 'index' in s ? `[SAFE_OFFSET(${s.index})]` : `.${snakeCase(s.field[0] as string)}`;
      return path;
    },
    pick: (v, last) => `ARRAY_AGG(${v} IGNORE NULLS ORDER BY ts ${last ? 'DESC' : 'ASC'}, seq ${last ? 'DESC' : 'ASC'} LIMIT 1)[SAFE_OFFSET(0)]`,
    list: (v, order) => `ARRAY_AGG(${v} ORDER BY ${order})`,
    dict: (label, n, order) => `JSON_OBJECT(ARRAY_AGG(${label} ORDER BY ${order}), ARRAY_AGG(${n} ORDER BY ${order}))`,
    label: (v) => `CAST(${v} AS STRING)`,
  },
  databricks: {
    ident: (n) => `\`${n}\``,
    num: (x) => `try_cast(${x} AS DOUBLE)`,
    str: (x) => `CAST(${x} AS STRING)`,
    bool: (x) => `try_cast(${x} AS BOOLEAN)`,
    tsMs: (c) => `unix_millis(${c})`,
    access: (column, steps, entityIndex) => {
      let path = entityIndex === undefined ? column : `${column}[${entityIndex}]`;
      for (const s of steps) path += 'index' in s ? `[${s.index}]` : `.${snakeCase(s.field[0] as string)}`;
      return path;
    },
    pick: (v, last) => `${last ? 'max_by' : 'min_by'}(${v}, struct(ts, seq))`,
    list: (v, order) => `transform(array_sort(collect_list(struct(${order.replace(/ DESC| ASC/g, '')}, ${v} AS v))), x -> x.v)`,
    dict: (label, n) => `map_from_entries(collect_list(struct(${label}, ${n})))`,
    label: (v) => `CAST(${v} AS STRING)`,
  },
};

/** Warehouse column of a self-describing type: lower case, symbols to `_`, camelCase not split. */
export function warehouseColumn(prefix: 'contexts' | 'unstruct_event', vendor: string, name: string, major: number): string {
  return `${prefix}_${vendorKey(vendor)}_${name.replace(/[^A-Za-z0-9]/g, '_').toLowerCase()}_${major}`;
}

function propertySql(p: Property, d: Dialect, options: WarehouseOptions): string {
  if (p.date_part !== undefined) throw new WarehouseUnsupported(`date_part ${p.date_part} is not generated for warehouses yet`);
  if (p.type === 'atomic') return d.ident(p.name === 'refr_device_tstamp' ? 'refr_dvce_tstamp' : p.name);
  const steps = parsePropertyPath(p.path);
  if (steps === undefined) throw new WarehouseUnsupported(`unsupported property path ${JSON.stringify(p.path)}`);
  const prefix = p.type === 'event' ? 'unstruct_event' : 'contexts';
  const base = warehouseColumn(prefix, p.vendor, p.name, p.major_version);
  const index = p.type === 'entity' ? p.index : undefined;
  const versions = options.dialect === 'bigquery' ? options.columnVersions?.get(`${p.vendor}/${p.name}`) : undefined;
  if (versions && versions.length > 0) {
    const cols = [...versions].sort().reverse().filter((v) => v.startsWith(`${p.major_version}-`)).map((v) => `${base}_${v.split('-').slice(1).join('_')}`);
    if (cols.length > 0) return `COALESCE(${cols.map((c) => d.access(d.ident(c), steps, index)).join(', ')})`;
  }
  return d.access(d.ident(base), steps, index);
}

function literal(v: Scalar): string {
  return typeof v === 'string' ? sqlString(v) : typeof v === 'number' ? String(v) : v ? 'TRUE' : 'FALSE';
}

function compareValue(x: string, v: Scalar, d: Dialect, op: string): string {
  if (typeof v === 'number') return `${d.num(x)} ${op} ${literal(v)}`;
  if (typeof v === 'boolean') return `${d.bool(x)} ${op} ${literal(v)}`;
  return `${d.str(x)} ${op} ${literal(v)}`;
}

function inList(x: string, list: readonly Scalar[], d: Dialect): string {
  if (list.length === 0) return 'FALSE';
  const numbers = list.every((v) => typeof v === 'number');
  return numbers ? `${d.num(x)} IN (${list.map(literal).join(', ')})` : `${d.str(x)} IN (${list.map((v) => sqlString(String(v))).join(', ')})`;
}

function criterionSql(c: Criterion, d: Dialect, options: WarehouseOptions): string {
  const x = propertySql(c.property, d, options);
  const v: CriterionValue | undefined = c.value;
  switch (c.operator) {
    case 'is null':
      return `${x} IS NULL`;
    case 'is not null':
      return `${x} IS NOT NULL`;
    case '=':
      if (Array.isArray(v)) return `COALESCE(${inList(x, v, d)}, FALSE)`;
      return v === undefined ? 'FALSE' : `COALESCE(${compareValue(x, v, d, '=')}, FALSE)`;
    case '!=':
      if (v === undefined) return 'FALSE';
      return `COALESCE(NOT (${Array.isArray(v) ? inList(x, v, d) : compareValue(x, v, d, '=')}), FALSE)`;
    case '<':
    case '>':
    case '<=':
    case '>=':
      return v === undefined || Array.isArray(v) ? 'FALSE' : `COALESCE(${compareValue(x, v, d, c.operator)}, FALSE)`;
    case 'like':
      return v === undefined || Array.isArray(v) ? 'FALSE' : `COALESCE(${d.str(x)} LIKE ${sqlString(String(v))}, FALSE)`;
    case 'in':
      return Array.isArray(v) ? `COALESCE(${inList(x, v, d)}, FALSE)` : 'FALSE';
  }
}

function criteriaSql(criteria: Criteria | undefined, d: Dialect, options: WarehouseOptions): string | undefined {
  if (criteria === undefined) return undefined;
  const all = (criteria.all ?? []).map((c) => criterionSql(c, d, options));
  const any = (criteria.any ?? []).map((c) => criterionSql(c, d, options));
  const parts = [...(all.length ? [`(${all.join(' AND ')})`] : []), ...(any.length ? [`(${any.join(' OR ')})`] : [])];
  return parts.length ? parts.join(' AND ') : undefined;
}

function eventFilterSql(attr: CompiledAttribute): string {
  if (attr.events.length === 0) return 'TRUE';
  const refs = attr.events.map((r) => {
    const parts: string[] = [];
    if (r.name) parts.push(`event_name = ${sqlString(r.name)}`);
    if (r.vendor) parts.push(`event_vendor = ${sqlString(r.vendor)}`);
    if (r.version) parts.push(`event_version = ${sqlString(r.version)}`);
    return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
  });
  return refs.length === 1 ? (refs[0] as string) : `(${refs.join(' OR ')})`;
}

const NUMERIC_AGG = new Set(['sum', 'mean', 'min', 'max']);

function aggregateSql(attr: CompiledAttribute, d: Dialect): string {
  const agg = attr.spec.aggregation;
  switch (agg) {
    case 'counter':
      return 'SELECT key, COUNT(*) AS value FROM f GROUP BY key';
    case 'sum':
      return `SELECT key, SUM(${d.num('v')}) AS value FROM f GROUP BY key`;
    case 'mean':
      return `SELECT key, AVG(${d.num('v')}) AS value FROM f GROUP BY key`;
    case 'min':
    case 'max':
      return `SELECT key, ${agg.toUpperCase()}(${d.num('v')}) AS value FROM f GROUP BY key`;
    case 'first':
    case 'last':
      return `SELECT key, ${d.pick('v', agg === 'last')} AS value FROM f GROUP BY key`;
    case 'time_since_first':
    case 'time_since_last': {
      const unit = { s: 1000, min: 60000, h: 3600000, d: 86400000 }[attr.spec.time_unit ?? 's'];
      return `SELECT key, GREATEST(0, (SELECT now_ms FROM params) - ${agg === 'time_since_first' ? 'MIN' : 'MAX'}(ts)) / ${unit} AS value FROM f GROUP BY key`;
    }
    case 'approx_count_distinct':
      return `SELECT key, COUNT(DISTINCT ${d.label('v')}) AS value FROM f GROUP BY key`;
    case 'unique_list':
      return `SELECT key, ${d.list('v', 'last_ts ASC, last_seq ASC')} AS value FROM (
      SELECT key, v, last_ts, last_seq, ROW_NUMBER() OVER (PARTITION BY key ORDER BY last_ts DESC, last_seq DESC) AS rn FROM (
        SELECT key, ${d.label('v')} AS v, MAX(ts) AS last_ts, MAX(seq) AS last_seq FROM f GROUP BY key, ${d.label('v')}) u) r
    WHERE rn <= ${UNIQUE_LIST_CAP} GROUP BY key`;
    case 'most_frequent':
    case 'least_frequent':
    case 'category_count': {
      const order = `n ${agg === 'least_frequent' ? 'ASC' : 'DESC'}, first_ts ASC, first_seq ASC`;
      const ranked = `SELECT key, v, n, first_ts, first_seq, ROW_NUMBER() OVER (PARTITION BY key ORDER BY ${order}) AS rn FROM (
        SELECT key, ${d.label('v')} AS v, COUNT(*) AS n, MIN(ts) AS first_ts, MIN(seq) AS first_seq FROM f GROUP BY key, ${d.label('v')}) c`;
      if (agg === 'category_count') return `SELECT key, ${d.dict('v', 'n', 'rn')} AS value FROM (${ranked}) r WHERE rn <= ${CATEGORY_TOP} GROUP BY key`;
      return `SELECT key, MAX(CASE WHEN rn = 1 THEN v END) AS value FROM (${ranked}) r GROUP BY key`;
    }
  }
}

function groupSql(g: CompiledGroup, model: CompiledModel, options: WarehouseOptions, keyColumn: string): string {
  const d = DIALECTS[options.dialect];
  const t = options.table;
  const ts = d.tsMs('derived_tstamp');
  const now = options.now !== undefined ? String(options.now) : `(SELECT MAX(${ts}) FROM ${t})`;
  const seq = options.dialect === 'snowflake' ? 'event_id' : 'event_id';
  const ctes: string[] = [`params AS (SELECT ${now} AS now_ms)`];
  const cols: string[] = [`${keyColumn} AS key`, `${ts} AS ts`, `${seq} AS seq`];
  g.attributes.forEach((a) => {
    const criteria = criteriaSql(a.spec.criteria, d, options);
    const value = a.spec.property && a.spec.aggregation !== 'counter' && !a.spec.aggregation.startsWith('time_since') ? propertySql(a.spec.property, d, options) : 'NULL';
    const accepts = NUMERIC_AGG.has(a.spec.aggregation) ? ` AND ${d.num(value)} IS NOT NULL` : a.spec.aggregation === 'counter' || a.spec.aggregation.startsWith('time_since') ? '' : ` AND ${value} IS NOT NULL`;
    cols.push(`${eventFilterSql(a)}${criteria ? ` AND ${criteria}` : ''}${accepts} AS m${a.index}`, `${value} AS v${a.index}`);
  });
  ctes.push(`events AS (SELECT ${cols.join(',\n    ')}\n  FROM ${t}\n  WHERE ${keyColumn} IS NOT NULL AND ${ts} <= (SELECT now_ms FROM params))`);
  for (const a of g.attributes) {
    const c = `SELECT key, ts, seq, v${a.index} AS v FROM events WHERE m${a.index}`;
    let f: string;
    if (a.periodMs !== undefined) {
      f = `${c} AND ts > (SELECT now_ms FROM params) - ${a.periodMs}`;
    } else {
      f = `SELECT key, ts, seq, v FROM (
      SELECT key, ts, seq, v, MAX(CASE WHEN gap THEN ts END) OVER (PARTITION BY key) AS start_ts, MAX(ts) OVER (PARTITION BY key) AS last_ts FROM (
        SELECT key, ts, seq, v, COALESCE(ts - LAG(ts) OVER (PARTITION BY key ORDER BY ts, seq) > ${a.ttlMs}, FALSE) AS gap FROM (${c}) c) g) s
    WHERE (start_ts IS NULL OR ts >= start_ts) AND (SELECT now_ms FROM params) - last_ts <= ${a.ttlMs}`;
    }
    ctes.push(`a${a.index} AS (WITH f AS (${f}) ${aggregateSql(a, d)})`);
  }
  ctes.push(`keys AS (${g.attributes.map((a) => `SELECT key FROM a${a.index}`).join(' UNION DISTINCT ')})`);
  const select = g.attributes.map((a) => {
    const v = `a${a.index}.value`;
    const withDefault = a.defaultValue === undefined || Array.isArray(a.defaultValue) ? v : `COALESCE(${v}, ${literal(a.defaultValue as Scalar)})`;
    return `${withDefault} AS ${d.ident(a.name)}`;
  });
  const joins = g.attributes.map((a) => `LEFT JOIN a${a.index} ON a${a.index}.key = keys.key`).join('\n');
  const unionFix = options.dialect === 'snowflake' || options.dialect === 'databricks' ? (s: string) => s.replace(/UNION DISTINCT/g, 'UNION') : (s: string) => s;
  void model;
  return unionFix(`WITH ${ctes.join(',\n')}\nSELECT keys.key AS ${d.ident(g.keyName)}, ${select.join(', ')}\nFROM keys\n${joins}`);
}

function ruleSql(node: RuleNode, column: (attribute: string) => string | undefined, d: Dialect, segments: ReadonlyMap<string, RuleNode>, stack: string[] = []): string {
  if (isSegmentLeaf(node)) {
    const criteria = segments.get(node.segment);
    if (criteria === undefined || stack.includes(node.segment)) return 'FALSE';
    return ruleSql(criteria, column, d, segments, [...stack, node.segment]);
  }
  if (isRuleLeaf(node)) {
    const x = column(node.attribute);
    if (x === undefined) return node.operator === 'is null' ? 'TRUE' : 'FALSE';
    const v = node.value;
    switch (node.operator) {
      case 'is null':
        return `${x} IS NULL`;
      case 'is not null':
      case 'changed':
        return node.operator === 'changed' ? 'TRUE' : `${x} IS NOT NULL`;
      case 'like':
      case 'not like':
        return v === undefined || v === null || Array.isArray(v) ? 'FALSE' : `COALESCE(${node.operator === 'not like' ? 'NOT ' : ''}(${d.str(x)} LIKE ${sqlString(String(v))}), FALSE)`;
      case 'rlike':
      case 'not rlike': {
        if (v === undefined || v === null || Array.isArray(v)) return 'FALSE';
        const re = d === DIALECTS.snowflake ? `REGEXP_INSTR(${d.str(x)}, ${sqlString(String(v))}) > 0` : d === DIALECTS.bigquery ? `REGEXP_CONTAINS(${d.str(x)}, ${sqlString(String(v))})` : `${d.str(x)} RLIKE ${sqlString(String(v))}`;
        return `COALESCE(${node.operator === 'not rlike' ? 'NOT ' : ''}${re}, FALSE)`;
      }
      case 'in':
      case 'not in': {
        if (v === undefined || v === null) return 'FALSE';
        // with a list: membership; with one value: the attribute is a list containing it
        const hit = Array.isArray(v) ? inList(x, v, d) : d === DIALECTS.snowflake ? `ARRAY_CONTAINS(${literal(v)}::VARIANT, ${x})` : d === DIALECTS.bigquery ? `${literal(v)} IN UNNEST(${x})` : `array_contains(${x}, ${literal(v)})`;
        return `COALESCE(${node.operator === 'not in' ? 'NOT ' : ''}(${hit}), FALSE)`;
      }
      default: {
        if (v === undefined || v === null) return node.operator === '!=' ? `${x} IS NOT NULL` : `${x} IS NULL`;
        if (Array.isArray(v)) return node.operator === '=' ? `COALESCE(${inList(x, v, d)}, FALSE)` : `COALESCE(NOT ${inList(x, v, d)}, FALSE)`;
        const op = node.operator === '!=' ? '<>' : node.operator;
        return `COALESCE(${compareValue(x, v, d, op)}, FALSE)`;
      }
    }
  }
  const branch = ruleChildren(node);
  if (branch === undefined) return 'FALSE';
  const parts = branch.children.map((c) => `(${ruleSql(c, column, d, segments, stack)})`);
  if (branch.op === 'all') return parts.join(' AND ') || 'TRUE';
  if (branch.op === 'any') return parts.join(' OR ') || 'FALSE';
  return `NOT (${parts.join(' OR ') || 'FALSE'})`;
}

/** The warehouse script: one SELECT per group, then one per segment (groups as CTEs). */
export function warehouseScript(model: CompiledModel, keyColumns: ReadonlyMap<string, string | undefined>, segments: ReadonlyMap<string, RuleNode>, options: WarehouseOptions): string {
  const d = DIALECTS[options.dialect];
  const out: string[] = [`-- Generated by signals sql --dialect ${options.dialect} from the definitions; table ${options.table}.`];
  const groupSqlByIndex = new Map<number, string>();
  for (const g of model.groups) {
    if (options.groups && !options.groups.includes(g.index)) continue;
    out.push(`\n-- group ${g.name}@${g.version}, attribute key ${g.keyName}`);
    if (g.source === 'batch') {
      out.push('-- source: batch groups are computed by the Signals batch engine (dbt); not generated here');
      continue;
    }
    const key = keyColumns.get(g.keyName);
    if (key === undefined) {
      out.push(`-- the attribute key ${g.keyName} has no column or property to read`);
      continue;
    }
    try {
      const sql = groupSql(g, model, options, key === g.keyName ? d.ident(key) : key);
      groupSqlByIndex.set(g.index, sql);
      out.push(`${sql};`);
    } catch (error) {
      if (!(error instanceof WarehouseUnsupported)) throw error;
      out.push(`-- not generated: ${error.message}`);
    }
  }
  for (const segment of model.segments) {
    const groups = segment.groups.filter((g) => groupSqlByIndex.has(g));
    if (groups.length === 0) continue;
    const names = new Map(groups.map((g, i) => [g, `g${i}`]));
    const column = (reference: string): string | undefined => {
      const ref = resolveAttribute(model.groups, reference);
      const attr = ref === undefined ? undefined : model.groups[ref.group]?.attributes[ref.attr];
      const alias = ref === undefined ? undefined : names.get(ref.group);
      return attr === undefined || alias === undefined ? undefined : `${alias}.${d.ident(attr.name)}`;
    };
    const keyOf = (g: number) => `${names.get(g) as string}.${d.ident(model.groups[g]?.keyName ?? 'key')}`;
    const first = groups[0] as number;
    const from = groups
      .map((g, i) => (i === 0 ? `g0` : `FULL OUTER JOIN ${names.get(g) as string} ON ${names.get(g) as string}.${d.ident(model.groups[g]?.keyName ?? 'key')} = ${keyOf(first)}`))
      .join(' ');
    const ctes = groups.map((g) => `${names.get(g) as string} AS (${groupSqlByIndex.get(g) as string})`).join(',\n');
    const keyExpr = groups.length === 1 ? keyOf(first) : `COALESCE(${groups.map(keyOf).join(', ')})`;
    out.push(`\n-- segment ${segment.name}`);
    out.push(`WITH ${ctes}\nSELECT ${keyExpr} AS ${d.ident(segment.keyName ?? 'key')} FROM ${from}\nWHERE ${ruleSql({ segment: segment.name }, column, d, segments)};`);
  }
  return out.join('\n') + '\n';
}

/** The SQL expression of each attribute key (built-in keys are atomic columns; custom keys read their property). */
export function warehouseKeyColumns(model: CompiledModel, keys: ReadonlyMap<string, { property?: Property; external_column?: string }>, options: WarehouseOptions): Map<string, string | undefined> {
  const d = DIALECTS[options.dialect];
  const out = new Map<string, string | undefined>();
  for (const g of model.groups) {
    const def = keys.get(g.keyName);
    if (def?.property) {
      try {
        out.set(g.keyName, d.str(propertySql(def.property, d, options)));
      } catch {
        out.set(g.keyName, undefined);
      }
    } else out.set(g.keyName, def?.external_column ?? g.keyName);
  }
  return out;
}
