/**
 * `compareReplays`: two simulations over the same events, one with what the target holds
 * ("before"), one with what it will hold once the plan is applied ("after"), turned into a
 * behaviour report per group and intervention change. Pure.
 *
 * What each change is compared with: the same (name, version) on the target; for a new version,
 * the latest version of that name on the target (its latest published one when there is one);
 * for a new name, nothing (every value is new).
 */
import { isRuleLeaf, isSegmentLeaf, ruleChildren, type RemoteKind, type RuleNode, type SegmentDefinition } from '../model.js';
import { ObjectIndex, versionOf } from '../plan/object-index.js';
import type { PlannedChange, RemoteObject } from '../plan/types.js';
import type { Firing, GroupResult, InterventionResult, SegmentResult, SimulationResult } from '../simulate/types.js';
import { deepEqual, type Value } from '../simulate/values.js';
import { summarizeValues } from './summarize.js';
import type { AffectedIntervention, AttributeReplay, ChangeReplay, FiringExample, GroupReplay, InterventionReplay, SegmentReplay, ValueExample } from './types.js';

/** Examples kept per list. */
const EXAMPLES = 3;

export interface ReplaySide {
  /** The objects simulated: the target now, or the target once the plan is applied. */
  objects: readonly RemoteObject[];
  result: SimulationResult;
}

export interface ReplayComparisonInput {
  changes: readonly PlannedChange[];
  before: ReplaySide;
  after: ReplaySide;
  /** Local segments (evaluated on both sides). */
  segments: readonly SegmentDefinition[];
}

export interface ReplayComparison {
  /** Replay per change id (one change per object: the one that changes its definition). */
  changes: Map<string, ChangeReplay>;
  /** Every segment whose membership changes. */
  segments: SegmentReplay[];
  /** Interventions outside the plan whose firings change. */
  affected: AffectedIntervention[];
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const label = (o: RemoteObject) => `${o.spec.name}@${versionOf(o)}`;

export function compareReplays(input: ReplayComparisonInput): ReplayComparison {
  const before = new ObjectIndex(input.before.objects);
  const after = new ObjectIndex(input.after.objects);
  const segments = compareSegments(input.before.result.segments, input.after.result.segments);
  const changes = new Map<string, ChangeReplay>();
  for (const change of representativeChanges(input.changes)) {
    const was = change.action === 'create' ? deployedVersion(before, change.kind, change.name) : before.get(change.kind, change.name, change.version);
    const now = change.action === 'delete' ? undefined : after.get(change.kind, change.name, change.version);
    if (change.kind === 'AttributeGroup') {
      const readers = new Set(input.segments.filter((s) => segmentReadsGroup(s, change.name, input.segments)).map((s) => s.spec.name));
      changes.set(change.id, compareGroup(was, now, input, segments.filter((s) => readers.has(s.name))));
    } else if (change.kind === 'Intervention') {
      changes.set(change.id, compareIntervention(was, now, input));
    }
  }
  const planned = new Set(input.changes.filter((c) => c.kind === 'Intervention').map((c) => c.address));
  const affected: AffectedIntervention[] = [];
  for (const object of after.all('Intervention')) {
    if (planned.has(`Intervention/${label(object)}`)) continue;
    const was = before.get('Intervention', object.spec.name, versionOf(object));
    if (was === undefined) continue;
    const replay = compareIntervention(was, object, input);
    const t = replay.targets;
    if (t.gained + t.lost + t.retimed === 0 && replay.firings.before === replay.firings.after) continue;
    affected.push({ name: object.spec.name, version: versionOf(object), ...replay });
  }
  affected.sort((a, b) => byCode(a.name, b.name) || a.version - b.version);
  return { changes, segments, affected };
}

/** One change per group or intervention: the one carrying its field changes, else the only one. */
function representativeChanges(changes: readonly PlannedChange[]): PlannedChange[] {
  const chosen = new Map<string, PlannedChange>();
  for (const change of changes) {
    if (change.kind !== 'AttributeGroup' && change.kind !== 'Intervention') continue;
    const current = chosen.get(change.address);
    const carries = (c: PlannedChange) => c.action === 'create' || c.action === 'update' || c.action === 'delete';
    if (current === undefined || (!carries(current) && carries(change))) chosen.set(change.address, change);
  }
  return [...chosen.values()];
}

/** The version a new version is compared with: the latest published on the target, else the latest there. */
function deployedVersion(index: ObjectIndex, kind: RemoteKind, name: string): RemoteObject | undefined {
  const versions = index.versions(kind, name);
  return versions.filter((o) => o.spec.is_published).at(-1) ?? versions.at(-1);
}

// ------------------------------------------------------------------ groups

function findResult<T extends { name: string; version: number }>(list: readonly T[], object: RemoteObject | undefined): T | undefined {
  return object === undefined ? undefined : list.find((x) => x.name === object.spec.name && x.version === versionOf(object));
}

function attributeNames(object: RemoteObject | undefined): string[] {
  const spec = object?.spec as { attributes?: { name: string }[] } | undefined;
  return (spec?.attributes ?? []).map((a) => a.name);
}

function compareGroup(was: RemoteObject | undefined, now: RemoteObject | undefined, input: ReplayComparisonInput, segments: SegmentReplay[]): GroupReplay {
  const beforeResult = findResult(input.before.result.groups, was);
  const afterResult = findResult(input.after.result.groups, now);
  const skipped = findResult(input.after.result.skipped_groups, now) ?? findResult(input.before.result.skipped_groups, was);
  const rowsBefore = rowMap(beforeResult);
  const rowsAfter = rowMap(afterResult);
  const keys = [...new Set([...rowsBefore.keys(), ...rowsAfter.keys()])].sort(byCode);
  const namesBefore = attributeNames(was);
  const namesAfter = attributeNames(now);
  const names = [...namesAfter, ...namesBefore.filter((n) => !namesAfter.includes(n))];

  const attributes: AttributeReplay[] = names.map((name) => {
    const inBefore = namesBefore.includes(name);
    const inAfter = namesAfter.includes(name);
    const value = (rows: Map<string, Record<string, Value>>, has: boolean, key: string): Value => (has ? (rows.get(key)?.[name] ?? null) : null);
    let changed = 0;
    const examples: ValueExample[] = [];
    for (const key of keys) {
      const b = value(rowsBefore, inBefore, key);
      const a = value(rowsAfter, inAfter, key);
      if (deepEqual(b, a)) continue;
      changed++;
      if (examples.length < EXAMPLES) examples.push({ key, before: b, after: a });
    }
    const status = !inBefore ? 'added' : !inAfter ? 'removed' : changed > 0 ? 'changed' : 'unchanged';
    return {
      name,
      status,
      keys_changed: changed,
      keys_compared: keys.length,
      before: summarizeValues(inBefore ? [...rowsBefore.values()].map((r) => r[name] ?? null) : []),
      after: summarizeValues(inAfter ? [...rowsAfter.values()].map((r) => r[name] ?? null) : []),
      examples,
    };
  });

  return {
    kind: 'AttributeGroup',
    compared_with: was === undefined ? null : label(was),
    version_after: now === undefined ? null : label(now),
    published: { before: was?.spec.is_published ?? false, after: now?.spec.is_published ?? false },
    ...(skipped !== undefined ? { not_computed: skipped.reason } : {}),
    keys: {
      before: rowsBefore.size,
      after: rowsAfter.size,
      gained: keys.filter((k) => !rowsBefore.has(k)).length,
      lost: keys.filter((k) => !rowsAfter.has(k)).length,
    },
    attributes,
    segments,
  };
}

function rowMap(group: GroupResult | undefined): Map<string, Record<string, Value>> {
  return new Map((group?.rows ?? []).map((r) => [r.key, r.attributes]));
}

// ------------------------------------------------------------------ segments

/** Whether a segment's criteria read `group` (directly or through the segments it references). */
export function segmentReadsGroup(segment: SegmentDefinition, group: string, all: readonly SegmentDefinition[], seen = new Set<string>()): boolean {
  if (seen.has(segment.spec.name)) return false;
  seen.add(segment.spec.name);
  const visit = (node: RuleNode): boolean => {
    const branch = ruleChildren(node);
    if (branch) return branch.children.some(visit);
    if (isSegmentLeaf(node)) {
      const inner = all.find((s) => s.spec.name === node.segment);
      return inner !== undefined && segmentReadsGroup(inner, group, all, seen);
    }
    return isRuleLeaf(node) && node.attribute.slice(0, node.attribute.indexOf(':')) === group;
  };
  return visit(segment.spec.criteria);
}

function compareSegments(before: readonly SegmentResult[], after: readonly SegmentResult[]): SegmentReplay[] {
  const out: SegmentReplay[] = [];
  for (const a of after) {
    const b = before.find((s) => s.name === a.name);
    const was = new Set(b?.members ?? []);
    const now = new Set(a.members);
    const joined = a.members.filter((m) => !was.has(m));
    const left = (b?.members ?? []).filter((m) => !now.has(m));
    if (joined.length === 0 && left.length === 0) continue;
    out.push({ name: a.name, before: b?.count ?? 0, after: a.count, joined: joined.length, left: left.length, examples: { joined: joined.slice(0, EXAMPLES), left: left.slice(0, EXAMPLES) } });
  }
  return out;
}

// ------------------------------------------------------------------ interventions

function compareIntervention(was: RemoteObject | undefined, now: RemoteObject | undefined, input: ReplayComparisonInput): InterventionReplay {
  const published = { before: was?.spec.is_published ?? false, after: now?.spec.is_published ?? false };
  const hypothetical = !published.before && !published.after && was !== undefined && now !== undefined;
  const firingsOf = (result: InterventionResult | undefined, live: boolean) => (live || hypothetical ? (result?.firings ?? []) : []);
  const before = firingsOf(findResult(input.before.result.interventions, was), published.before);
  const after = firingsOf(findResult(input.after.result.interventions, now), published.after);
  const first = (firings: readonly Firing[]) => {
    const map = new Map<string, Firing>();
    for (const f of firings) {
      const k = `${f.target.name}\u0000${f.target.id}`;
      const seen = map.get(k);
      if (seen === undefined || f.at < seen.at) map.set(k, f);
    }
    return map;
  };
  const targetsBefore = first(before);
  const targetsAfter = first(after);
  const byTime = (a: Firing, b: Firing) => byCode(a.at, b.at) || byCode(a.target.id, b.target.id);
  const gained = [...targetsAfter].filter(([k]) => !targetsBefore.has(k)).map(([, f]) => f).sort(byTime);
  const lost = [...targetsBefore].filter(([k]) => !targetsAfter.has(k)).map(([, f]) => f).sort(byTime);
  const retimed = [...targetsAfter]
    .filter(([k, f]) => targetsBefore.has(k) && (targetsBefore.get(k) as Firing).at !== f.at)
    .map(([k, f]) => ({ target: f.target, before: (targetsBefore.get(k) as Firing).at, after: f.at }))
    .sort((a, b) => byCode(a.after, b.after) || byCode(a.target.id, b.target.id));
  const example = (f: Firing): FiringExample => ({ target: f.target, at: f.at, event_id: f.event_id });
  return {
    kind: 'Intervention',
    compared_with: was === undefined ? null : label(was),
    version_after: now === undefined ? null : label(now),
    published,
    hypothetical,
    firings: { before: before.length, after: after.length },
    targets: { before: targetsBefore.size, after: targetsAfter.size, gained: gained.length, lost: lost.length, retimed: retimed.length },
    examples: { gained: gained.slice(0, EXAMPLES).map(example), lost: lost.slice(0, EXAMPLES).map(example), retimed: retimed.slice(0, EXAMPLES) },
  };
}
