import { loadValidDefinitions } from '../../app/load-definitions.js';
import { loadSettings } from '../../app/settings.js';
import { didYouMean } from '../../core/diagnostics.js';
import { parseTimestamp } from '../../core/simulate/time.js';
import { compileSql, type SqlDialect } from '../../core/sql/index.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';

export interface SqlOptions {
  dialect?: SqlDialect;
  table?: string;
  group?: string;
  now?: string;
  columnVersions?: string[];
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_$-]*(\.[A-Za-z_][A-Za-z0-9_$-]*){0,2}$|^(`[^`]+`|"[^"]+")(\.(`[^`]+`|"[^"]+"|[A-Za-z_][A-Za-z0-9_$-]*)){0,2}$/;

/** `vendor/name/1-0-0` entries → vendor/name → versions. */
function columnVersions(entries: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of entries.flatMap((e) => e.split(','))) {
    const m = /^([^/\s]+)\/([^/\s]+)\/(\d+-\d+-\d+)$/.exec(entry.trim());
    if (!m) throw new UsageError('bad-column-version', `--column-versions ${entry} is not vendor/name/1-0-0`, { hint: 'e.g. --column-versions com.acme/checkout/1-0-0,com.acme/checkout/1-0-1' });
    const key = `${m[1]}/${m[2]}`;
    out.set(key, [...(out.get(key) ?? []), m[3] as string]);
  }
  return out;
}

export default async function run(ctx: CliContext, opts: SqlOptions): Promise<number> {
  const table = opts.table ?? 'atomic.events';
  if (!TABLE.test(table)) {
    throw new UsageError('bad-table', `--table ${table} is not a table name`, { hint: 'use database.schema.table, schema.table or a quoted name' });
  }
  let now: number | undefined;
  if (opts.now !== undefined) {
    now = parseTimestamp(opts.now);
    if (now === undefined) throw new UsageError('bad-timestamp', `--now ${opts.now} is not a timestamp`, { hint: 'use ISO 8601, e.g. 2025-05-01T12:00:00Z' });
  }
  const settings = await loadSettings({
    cwd: ctx.cwd,
    env: ctx.env,
    ...(ctx.globals.config !== undefined ? { configFlag: ctx.globals.config } : {}),
    ...(ctx.globals.definitions !== undefined ? { definitionsFlag: ctx.globals.definitions } : {}),
  });
  const { definitions } = await loadValidDefinitions(settings);
  if (opts.group !== undefined) {
    const names = new Set<string>();
    for (const d of definitions) if (d.kind === 'AttributeGroup') names.add(d.spec.name).add(`${d.spec.name}@${d.spec.version}`);
    if (!names.has(opts.group)) {
      const guess = didYouMean(opts.group, names);
      throw new UsageError('unknown-group', `--group ${opts.group} is not an attribute group in the definitions`, { ...(guess ? { hint: `did you mean ${guess}?` } : {}) });
    }
  }
  const script = compileSql(definitions, {
    dialect: opts.dialect ?? 'duckdb',
    table,
    ...(opts.group !== undefined ? { group: opts.group } : {}),
    ...(now !== undefined ? { now } : {}),
    ...(opts.columnVersions ? { columnVersions: columnVersions(opts.columnVersions) } : {}),
  });
  if (ctx.globals.json) {
    ctx.out.document({ schema_version: 1, dialect: opts.dialect ?? 'duckdb', table, groups: script.groups, segments: script.segments, sql: script.sql });
  } else {
    ctx.out.raw(script.sql);
  }
  return ExitCode.Ok;
}
