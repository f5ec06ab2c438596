/**
 * Runs a plan's changes against the target: in plan order, independent changes concurrently
 * (bounded), never a change before its dependencies succeeded nor before every earlier change of
 * a lower stage (keys → groups → services → interventions, then removals in reverse) finished.
 * A failure does not stop independent work; the changes that depend on it are skipped. Every
 * change ends done, failed or skipped, so a re-run of the plan converges.
 */
import { stageOf } from '../core/plan/order.js';
import type { PlannedChange, RemoteSpec } from '../core/plan/types.js';
import type { RemoteDefinition } from '../core/wire.js';
import type { SignalsClient } from '../io/signals-client.js';

export type ApplyStatus = 'done' | 'failed' | 'skipped';

export interface ApplyResult {
  id: string;
  action: PlannedChange['action'];
  kind: PlannedChange['kind'];
  name: string;
  version?: number;
  address: string;
  status: ApplyStatus;
  error?: string;
}

export type ApplyClient = Pick<SignalsClient, 'upsert' | 'update' | 'setPublished' | 'remove'>;

export interface ApplyOptions {
  /** Changes in flight at once. Default 4. */
  concurrency?: number;
  /** Stops starting changes (those not started are skipped). */
  signal?: AbortSignal;
  onStart?: (change: PlannedChange) => void;
  onFinish?: (change: PlannedChange, result: ApplyResult) => void;
}

function definition(change: PlannedChange, spec: RemoteSpec): RemoteDefinition {
  return { kind: change.kind, spec, protect: false } as RemoteDefinition;
}

/** The HTTP calls of one change (see docs/deploying.md, "What apply sends"). */
export async function applyChange(change: PlannedChange, client: ApplyClient): Promise<void> {
  switch (change.action) {
    case 'create':
      // POST, and PUT when Signals answers 400 because it exists already (the SDKs' flow).
      await client.upsert(definition(change, required(change.body, change)));
      return;
    case 'update':
    case 'publish':
    case 'unpublish':
      // The body carries is_published as it must be after this step.
      await client.update(definition(change, required(change.body, change)));
      return;
    case 'delete': {
      const remote = required(change.remote, change);
      // Signals wants a version unpublished before it is deleted.
      if (remote.is_published) await client.setPublished(definition(change, remote), false);
      await client.remove(change.kind, change.name, change.version);
      return;
    }
  }
}

function required<T>(value: T | undefined, change: PlannedChange): T {
  if (value === undefined) throw new Error(`${change.id} has nothing to send`);
  return value;
}

function resultOf(change: PlannedChange, status: ApplyStatus, error?: string): ApplyResult {
  const result: ApplyResult = { id: change.id, action: change.action, kind: change.kind, name: change.name, address: change.address, status };
  if (change.version !== undefined) result.version = change.version;
  if (error !== undefined) result.error = error;
  return result;
}

export async function applyChanges(changes: readonly PlannedChange[], client: ApplyClient, options: ApplyOptions = {}): Promise<ApplyResult[]> {
  const limit = Math.max(1, options.concurrency ?? 4);
  const results = new Map<string, ApplyResult>();
  const running = new Map<string, Promise<void>>();
  const stages = changes.map((c) => stageOf(c));

  const finish = (change: PlannedChange, result: ApplyResult) => {
    results.set(change.id, result);
    options.onFinish?.(change, result);
  };

  for (;;) {
    let progressed = false;
    for (const [i, change] of changes.entries()) {
      if (results.has(change.id) || running.has(change.id)) continue;
      const blocker = change.depends_on.map((d) => results.get(d)).find((r) => r !== undefined && r.status !== 'done');
      if (blocker) {
        finish(change, resultOf(change, 'skipped', `skipped because ${blocker.id} ${blocker.status === 'failed' ? 'failed' : 'was skipped'}`));
        progressed = true;
        continue;
      }
      if (options.signal?.aborted) {
        finish(change, resultOf(change, 'skipped', 'skipped because apply was interrupted'));
        progressed = true;
        continue;
      }
      const depsDone = change.depends_on.every((d) => results.get(d)?.status === 'done' || !changes.some((c) => c.id === d));
      const earlierDone = changes.slice(0, i).every((c, j) => (stages[j] ?? 0) >= (stages[i] ?? 0) || results.has(c.id));
      if (!depsDone || !earlierDone || running.size >= limit) continue;
      options.onStart?.(change);
      const task = applyChange(change, client).then(
        () => finish(change, resultOf(change, 'done')),
        (error: unknown) => finish(change, resultOf(change, 'failed', error instanceof Error ? error.message : String(error))),
      );
      running.set(
        change.id,
        task.finally(() => running.delete(change.id)),
      );
      progressed = true;
    }
    if (results.size === changes.length) break;
    if (running.size > 0) await Promise.race(running.values());
    else if (!progressed) {
      // Nothing can start (a dependency outside the plan order): report rather than hang.
      for (const change of changes) if (!results.has(change.id)) finish(change, resultOf(change, 'skipped', 'skipped because its dependencies could not run'));
    }
  }
  return changes.map((c) => results.get(c.id) as ApplyResult);
}
