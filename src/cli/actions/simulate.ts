import { runSimulation } from '../../app/simulate.js';
import { loadSettings } from '../../app/settings.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';
import { renderSimulateCsv, renderSimulateNdjson, simulateDocument } from '../render/simulate-formats.js';
import { renderSimulateTable } from '../render/simulate-table.js';

export interface SimulateOptions {
  events?: string[];
  now?: string;
  since?: string;
  appId?: string[];
  group?: string;
  key?: string;
  explain?: string;
  strict?: boolean;
  everyEdge?: boolean;
  format?: 'table' | 'json' | 'csv' | 'ndjson';
  engine?: 'stream' | 'duckdb';
}

/** DuckDB's memory limit and spill directory for --engine duckdb (docs/engines.md). */
function duckdbOptions(env: CliContext['env']): { memoryLimit?: string; tempDirectory?: string } {
  const memory = env['SIGNALS_DUCKDB_MEMORY_LIMIT'];
  const temp = env['SIGNALS_DUCKDB_TEMP_DIR'];
  return { ...(memory ? { memoryLimit: memory } : {}), ...(temp ? { tempDirectory: temp } : {}) };
}

export default async function run(ctx: CliContext, opts: SimulateOptions): Promise<number> {
  const settings = await loadSettings({
    cwd: ctx.cwd,
    env: ctx.env,
    ...(ctx.globals.config !== undefined ? { configFlag: ctx.globals.config } : {}),
    ...(ctx.globals.definitions !== undefined ? { definitionsFlag: ctx.globals.definitions } : {}),
  });
  const progress = await ctx.out.progress('Simulating…');
  let report;
  try {
    report = await runSimulation({
      settings,
      ...(opts.events !== undefined ? { events: opts.events } : {}),
      ...(opts.now !== undefined ? { now: opts.now } : {}),
      ...(opts.since !== undefined ? { since: opts.since } : {}),
      ...(opts.appId !== undefined ? { appIds: opts.appId } : {}),
      ...(opts.group !== undefined ? { group: opts.group } : {}),
      ...(opts.key !== undefined ? { key: opts.key } : {}),
      ...(opts.explain !== undefined ? { explain: opts.explain } : {}),
      ...(opts.strict ? { strict: true } : {}),
      ...(opts.everyEdge ? { firing: 'every-edge' as const } : {}),
      stdin: ctx.stdin,
      signal: ctx.stopSignal,
      clock: ctx.clock,
      onProgress: (n) => progress.update(`Simulating… ${n.toLocaleString('en-US')} events read`),
      ...(opts.engine === 'duckdb' ? { engine: 'duckdb' as const, duckdb: duckdbOptions(ctx.env) } : {}),
    });
  } finally {
    progress.stop();
  }
  const { definitionWarnings, result } = report;
  if (definitionWarnings.length > 0) {
    ctx.out.warn(`the definitions have ${definitionWarnings.length} warning${definitionWarnings.length === 1 ? '' : 's'} (run signals validate to see them)`);
  }
  for (const w of result.warnings) ctx.out.warn(w);

  const format = ctx.globals.json ? 'json' : (opts.format ?? 'table');
  if (format === 'json') {
    const doc = simulateDocument(report);
    if (ctx.globals.json) ctx.out.document(doc);
    else ctx.out.raw(JSON.stringify(doc, null, 2) + '\n');
  } else if (format === 'csv') {
    ctx.out.raw(renderSimulateCsv(report));
  } else if (format === 'ndjson') {
    ctx.out.raw(renderSimulateNdjson(report));
  } else {
    const columns = Number(ctx.env['COLUMNS']);
    ctx.out.result(renderSimulateTable(report, ctx.out.style, Number.isFinite(columns) && columns >= 60 ? { width: columns - 2 } : {}));
  }
  return ExitCode.Ok;
}
