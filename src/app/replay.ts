/**
 * `signals plan --replay FILE..`: replay event logs through what the target holds and through
 * what it will hold once the plan is applied, in one streamed pass (memory grows with keys, not
 * events), and attach the behaviour change to each attribute group and intervention change of
 * the plan. Both sides are simulated exactly as `signals simulate` does (same engine, same event
 * ordering, "now" = `simulate.now` from the configuration, else the latest event time).
 */
import type { Readable } from 'node:stream';
import { isBuiltinKey } from '../core/plan/references.js';
import { remoteAddress } from '../core/plan/fingerprint.js';
import type { Plan, RemoteObject, RemoteState } from '../core/plan/types.js';
import { compareReplays } from '../core/replay/compare.js';
import type { ReplayInput } from '../core/replay/types.js';
import type { Definition, SegmentDefinition } from '../core/model.js';
import { createSimulator } from '../core/simulate/simulator.js';
import { parseTimestamp } from '../core/simulate/time.js';
import { UsageError } from '../errors.js';
import { readEvents } from '../io/events/read-events.js';
import { SIMULATE_REORDER_BUFFER } from './simulate.js';

export interface ReplayRequest {
  cwd: string;
  files: readonly string[];
  plan: Plan;
  /** The validated local definitions (segments included, intervention segment leaves expanded). */
  local: readonly Definition[];
  /** What the target held when the plan was made. */
  remote: RemoteState;
  /** `simulate.now` from the configuration. */
  now?: string;
  stdin?: Readable;
  signal?: AbortSignal;
  onProgress?: (eventsRead: number) => void;
}

/** The target once the plan is applied: deleted objects gone, local definitions in place of the remote ones. */
export function targetAfterPlan(remote: RemoteState, local: readonly Definition[], plan: Plan): RemoteObject[] {
  const deleted = new Set(plan.changes.filter((c) => c.action === 'delete').map((c) => c.address));
  const objects = new Map<string, RemoteObject>();
  for (const o of remote.objects) if (!deleted.has(remoteAddress(o))) objects.set(remoteAddress(o), o);
  for (const d of local) {
    if (d.kind === 'Segment' || (d.kind === 'AttributeKey' && isBuiltinKey(d.spec.name))) continue;
    const object: RemoteObject = { kind: d.kind, spec: d.spec, protect: d.protect };
    objects.set(remoteAddress(object), object);
  }
  return [...objects.values()];
}

const asDefinitions = (objects: readonly RemoteObject[], segments: readonly SegmentDefinition[]): Definition[] => [
  ...objects.map((o) => ({ kind: o.kind, spec: o.spec, protect: o.protect }) as Definition),
  ...segments,
];

/** Runs the replay and returns the plan with `replay` on its group and intervention changes. */
export async function replayPlan(request: ReplayRequest): Promise<Plan> {
  if (request.files.length === 0) throw new UsageError('replay-no-events', '--replay needs at least one event log', { hint: 'e.g. signals plan --replay events/sample.ndjson' });
  let now: number | undefined;
  if (request.now !== undefined) {
    now = parseTimestamp(request.now);
    if (now === undefined) throw new UsageError('bad-timestamp', `simulate.now ${request.now} in the configuration is not a timestamp`);
  }
  const segments = request.local.filter((d): d is SegmentDefinition => d.kind === 'Segment');
  const beforeObjects = request.remote.objects;
  const afterObjects = targetAfterPlan(request.remote, request.local, request.plan);
  const options = { ...(now !== undefined ? { now } : {}), reorderBuffer: SIMULATE_REORDER_BUFFER, reorderLateness: 'adaptive' as const };
  const before = createSimulator(asDefinitions(beforeObjects, segments), options);
  const after = createSimulator(asDefinitions(afterObjects, segments), options);

  const stream = readEvents(request.files, {
    cwd: request.cwd,
    ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
    ...(request.signal !== undefined ? { signal: request.signal } : {}),
  });
  for await (const batch of stream.batches()) {
    for (const record of batch) {
      before.ingest(record.event);
      after.ingest(record.event);
    }
    request.onProgress?.(stream.stats.eventsRead);
  }
  const beforeResult = before.finish();
  const afterResult = after.finish();
  const comparison = compareReplays({
    changes: request.plan.changes,
    before: { objects: beforeObjects, result: beforeResult },
    after: { objects: afterObjects, result: afterResult },
    segments,
  });
  const input: ReplayInput = {
    files: stream.stats.files,
    events_read: stream.stats.eventsRead,
    events_used: { before: beforeResult.stats.used, after: afterResult.stats.used },
    bad_line_count: stream.stats.badLineCount,
    bad_lines: stream.stats.badLines.slice(0, 10),
    now: afterResult.now,
    segments: comparison.segments,
    affected_interventions: comparison.affected,
  };
  return {
    ...request.plan,
    changes: request.plan.changes.map((c) => {
      const replay = comparison.changes.get(c.id);
      return replay === undefined ? c : { ...c, replay };
    }),
    replay: input,
  };
}
