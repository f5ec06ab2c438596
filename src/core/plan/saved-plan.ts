/**
 * The saved plan (`signals plan --out plan.json`): the SPEC plan document plus what apply needs,
 * the wire bodies to send, the fingerprint scope and per-object hashes. It names the target
 * and its URL, never credentials. Reading it back checks every part before apply trusts it.
 */
import { REMOTE_KINDS, type RemoteKind } from '../model.js';
import { fromWire, specToWire, type JsonRecord, type SpecOf } from '../wire.js';
import { planDocument, type PlanChangeDocument, type PlanDocument, type PlanTargetInfo } from './document.js';
import type { ChangeReplay, ReplayInput } from '../replay/types.js';
import { PLAN_ACTIONS, type Finding, type Plan, type PlanAction, type PlannedChange, type RemoteSpec } from './types.js';

export const SAVED_PLAN_FORMAT = 'signals-plan';

export interface SavedPlanMeta {
  format: typeof SAVED_PLAN_FORMAT;
  format_version: 1;
  tool_version: string;
  created_at: string;
  prune: boolean;
  fingerprint_scope: { scope: string[]; names: string[] };
  remote_hashes: Record<string, string>;
}

export interface SavedChangeDocument extends PlanChangeDocument {
  body?: JsonRecord;
  remote?: JsonRecord;
}

export interface SavedPlanDocument extends Omit<PlanDocument, 'changes'> {
  changes: SavedChangeDocument[];
  saved_plan: SavedPlanMeta;
}

export function savedPlanDocument(plan: Plan, target: PlanTargetInfo, meta: { toolVersion: string; createdAt: string; prune: boolean }): SavedPlanDocument {
  const doc = planDocument(plan, target);
  return {
    ...doc,
    changes: doc.changes.map((c, i) => {
      const change = plan.changes[i];
      const saved: SavedChangeDocument = { ...c };
      if (change?.body) saved.body = specToWire(change.kind, change.body as SpecOf<typeof change.kind>);
      if (change?.remote) saved.remote = specToWire(change.kind, change.remote as SpecOf<typeof change.kind>);
      return saved;
    }),
    saved_plan: {
      format: SAVED_PLAN_FORMAT,
      format_version: 1,
      tool_version: meta.toolVersion,
      created_at: meta.createdAt,
      prune: meta.prune,
      fingerprint_scope: plan.fingerprintScope,
      remote_hashes: plan.remoteHashes,
    },
  };
}

export interface LoadedPlan {
  plan: Plan;
  target: PlanTargetInfo;
  meta: SavedPlanMeta;
}

export type ReadSavedPlanResult = { ok: true; value: LoadedPlan } | { ok: false; problems: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Reads a parsed saved-plan JSON value; every problem is reported. */
export function readSavedPlan(value: unknown): ReadSavedPlanResult {
  const problems: string[] = [];
  if (!isRecord(value)) return { ok: false, problems: ['the file is not a JSON object'] };
  const meta = value['saved_plan'];
  if (!isRecord(meta) || meta['format'] !== SAVED_PLAN_FORMAT) {
    return { ok: false, problems: ['it is not a saved plan (no saved_plan section): save one with `signals plan --out plan.json`'] };
  }
  if (meta['format_version'] !== 1) problems.push(`saved plan format_version ${String(meta['format_version'])} is not supported (expected 1)`);
  if (value['schema_version'] !== 1) problems.push('schema_version must be 1');
  const target = typeof value['target'] === 'string' ? value['target'] : undefined;
  const apiUrl = typeof value['api_url'] === 'string' ? value['api_url'] : undefined;
  const fingerprint = typeof value['fingerprint'] === 'string' ? value['fingerprint'] : undefined;
  if (!target) problems.push('target is missing');
  if (!apiUrl) problems.push('api_url is missing');
  if (!fingerprint) problems.push('fingerprint is missing');
  const scope = isRecord(meta['fingerprint_scope']) ? meta['fingerprint_scope'] : undefined;
  if (!scope || !isStringArray(scope['scope']) || !isStringArray(scope['names'])) problems.push('saved_plan.fingerprint_scope is missing or malformed');
  const hashes = meta['remote_hashes'];
  if (!isRecord(hashes) || !Object.values(hashes).every((h) => typeof h === 'string')) problems.push('saved_plan.remote_hashes is missing or malformed');
  const notes = Array.isArray(value['notes']) ? (value['notes'] as unknown[]).filter(isFinding) : [];

  const changes: PlannedChange[] = [];
  if (!Array.isArray(value['changes'])) problems.push('changes must be a list');
  else (value['changes'] as unknown[]).forEach((raw, i) => {
    const change = readChange(raw, `changes[${i}]`, problems);
    if (change) changes.push(change);
  });
  const ids = new Set(changes.map((c) => c.id));
  for (const c of changes) for (const d of c.depends_on) if (!ids.has(d)) problems.push(`${c.id} depends on ${d}, which is not in the plan`);
  if (problems.length > 0 || !target || !apiUrl || !fingerprint || !scope || !isRecord(hashes)) return { ok: false, problems };

  const summary = { create: 0, update: 0, publish: 0, unpublish: 0, delete: 0 };
  for (const c of changes) summary[c.action]++;
  const blocked = changes.some((c) => c.warnings.some((w) => w.severity === 'error')) || notes.some((n) => n.severity === 'error');
  const fingerprintScope = { scope: scope['scope'] as string[], names: scope['names'] as string[] };
  return {
    ok: true,
    value: {
      plan: {
        changes,
        summary,
        notes,
        blocked,
        fingerprint,
        fingerprintScope,
        remoteHashes: hashes as Record<string, string>,
        ...(isRecord(value['replay']) ? { replay: value['replay'] as unknown as ReplayInput } : {}),
      },
      target: { name: target, api_url: apiUrl },
      meta: meta as unknown as SavedPlanMeta,
    },
  };
}

function isFinding(v: unknown): v is Finding {
  return isRecord(v) && (v['severity'] === 'error' || v['severity'] === 'warning' || v['severity'] === 'info') && typeof v['code'] === 'string' && typeof v['message'] === 'string';
}

function readChange(raw: unknown, where: string, problems: string[]): PlannedChange | undefined {
  if (!isRecord(raw)) {
    problems.push(`${where} is not an object`);
    return undefined;
  }
  const action = raw['action'] as PlanAction;
  const kind = raw['kind'] as RemoteKind;
  if (!PLAN_ACTIONS.includes(action)) problems.push(`${where}.action ${String(action)} is not one of ${PLAN_ACTIONS.join(', ')}`);
  if (!REMOTE_KINDS.includes(kind)) problems.push(`${where}.kind ${String(kind)} is not one of ${REMOTE_KINDS.join(', ')}`);
  const name = raw['name'];
  const id = raw['id'];
  const address = raw['address'];
  if (typeof name !== 'string' || typeof id !== 'string' || typeof address !== 'string') {
    problems.push(`${where} needs name, id and address`);
    return undefined;
  }
  if (!PLAN_ACTIONS.includes(action) || !REMOTE_KINDS.includes(kind)) return undefined;
  const spec = (field: 'body' | 'remote'): RemoteSpec | undefined => {
    if (raw[field] === undefined) return undefined;
    const read = fromWire(kind, raw[field]);
    if (read.issues.length > 0 || !read.spec) {
      problems.push(`${where}.${field} is not a valid ${kind}: ${read.issues.map((x) => `${x.loc.join('.')}: ${x.msg}`).join('; ')}`);
      return undefined;
    }
    return read.spec as RemoteSpec;
  };
  const body = spec('body');
  const remote = spec('remote');
  if (action !== 'delete' && body === undefined) problems.push(`${where} (${action}) has no body`);
  if (action === 'delete' && remote === undefined) problems.push(`${where} (delete) has no remote object`);
  const change: PlannedChange = {
    id,
    action,
    kind,
    name,
    address,
    fields: Array.isArray(raw['fields']) ? (raw['fields'] as PlannedChange['fields']) : [],
    warnings: Array.isArray(raw['warnings']) ? (raw['warnings'] as unknown[]).filter(isFinding) : [],
    depends_on: isStringArray(raw['depends_on']) ? raw['depends_on'] : [],
  };
  if (typeof raw['version'] === 'number') change.version = raw['version'];
  if (typeof raw['based_on'] === 'string') change.based_on = raw['based_on'];
  if (body) change.body = body;
  if (remote) change.remote = remote;
  if (typeof raw['file'] === 'string' && typeof raw['line'] === 'number') change.location = { file: raw['file'], line: raw['line'], column: 1 };
  // A replay report is kept for display; apply never acts on it.
  if (isRecord(raw['replay']) && (raw['replay']['kind'] === 'AttributeGroup' || raw['replay']['kind'] === 'Intervention')) change.replay = raw['replay'] as unknown as ChangeReplay;
  return change;
}
