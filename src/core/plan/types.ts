/**
 * The plan: what `apply` would change in a Signals target, as data. Built by `planChanges`
 * (pure), rendered by `src/cli/render/plan*.ts`, executed by `src/app/apply.ts`.
 */
import type { AttributeGroup, AttributeKey, Intervention, RemoteKind, Service, SourceLocation } from '../model.js';
import type { ChangeReplay, ReplayInput } from '../replay/types.js';

export type PlanAction = 'create' | 'update' | 'publish' | 'unpublish' | 'delete';
export const PLAN_ACTIONS: readonly PlanAction[] = ['create', 'update', 'publish', 'unpublish', 'delete'];

/** The canonical spec of an object that exists in Signals. */
export type RemoteSpec = AttributeKey | AttributeGroup | Service | Intervention;

/** A definition of one of the kinds Signals stores (segments are never sent). */
export interface RemoteObject {
  kind: RemoteKind;
  spec: RemoteSpec;
  /** `protect: true`: this tool never unpublishes or deletes it. */
  protect: boolean;
  /** Where the definition is, when it came from a file. */
  location?: SourceLocation;
}

/** What the target holds, already converted to the canonical model (read-only fields dropped). */
export interface RemoteState {
  objects: RemoteObject[];
}

/** One changed field. `before` absent = added (`+`), `after` absent = removed (`-`), both = changed (`~`). */
export interface FieldChange {
  /** `attributes[page_view_count].criteria.all[0].value`: named list items are addressed by name. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export type FindingSeverity = 'error' | 'warning' | 'info';

/**
 * A Signals-aware observation about a change. `error` findings block `apply` (exit 1): Signals
 * would refuse the change, or it would break something that stays.
 */
export interface Finding {
  severity: FindingSeverity;
  /** Stable kebab-case code, documented in docs/deploying.md. */
  code: string;
  message: string;
  hint?: string;
}

export interface PlannedChange {
  /** `update AttributeGroup/travel_view@1`: unique within a plan. */
  id: string;
  action: PlanAction;
  kind: RemoteKind;
  name: string;
  version?: number;
  /** `kind/name` or `kind/name@version`. */
  address: string;
  /**
   * For a create: the fields of the whole new object, or, when it is a new version of a group or
   * intervention, what differs from `based_on`.
   */
  fields: FieldChange[];
  /** A new version's fields are relative to this version (`AttributeGroup/travel_view@1`). */
  based_on?: string;
  warnings: Finding[];
  /** Ids of the changes that must succeed before this one runs. */
  depends_on: string[];
  /**
   * The canonical object to send (POST for create, PUT otherwise), with `is_published` as it
   * must be after this step. Absent for delete.
   */
  body?: RemoteSpec;
  /** For delete: the object as the target holds it (to unpublish before deleting). */
  remote?: RemoteSpec;
  /** Where the local definition is, for annotations. */
  location?: SourceLocation;
  /** `plan --replay`: how the change alters behaviour on the replayed events. */
  replay?: ChangeReplay;
}

export interface PlanSummary {
  create: number;
  update: number;
  publish: number;
  unpublish: number;
  delete: number;
}

/**
 * Which remote objects a plan's fingerprint covers: every object when `scope` is empty,
 * otherwise those matching `scope` plus every `kind/name` the plan's definitions name or
 * reference. Saved with the plan so `apply` can recompute it without the definitions.
 */
export interface FingerprintScope {
  scope: string[];
  names: string[];
}

export interface Plan {
  changes: PlannedChange[];
  summary: PlanSummary;
  /** Findings not tied to one change (e.g. protected objects kept out of a prune). */
  notes: Finding[];
  /** Whether an error finding blocks apply. */
  blocked: boolean;
  /** `sha256:<hex>` of the normalised remote objects in `fingerprintScope`. */
  fingerprint: string;
  fingerprintScope: FingerprintScope;
  /** Short hash per remote object address in the fingerprint, to say what changed when stale. */
  remoteHashes: Record<string, string>;
  /** `plan --replay`: the events replayed and the segments whose membership changes. */
  replay?: ReplayInput;
}
