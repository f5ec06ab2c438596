/**
 * `signals simulate`: definitions + event logs → attribute values per key, segment members and
 * intervention firings. Reads the logs as a stream (memory grows with keys, not events) and
 * returns the report; rendering is the CLI's job.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import { didYouMean, type Diagnostic } from '../core/diagnostics.js';
import type { Definition } from '../core/model.js';
import type { BadLine } from '../core/events/event.js';
import { createSimulator } from '../core/simulate/simulator.js';
import { parseTimestamp } from '../core/simulate/time.js';
import type { FiringMode, SimulationResult } from '../core/simulate/types.js';
import { UsageError } from '../errors.js';
import { readEvents, type EventInputStats } from '../io/events/read-events.js';
import type { DuckdbOptions } from '../io/duckdb/connection.js';
import type { EngineReport } from '../io/duckdb/simulate.js';
import { loadValidDefinitions } from './load-definitions.js';
import type { Settings } from './settings.js';

/**
 * Most events held back to restore event-time order (bounded memory). Reordering is adaptive:
 * sorted input is never held back; once an event arrives late, events up to twice that delay
 * behind the latest one are held and applied in event-time order (interventions, explain).
 */
export const SIMULATE_REORDER_BUFFER = 100_000;

export interface SimulateRequest {
  settings: Pick<Settings, 'cwd' | 'definitions' | 'simulate'>;
  /** Event logs from the command line (relative to cwd); default: the config's simulate.events. */
  events?: readonly string[];
  now?: string;
  since?: string;
  appIds?: readonly string[];
  /** Only this group in the report: `name` or `name@version`. */
  group?: string;
  /** Only this key in the report (rows, segment members, firings). */
  key?: string;
  explain?: string;
  strict?: boolean;
  firing?: FiringMode;
  stdin?: Readable;
  signal?: AbortSignal;
  /** The wall clock, for `--now wall`. */
  clock?: () => Date;
  /** Called after each chunk of events with the number read so far. */
  onProgress?: (eventsRead: number) => void;
  /** Use these definitions instead of loading the project's. */
  definitions?: readonly Definition[];
  /** `duckdb`: compute in embedded DuckDB (src/io/duckdb, docs/engines.md); default `stream`. */
  engine?: 'stream' | 'duckdb';
  duckdb?: DuckdbOptions;
}

export interface SimulateInput {
  /** Inputs as shown to people (relative to the working directory). */
  files: string[];
  formats: EventInputStats[];
  events_read: number;
  events_used: number;
  bad_lines: BadLine[];
  bad_line_count: number;
}

export interface SimulateReport {
  result: SimulationResult;
  input: SimulateInput;
  /** Warnings from loading the definitions (validate shows them in full). */
  definitionWarnings: Diagnostic[];
  /** What the report was narrowed to. */
  selection: { group?: string; key?: string };
  /** Set by --engine duckdb: which parts the stream engine computed. */
  engine?: EngineReport;
}

function timeFlag(value: string | undefined, flag: string, clock: (() => Date) | undefined): number | undefined {
  if (value === undefined) return undefined;
  if ((value === 'wall' || value === 'now') && clock) return clock().getTime();
  const ms = parseTimestamp(value);
  if (ms === undefined) {
    throw new UsageError('bad-timestamp', `${flag} ${value} is not a timestamp`, { hint: 'use ISO 8601, e.g. 2025-05-01T12:00:00Z or 2025-05-01' });
  }
  return ms;
}

function displayInput(cwd: string, input: string): string {
  if (input === '-' || !path.isAbsolute(input)) return input;
  const rel = path.relative(cwd, input);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

export async function runSimulation(request: SimulateRequest): Promise<SimulateReport> {
  const { settings } = request;
  const cwd = settings.cwd;
  const inputs = (request.events && request.events.length > 0 ? [...request.events] : settings.simulate.events.map((f) => displayInput(cwd, f)));
  if (inputs.length === 0) {
    throw new UsageError('simulate-no-events', 'no event logs to simulate', {
      hint: 'pass --events FILE (NDJSON, enriched TSV, Micro JSON, warehouse CSV, .gz, - for stdin) or set simulate.events in signals.config.yaml; signals generate-events --template travel writes sample events',
    });
  }
  const now = timeFlag(request.now ?? settings.simulate.now, '--now', request.clock);
  const since = timeFlag(request.since, '--since', request.clock);

  let definitions: readonly Definition[];
  let definitionWarnings: Diagnostic[] = [];
  if (request.definitions !== undefined) {
    definitions = request.definitions;
  } else {
    const loaded = await loadValidDefinitions(settings);
    definitions = loaded.definitions;
    definitionWarnings = loaded.diagnostics.filter((d) => d.severity === 'warning');
  }

  const simulator = createSimulator(definitions, {
    ...(now !== undefined ? { now } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(request.appIds && request.appIds.length > 0 ? { appIds: request.appIds } : {}),
    ...(request.explain !== undefined ? { explainKey: request.explain } : {}),
    ...(request.firing !== undefined ? { firing: request.firing } : {}),
    reorderBuffer: SIMULATE_REORDER_BUFFER,
    reorderLateness: 'adaptive',
  });
  if (request.group !== undefined) checkGroupSelection(definitions, request.group);
  if (request.engine === 'duckdb') {
    const { simulateWithDuckdb } = await import('../io/duckdb/simulate.js');
    const out = await simulateWithDuckdb({ ...request.duckdb, definitions, inputs, cwd, now, since, appIds: request.appIds, explainKey: request.explain, firing: request.firing, strict: request.strict, stdin: request.stdin, signal: request.signal, onProgress: request.onProgress, reorderBuffer: SIMULATE_REORDER_BUFFER });
    const result = narrow(out.result, request.group, request.key);
    const selection = { ...(request.group !== undefined ? { group: request.group } : {}), ...(request.key !== undefined ? { key: request.key } : {}) };
    return { result, input: { ...out.input, events_used: result.stats.used }, definitionWarnings, selection, engine: out.engine };
  }

  const stream = readEvents(inputs, {
    cwd,
    ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
    ...(request.strict ? { strict: true } : {}),
    ...(request.signal !== undefined ? { signal: request.signal } : {}),
  });
  for await (const batch of stream.batches()) {
    for (const record of batch) simulator.ingest(record.event);
    request.onProgress?.(stream.stats.eventsRead);
  }
  const result = narrow(simulator.finish(), request.group, request.key);
  const stats = stream.stats;
  return {
    result,
    input: {
      files: stats.files,
      formats: stats.inputs,
      events_read: stats.eventsRead,
      events_used: result.stats.used,
      bad_lines: stats.badLines,
      bad_line_count: stats.badLineCount,
    },
    definitionWarnings,
    selection: { ...(request.group !== undefined ? { group: request.group } : {}), ...(request.key !== undefined ? { key: request.key } : {}) },
  };
}

/** `--group` must name a group defined locally. */
function checkGroupSelection(definitions: readonly Definition[], selection: string): void {
  const names = new Set<string>();
  for (const d of definitions) if (d.kind === 'AttributeGroup') names.add(`${d.spec.name}@${d.spec.version}`).add(d.spec.name);
  if (names.has(selection)) return;
  const guess = didYouMean(selection, names);
  throw new UsageError('unknown-group', `--group ${selection} is not an attribute group in the definitions`, {
    hint: guess ? `did you mean ${guess}?` : names.size ? `groups: ${[...names].filter((n) => !n.includes('@')).sort().join(', ')}` : 'the definitions have no attribute groups',
  });
}

/** Narrow a result to one group and/or one key. */
export function narrow(result: SimulationResult, group: string | undefined, key: string | undefined): SimulationResult {
  const matchesGroup = (g: { name: string; version: number }) => {
    if (group === undefined) return true;
    const at = group.lastIndexOf('@');
    return at < 0 ? g.name === group : g.name === group.slice(0, at) && String(g.version) === group.slice(at + 1);
  };
  const groups = result.groups.filter(matchesGroup).map((g) => (key === undefined ? g : { ...g, rows: g.rows.filter((r) => r.key === key) }));
  if (key === undefined) return { ...result, groups, skipped_groups: result.skipped_groups.filter(matchesGroup) };
  return {
    ...result,
    groups,
    skipped_groups: result.skipped_groups.filter(matchesGroup),
    segments: result.segments.map((s) => {
      const members = s.members.filter((m) => m === key);
      return { ...s, count: members.length, members };
    }),
    interventions: result.interventions.map((i) => ({ ...i, firings: i.firings.filter((f) => f.target.id === key) })),
  };
}
