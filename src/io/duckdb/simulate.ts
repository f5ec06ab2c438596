/**
 * `signals simulate --engine duckdb`: the same report as the stream engine, computed in embedded
 * DuckDB. Groups are computed in SQL (src/core/sql); what SQL cannot compute exactly (see
 * src/core/sql/engine-plan.ts) is computed by the stream engine over the events that can change
 * it, read back from DuckDB in input order. The report says which parts were delegated.
 */
import type { Readable } from 'node:stream';
import type { Definition } from '../../core/model.js';
import type { BadLine, SnowplowEvent } from '../../core/events/event.js';
import { compileDefinitions, type CompiledModel } from '../../core/simulate/compile.js';
import { buildReport } from '../../core/simulate/report.js';
import { ReorderBuffer } from '../../core/simulate/reorder.js';
import { createSimulator } from '../../core/simulate/simulator.js';
import type { Firing, FiringMode, SimulationResult, SimulationStats, SimulatorOptions } from '../../core/simulate/types.js';
import type { Value } from '../../core/simulate/values.js';
import { formatTimestamp } from '../../core/simulate/time.js';
import { counterFirings, planEngine, type EnginePlan, type GroupPlan } from '../../core/sql/engine-plan.js';
import { allEventsSql, counterFiringsSql, EVENT_TABLE, EVENT_TIMES_SQL, eventTableSql, groupQuerySql, guardQueries, relevantEventsSql, statsSql, UNSORTED_SQL } from '../../core/sql/engine-sql.js';
import { finalizeValue } from '../../core/sql/finalize.js';
import { FailureError } from '../../errors.js';
import type { EventInputStats } from '../events/read-events.js';
import { openDuckdb, type DuckdbOptions, type DuckSession } from './connection.js';
import { stageInputs, type StagedInputs } from './stage.js';

export interface DuckdbSimulateRequest extends DuckdbOptions {
  definitions: readonly Definition[];
  inputs: readonly string[];
  cwd: string;
  now?: number;
  since?: number;
  appIds?: readonly string[];
  explainKey?: string;
  firing?: FiringMode;
  /** Reorder buffer of the stream engine the results must equal. */
  reorderBuffer: number;
  strict?: boolean;
  stdin?: Readable;
  signal?: AbortSignal;
  onProgress?: (eventsRead: number) => void;
  /** Called at the end of each phase with its wall time (for --verbose logs and benchmarks). */
  onPhase?: (phase: string, ms: number) => void;
  /** Tests: compute every group with the stream engine, or read every input through the JS readers. */
  delegateAll?: boolean;
  convertAll?: boolean;
}

export interface EngineReport {
  name: 'duckdb';
  /** Parts computed by the stream engine over the relevant events, and why. */
  delegated: { part: string; reason: string }[];
  /** Events handed to the stream engine. */
  delegated_events: number;
  /** How each input was read: by DuckDB itself, or converted by the event readers (and why). */
  inputs: { file: string; reader: 'duckdb' | 'converted'; note?: string }[];
}

export interface DuckdbSimulateOutput {
  result: SimulationResult;
  input: { files: string[]; formats: EventInputStats[]; events_read: number; bad_lines: BadLine[]; bad_line_count: number };
  engine: EngineReport;
}

function num(v: unknown): number {
  return Number(v ?? 0);
}

function optionalNum(v: unknown): number | undefined {
  return v === null || v === undefined ? undefined : Number(v);
}

export async function simulateWithDuckdb(request: DuckdbSimulateRequest): Promise<DuckdbSimulateOutput> {
  const model = compileDefinitions(request.definitions);
  const plan = planEngine(model, request.definitions, request.delegateAll ? { delegateAll: true } : {});
  const session = await openDuckdb(request);
  try {
    return await run(session, model, plan, request);
  } finally {
    await session.close();
  }
}

async function run(session: DuckSession, model: CompiledModel, plan: EnginePlan, request: DuckdbSimulateRequest): Promise<DuckdbSimulateOutput> {
  let mark = performance.now();
  const phase = (name: string) => {
    const t = performance.now();
    request.onPhase?.(name, t - mark);
    mark = t;
  };
  const staged = await stageInputs(session, plan, request.inputs, {
    cwd: request.cwd,
    ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
    ...(request.strict ? { strict: true } : {}),
    ...(request.signal !== undefined ? { signal: request.signal } : {}),
    ...(request.onProgress !== undefined ? { onProgress: request.onProgress } : {}),
    ...(request.convertAll ? { convertAll: true } : {}),
  });

  phase('load');
  // threshold interventions on lifetime counters fire in SQL; the others are replayed by the stream engine
  const sqlFirings = counterFirings(model, plan, request.definitions, request.firing ?? 'once-per-target');
  const inSql = new Set(sqlFirings.map((f) => f.intervention));
  const interventionRefs = model.interventions.filter((iv) => !inSql.has(iv.index)).flatMap((iv) => iv.rule.refs);
  await session.run(
    eventTableSql(plan, {
      ...(request.now !== undefined ? { now: request.now } : {}),
      ...(request.since !== undefined ? { since: request.since } : {}),
      ...(request.appIds !== undefined ? { appIds: request.appIds } : {}),
      ...(request.explainKey !== undefined ? { explainKey: request.explainKey } : {}),
      interventionRefs,
    }),
  );
  if (request.appIds && request.appIds.length > 0) {
    const [row] = await session.rows(`SELECT count(*) AS n FROM sig_stage WHERE json_type(f${plan.fields.indexOf('app_id')}) = 'ARRAY'`);
    if (num(row?.['n']) > 0) {
      throw new FailureError('duckdb-unsupported', '--app-id with events whose app_id is a list is not supported by --engine duckdb', { hint: 'use --engine stream' });
    }
  }

  // groups whose data the SQL would not compute exactly go to the stream engine
  const delegated: EngineReport['delegated'] = [];
  const groups: GroupPlan[] = [];
  for (const g of plan.groups) {
    if (g.mode === 'stream') {
      delegated.push({ part: `group ${g.group.name}@${g.group.version}`, reason: g.reason });
      groups.push(g);
      continue;
    }
    let reason: string | undefined;
    for (const guard of guardQueries(g)) {
      const [row] = await session.rows(guard.sql);
      if (num(row?.['n']) > 0) {
        reason = guard.reason;
        break;
      }
    }
    if (reason === undefined) {
      groups.push(g);
      continue;
    }
    delegated.push({ part: `group ${g.group.name}@${g.group.version}`, reason });
    await session.run(`UPDATE ${EVENT_TABLE} SET rel = true WHERE st = 0 AND u${g.group.index}`);
    groups.push({ mode: 'stream', group: g.group, reason, unionSql: g.unionSql, key: g.key });
  }

  phase('events');
  // with every group in SQL, the stream engine only replays firings (and explain): SQL knows every event's use
  const firingsOnly = !groups.some((g) => g.mode === 'stream') && request.explainKey === undefined;
  const [statsRow] = await session.rows(statsSql(firingsOnly));
  const s = statsRow ?? {};
  const firstTs = optionalNum(s['first_ts']);
  const lastTs = optionalNum(s['last_ts']);
  const now = request.now ?? lastTs;

  // the stream engine over the relevant events: delegated groups, intervention firings, explain
  // a group delegated by a guard takes its threshold interventions with it
  for (const f of sqlFirings) if (groups[f.group.group.index]?.mode !== 'sql') inSql.delete(f.intervention);
  const streamInterventions = model.interventions.filter((iv) => !inSql.has(iv.index));
  const needsStream = groups.some((g) => g.mode === 'stream') || streamInterventions.length > 0 || request.explainKey !== undefined;
  if (streamInterventions.length > 0) {
    delegated.push({ part: `interventions ${streamInterventions.map((iv) => `${iv.name}@${iv.version}`).join(', ')}`, reason: 'firings are edges in event-time order' });
  }
  if (request.explainKey !== undefined) delegated.push({ part: 'explain', reason: 'timelines follow events one by one' });
  let sub: SimulationResult | undefined;
  let subStats: SimulationStats | undefined;
  const relUsed = new Set<number>();
  let delegatedEvents = 0;
  if (needsStream && num(s['relevant']) > 0) {
    // firings only: the stream engine needs just the attributes the interventions read
    const definitions = firingsOnly ? interventionDefinitions(request.definitions, model, inSql) : request.definitions;
    const fields = firingsOnly ? planEngine(compileDefinitions(definitions), definitions).fields : undefined;
    const simulator = createSimulator(definitions, streamOptions(request));
    delegatedEvents = await feed(session, relevantEventsSql(plan, fields), (seq, event) => {
      if (simulator.ingest(event) === 'used') relUsed.add(seq);
    });
    sub = simulator.finish(now);
    subStats = firingsOnly ? undefined : sub.stats;
  }

  phase('delegated');
  // the stream engine applies events in event-time order only within its reorder buffer
  const late = (await countLate(session, firingsOnly ? undefined : relUsed, request.reorderBuffer)) + (sub?.stats.late ?? 0);
  if (late > 0) {
    // what a late event changes depends on arrival order (TTL resets, key sweeps): the stream engine computes everything
    const simulator = createSimulator(request.definitions, streamOptions(request));
    const fed = await feed(session, allEventsSql(plan), (_seq, event) => simulator.ingest(event));
    phase('stream engine');
    return {
      result: simulator.finish(),
      input: inputOf(staged),
      engine: {
        name: 'duckdb',
        delegated: [{ part: 'everything', reason: `${late.toLocaleString('en-US')} events are applied out of event-time order, which only the stream engine reproduces; sort the logs by derived_tstamp to compute in SQL` }],
        delegated_events: fed,
        inputs: staged.formats.map((f) => ({ file: f.file, reader: f.reader, ...(f.note !== undefined ? { note: f.note } : {}) })),
      },
    };
  }

  phase('order check');
  // values per group
  const rowsByGroup = new Map<number, Map<string, Value[]>>();
  for (const g of groups) {
    const map = new Map<string, Value[]>();
    rowsByGroup.set(g.group.index, map);
    if (now === undefined) continue;
    if (g.mode === 'sql') {
      const rows = await session.rows(groupQuerySql(g, { now, firstTs: firstTs ?? now, lastTs: lastTs ?? now }));
      for (const row of rows) {
        const values = g.attributes.map((a) => finalizeValue(a.attr, (row[`r${a.attr.index}`] as string | null | undefined) ?? null, now));
        map.set(String(row['key']), values);
      }
    } else if (sub !== undefined) {
      const result = sub.groups[g.group.index];
      for (const row of result?.rows ?? []) map.set(row.key, g.group.attributes.map((a) => row.attributes[a.name] ?? null));
    }
  }

  const firingsByIntervention = new Map<number, Firing[]>();
  for (const f of sqlFirings) {
    if (!inSql.has(f.intervention) || now === undefined) continue;
    const keyName = model.interventions[f.intervention]?.keyName ?? f.group.group.keyName;
    const rows = await session.rows(counterFiringsSql(f.group.key, f.attribute.match, f.attribute.attr.ttlMs, f.threshold));
    firingsByIntervention.set(
      f.intervention,
      rows.map((r) => ({ target: { name: keyName, id: String(r['key']) }, at: formatTimestamp(Number(r['ts'])), event_id: r['eid'] === null || r['eid'] === undefined ? null : String(r['eid']) })),
    );
  }
  phase('groups');
  const stats: SimulationStats = {
    ingested: num(s['ingested']),
    used: num(s['used']) + (subStats?.used ?? 0),
    skipped: {
      no_timestamp: num(s['no_timestamp']),
      before_since: num(s['before_since']),
      after_now: num(s['after_now']),
      app_id: num(s['app_id']),
      duplicate: subStats?.skipped.duplicate ?? 0,
      unmatched: num(s['unmatched']) + (subStats?.skipped.unmatched ?? 0),
    },
    late: 0,
    first_event_at: firstTs === undefined ? null : formatTimestamp(firstTs),
    last_event_at: lastTs === undefined ? null : formatTimestamp(lastTs),
  };

  const result = buildReport({
    model,
    now,
    keysOf: (g) => rowsByGroup.get(g)?.keys() ?? [],
    rawValue: (ref, key) => rowsByGroup.get(ref.group)?.get(key)?.[ref.attr] ?? null,
    firings: model.interventions.map((iv) => (inSql.has(iv.index) ? (firingsByIntervention.get(iv.index) ?? []) : (sub?.interventions[iv.index]?.firings ?? []))),
    explain: request.explainKey === undefined ? null : (sub?.explain ?? { key: request.explainKey, entries: [], truncated: false }),
    stats,
  });

  return {
    result,
    input: inputOf(staged),
    engine: {
      name: 'duckdb',
      delegated,
      delegated_events: delegatedEvents,
      inputs: staged.formats.map((f) => ({ file: f.file, reader: f.reader, ...(f.note !== undefined ? { note: f.note } : {}) })),
    },
  };
}

/** The definitions with only the attributes that interventions read (every version keeps them, so references resolve alike). */
function interventionDefinitions(definitions: readonly Definition[], model: CompiledModel, skip: ReadonlySet<number>): Definition[] {
  const keep = new Set<string>();
  for (const iv of model.interventions) {
    if (skip.has(iv.index)) continue;
    for (const ref of iv.rule.refs) {
      const g = model.groups[ref.group];
      const a = g?.attributes[ref.attr];
      if (g && a) keep.add(`${g.name}\u0000${a.name}`);
    }
  }
  return definitions.map((d) => {
    if (d.kind !== 'AttributeGroup' || d.spec.attributes === undefined) return d;
    return { ...d, spec: { ...d.spec, attributes: d.spec.attributes.filter((a) => keep.has(`${d.spec.name}\u0000${a.name}`)) } };
  });
}

function streamOptions(request: DuckdbSimulateRequest): SimulatorOptions {
  return {
    ...(request.now !== undefined ? { now: request.now } : {}),
    ...(request.since !== undefined ? { since: request.since } : {}),
    ...(request.appIds !== undefined && request.appIds.length > 0 ? { appIds: request.appIds } : {}),
    ...(request.explainKey !== undefined ? { explainKey: request.explainKey } : {}),
    ...(request.firing !== undefined ? { firing: request.firing } : {}),
    reorderBuffer: request.reorderBuffer,
    reorderLateness: 'adaptive',
  };
}

function inputOf(staged: StagedInputs): DuckdbSimulateOutput['input'] {
  return {
    files: staged.files,
    formats: staged.formats.map(({ reader: _reader, ...entry }) => entry),
    events_read: staged.eventsRead,
    bad_lines: staged.badLines,
    bad_line_count: staged.badLineCount,
  };
}

/** Stream a query of (seq, event JSON) rows into `each`, in order; returns the number of events. */
async function feed(session: DuckSession, sql: string, each: (seq: number, event: SnowplowEvent) => void): Promise<number> {
  const result = await session.con.stream(sql);
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    for (const row of chunk.getRows()) {
      const event = JSON.parse(String(row[1])) as SnowplowEvent;
      for (const key in event) if (event[key] === null) delete event[key];
      n++;
      each(Number(row[0]), event);
    }
  }
  return n;
}

/**
 * Events the stream engine would apply late (after a later event): its adaptive reorder buffer
 * replayed over the events' times in input order. Nothing to replay when the input is sorted.
 */
async function countLate(session: DuckSession, relUsed: ReadonlySet<number> | undefined, capacity: number): Promise<number> {
  const [unsorted] = await session.rows(UNSORTED_SQL);
  if (num(unsorted?.['n']) === 0) return 0;
  const result = await session.con.stream(EVENT_TIMES_SQL);
  const buffer = new ReorderBuffer<{ seq: number; ts: number }>();
  let maxTs = -Infinity;
  let lateness = 0;
  let watermark = -Infinity;
  let late = 0;
  const apply = (e: { ts: number }) => {
    if (e.ts < watermark) late++;
    else watermark = e.ts;
  };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    for (const [seqValue, tsValue, usedValue, relValue] of chunk.getRows()) {
      const seq = Number(seqValue);
      const ts = Number(tsValue);
      const delay = maxTs - ts;
      if (ts > maxTs) maxTs = ts;
      const used = relValue === true && relUsed !== undefined ? relUsed.has(seq) : usedValue === true;
      if (!used) continue;
      if (capacity <= 0) {
        apply({ ts });
        continue;
      }
      buffer.push({ seq, ts });
      if (delay > lateness) lateness = 2 * delay;
      const horizon = maxTs - lateness;
      for (let head = buffer.peek(); head !== undefined && (head.ts <= horizon || buffer.size > capacity); head = buffer.peek()) apply(buffer.pop() as { ts: number });
    }
  }
  while (buffer.size > 0) apply(buffer.pop() as { ts: number });
  return late;
}
