/**
 * `signals sql`: the SQL that computes attribute groups and segment members, for DuckDB (exact,
 * the DuckDB engine's own SQL) or a warehouse (Snowflake, BigQuery, Databricks).
 */
import type { AttributeKey, Definition, RuleNode } from '../model.js';
import { compileDefinitions, findGroup } from '../simulate/compile.js';
import { duckdbScript } from './duckdb-script.js';
import { warehouseKeyColumns, warehouseScript, type WarehouseDialect } from './warehouse.js';

export type SqlDialect = 'duckdb' | WarehouseDialect;

export interface SqlRequest {
  dialect: SqlDialect;
  table: string;
  /** Only this group: `name` or `name@version`. */
  group?: string;
  /** Evaluation time, epoch ms (default: the latest event time in the table). */
  now?: number;
  /** BigQuery loader v1 columns: `vendor/name` → versions. */
  columnVersions?: ReadonlyMap<string, readonly string[]>;
}

export interface SqlScript {
  sql: string;
  groups: { name: string; version: number }[];
  segments: string[];
}

export function compileSql(definitions: readonly Definition[], request: SqlRequest): SqlScript {
  const model = compileDefinitions(definitions);
  const selected = request.group === undefined ? undefined : findGroup(model.groups, request.group);
  const groups = selected === undefined ? undefined : [selected.index];
  let sql: string;
  if (request.dialect === 'duckdb') {
    sql = duckdbScript(model, definitions, { table: request.table, ...(request.now !== undefined ? { now: request.now } : {}), ...(groups ? { groups } : {}) });
  } else {
    const keys = new Map<string, AttributeKey>();
    const segments = new Map<string, RuleNode>();
    for (const d of definitions) {
      if (d.kind === 'AttributeKey') keys.set(d.spec.name, d.spec);
      if (d.kind === 'Segment') segments.set(d.spec.name, d.spec.criteria);
    }
    const options = {
      dialect: request.dialect,
      table: request.table,
      ...(request.now !== undefined ? { now: request.now } : {}),
      ...(groups ? { groups } : {}),
      ...(request.columnVersions ? { columnVersions: request.columnVersions } : {}),
    };
    sql = warehouseScript(model, warehouseKeyColumns(model, keys, options), segments, options);
  }
  return {
    sql,
    groups: model.groups.filter((g) => !groups || groups.includes(g.index)).map((g) => ({ name: g.name, version: g.version })),
    segments: model.segments.map((s) => s.name),
  };
}
