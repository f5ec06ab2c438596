/**
 * Signals-aware findings on a plan: what Signals would refuse, and what a change does that a
 * reviewer should know (a new version starts empty, a service still pins the old version, an
 * intervention loses an attribute, a deletion breaks a reference). `error` findings block apply.
 */
import { didYouMean } from '../diagnostics.js';
import { humanDuration, parseDuration } from '../duration.js';
import { groupSource, type AttributeGroup, type Intervention, type RemoteKind, type Service } from '../model.js';
import type { ObjectIndex } from './object-index.js';
import { referencesOf, ruleLeaves, type Reference } from './references.js';
import type { Finding, PlannedChange, RemoteObject } from './types.js';

export interface FindingContext {
  before: ObjectIndex;
  after: ObjectIndex;
  /** Local definitions (remote kinds only). */
  local: ObjectIndex;
  changes: PlannedChange[];
  /** Addresses deleted by the plan. */
  deleted: ReadonlySet<string>;
  notes: Finding[];
}

const label = (kind: RemoteKind, name: string, version?: number) => `${kind} ${name}${version !== undefined ? `@${version}` : ''}`;
const refLabel = (ref: Reference) => `${ref.name}${ref.version !== undefined ? `@${ref.version}` : ''}`;

export function addFindings(ctx: FindingContext): void {
  for (const change of ctx.changes) {
    if (change.action === 'create' || change.action === 'publish') {
      newVersionFindings(ctx, change);
    }
    if (change.action !== 'delete') brokenReferenceFindings(ctx, change);
    if (change.action === 'delete' || change.action === 'unpublish') inUseFindings(ctx, change);
  }
  removedAttributeFindings(ctx);
}

/** A published group version starts empty; services may still pin an older one; old interventions keep firing. */
function newVersionFindings(ctx: FindingContext, change: PlannedChange): void {
  const body = change.body;
  if (!body?.is_published) return;
  if (change.kind === 'AttributeGroup') {
    const group = body as AttributeGroup;
    const older = ctx.before.versions('AttributeGroup', group.name).filter((o) => (o.spec as AttributeGroup).version !== group.version);
    if (groupSource(group) !== 'external' && group.backfill_since_tstamp === undefined) {
      const periods = (group.attributes ?? []).map((a) => (a.period ? parseDuration(a.period) : undefined));
      const longest = Math.max(0, ...periods.filter((p): p is number => p !== undefined));
      const lifetime = periods.some((p) => p === undefined);
      const carried = older.length > 0 ? ` Values of ${older.map((o) => `${group.name}@${(o.spec as AttributeGroup).version}`).join(', ')} are not carried over.` : '';
      const fill = longest > 0 ? `windowed attributes fill up over ${humanDuration(longest)}${lifetime ? '; lifetime attributes count only from publish time' : ''}` : 'attributes count only from publish time';
      change.warnings.push({
        severity: 'warning',
        code: 'starts-empty',
        message: `${group.name}@${group.version} starts empty: Signals computes attributes from events that arrive after it is published, history is not backdated.${carried}`,
        hint: `set backfill_since_tstamp to compute from warehouse history; otherwise ${fill}`,
      });
    }
    const newest = Math.max(...ctx.after.versions('AttributeGroup', group.name).filter((o) => o.spec.is_published).map((o) => (o.spec as AttributeGroup).version));
    if (group.version !== newest) return;
    for (const service of ctx.after.all('Service')) {
      const links = (service.spec as Service).attribute_groups.filter((l) => l.name === group.name);
      if (links.length === 0 || links.some((l) => l.version === group.version)) continue;
      const local = ctx.local.get('Service', service.spec.name) !== undefined;
      change.warnings.push({
        severity: 'warning',
        code: 'service-pins-old-version',
        message: `Service ${service.spec.name} still pins ${links.map((l) => `${l.name}@${l.version}`).join(', ')}, so it keeps serving the old version`,
        hint: `point ${service.spec.name} at ${group.name}@${group.version}${local ? '' : ` (it is not defined in this repository: pull it or define it)`}`,
      });
    }
  } else if (change.kind === 'Intervention') {
    const intervention = body as Intervention;
    const others = ctx.after.versions('Intervention', intervention.name).filter((o) => o.spec.is_published && (o.spec as Intervention).version !== intervention.version);
    for (const other of others) {
      const v = (other.spec as Intervention).version;
      change.warnings.push({
        severity: 'warning',
        code: 'previous-version-published',
        message: `${intervention.name}@${v} stays published, so both versions fire`,
        hint: `set is_published: false on ${intervention.name}@${v}, or remove it and plan with --prune`,
      });
    }
  }
}

/** References to objects neither the repository nor the target has, or to unpublished versions. */
function brokenReferenceFindings(ctx: FindingContext, change: PlannedChange): void {
  const body = change.body;
  if (!body) return;
  for (const ref of dedupe(referencesOf(change.kind, body))) {
    const candidates = ctx.after.versions(ref.kind, ref.name);
    const deleted = ctx.deleted.has(`${ref.kind}/${ref.name}${ref.version !== undefined ? `@${ref.version}` : ''}`);
    const target = ref.version !== undefined ? candidates.find((o) => (o.spec as { version: number }).version === ref.version) : candidates.at(-1);
    if (target === undefined) {
      if (deleted) continue; // reported on the deletion
      const known = candidates.map((o) => `${ref.name}@${(o.spec as { version: number }).version}`);
      const guess = known.length === 0 ? didYouMean(ref.name, ctx.after.names(ref.kind)) : undefined;
      change.warnings.push({
        severity: 'error',
        code: 'unknown-reference',
        message: `${ref.via} refers to ${ref.kind} ${refLabel(ref)}, which neither this repository nor the target has`,
        hint: known.length > 0 ? `available: ${known.join(', ')}` : guess ? `did you mean ${guess}?` : `define ${ref.kind} ${ref.name} in this repository`,
      });
      continue;
    }
    if (!body.is_published || ref.kind !== 'AttributeGroup') continue;
    if (ref.version !== undefined && !target.spec.is_published) {
      change.warnings.push({
        severity: 'warning',
        code: 'references-unpublished',
        message: `${ref.via} pins ${refLabel(ref)}, which is not published`,
        hint: `publish ${refLabel(ref)} (is_published: true) or pin a published version`,
      });
    } else if (ref.version === undefined && !candidates.some((o) => o.spec.is_published)) {
      change.warnings.push({
        severity: 'warning',
        code: 'references-unpublished',
        message: `criteria read ${ref.name}, which has no published version, so ${change.name} can never match`,
        hint: `publish a version of ${ref.name}`,
      });
    }
  }
}

/** Deleting or unpublishing something that stays in use. */
function inUseFindings(ctx: FindingContext, change: PlannedChange): void {
  const users: { object: RemoteObject; ref: Reference }[] = [];
  for (const object of ctx.after.all()) {
    if (change.action === 'unpublish' && !object.spec.is_published) continue;
    for (const ref of referencesOf(object.kind, object.spec)) {
      if (ref.kind !== change.kind || ref.name !== change.name) continue;
      if (ref.version !== undefined && ref.version !== change.version) continue;
      if (ref.version === undefined) {
        // Criteria read the latest published version that has the attribute; another may remain.
        const remaining = ctx.after.versions('AttributeGroup', ref.name).filter((o) => o.spec.is_published && (o.spec as AttributeGroup).version !== change.version);
        if (remaining.length > 0) continue;
      }
      users.push({ object, ref });
    }
  }
  const verb = change.action === 'delete' ? 'deleting' : 'unpublishing';
  for (const { object, ref } of dedupeUsers(users)) {
    const user = label(object.kind, object.spec.name, (object.spec as { version?: number }).version);
    if (object.kind === 'Intervention' && ref.via === 'criteria') {
      change.warnings.push({
        severity: change.action === 'delete' ? 'error' : 'warning',
        code: 'in-use',
        message: `${user} reads ${change.name}; ${verb} ${change.address} unpublishes it in Signals`,
        hint: `remove or change ${user} in the same change`,
      });
      continue;
    }
    change.warnings.push({
      severity: 'error',
      code: 'in-use',
      message: `${user} still uses ${change.address} (${ref.via}); Signals refuses ${verb} it`,
      hint: `remove it from ${user} first (or keep ${change.address})`,
    });
  }
}

/** Interventions that read an attribute no published version of its group keeps. */
function removedAttributeFindings(ctx: FindingContext): void {
  for (const object of ctx.after.all('Intervention')) {
    const intervention = object.spec as Intervention;
    if (!intervention.is_published) continue;
    for (const leaf of new Set(ruleLeaves(intervention.criteria))) {
      const [group, attribute] = leaf.split(':') as [string, string | undefined];
      if (attribute === undefined) continue;
      const before = ctx.before.publishedGroupsWith(group, attribute).length > 0;
      const after = ctx.after.publishedGroupsWith(group, attribute).length > 0;
      if (!before || after) continue;
      const finding: Finding = {
        severity: 'warning',
        code: 'attribute-removed',
        message: `Intervention ${intervention.name}@${intervention.version} reads ${leaf}, which no published version of ${group} has after this plan, so it stops matching`,
        hint: `keep ${attribute} in ${group}, or change the criteria of ${intervention.name}`,
      };
      const groupChanges = ctx.changes.filter((c) => c.kind === 'AttributeGroup' && c.name === group && c.action !== 'create' && c.action !== 'publish');
      const target = groupChanges.at(-1) ?? ctx.changes.find((c) => c.kind === 'Intervention' && c.address === `Intervention/${intervention.name}@${intervention.version}`);
      if (target) target.warnings.push(finding);
      else ctx.notes.push(finding);
    }
  }
}

function dedupe(refs: Reference[]): Reference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.kind}/${r.name}@${r.version ?? '*'}:${r.via}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dedupeUsers<T extends { object: RemoteObject; ref: Reference }>(users: T[]): T[] {
  const seen = new Set<string>();
  return users.filter((u) => {
    const key = `${u.object.kind}/${u.object.spec.name}@${(u.object.spec as { version?: number }).version ?? ''}:${u.ref.via}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
