/**
 * `planChanges`: local definitions against the remote state → an ordered list of changes with
 * field diffs and findings. Pure: the caller loads, validates and expands segments first.
 *
 * Identity: attribute keys and services by name, groups and interventions by (name, version).
 * Definitions and `is_published` are compared separately: a publish-only change is `publish`
 * or `unpublish`, never `update`.
 */
import { isVersionedKind, REMOTE_KINDS, type Definition, type Intervention, type RemoteKind } from '../model.js';
import { describeCreate, diffSpecs } from './field-diff.js';
import { addFindings } from './findings.js';
import { fingerprintRemote, remoteAddress, remoteKindName } from './fingerprint.js';
import { ObjectIndex, versionOf } from './object-index.js';
import { linkDependencies, orderChanges } from './order.js';
import { isBuiltinKey, referencesOf, segmentLeaves } from './references.js';
import { inScope } from './scope.js';
import type { FieldChange, Finding, Plan, PlanAction, PlannedChange, RemoteObject, RemoteSpec, RemoteState } from './types.js';

export interface PlanInput {
  /** Validated local definitions with segments expanded (Segment definitions are ignored). */
  local: readonly Definition[];
  remote: RemoteState;
  /** `scope:` globs from the configuration. */
  scope: readonly string[];
  /** Delete remote objects in scope that are not defined locally. */
  prune: boolean;
}

const KIND_ORDER = new Map<RemoteKind, number>(REMOTE_KINDS.map((k, i) => [k, i]));

function byIdentity(a: RemoteObject, b: RemoteObject): number {
  return (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) || a.spec.name.localeCompare(b.spec.name) || versionOf(a) - versionOf(b);
}

function makeChange(action: PlanAction, object: RemoteObject, fields: FieldChange[], body?: RemoteSpec): PlannedChange {
  const address = remoteAddress(object);
  const change: PlannedChange = { id: `${action} ${address}`, action, kind: object.kind, name: object.spec.name, address, fields, warnings: [], depends_on: [] };
  if (isVersionedKind(object.kind)) change.version = versionOf(object);
  if (body !== undefined) change.body = body;
  if (object.location) change.location = object.location;
  return change;
}

const publishField = (before: boolean, after: boolean): FieldChange => ({ path: 'is_published', before, after });

export function planChanges(input: PlanInput): Plan {
  const notes: Finding[] = [];
  const localObjects: RemoteObject[] = [];
  for (const def of input.local) {
    if (def.kind === 'Segment') continue;
    if (def.kind === 'AttributeKey' && isBuiltinKey(def.spec.name)) {
      notes.push({ severity: 'info', code: 'builtin-key', message: `AttributeKey ${def.spec.name} is built into Signals and is never published` });
      continue;
    }
    localObjects.push({ kind: def.kind, spec: def.spec, protect: def.protect, ...(def.location ? { location: def.location } : {}) });
  }
  localObjects.sort(byIdentity);
  const local = new ObjectIndex(localObjects);
  const before = new ObjectIndex(input.remote.objects);
  const changes: PlannedChange[] = [];

  for (const object of localObjects) changes.push(...changesFor(object, before.getAddress(remoteAddress(object)), local, before));

  // Remote objects with no local definition: deleted with --prune when in scope.
  const unmanaged: string[] = [];
  for (const object of [...input.remote.objects].sort(byIdentity)) {
    const address = remoteAddress(object);
    if (local.getAddress(address) || (object.kind === 'AttributeKey' && isBuiltinKey(object.spec.name))) continue;
    if (!inScope(input.scope, object.kind, object.spec.name)) continue;
    if (!input.prune) {
      unmanaged.push(address);
      continue;
    }
    if (object.protect) {
      notes.push({ severity: 'info', code: 'protected', message: `${address} is protected (protect: true) and is kept although it is not defined here` });
      continue;
    }
    const change = makeChange('delete', object, object.spec.is_published ? [publishField(true, false)] : []);
    change.remote = object.spec;
    changes.push(change);
  }
  if (unmanaged.length > 0) {
    notes.push({
      severity: 'info',
      code: 'not-managed',
      message: `${unmanaged.length} object${unmanaged.length === 1 ? '' : 's'} in scope ${unmanaged.length === 1 ? 'is' : 'are'} in the target but not defined here: ${unmanaged.join(', ')}`,
      hint: 'plan with --prune to delete them, or pull them into the repository',
    });
  }
  if (input.prune && input.scope.length === 0) {
    notes.push({ severity: 'info', code: 'prune-without-scope', message: '--prune deletes nothing: no scope is configured', hint: "add scope: ['*'] (or narrower name globs) to signals.config.yaml" });
  }

  // The target as it will be once the plan is applied.
  const deleted = new Set(changes.filter((c) => c.action === 'delete').map((c) => c.address));
  const after = new ObjectIndex(input.remote.objects.filter((o) => !deleted.has(remoteAddress(o))));
  for (const object of localObjects) after.add(object);

  for (const change of changes) protectionFinding(change, local, before);
  addFindings({ before, after, local, changes, deleted, notes });
  linkDependencies(changes, before);
  const ordered = orderChanges(changes);

  const names = new Set<string>();
  for (const object of localObjects) {
    names.add(remoteKindName(object));
    for (const ref of referencesOf(object.kind, object.spec)) names.add(`${ref.kind}/${ref.name}`);
  }
  const fingerprintScope = { scope: [...input.scope], names: [...names].sort() };
  const { fingerprint, hashes } = fingerprintRemote(input.remote.objects, fingerprintScope);
  const summary = { create: 0, update: 0, publish: 0, unpublish: 0, delete: 0 };
  for (const change of ordered) summary[change.action]++;
  const blocked = ordered.some((c) => c.warnings.some((w) => w.severity === 'error')) || notes.some((n) => n.severity === 'error');
  return { changes: ordered, summary, notes, blocked, fingerprint, fingerprintScope, remoteHashes: hashes };
}

/** The changes that turn `remote` (maybe absent) into `object`. */
function changesFor(object: RemoteObject, remote: RemoteObject | undefined, local: ObjectIndex, before: ObjectIndex): PlannedChange[] {
  const leftover = object.kind === 'Intervention' ? segmentLeaves((object.spec as Intervention).criteria) : [];
  const unexpanded = (change: PlannedChange) => {
    if (leftover.length > 0) {
      change.warnings.push({ severity: 'error', code: 'unexpanded-segment', message: `criteria still reference segment ${leftover.join(', ')}; segments are never sent to Signals`, hint: 'define the segment so it can be expanded into plain criteria' });
    }
    return change;
  };
  if (!remote) {
    // A new version reads best as what changed from the version before it.
    const base = isVersionedKind(object.kind) ? previousVersion(object, before) ?? previousVersion(object, local) : undefined;
    if (!base) return [unexpanded(makeChange('create', object, describeCreate(object.kind, object.spec), object.spec))];
    const change = makeChange('create', object, diffSpecs(object.kind, base.spec, object.spec), object.spec);
    change.based_on = remoteAddress(base);
    return [unexpanded(change)];
  }

  const fields = diffSpecs(object.kind, remote.spec, object.spec);
  const was = remote.spec.is_published;
  const want = object.spec.is_published;
  if (fields.length === 0) {
    if (was === want) return [];
    return [makeChange(want ? 'publish' : 'unpublish', object, [publishField(was, want)], object.spec)];
  }
  if (!was) {
    const update = unexpanded(makeChange('update', object, fields, { ...object.spec, is_published: false }));
    if (!want) return [update];
    const publish = makeChange('publish', object, [publishField(false, true)], object.spec);
    publish.depends_on.push(update.id);
    return [update, publish];
  }
  if (!want) {
    // Unpublish the version as the target holds it, then edit it while unpublished.
    const unpublish = makeChange('unpublish', object, [publishField(true, false)], { ...remote.spec, is_published: false });
    const update = unexpanded(makeChange('update', object, fields, object.spec));
    update.depends_on.push(unpublish.id);
    return [unpublish, update];
  }
  const update = unexpanded(makeChange('update', object, fields, object.spec));
  if (isVersionedKind(object.kind)) {
    const versions = [...local.versions(object.kind, object.spec.name), ...before.versions(object.kind, object.spec.name)].map(versionOf);
    const next = Math.max(...versions) + 1;
    update.warnings.push({
      severity: 'error',
      code: 'published-version-changed',
      message: `${update.address} is published and Signals does not allow editing a published version`,
      hint: `publish the change as version ${next} (the next free version of ${object.spec.name}), or set is_published: false to unpublish ${object.spec.name}@${versionOf(object)} and edit it (its values stop updating while unpublished)`,
    });
  }
  return [update];
}

/** The highest version of the same name below `object`'s. */
function previousVersion(object: RemoteObject, index: ObjectIndex): RemoteObject | undefined {
  return index.versions(object.kind, object.spec.name).filter((o) => versionOf(o) < versionOf(object)).at(-1);
}

/** `protect: true` (in the repository or on the target) forbids unpublish and delete. */
function protectionFinding(change: PlannedChange, local: ObjectIndex, before: ObjectIndex): void {
  if (change.action !== 'unpublish' && change.action !== 'delete') return;
  const isProtected = Boolean(local.getAddress(change.address)?.protect || before.getAddress(change.address)?.protect);
  if (!isProtected) return;
  change.warnings.push({
    severity: 'error',
    code: 'protected',
    message: `${change.address} is protected (protect: true); signals never ${change.action === 'delete' ? 'deletes' : 'unpublishes'} it`,
    hint: `remove protect: true from its definition first if you really mean to ${change.action} it`,
  });
}
