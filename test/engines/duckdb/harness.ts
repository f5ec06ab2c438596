/**
 * Runs the stream engine (the reference, configured as `signals simulate` configures it) and the
 * DuckDB engine on the same definitions and event logs, and compares the reports.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadValidDefinitions } from '../../../src/app/load-definitions.js';
import { SIMULATE_REORDER_BUFFER } from '../../../src/app/simulate.js';
import type { Definition } from '../../../src/core/model.js';
import { createSimulator } from '../../../src/core/simulate/simulator.js';
import type { SimulationResult } from '../../../src/core/simulate/types.js';
import { readEvents } from '../../../src/io/events/read-events.js';
import { simulateWithDuckdb, type DuckdbSimulateOutput } from '../../../src/io/duckdb/simulate.js';

export interface RunOptions {
  now?: number;
  since?: number;
  appIds?: string[];
  explainKey?: string;
  everyEdge?: boolean;
  delegateAll?: boolean;
  convertAll?: boolean;
}

export interface StreamOutput {
  result: SimulationResult;
  eventsRead: number;
  badLineCount: number;
}

export async function runStream(definitions: readonly Definition[], files: readonly string[], cwd: string, options: RunOptions = {}): Promise<StreamOutput> {
  const simulator = createSimulator(definitions, {
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.appIds ? { appIds: options.appIds } : {}),
    ...(options.explainKey !== undefined ? { explainKey: options.explainKey } : {}),
    ...(options.everyEdge ? { firing: 'every-edge' as const } : {}),
    reorderBuffer: SIMULATE_REORDER_BUFFER,
    reorderLateness: 'adaptive',
  });
  const stream = readEvents(files, { cwd });
  for await (const batch of stream.batches()) for (const record of batch) simulator.ingest(record.event);
  return { result: simulator.finish(), eventsRead: stream.stats.eventsRead, badLineCount: stream.stats.badLineCount };
}

export async function runDuckdb(definitions: readonly Definition[], files: readonly string[], cwd: string, options: RunOptions = {}): Promise<DuckdbSimulateOutput> {
  return simulateWithDuckdb({
    definitions,
    inputs: files,
    cwd,
    reorderBuffer: SIMULATE_REORDER_BUFFER,
    memoryLimit: '512MB',
    threads: 2,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.appIds ? { appIds: options.appIds } : {}),
    ...(options.explainKey !== undefined ? { explainKey: options.explainKey } : {}),
    ...(options.everyEdge ? { firing: 'every-edge' as const } : {}),
    ...(options.delegateAll ? { delegateAll: true } : {}),
    ...(options.convertAll ? { convertAll: true } : {}),
  });
}

/** The report as the JSON document shows it (key order matters for dicts). */
export function canonical(result: SimulationResult): string {
  return JSON.stringify(result);
}

/** A short description of the first difference, for failure messages. */
export function firstDifference(a: unknown, b: unknown, where = '$'): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${where}: stream ${JSON.stringify(a)?.slice(0, 300)} vs duckdb ${JSON.stringify(b)?.slice(0, 300)}`;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${where}[${i}]`);
      if (d) return d;
    }
    return `${where}: length ${a.length} vs ${b.length}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
    if (d) return d;
  }
  return `${where}: key order differs`;
}

/** Both engines on the same input: the difference, or undefined when the reports are identical. */
export async function compareEngines(definitions: readonly Definition[], files: readonly string[], cwd: string, options: RunOptions = {}): Promise<{ difference: string | undefined; stream: StreamOutput; duckdb: DuckdbSimulateOutput }> {
  const stream = await runStream(definitions, files, cwd, options);
  const duckdb = await runDuckdb(definitions, files, cwd, options);
  let difference = firstDifference(stream.result, duckdb.result);
  if (difference === undefined && stream.eventsRead !== duckdb.input.events_read) difference = `events read ${stream.eventsRead} vs ${duckdb.input.events_read}`;
  if (difference === undefined && stream.badLineCount !== duckdb.input.bad_line_count) difference = `bad lines ${stream.badLineCount} vs ${duckdb.input.bad_line_count}`;
  return { difference, stream, duckdb };
}

/** Definitions from YAML text (written to a temporary project). */
export async function definitionsFromYaml(yaml: string): Promise<Definition[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signals-defs-'));
  try {
    writeFileSync(path.join(dir, 'defs.yaml'), yaml);
    const loaded = await loadValidDefinitions({ cwd: dir, definitions: [dir] });
    return loaded.definitions;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function definitionsFromDir(dir: string): Promise<Definition[]> {
  return (await loadValidDefinitions({ cwd: dir, definitions: [dir] })).definitions;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signals-duckdb-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
