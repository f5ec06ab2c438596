/**
 * Dependencies between changes and their deterministic order: attribute keys → groups →
 * services → interventions for create/update/publish, the reverse for unpublish/delete, and
 * explicit edges where one change needs another (a group needs its new key; a version cannot be
 * unpublished while a service still pins it; an edit of a published version waits for its
 * unpublish).
 */
import type { RemoteKind } from '../model.js';
import { remoteAddress } from './fingerprint.js';
import type { ObjectIndex } from './object-index.js';
import { referencesOf } from './references.js';
import type { PlanAction, PlannedChange } from './types.js';

const KIND_RANK: Record<RemoteKind, number> = { AttributeKey: 0, AttributeGroup: 1, Service: 2, Intervention: 3 };
const ACTION_RANK: Record<PlanAction, number> = { create: 0, update: 1, publish: 2, unpublish: 3, delete: 4 };

export function isRemoval(action: PlanAction): boolean {
  return action === 'unpublish' || action === 'delete';
}

/**
 * The stage of a change: 0-3 for create/update/publish by kind, 4-7 for unpublish/delete in
 * reverse kind order. Apply never starts a change before every earlier change of a lower
 * stage has finished.
 */
export function stageOf(change: Pick<PlannedChange, 'action' | 'kind'>): number {
  return isRemoval(change.action) ? 7 - KIND_RANK[change.kind] : KIND_RANK[change.kind];
}

function sortKey(change: PlannedChange): string {
  return [stageOf(change), change.name, String(change.version ?? 0).padStart(8, '0'), ACTION_RANK[change.action]].join('\u0000');
}

/** Adds reference edges to `depends_on` (explicit edges set by the planner are kept). */
export function linkDependencies(changes: PlannedChange[], before: ObjectIndex): void {
  const byAddress = new Map<string, PlannedChange[]>();
  for (const change of changes) byAddress.set(change.address, [...(byAddress.get(change.address) ?? []), change]);
  const add = (change: PlannedChange, dep: PlannedChange) => {
    if (dep !== change && !change.depends_on.includes(dep.id)) change.depends_on.push(dep.id);
  };

  for (const change of changes) {
    if (!isRemoval(change.action) && change.body) {
      // Needs what it refers to created or published first.
      for (const ref of referencesOf(change.kind, change.body)) {
        for (const dep of changes) {
          if (dep.kind !== ref.kind || dep.name !== ref.name) continue;
          if (ref.version !== undefined && dep.version !== ref.version) continue;
          if (dep.action === 'create' || dep.action === 'publish') add(change, dep);
        }
      }
    }
    if (isRemoval(change.action)) {
      // Waits for whatever used it in the target to let go (repoint, unpublish or delete).
      for (const user of before.all()) {
        const uses = referencesOf(user.kind, user.spec).some(
          (ref) => ref.kind === change.kind && ref.name === change.name && (ref.version === undefined || ref.version === change.version),
        );
        if (!uses) continue;
        for (const dep of byAddress.get(remoteAddress(user)) ?? []) {
          if (dep.action === 'update' || isRemoval(dep.action)) add(change, dep);
        }
      }
    }
  }
  for (const change of changes) change.depends_on.sort();
}

/** Topological order, ties broken by stage, name, version and action: the same plan always prints the same way. */
export function orderChanges(changes: PlannedChange[]): PlannedChange[] {
  const byId = new Map(changes.map((c) => [c.id, c]));
  const remaining = new Map(changes.map((c) => [c.id, new Set(c.depends_on.filter((d) => byId.has(d)))]));
  const ordered: PlannedChange[] = [];
  const keyed = changes.map((c) => ({ change: c, key: sortKey(c) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  while (ordered.length < changes.length) {
    const ready = keyed.find(({ change }) => remaining.get(change.id)?.size === 0 && !ordered.includes(change));
    // A cycle cannot come from a valid plan; fall back to the sort order rather than loop forever.
    const next = ready ?? keyed.find(({ change }) => !ordered.includes(change));
    if (!next) break;
    ordered.push(next.change);
    for (const deps of remaining.values()) deps.delete(next.change.id);
  }
  return ordered;
}
