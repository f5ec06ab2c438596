/**
 * Runs a plan's changes against the target: in plan order, independent changes concurrently
 * (bounded), never a change before its dependencies succeeded nor before every earlier change of
 * a lower stage (keys → groups → services → interventions, then removals in reverse) finished.
 * A failure does not stop independent work; the changes that depend on it are skipped. Every
 * change ends done, failed or skipped, so a re-run of the plan converges.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import type { PlanTargetInfo } from '../core/plan/document.js';
import { compareFingerprints, fingerprintRemote } from '../core/plan/fingerprint.js';
import { stageOf } from '../core/plan/order.js';
import { readSavedPlan, type LoadedPlan } from '../core/plan/saved-plan.js';
import type { Plan, PlannedChange, RemoteSpec } from '../core/plan/types.js';
import type { RemoteDefinition } from '../core/wire.js';
import { FailureError, RefusedError, StalePlanError, UsageError } from '../errors.js';
import type { SignalsClient } from '../io/signals-client.js';
import { makePlan, openTarget, targetInfo, type PlanRequest } from './plan.js';
import { fetchRemoteState } from './remote-state.js';
import type { Target } from './target.js';

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

// ---------------------------------------------------------------- preparing an apply

/** A plan ready to apply: fresh, or saved and checked against the target. */
export interface PreparedApply {
  plan: Plan;
  target: Target;
  targetInfo: PlanTargetInfo;
  client: SignalsClient;
  /** The saved plan file, when one was given. */
  planFile?: string;
  diagnostics: Diagnostic[];
}

export interface ApplyRequest extends Omit<PlanRequest, 'prune'> {
  /** A plan saved with `signals plan --out`. */
  planFile?: string;
  prune: boolean;
  cwd: string;
}

/** Reads a saved plan file; a missing or damaged file is a usage error (exit 4). */
export async function readPlanFile(file: string, cwd: string): Promise<LoadedPlan> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError('plan-file-unreadable', code === 'ENOENT' ? `plan file ${file} does not exist` : `cannot read plan file ${file}: ${(error as Error).message}`, {
      hint: 'save a plan with `signals plan --out plan.json`',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError('plan-file-invalid', `plan file ${file} is not JSON: ${(error as Error).message}`);
  }
  const read = readSavedPlan(json);
  if (!read.ok) {
    throw new UsageError('plan-file-invalid', `${file} is not a usable saved plan: ${read.problems.slice(0, 3).join('; ')}${read.problems.length > 3 ? ` (and ${read.problems.length - 3} more)` : ''}`);
  }
  return read.value;
}

/**
 * The plan to apply. A saved plan must be for the same target URL, and the target must still be
 * in the state it was planned against (same fingerprint), else it is stale (exit 5).
 */
export async function prepareApply(request: ApplyRequest): Promise<PreparedApply> {
  if (request.planFile === undefined) {
    const result = await makePlan(request);
    return { plan: result.plan, target: result.target, targetInfo: result.targetInfo, client: result.client, diagnostics: result.diagnostics };
  }
  const saved = await readPlanFile(request.planFile, request.cwd);
  const { target, client } = openTarget(request);
  if (target.apiUrl !== saved.target.api_url) {
    throw new UsageError('plan-target-mismatch', `${request.planFile} was planned against ${saved.target.name} (${saved.target.api_url}), not target ${target.name} (${target.apiUrl})`, {
      hint: `apply it with --target ${saved.target.name}, or plan again for ${target.name}`,
    });
  }
  if (request.prune && !saved.meta.prune) {
    throw new UsageError('plan-prune-mismatch', `${request.planFile} was planned without --prune; a saved plan is applied exactly as it was made`, { hint: 'plan again with --prune --out' });
  }
  request.onStep?.(`Checking target ${target.name} against ${request.planFile}`);
  const snapshot = await fetchRemoteState(client);
  const current = fingerprintRemote(snapshot.state.objects, saved.plan.fingerprintScope);
  if (current.fingerprint !== saved.plan.fingerprint) {
    const drift = compareFingerprints(saved.plan.remoteHashes, current.hashes);
    const parts = [
      drift.changed.length ? `changed: ${drift.changed.join(', ')}` : '',
      drift.added.length ? `new: ${drift.added.join(', ')}` : '',
      drift.removed.length ? `gone: ${drift.removed.join(', ')}` : '',
    ].filter(Boolean);
    throw new StalePlanError(`${request.planFile} is stale: target ${target.name} changed since it was planned (${parts.join('; ') || 'different objects'})`, {
      hint: 'plan again (`signals plan --out ...`), review, and apply the new plan',
      meta: { changed: drift.changed, added: drift.added, removed: drift.removed },
    });
  }
  return { plan: saved.plan, target, targetInfo: targetInfo(target), client, planFile: request.planFile, diagnostics: [] };
}

export interface ApplyGate {
  yes: boolean;
  allowDeletes: boolean;
  /** A person can answer a prompt. */
  interactive: boolean;
}

/**
 * Refuses what must not run: a blocked plan (exit 1), deletions without --allow-deletes and no
 * way to confirm (exit 6). Returns whether a confirmation prompt is needed.
 */
export function checkApplyAllowed(prepared: Pick<PreparedApply, 'plan' | 'targetInfo'>, gate: ApplyGate): { needsConfirmation: boolean } {
  const { plan } = prepared;
  if (plan.blocked) {
    const first = [...plan.changes.flatMap((c) => c.warnings.map((w) => ({ w, c: c.address as string | undefined }))), ...plan.notes.map((w) => ({ w, c: undefined }))].find((x) => x.w.severity === 'error');
    throw new FailureError('plan-blocked', `the plan cannot be applied: ${first ? `${first.c ? `${first.c}: ` : ''}${first.w.message}` : 'it has errors'}`, {
      ...(first?.w.hint ? { hint: first.w.hint } : {}),
    });
  }
  const deletes = plan.changes.filter((c) => c.action === 'delete');
  if (deletes.length > 0 && !gate.allowDeletes) {
    throw new RefusedError('deletes-not-allowed', `the plan deletes ${deletes.length} object${deletes.length === 1 ? '' : 's'} (${deletes.map((c) => c.address).join(', ')}); deletions need --allow-deletes`, {
      hint: 'review the deletions, then add --allow-deletes',
    });
  }
  if (gate.yes) return { needsConfirmation: false };
  if (!gate.interactive) {
    throw new RefusedError('confirmation-required', `applying ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} to target ${prepared.targetInfo.name} needs confirmation, and there is no terminal to ask on`, {
      hint: 'add --yes to apply without asking',
    });
  }
  return { needsConfirmation: true };
}
