/**
 * Attribute values computed from ingested events by the engine `signals simulate` runs, so the
 * values `get-online-attributes` serves equal what `simulate` reports for the same events.
 *
 * One engine computes what is published right now: every published attribute group version and
 * published intervention (attribute keys are always known). When that set changes, a new engine
 * is compiled and takes the state over: groups that stay published keep their values, a newly
 * published group version starts empty (values are not backdated, as in Signals), and an
 * unpublished one stops updating but stays readable, ageing with "now" like any stored value.
 * Interventions keep their once-per-target memory across the change.
 *
 * "Now" (for periods, TTLs and time_since) is the latest event time ingested, unless a fixed
 * time or the wall clock is configured (docs/emulator.md).
 */
import { BUILTIN_ATTRIBUTE_KEYS, type Definition, type GroupLink } from '../core/model.js';
import type { RemoteDefinition } from '../core/wire.js';
import type { SnowplowEvent } from '../core/events/event.js';
import { compileDefinitions } from '../core/simulate/compile.js';
import { Engine } from '../core/simulate/simulator.js';
import { parseTimestamp } from '../core/simulate/time.js';
import type { FiringEvent, IngestOutcome } from '../core/simulate/types.js';
import type { Value } from '../core/simulate/values.js';
import { toWire } from '../core/wire.js';
import type { Registry } from './registry.js';

/** Events held back to restore event-time order within a batch: the same as `signals simulate`. */
export const LIVE_REORDER_BUFFER = 100_000;

export type LiveNow = number | 'wall' | 'events';

export interface LiveOptions {
  /** A fixed evaluation time (epoch ms; later events are ignored), `wall`, or `events` (default: the latest event time). */
  now?: LiveNow;
  /** The wall clock, for `now: 'wall'`. */
  clock?: () => number;
  /** Called for every intervention firing, in event-time order. */
  onFiring?: (firing: FiringEvent) => void;
}

export interface LiveStats {
  /** Events given to `ingest` since start. */
  ingested: number;
  /** Events that updated a published group. */
  used: number;
  /** Latest event time ingested (ISO 8601), null before the first. */
  last_event_at: string | null;
  /** Published group versions being computed (`name@version`). */
  groups: string[];
  /** Published intervention versions being evaluated. */
  interventions: string[];
}

const groupId = (link: GroupLink) => `${link.name}@${link.version}`;

/** What the live engine computes: every attribute key, and the published groups and interventions. */
export function liveDefinitions(registry: Registry): RemoteDefinition[] {
  const builtin = new Set<string>(BUILTIN_ATTRIBUTE_KEYS);
  return (registry.definitions() as RemoteDefinition[]).filter((d) => {
    if (d.kind === 'AttributeKey') return !builtin.has(d.spec.name);
    if (d.kind === 'AttributeGroup' || d.kind === 'Intervention') return d.spec.is_published;
    return false;
  });
}

export class LiveValues {
  private engine: Engine;
  private signature = '';
  /** Unpublished group versions (still readable) and the engine that holds their values. */
  private readonly frozen = new Map<string, Engine>();
  private ingested = 0;
  private used = 0;
  private readonly fixedNow: number | undefined;

  constructor(private readonly options: LiveOptions = {}) {
    this.fixedNow = typeof options.now === 'number' ? options.now : undefined;
    this.engine = this.compile([]);
  }

  private compile(definitions: readonly Definition[]): Engine {
    return new Engine(compileDefinitions(definitions), {
      ...(this.fixedNow !== undefined ? { now: this.fixedNow } : {}),
      reorderBuffer: LIVE_REORDER_BUFFER,
      reorderLateness: 'adaptive',
      ...(this.options.onFiring ? { onFiring: this.options.onFiring } : {}),
    });
  }

  /**
   * Follow the registry: recompile when the published definitions changed. Returns whether
   * anything changed.
   */
  sync(registry: Registry): boolean {
    const definitions = liveDefinitions(registry);
    const signature = JSON.stringify(definitions.map((d) => [d.kind, toWire(d)]));
    const existing = new Set(registry.all('AttributeGroup').map(groupId));
    for (const id of this.frozen.keys()) if (!existing.has(id)) this.frozen.delete(id);
    if (signature === this.signature) return false;
    this.signature = signature;

    const previous = this.engine;
    const next = this.compile(definitions);
    const sources = [previous, ...new Set(this.frozen.values())];
    next.adopt(sources);
    const live = new Set(next.model.groups.map(groupId));
    for (const group of previous.model.groups) {
      const id = groupId(group);
      if (!live.has(id) && existing.has(id)) this.frozen.set(id, previous);
    }
    for (const id of live) this.frozen.delete(id);
    for (const engine of sources) engine.dropFirings();
    this.engine = next;
    return true;
  }

  ingest(event: SnowplowEvent): IngestOutcome {
    this.ingested++;
    const outcome = this.engine.ingest(event);
    if (outcome === 'used') this.used++;
    return outcome;
  }

  /** Apply the events held for reordering (at the end of every ingested batch); firings are reported then. */
  flush(): void {
    this.engine.flush();
    this.engine.dropFirings();
  }

  /** The evaluation time for reads: fixed, the wall clock, or the latest event time; undefined before any event. */
  now(): number | undefined {
    if (this.fixedNow !== undefined) return this.fixedNow;
    if (this.options.now === 'wall') return (this.options.clock ?? Date.now)();
    return parseTimestamp(this.engine.stats().last_event_at ?? '') ?? undefined;
  }

  /** Whether a group version's values come from events (it is, or was, published). */
  computes(link: GroupLink): boolean {
    return this.engineFor(link) !== undefined;
  }

  /** One key's values in a group version (as `simulate` reports them), or undefined when it has none. */
  row(link: GroupLink, keyId: string, now = this.now()): Record<string, Value> | undefined {
    if (now === undefined) return undefined;
    return this.engineFor(link)?.row(link, keyId, now);
  }

  private engineFor(link: GroupLink): Engine | undefined {
    const computed = this.engine.model.groups.some((g) => g.name === link.name && g.version === link.version);
    return computed ? this.engine : this.frozen.get(groupId(link));
  }

  stats(): LiveStats {
    const engine = this.engine.stats();
    return {
      ingested: this.ingested,
      used: this.used,
      last_event_at: engine.last_event_at,
      groups: this.engine.model.groups.map(groupId),
      interventions: this.engine.model.interventions.map((i) => `${i.name}@${i.version}`),
    };
  }

  /** Notes about published definitions the engine cannot fully compute (e.g. external groups). */
  get warnings(): readonly string[] {
    return this.engine.warnings;
  }
}
