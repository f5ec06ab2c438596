/**
 * Turn one event into the updates it makes: for each group whose key the event carries, the
 * attributes whose event filter and criteria match, with the property value already read. This
 * runs once per event at ingest, so what waits in the reorder buffer is small and the event
 * object itself can be dropped.
 */
import type { SnowplowEvent } from '../events/event.js';
import type { CompiledGroup, CompiledModel } from './compile.js';
import { eventIdentity, matchesAnyEventRef, type EventIdentity } from './event-match.js';

/** An event reduced to what the simulator applies. Updates are parallel arrays; `attr -1` marks a batch group event. */
export interface Extracted {
  ts: number;
  seq: number;
  eventId: string | undefined;
  eventName: string;
  keyIds: (string | undefined)[];
  groups: number[];
  attrs: number[];
  values: unknown[];
}

interface GroupPlan {
  group: CompiledGroup;
  /** Attributes whose event filter matches this kind of event. */
  attrs: number[];
  /** Batch: the event is in the group's event union (a group event). */
  marker: boolean;
}

/** Normalise a key value: non-empty strings, numbers and booleans as strings; anything else is no key. */
export function keyIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

type PlanCache = Map<string, Map<string, Map<string, GroupPlan[]>>>;

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export class Extractor {
  /** name → vendor → version → plan: no string building per event. */
  private readonly plans: PlanCache = new Map();
  private cached = 0;

  constructor(private readonly model: CompiledModel) {}

  private planFor(id: EventIdentity): GroupPlan[] {
    const name = id.name ?? '';
    const vendor = id.vendor ?? '';
    const version = id.version ?? '';
    let byVendor = this.plans.get(name);
    let byVersion = byVendor?.get(vendor);
    const known = byVersion?.get(version);
    if (known !== undefined) return known;
    const plan = this.buildPlan(id);
    if (this.cached++ > 10_000) {
      this.plans.clear();
      this.cached = 0;
      byVendor = undefined;
    }
    if (byVendor === undefined) {
      byVendor = new Map();
      this.plans.set(name, byVendor);
      byVersion = undefined;
    }
    if (byVersion === undefined) {
      byVersion = new Map();
      byVendor.set(vendor, byVersion);
    }
    byVersion.set(version, plan);
    return plan;
  }

  private buildPlan(id: EventIdentity): GroupPlan[] {
    const plan: GroupPlan[] = [];
    for (const group of this.model.groups) {
      if (group.source === 'stream') {
        const attrs = group.attributes.filter((a) => matchesAnyEventRef(a.events, id)).map((a) => a.index);
        if (attrs.length > 0) plan.push({ group, attrs, marker: false });
        continue;
      }
      if (group.union !== undefined && !matchesAnyEventRef(group.union, id)) continue;
      // Batch: every group event feeds first/last; other attributes check the event name only.
      const attrs = group.attributes.filter((a) => a.fromGroupEvents || matchesAnyEventRef(a.events, id, true)).map((a) => a.index);
      plan.push({ group, attrs, marker: true });
    }
    return plan;
  }

  /**
   * The updates of one event, or undefined when it updates nothing. `isDuplicate` is asked once,
   * only for events that reach a batch group (the batch engine dedupes by event_id).
   */
  extract(event: SnowplowEvent, ts: number, seq: number, isDuplicate: (eventId: string) => boolean): Extracted | undefined {
    const name = event['event_name'];
    const id: EventIdentity =
      typeof name === 'string' && name !== ''
        ? { name, vendor: stringOrUndefined(event['event_vendor']), version: stringOrUndefined(event['event_version']) }
        : eventIdentity(event);
    const plan = this.planFor(id);
    if (plan.length === 0) return undefined;
    const keys = this.model.keys;
    const keyIds = new Array<string | undefined>(keys.length);
    for (let i = 0; i < keys.length; i++) keyIds[i] = keyIdOf((keys[i] as { read: (e: SnowplowEvent) => unknown }).read(event));
    const rawEventId = event['event_id'];
    const eventId = typeof rawEventId === 'string' && rawEventId !== '' ? rawEventId : undefined;
    let duplicate: boolean | undefined;
    const groups: number[] = [];
    const attrs: number[] = [];
    const values: unknown[] = [];
    for (const { group, attrs: candidates, marker } of plan) {
      if (keyIds[group.keyIndex] === undefined) continue;
      if (marker) {
        if (eventId !== undefined) duplicate ??= isDuplicate(eventId);
        if (duplicate) continue;
        groups.push(group.index);
        attrs.push(-1);
        values.push(undefined);
      }
      for (const index of candidates) {
        const attr = group.attributes[index];
        if (attr === undefined) continue;
        if (!attr.fromGroupEvents && attr.criteria !== undefined && !attr.criteria(event)) continue;
        groups.push(group.index);
        attrs.push(index);
        values.push(attr.property === undefined ? undefined : attr.property(event));
      }
    }
    if (groups.length === 0) return undefined;
    return { ts, seq, eventId, eventName: id.name ?? '', keyIds, groups, attrs, values };
  }
}
