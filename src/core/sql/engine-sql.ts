/**
 * The DuckDB engine's SQL: the staged events (`sig_stage`: one JSON column per top-level field,
 * in input order), the event table (`sig_ev`: per event its status, key ids, and per attribute
 * whether it matches and the value it contributes), statistics, guards, and one query per group
 * returning each key's raw aggregate parts (finalised by `finalize.ts` with the stream engine's
 * own accumulators, so rounding and casts are identical).
 *
 * Semantics follow the stream engine on events applied in event-time order (the engine refuses
 * input whose order the stream engine's reorder buffer would not fully restore):
 * - lifetime attributes: the value aggregates the contributions since the last gap longer than
 *   the TTL between consecutive contributions, and is null once `now - last > TTL`;
 * - period attributes: contributions with `now - period < ts <= now`;
 * - ties in event time are broken by input position (`seq`).
 */
import { TIMESTAMP_FIELDS } from '../atomic.js';
import type { CompiledAttribute } from '../simulate/compile.js';
import { DISTINCT_TRACK_CAP, FREQUENCY_TRACK_CAP, UNIQUE_LIST_CAP } from '../simulate/accumulators.js';
import { sqlIdent, sqlString } from './duck-macros.js';
import type { EnginePlan, GroupPlan } from './engine-plan.js';
import { FINGERPRINT_MOD } from './ndjson-scan.js';

export const STAGE_TABLE = 'sig_stage';
export const EVENT_TABLE = 'sig_ev';

const TS_FORMAT = '%Y-%m-%dT%H:%M:%S.%gZ';

/**
 * A canonical, valid timestamp string (`YYYY-MM-DDTHH:MM:SS.mmmZ`, year from 1000): it reads and
 * prints back to the same text. Every parser in the project agrees on these.
 */
function strictTs(col: string): string {
  const text = `CAST(${col} AS VARCHAR)`;
  return `coalesce(length(${text}) = 26 AND ${text} = '"' || strftime(try_strptime(sig_s(${col}), '${TS_FORMAT}'), '${TS_FORMAT}') || '"' AND NOT starts_with(${text}, '"0'), false)`;
}

/** Columns of the staging table. */
export function stageColumnsSql(plan: EnginePlan): string {
  return ['ts BIGINT', 'file INTEGER', 'ok BOOLEAN', ...plan.fields.map((_, i) => `f${i} JSON`)].join(', ');
}

/** `columns={...}` of read_json for the staged fields (plus `__ts` for files converted by the JS readers). */
export function readJsonColumns(plan: EnginePlan, withTs: boolean): string {
  const cols = plan.fields.map((f) => `${sqlString(f)}: 'JSON'`);
  if (withTs) cols.push(`'__ts': 'BIGINT'`);
  return `{${cols.join(', ')}}`;
}

/**
 * INSERT of one NDJSON file into the staging table. Native files get their timestamp from
 * `derived_tstamp` and a per-row `ok` (strict timestamps, complete identity) checked afterwards;
 * converted files carry `__ts`, computed by the JS readers' own parser.
 */
export function insertNdjsonSql(plan: EnginePlan, path: string, file: number, options: { converted: boolean; gzip: boolean }): string {
  const col = (key: string) => sqlIdent(key);
  const ts = options.converted ? '"__ts"' : `CASE WHEN ${strictTs(col('derived_tstamp'))} THEN epoch_ms(strptime(sig_s(${col('derived_tstamp')}), '${TS_FORMAT}')) END`;
  const fields = plan.fields.map((f) => sqlIdent(f));
  const source = `read_json(${sqlString(path)}, format = 'newline_delimited', columns = ${readJsonColumns(plan, options.converted)}, compression = '${options.gzip ? 'gzip' : 'uncompressed'}', maximum_object_size = 16777216)`;
  return `INSERT INTO ${STAGE_TABLE} SELECT ${ts}, ${file}, ${options.converted ? 'true' : nativeOkSql()}, ${fields.join(', ')} FROM ${source}`;
}

/**
 * Whether the JS readers would keep a natively read row as it is: timestamps canonical and
 * valid (else they convert or reject them), derived_tstamp present, identity fields present
 * (else they are derived).
 */
function nativeOkSql(): string {
  const checks: string[] = [];
  for (const t of TIMESTAMP_FIELDS) {
    const c = sqlIdent(t);
    checks.push(t === 'derived_tstamp' ? strictTs(c) : `(${c} IS NULL OR CAST(${c} AS VARCHAR) = 'null' OR ${strictTs(c)})`);
  }
  for (const k of ['event', 'event_vendor', 'event_name', 'event_version', 'event_format']) {
    const c = sqlIdent(k);
    checks.push(`(${c} IS NOT NULL AND CAST(${c} AS VARCHAR) <> 'null')`);
  }
  return `(${checks.join(' AND ')})`;
}

/**
 * Rows of one file, those the JS readers would change or reject (then the file is converted
 * instead), and the order fingerprint of PlainNdjsonScanner (rows stored in file order).
 */
export function fileCheckSql(file: number): string {
  return `SELECT count(*) AS n, count(*) FILTER (WHERE NOT ok) AS rejects,
    CAST(sum(CAST(rowid - (SELECT min(rowid) FROM ${STAGE_TABLE} WHERE file = ${file}) + 1 AS HUGEINT) * (coalesce(ts, -1) % ${FINGERPRINT_MOD})) AS VARCHAR) AS fingerprint
  FROM ${STAGE_TABLE} WHERE file = ${file}`;
}

export interface EventTableOptions {
  now?: number;
  since?: number;
  appIds?: readonly string[];
  explainKey?: string;
  /** Attributes read by interventions: [group index, attribute index]. */
  interventionRefs: readonly { group: number; attr: number }[];
}

/** The per-event table every later query reads. */
export function eventTableSql(plan: EnginePlan, options: EventTableOptions): string {
  const f = (key: string) => `f${plan.fields.indexOf(key)}`;
  const app = f('app_id');
  const appText = `coalesce(CASE WHEN json_type(${app}) = 'OBJECT' THEN '[object Object]' ELSE sig_text(${app}) END, '')`;
  const status = [
    'CASE WHEN ts IS NULL THEN 1',
    options.appIds && options.appIds.length > 0 ? `WHEN NOT (${appText} IN (${options.appIds.map(sqlString).join(', ')})) THEN 2` : '',
    options.since !== undefined ? `WHEN ts < ${options.since} THEN 3` : '',
    options.now !== undefined ? `WHEN ts > ${options.now} THEN 4` : '',
    'ELSE 0 END',
  ]
    .filter((s) => s !== '')
    .join(' ');

  // level 1: status, identity and key ids; level 2: matches, values, guards; level 3: gated by status
  const l1: string[] = ['*', 'rowid AS seq', `${status} AS st`, `${plan.identity.name} AS id_name`, `${plan.identity.vendor} AS id_vendor`, `${plan.identity.version} AS id_version`];
  // level 1b: normalised vendor and property values, once per event
  const l1b: string[] = ['*', `lower(regexp_replace(id_vendor, '[.-]', '_', 'g')) AS id_vkey`, ...plan.properties.map((p) => `${p.sql} AS ${p.column}`)];
  const eventId = `nullif(sig_s(f${plan.fields.indexOf('event_id')}), '')`;
  const l2: string[] = ['seq', 'ts', 'st', `${eventId} AS eid`];
  const l3: string[] = ['seq', 'ts', 'st', 'eid'];
  plan.keys.forEach((k) => {
    if (k === undefined) return;
    l1.push(`${k.sql} AS ${k.column}`);
    l2.push(k.column);
    l3.push(k.column);
  });
  const used: string[] = [];
  const rel: string[] = [];
  for (const g of plan.groups) {
    const union = `u${g.group.index}`;
    l2.push(`${g.unionSql} AS ${union}`);
    l3.push(`st = 0 AND ${union} AS ${union}`);
    if (g.mode === 'sql') {
      for (const a of g.attributes) {
        l2.push(`${a.matchSql} AS ${a.match}`);
        if (a.value !== undefined && a.valueSql !== undefined) l2.push(`${a.valueSql} AS ${a.value}`);
        l3.push(`st = 0 AND ${a.match} AS ${a.match}`);
        if (a.value !== undefined) l3.push(`CASE WHEN st = 0 AND ${a.match} THEN ${a.value} END AS ${a.value}`);
        used.push(a.match);
      }
      g.guards.forEach((guard, j) => {
        l2.push(`coalesce(${guard.sql}, false) AS gd${g.group.index}_${j}`);
        l3.push(`st = 0 AND gd${g.group.index}_${j} AS gd${g.group.index}_${j}`);
      });
      for (const ref of options.interventionRefs) {
        const a = ref.group === g.group.index ? g.attributes[ref.attr] : undefined;
        if (a !== undefined) rel.push(a.match);
      }
      if (options.explainKey !== undefined) rel.push(`(${g.key} = ${sqlString(options.explainKey)} AND ${union})`);
    } else {
      rel.push(union);
    }
  }
  l3.push(`st = 0 AND ${used.length > 0 ? `(${used.join(' OR ')})` : 'false'} AS used`);
  l3.push(`st = 0 AND ${rel.length > 0 ? `(${rel.join(' OR ')})` : 'false'} AS rel`);
  return `CREATE OR REPLACE TEMP TABLE ${EVENT_TABLE} AS SELECT ${l3.join(', ')} FROM (SELECT ${l2.join(', ')} FROM (SELECT ${l1b.join(', ')} FROM (SELECT ${l1.join(', ')} FROM ${STAGE_TABLE})))`;
}

/**
 * Counts of the event statuses. `used`/`unmatched` cover the events outside the delegated subset,
 * or every event when `allUsedInSql` (no group delegated: the SQL knows every event's use).
 */
export function statsSql(allUsedInSql: boolean): string {
  const own = allUsedInSql ? 'st = 0' : 'st = 0 AND NOT rel';
  return `SELECT
  count(*) AS ingested,
  count(*) FILTER (WHERE st = 1) AS no_timestamp,
  count(*) FILTER (WHERE st = 2) AS app_id,
  count(*) FILTER (WHERE st = 3) AS before_since,
  count(*) FILTER (WHERE st = 4) AS after_now,
  count(*) FILTER (WHERE ${own} AND used) AS used,
  count(*) FILTER (WHERE ${own} AND NOT used) AS unmatched,
  count(*) FILTER (WHERE rel) AS relevant,
  min(ts) FILTER (WHERE st = 0) AS first_ts,
  max(ts) FILTER (WHERE st = 0) AS last_ts
FROM ${EVENT_TABLE}`;
}

/** Events (within the time and app filters) out of event-time order. */
export const UNSORTED_SQL = `SELECT count(*) AS n FROM (SELECT ts, lag(ts) OVER (ORDER BY seq) AS prev FROM ${EVENT_TABLE} WHERE st = 0) WHERE ts < prev`;
/** Every event within the filters, in input order: time, used (outside the delegated subset), relevant. */
export const EVENT_TIMES_SQL = `SELECT seq, ts, used, rel FROM ${EVENT_TABLE} WHERE st = 0 ORDER BY seq`;

/** Guard queries of a SQL group: each counts rows that the SQL would not compute exactly. */
export function guardQueries(g: Extract<GroupPlan, { mode: 'sql' }>): { sql: string; reason: string }[] {
  const out = g.guards.map((guard, j) => ({ sql: `SELECT count(*) AS n FROM ${EVENT_TABLE} WHERE gd${g.group.index}_${j}`, reason: guard.reason }));
  for (const a of g.attributes) {
    const agg = a.attr.spec.aggregation;
    const cap = agg === 'most_frequent' || agg === 'least_frequent' || agg === 'category_count' ? FREQUENCY_TRACK_CAP : agg === 'approx_count_distinct' ? DISTINCT_TRACK_CAP : undefined;
    if (cap === undefined || a.value === undefined) continue;
    out.push({
      sql: `SELECT count(*) AS n FROM (SELECT ${g.key} FROM ${EVENT_TABLE} WHERE ${a.match} AND ${a.acceptsSql} GROUP BY ${g.key} HAVING count(DISTINCT sig_vk(${a.value})) > ${cap})`,
      reason: `${a.attr.name} (${agg}) has more distinct values per key than the stream engine tracks (${cap})`,
    });
  }
  return out;
}

/** Aggregate parts per key over a relation `f(key, ts, seq, v)`; one row per key with a value. */
function aggregate(attr: CompiledAttribute, f: string): string {
  const last = `{'t': ts, 's': seq}`;
  switch (attr.spec.aggregation) {
    case 'counter':
      return `SELECT key, CAST(count(*) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'sum':
    case 'mean':
      return `SELECT key, CAST(to_json(list(sig_num(v) ORDER BY ts, seq)) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'min':
      return `SELECT key, CAST(to_json(min(sig_num(v))) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'max':
      return `SELECT key, CAST(to_json(max(sig_num(v))) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'first':
      return `SELECT key, CAST(arg_min(v, ${last}) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'last':
      return `SELECT key, CAST(arg_max(v, ${last}) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'time_since_first':
      return `SELECT key, CAST(min(ts) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'time_since_last':
      return `SELECT key, CAST(max(ts) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'approx_count_distinct':
      return `SELECT key, CAST(count(DISTINCT sig_vk(v)) AS VARCHAR) AS r FROM ${f} GROUP BY key`;
    case 'unique_list':
      return `SELECT key, CAST(to_json(list(CAST(v AS VARCHAR) ORDER BY last)) AS VARCHAR) AS r FROM (
        SELECT key, v, last, row_number() OVER (PARTITION BY key ORDER BY last DESC) AS rn FROM (
          SELECT key, sig_vk(v) AS vk, any_value(v) AS v, max(${last}) AS last FROM ${f} GROUP BY key, vk))
        WHERE rn <= ${UNIQUE_LIST_CAP} GROUP BY key`;
    case 'most_frequent':
    case 'least_frequent': {
      const sign = attr.spec.aggregation === 'most_frequent' ? '-' : '';
      return `SELECT key, CAST(arg_min(v, {'c': ${sign}n, 'f': first}) AS VARCHAR) AS r FROM (
        SELECT key, sig_vk(v) AS vk, any_value(v) AS v, count(*) AS n, min(${last}) AS first FROM ${f} GROUP BY key, vk) GROUP BY key`;
    }
    case 'category_count':
      return `SELECT key, CAST(to_json(list({'v': CAST(v AS VARCHAR), 'c': n} ORDER BY n DESC, first)) AS VARCHAR) AS r FROM (
        SELECT key, sig_vk(v) AS vk, any_value(v) AS v, count(*) AS n, min(${last}) AS first FROM ${f} GROUP BY key, vk) GROUP BY key`;
  }
}

export interface GroupQueryContext {
  /** Evaluation time: epoch ms, or a SQL expression (then TTL gaps are always looked for). */
  now: number | string;
  /** Earliest and latest time of the events considered (for skipping TTL gap detection). */
  firstTs: number;
  lastTs: number;
}

/**
 * One query per SQL group: `key` and one VARCHAR column `r<i>` per attribute (raw parts, NULL
 * when the attribute has no value for the key). Keys whose every value is NULL are omitted.
 */
export function groupQuerySql(g: Extract<GroupPlan, { mode: 'sql' }>, ctx: GroupQueryContext): string {
  const ctes: string[] = [];
  const now = typeof ctx.now === 'number' ? String(ctx.now) : `(${ctx.now})`;
  const known = typeof ctx.now === 'number' ? ctx.now : undefined;
  for (const a of g.attributes) {
    const i = a.attr.index;
    const contributions = `SELECT ${g.key} AS key, ts, seq, ${a.value ?? 'NULL::JSON'} AS v FROM ${EVENT_TABLE} WHERE ${a.match} AND ${a.acceptsSql}`;
    let final: string;
    if (a.attr.periodMs !== undefined) {
      final = `SELECT * FROM (${contributions}) WHERE ts > ${now} - ${a.attr.periodMs}`;
    } else {
      const ttl = a.attr.ttlMs;
      if (known !== undefined && known - ctx.firstTs <= ttl) {
        final = contributions;
      } else if (known !== undefined && ctx.lastTs - ctx.firstTs <= ttl) {
        // no gap longer than the TTL can exist; only expiry at now
        final = `SELECT c.* FROM (${contributions}) c JOIN (SELECT key, max(ts) AS last FROM (${contributions}) GROUP BY key) l USING (key) WHERE ${now} - l.last <= ${ttl}`;
      } else {
        final = `SELECT key, ts, seq, v FROM (
          SELECT *, max(CASE WHEN gap THEN ts END) OVER (PARTITION BY key) AS start, max(ts) OVER (PARTITION BY key) AS last FROM (
            SELECT *, coalesce(ts - lag(ts) OVER (PARTITION BY key ORDER BY ts, seq) > ${ttl}, false) AS gap FROM (${contributions})))
          WHERE (start IS NULL OR ts >= start) AND ${now} - last <= ${ttl}`;
      }
    }
    ctes.push(`a${i} AS (${aggregate(a.attr, `(${final})`)})`);
  }
  if (g.attributes.length === 0) return `SELECT NULL::VARCHAR AS key WHERE false`;
  const keys = g.attributes.map((a) => `SELECT key FROM a${a.attr.index}`).join(' UNION ');
  const joins = g.attributes.map((a) => `LEFT JOIN a${a.attr.index} ON a${a.attr.index}.key = k.key`).join(' ');
  const cols = g.attributes.map((a) => `a${a.attr.index}.r AS r${a.attr.index}`).join(', ');
  return `WITH ${ctes.join(',\n')}, k AS (${keys}) SELECT k.key AS key, ${cols} FROM k ${joins}`;
}

/**
 * Firings of an intervention whose criteria are one threshold on a lifetime counter
 * (`counter >= T`, once per target): the first event at which the counter, counting since the
 * last gap longer than its TTL, reaches T. That is exactly the stream engine's first false→true
 * edge when events are applied in event-time order.
 */
export function counterFiringsSql(key: string, match: string, ttlMs: number, threshold: number): string {
  return `SELECT key, ts, eid FROM (
    SELECT key, ts, seq, eid, row_number() OVER (PARTITION BY key, segment ORDER BY ts, seq) AS n FROM (
      SELECT key, ts, seq, eid, sum(CASE WHEN gap THEN 1 ELSE 0 END) OVER (PARTITION BY key ORDER BY ts, seq ROWS UNBOUNDED PRECEDING) AS segment FROM (
        SELECT ${key} AS key, ts, seq, eid, coalesce(ts - lag(ts) OVER (PARTITION BY ${key} ORDER BY ts, seq) > ${ttlMs}, false) AS gap FROM ${EVENT_TABLE} WHERE ${match})))
  WHERE n = ${threshold} QUALIFY row_number() OVER (PARTITION BY key ORDER BY ts, seq) = 1 ORDER BY key`;
}

/** Every staged event, in input order, as one JSON document (for the stream engine). */
export function allEventsSql(plan: EnginePlan): string {
  const pairs = plan.fields.map((f, i) => `${sqlString(f)}, f${i}`).join(', ');
  return `SELECT rowid AS seq, CAST(json_object(${pairs}) AS VARCHAR) AS event FROM ${STAGE_TABLE} ORDER BY rowid`;
}

/** Staged fields of the delegated (relevant) events, in input order, as JSON text. */
export function relevantEventsSql(plan: EnginePlan, only?: readonly string[]): string {
  const pairs = plan.fields
    .map((f, i) => [f, i] as const)
    .filter(([f]) => only === undefined || only.includes(f))
    .map(([f, i]) => `${sqlString(f)}, s.f${i}`)
    .join(', ');
  return `SELECT e.seq, CAST(json_object(${pairs}) AS VARCHAR) AS event FROM ${EVENT_TABLE} e JOIN ${STAGE_TABLE} s ON s.rowid = e.seq WHERE e.rel ORDER BY e.seq`;
}
