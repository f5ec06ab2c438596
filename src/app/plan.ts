/**
 * `signals plan`: load and validate the local definitions, resolve the target, read what it
 * holds, and plan the changes. Returns data; the CLI renders it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { expandSegments, hasSegmentReferences } from '../core/definitions/segments.js';
import { definitionAddress, type Definition, type SegmentDefinition } from '../core/model.js';
import type { PlanTargetInfo } from '../core/plan/document.js';
import { planChanges } from '../core/plan/planner.js';
import { savedPlanDocument, type SavedPlanDocument } from '../core/plan/saved-plan.js';
import type { Plan, RemoteState } from '../core/plan/types.js';
import { FailureError, UsageError } from '../errors.js';
import type { RequestLogEntry, SignalsClient } from '../io/signals-client.js';
import { loadDefinitions } from '../io/definitions.js';
import { fetchRemoteState, unreadableFindings } from './remote-state.js';
import type { Settings } from './settings.js';
import { createSignalsClient, resolveTarget, targetSecrets, type Target } from './target.js';

/** Local definitions have errors: exit 1, with the diagnostics to print. */
export class DefinitionsInvalidError extends FailureError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    super('definitions-invalid', `the definitions have ${errors} error${errors === 1 ? '' : 's'}; nothing was planned`, { hint: 'fix them (see `signals validate`) and plan again' });
    this.diagnostics = diagnostics;
  }
}

export interface PlanRequest {
  settings: Settings;
  prune: boolean;
  /** This tool's version (sent to the API, recorded in saved plans). */
  version: string;
  signal?: AbortSignal;
  /** Called with the target's credentials as soon as they are known, before any request. */
  onSecrets?: (secrets: string[]) => void;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Progress messages for a spinner. */
  onStep?: (text: string) => void;
}

export interface PlanResult {
  plan: Plan;
  target: Target;
  targetInfo: PlanTargetInfo;
  client: SignalsClient;
  definitions: Definition[];
  /** What the target held when the plan was made. */
  remote: RemoteState;
  /** Warnings from loading and validating the definitions. */
  diagnostics: Diagnostic[];
  /** Unknown fields the target returned (for --verbose). */
  ignoredRemoteFields: string[];
}

/**
 * The project's definitions, loaded and validated (every diagnostic, errors included). When they
 * are valid, intervention `{segment}` leaves are expanded into plain criteria: Signals knows no
 * segments, so plans compare and send the expanded form.
 */
export async function loadLocalDefinitions(settings: Pick<Settings, 'cwd' | 'definitions'>, paths?: readonly string[]): Promise<{ definitions: Definition[]; diagnostics: Diagnostic[] }> {
  const loaded = await loadDefinitions({ cwd: settings.cwd, paths: paths ?? settings.definitions });
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return { definitions: loaded.definitions, diagnostics: loaded.diagnostics };
  return { definitions: expandInterventionSegments(loaded.definitions), diagnostics: loaded.diagnostics };
}

export function expandInterventionSegments(definitions: readonly Definition[]): Definition[] {
  const segments = definitions.filter((d): d is SegmentDefinition => d.kind === 'Segment');
  return definitions.map((d) =>
    d.kind === 'Intervention' && hasSegmentReferences(d.spec.criteria) ? { ...d, spec: { ...d.spec, criteria: expandSegments(d.spec, segments) } } : d,
  );
}

/** The target a command will talk to, its secrets registered before anything else happens. */
export function openTarget(request: Pick<PlanRequest, 'settings' | 'version' | 'signal' | 'onSecrets' | 'onRequest'>): { target: Target; client: SignalsClient } {
  const target = resolveTarget(request.settings);
  request.onSecrets?.(targetSecrets(target));
  const client = createSignalsClient(target, {
    version: request.version,
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onRequest ? { onRequest: request.onRequest } : {}),
  });
  return { target, client };
}

export function targetInfo(target: Target): PlanTargetInfo {
  return { name: target.name, api_url: target.apiUrl };
}

export async function makePlan(request: PlanRequest): Promise<PlanResult> {
  const { settings } = request;
  if (request.prune && settings.scope.length === 0) {
    throw new UsageError('prune-needs-scope', '--prune needs a scope: the name globs of the remote objects this repository manages', {
      hint: "add scope: ['*'] (everything) or narrower globs such as ['travel_*'] to signals.config.yaml",
    });
  }
  request.onStep?.('Reading definitions');
  const local = await loadLocalDefinitions(settings);
  if (local.diagnostics.some((d) => d.severity === 'error')) throw new DefinitionsInvalidError(local.diagnostics);

  const { target, client } = openTarget(request);
  request.onStep?.(`Reading target ${target.name}`);
  const snapshot = await fetchRemoteState(client);
  const plan = planChanges({ local: local.definitions, remote: snapshot.state, scope: settings.scope, prune: request.prune });
  if (snapshot.invalid.length > 0) {
    const addresses = new Set(local.definitions.filter((d) => d.kind !== 'Segment').map((d) => definitionAddress(d)));
    const findings = unreadableFindings(snapshot.invalid, addresses);
    plan.notes.push(...findings);
    if (findings.some((f) => f.severity === 'error')) plan.blocked = true;
  }
  return {
    plan,
    target,
    targetInfo: targetInfo(target),
    client,
    definitions: local.definitions,
    remote: snapshot.state,
    diagnostics: local.diagnostics,
    ignoredRemoteFields: snapshot.ignored,
  };
}

/** Writes a saved plan (SPEC plan document + what apply needs; never credentials). */
export async function writePlanFile(
  file: string,
  cwd: string,
  result: Pick<PlanResult, 'plan' | 'targetInfo'>,
  meta: { version: string; now: Date; prune: boolean; redact?: (text: string) => string },
): Promise<{ path: string; document: SavedPlanDocument }> {
  const document = savedPlanDocument(result.plan, result.targetInfo, { toolVersion: meta.version, createdAt: meta.now.toISOString(), prune: meta.prune });
  const target = path.resolve(cwd, file);
  // Plans hold definitions only; redaction is a second line of defence.
  const text = (meta.redact ?? ((t: string) => t))(JSON.stringify(document, null, 2) + '\n');
  try {
    await writeFile(target, text, 'utf8');
  } catch (error) {
    throw new FailureError('plan-file-unwritable', `cannot write ${file}: ${(error as Error).message}`);
  }
  return { path: target, document };
}
