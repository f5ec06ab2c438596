/**
 * The final report at "now": a row per key that has at least one value, segment members (a level
 * evaluation of each segment over the keys of the groups it reads), and intervention firings.
 * Everything is sorted so that the same input gives byte-identical output.
 */
import type { CompiledModel } from './compile.js';
import type { AttrRef } from './rules.js';
import { formatTimestamp } from './time.js';
import type {
  ExplainResult,
  Firing,
  GroupResult,
  InterventionResult,
  SegmentResult,
  SimulationResult,
  SimulationStats,
} from './types.js';
import type { Value } from './values.js';

export interface ReportInput {
  model: CompiledModel;
  now: number | undefined;
  keysOf(group: number): Iterable<string>;
  /** The stored value (no default applied), null when unpopulated or expired. */
  rawValue(ref: AttrRef, keyId: string, now: number): Value;
  firings: readonly (readonly Firing[])[];
  explain: ExplainResult | null;
  stats: SimulationStats;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFirings(a: Firing, b: Firing): number {
  return byCodeUnit(a.at, b.at) || byCodeUnit(a.target.name, b.target.name) || byCodeUnit(a.target.id, b.target.id) || byCodeUnit(a.event_id ?? '', b.event_id ?? '');
}

export function buildReport(input: ReportInput): SimulationResult {
  const { model, now } = input;
  /** Per group: key → raw values (attribute order), only keys with at least one value. */
  const rowsByGroup: Map<string, Value[]>[] = model.groups.map(() => new Map());
  const groups: GroupResult[] = model.groups.map((group) => {
    const rows: GroupResult['rows'] = [];
    if (now !== undefined) {
      const keys = [...input.keysOf(group.index)].sort(byCodeUnit);
      const map = rowsByGroup[group.index] as Map<string, Value[]>;
      for (const key of keys) {
        const raw = group.attributes.map((attr) => input.rawValue({ group: group.index, attr: attr.index }, key, now));
        if (raw.every((v) => v === null)) continue;
        map.set(key, raw);
        const attributes: Record<string, Value> = {};
        for (const attr of group.attributes) attributes[attr.name] = raw[attr.index] ?? attr.defaultValue ?? null;
        rows.push({ key, attributes });
      }
    }
    return {
      name: group.name,
      version: group.version,
      source: group.source,
      attribute_key: group.keyName,
      attributes: group.attributes.map((a) => a.name),
      rows,
    };
  });

  const served = (ref: AttrRef, key: string): Value => {
    const attr = model.groups[ref.group]?.attributes[ref.attr];
    const raw = rowsByGroup[ref.group]?.get(key)?.[ref.attr] ?? null;
    return raw === null ? (attr?.defaultValue ?? null) : raw;
  };

  const segments: SegmentResult[] = model.segments.map((segment) => {
    const scanned = new Set<string>();
    for (const g of segment.groups) for (const key of (rowsByGroup[g] as Map<string, Value[]>).keys()) scanned.add(key);
    const members: string[] = [];
    for (const key of scanned) {
      const ok = segment.rule.evaluate({ value: (ref) => served(ref, key), changed: () => true });
      if (ok) members.push(key);
    }
    members.sort(byCodeUnit);
    return { name: segment.name, attribute_key: segment.keyName ?? null, scanned: scanned.size, count: members.length, members };
  });

  const interventions: InterventionResult[] = model.interventions.map((iv) => ({
    name: iv.name,
    version: iv.version,
    attribute_key: iv.keyName ?? null,
    firings: [...(input.firings[iv.index] ?? [])].sort(compareFirings),
  }));

  return {
    now: now === undefined ? null : formatTimestamp(now),
    groups,
    skipped_groups: model.skippedGroups,
    segments,
    interventions,
    explain: input.explain,
    stats: input.stats,
    warnings: model.warnings,
  };
}
