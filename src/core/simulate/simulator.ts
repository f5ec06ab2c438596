/**
 * The incremental simulator: events go in one by one (`ingest`), values can be read for any key
 * at any time (`read`), intervention firings are reported as they happen (`onFiring`), and
 * `finish` produces the report. The batch `signals simulate` run is one use of it; a long-running
 * local emulator is another.
 */
import type { Definition } from '../model.js';
import type { SnowplowEvent } from '../events/event.js';
import { compileDefinitions, findGroup, type CompiledGroup, type CompiledIntervention, type CompiledModel } from './compile.js';
import { Extractor, type Extracted } from './extract.js';
import { ReorderBuffer } from './reorder.js';
import { buildReport } from './report.js';
import type { AttrRef, RuleContext } from './rules.js';
import {
  applyBatch,
  applyStream,
  BatchKeyState,
  batchKeyAlive,
  markBatchGroupEvent,
  readBatch,
  readStream,
  StreamKeyState,
  streamKeyAlive,
} from './state.js';
import { formatTimestamp, parseTimestamp } from './time.js';
import type { ExplainEntry, Firing, IngestOutcome, SimulationResult, SimulationStats, Simulator, SimulatorOptions, Target } from './types.js';
import { deepEqual, type Value } from './values.js';

type KeyState = StreamKeyState | BatchKeyState;

function timeOption(value: number | string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseTimestamp(value);
  if (ms === undefined) throw new RangeError(`${what} is not a timestamp: ${String(value)}`);
  return ms;
}

export function createSimulator(definitions: readonly Definition[], options: SimulatorOptions = {}): Simulator {
  return new Engine(compileDefinitions(definitions, options), options);
}

interface Touched {
  intervention: CompiledIntervention;
  keyId: string;
  before: boolean;
  snapshot: Value[] | undefined;
}

export class Engine implements Simulator {
  readonly model: CompiledModel;
  private readonly options: SimulatorOptions;
  private readonly extractor: Extractor;
  private readonly fixedNow: number | undefined;
  private readonly since: number | undefined;
  private readonly appIds: ReadonlySet<string> | undefined;
  private readonly buffer = new ReorderBuffer<Extracted>();
  private readonly states: Map<string, KeyState>[];
  private readonly firings: Firing[][];
  private readonly fired: Set<string>[];
  private readonly seenEventIds = new Set<string>();
  private readonly explainEntries: ExplainEntry[] = [];
  private explainTruncated = false;
  private seq = 0;
  private minTs = Infinity;
  private maxTs = -Infinity;
  private watermark = -Infinity;
  /** Adaptive reordering: how far behind the latest event an event may still arrive in order. */
  private lateness = 0;
  private sinceSweep = 0;
  private readonly counters: SimulationStats;

  constructor(model: CompiledModel, options: SimulatorOptions) {
    this.model = model;
    this.options = options;
    this.extractor = new Extractor(model);
    this.fixedNow = timeOption(options.now, 'now');
    this.since = timeOption(options.since, 'since');
    this.appIds = options.appIds && options.appIds.length > 0 ? new Set(options.appIds) : undefined;
    this.states = model.groups.map(() => new Map());
    this.firings = model.interventions.map(() => []);
    this.fired = model.interventions.map(() => new Set());
    this.counters = {
      ingested: 0,
      used: 0,
      skipped: { no_timestamp: 0, before_since: 0, after_now: 0, app_id: 0, duplicate: 0, unmatched: 0 },
      late: 0,
      first_event_at: null,
      last_event_at: null,
    };
  }

  get warnings(): readonly string[] {
    return this.model.warnings;
  }

  ingest(event: SnowplowEvent): IngestOutcome {
    const c = this.counters;
    c.ingested++;
    const seq = this.seq++;
    const ts = parseTimestamp(event['derived_tstamp']) ?? parseTimestamp(event['collector_tstamp']) ?? parseTimestamp(event['dvce_created_tstamp']);
    if (ts === undefined) return this.skip('no-timestamp');
    if (this.appIds !== undefined && !this.appIds.has(String(event['app_id'] ?? ''))) return this.skip('app-id');
    if (this.since !== undefined && ts < this.since) return this.skip('before-since');
    if (this.fixedNow !== undefined && ts > this.fixedNow) return this.skip('after-now');
    if (ts < this.minTs) this.minTs = ts;
    const delay = this.maxTs - ts;
    if (ts > this.maxTs) this.maxTs = ts;
    let duplicate = false;
    const extracted = this.extractor.extract(event, ts, seq, (eventId) => {
      if (this.seenEventIds.has(eventId)) return (duplicate = true);
      this.seenEventIds.add(eventId);
      if (this.seenEventIds.size > (this.options.dedupeCapacity ?? 2_000_000)) {
        for (const oldest of this.seenEventIds) {
          this.seenEventIds.delete(oldest);
          break;
        }
      }
      return false;
    });
    if (extracted === undefined) return this.skip(duplicate ? 'duplicate' : 'unmatched');
    if (duplicate) c.skipped.duplicate++;
    c.used++;
    const capacity = this.options.reorderBuffer ?? 0;
    if (capacity <= 0) {
      this.process(extracted);
      return 'used';
    }
    this.buffer.push(extracted);
    if (this.options.reorderLateness === 'adaptive') {
      if (delay > this.lateness) this.lateness = 2 * delay;
      const horizon = this.maxTs - this.lateness;
      for (let head = this.buffer.peek(); head !== undefined && (head.ts <= horizon || this.buffer.size > capacity); head = this.buffer.peek()) {
        this.process(this.buffer.pop() as Extracted);
      }
    } else {
      while (this.buffer.size > capacity) this.process(this.buffer.pop() as Extracted);
    }
    return 'used';
  }

  private skip(outcome: Exclude<IngestOutcome, 'used'>): IngestOutcome {
    const s = this.counters.skipped;
    if (outcome === 'no-timestamp') s.no_timestamp++;
    else if (outcome === 'before-since') s.before_since++;
    else if (outcome === 'after-now') s.after_now++;
    else if (outcome === 'app-id') s.app_id++;
    else if (outcome === 'duplicate') s.duplicate++;
    else s.unmatched++;
    return outcome;
  }

  flush(): void {
    while (this.buffer.size > 0) this.process(this.buffer.pop() as Extracted);
  }

  private stateFor(group: CompiledGroup, keyId: string): KeyState {
    const map = this.states[group.index] as Map<string, KeyState>;
    let state = map.get(keyId);
    if (state === undefined) {
      state = group.source === 'stream' ? new StreamKeyState(group.attributes.length) : new BatchKeyState(group.attributes.length);
      map.set(keyId, state);
    }
    return state;
  }

  /** The value of one attribute for a key at `now`, as served (default_value applied). */
  valueOf(ref: AttrRef, keyId: string, now: number): Value {
    const group = this.model.groups[ref.group] as CompiledGroup;
    const attr = group.attributes[ref.attr];
    if (attr === undefined) return null;
    const state = (this.states[ref.group] as Map<string, KeyState>).get(keyId);
    let raw: Value = null;
    if (state !== undefined) raw = state instanceof StreamKeyState ? readStream(state, attr, now) : readBatch(group, state, attr, now);
    return raw === null ? (attr.defaultValue ?? null) : raw;
  }

  private context(keyId: string, now: number, touched?: Touched): RuleContext {
    return {
      value: (ref) => this.valueOf(ref, keyId, now),
      changed: (ref) => {
        const refs = touched?.intervention.rule.changedRefs;
        if (touched === undefined || refs === undefined) return true;
        const i = refs.findIndex((r) => r.group === ref.group && r.attr === ref.attr);
        return i >= 0 && !deepEqual(touched.snapshot?.[i] ?? null, this.valueOf(ref, keyId, now));
      },
    };
  }

  private process(x: Extracted): void {
    if (x.ts < this.watermark) this.counters.late++;
    else this.watermark = x.ts;
    const groups = this.model.groups;
    const n = x.groups.length;

    let touched: Touched[] | undefined;
    for (let i = 0; i < n; i++) {
      const a = x.attrs[i] as number;
      if (a < 0) continue;
      const attr = (groups[x.groups[i] as number] as CompiledGroup).attributes[a];
      if (attr === undefined || attr.interventions.length === 0) continue;
      for (const index of attr.interventions) {
        const intervention = this.model.interventions[index] as CompiledIntervention;
        const keyId = x.keyIds[intervention.keyIndex];
        if (keyId === undefined) continue;
        touched ??= [];
        if (touched.some((t) => t.intervention === intervention && t.keyId === keyId)) continue;
        const t: Touched = { intervention, keyId, before: false, snapshot: undefined };
        if (intervention.everyChange) t.snapshot = intervention.rule.changedRefs.map((r) => this.valueOf(r, keyId, x.ts));
        else t.before = intervention.rule.evaluate(this.context(keyId, x.ts));
        touched.push(t);
      }
    }

    const explainKey = this.options.explainKey;
    const explainGroups = explainKey === undefined ? undefined : this.explainBefore(x, explainKey);

    const update = { ts: x.ts, seq: x.seq, value: undefined as unknown, watermark: this.watermark, cap: this.options.capWindowEvents };
    let lastGroup = -1;
    let state: KeyState | undefined;
    for (let i = 0; i < n; i++) {
      const g = x.groups[i] as number;
      const group = groups[g] as CompiledGroup;
      if (g !== lastGroup || state === undefined) {
        state = this.stateFor(group, x.keyIds[group.keyIndex] as string);
        lastGroup = g;
      }
      const a = x.attrs[i] as number;
      if (state instanceof BatchKeyState) {
        if (a < 0) markBatchGroupEvent(group, state, x.ts, this.watermark);
        else applyBatch(state, group.attributes[a] as NonNullable<CompiledGroup['attributes'][number]>, { ...update, value: x.values[i] });
      } else {
        update.value = x.values[i];
        applyStream(state, group.attributes[a] as NonNullable<CompiledGroup['attributes'][number]>, update);
      }
    }

    if (explainGroups !== undefined && explainKey !== undefined) this.explainAfter(x, explainKey, explainGroups);
    if (touched !== undefined) for (const t of touched) this.evaluateAfter(t, x);

    if (++this.sinceSweep >= (this.options.sweepEvery ?? 50_000)) {
      this.sinceSweep = 0;
      this.sweep();
    }
  }

  private evaluateAfter(t: Touched, x: Extracted): void {
    const iv = t.intervention;
    const after = iv.rule.evaluate(this.context(t.keyId, x.ts, t));
    if (!after || (!iv.everyChange && t.before)) return;
    const targets: Target[] = [];
    if (iv.targets !== undefined) {
      for (const target of iv.targets) {
        const id = x.keyIds[target.keyIndex];
        if (id !== undefined) targets.push({ name: target.name, id });
      }
    } else if (iv.keyName !== undefined) {
      targets.push({ name: iv.keyName, id: t.keyId });
    }
    const once = !iv.everyChange && (this.options.firing ?? 'once-per-target') === 'once-per-target';
    const at = formatTimestamp(x.ts);
    for (const target of targets) {
      if (once) {
        const k = `${target.name}\u0000${target.id}`;
        const fired = this.fired[iv.index] as Set<string>;
        if (fired.has(k)) continue;
        fired.add(k);
      }
      const firing: Firing = { target, at, event_id: x.eventId ?? null };
      (this.firings[iv.index] as Firing[]).push(firing);
      if (this.options.onFiring) {
        this.options.onFiring({ ...firing, intervention: { name: iv.name, version: iv.version }, attributes: this.payload(iv, target, t.keyId, x.ts) });
      }
    }
  }

  /** Values of the payload groups (default: the groups the criteria read) for a target. */
  private payload(iv: CompiledIntervention, target: Target, criteriaKey: string, now: number): Record<string, Value> {
    const groupIndices = iv.payloadGroups.length > 0 ? iv.payloadGroups : [...new Set(iv.rule.refs.map((r) => r.group))];
    const out: Record<string, Value> = {};
    for (const g of groupIndices) {
      const group = this.model.groups[g] as CompiledGroup;
      const keyId = group.keyName === target.name ? target.id : criteriaKey;
      for (const attr of group.attributes) out[`${group.name}_v${group.version}:${attr.name}`] = this.valueOf({ group: g, attr: attr.index }, keyId, now);
    }
    return out;
  }

  private explainBefore(x: Extracted, key: string): Map<number, Value[]> | undefined {
    let snapshots: Map<number, Value[]> | undefined;
    for (const g of x.groups) {
      const group = this.model.groups[g] as CompiledGroup;
      if (x.keyIds[group.keyIndex] !== key || snapshots?.has(g)) continue;
      snapshots ??= new Map();
      snapshots.set(g, group.attributes.map((a) => this.valueOf({ group: g, attr: a.index }, key, x.ts)));
    }
    return snapshots;
  }

  private explainAfter(x: Extracted, key: string, snapshots: Map<number, Value[]>): void {
    const limit = this.options.explainLimit ?? 10_000;
    for (const [g, before] of snapshots) {
      const group = this.model.groups[g] as CompiledGroup;
      for (const attr of group.attributes) {
        const after = this.valueOf({ group: g, attr: attr.index }, key, x.ts);
        const prior = before[attr.index] ?? null;
        if (deepEqual(prior, after)) continue;
        if (this.explainEntries.length >= limit) {
          this.explainTruncated = true;
          return;
        }
        this.explainEntries.push({
          at: formatTimestamp(x.ts),
          event_id: x.eventId ?? null,
          event: x.eventName,
          group: group.name,
          version: group.version,
          attribute: attr.name,
          before: prior,
          after,
        });
      }
    }
  }

  /** Drop keys whose every value has expired: they read null and a new update starts afresh. */
  private sweep(): void {
    for (const group of this.model.groups) {
      const map = this.states[group.index] as Map<string, KeyState>;
      for (const [key, state] of map) {
        const alive = state instanceof StreamKeyState ? streamKeyAlive(group, state, this.watermark) : batchKeyAlive(group, state, this.watermark);
        if (!alive && key !== this.options.explainKey) map.delete(key);
      }
    }
  }

  private defaultNow(): number | undefined {
    if (this.fixedNow !== undefined) return this.fixedNow;
    return this.maxTs === -Infinity ? undefined : this.maxTs;
  }

  read(groupRef: string | { name: string; version?: number }, keyId: string, now?: number): Record<string, Value> | undefined {
    const group = findGroup(this.model.groups, groupRef);
    if (group === undefined) return undefined;
    const at = now ?? this.defaultNow() ?? 0;
    const out: Record<string, Value> = {};
    for (const attr of group.attributes) out[attr.name] = this.valueOf({ group: group.index, attr: attr.index }, keyId, at);
    return out;
  }

  keys(groupRef: string | { name: string; version?: number }): string[] {
    const group = findGroup(this.model.groups, groupRef);
    return group === undefined ? [] : [...(this.states[group.index] as Map<string, KeyState>).keys()].sort();
  }

  stats(): SimulationStats {
    return {
      ...this.counters,
      skipped: { ...this.counters.skipped },
      first_event_at: this.minTs === Infinity ? null : formatTimestamp(this.minTs),
      last_event_at: this.maxTs === -Infinity ? null : formatTimestamp(this.maxTs),
    };
  }

  finish(now?: number): SimulationResult {
    this.flush();
    const at = now ?? this.defaultNow();
    return buildReport({
      model: this.model,
      now: at,
      keysOf: (g) => (this.states[g] as Map<string, KeyState>).keys(),
      rawValue: (ref, keyId, t) => {
        const group = this.model.groups[ref.group] as CompiledGroup;
        const attr = group.attributes[ref.attr];
        const state = (this.states[ref.group] as Map<string, KeyState>).get(keyId);
        if (attr === undefined || state === undefined) return null;
        return state instanceof StreamKeyState ? readStream(state, attr, t) : readBatch(group, state, attr, t);
      },
      firings: this.firings,
      explain: this.options.explainKey === undefined ? null : { key: this.options.explainKey, entries: this.explainEntries, truncated: this.explainTruncated },
      stats: this.stats(),
    });
  }

  // ------------------------------------------------------------ long-running use (the emulator)

  /**
   * The row `finish` would report for one key of one group at `now` (default: the fixed `now`,
   * else the latest event time): every attribute with its default applied, or undefined when
   * the key has no value at all in that group (or the group is not computed here).
   */
  row(groupRef: string | { name: string; version?: number }, keyId: string, now?: number): Record<string, Value> | undefined {
    const group = findGroup(this.model.groups, groupRef);
    const state = group === undefined ? undefined : (this.states[group.index] as Map<string, KeyState>).get(keyId);
    const at = now ?? this.defaultNow();
    if (group === undefined || state === undefined || at === undefined) return undefined;
    const raw = group.attributes.map((attr) => (state instanceof StreamKeyState ? readStream(state, attr, at) : readBatch(group, state, attr, at)));
    if (raw.every((v) => v === null)) return undefined;
    const out: Record<string, Value> = {};
    for (const attr of group.attributes) out[attr.name] = raw[attr.index] ?? attr.defaultValue ?? null;
    return out;
  }

  /**
   * Continue from engines compiled from other definitions (a live emulator compiles a new one
   * whenever definitions are published or unpublished). Each group computed here with the same
   * definition as a group of a source takes over that group's per-key state (from the first
   * source that has it); each intervention with the same name and version takes over its
   * once-per-target memory; the event clock and de-duplication memory come from the first
   * source. What is new starts empty: nothing is backdated. The state is moved, not copied:
   * sources must not ingest afterwards (their other groups stay readable with `row`). Events
   * still held in a source's reorder buffer are applied there first. Call before `ingest`.
   */
  adopt(sources: readonly Engine[]): void {
    const [first] = sources;
    if (first === undefined) return;
    for (const source of sources) source.flush();
    this.seq = first.seq;
    this.minTs = first.minTs;
    this.maxTs = first.maxTs;
    this.watermark = first.watermark;
    this.lateness = first.lateness;
    for (const id of first.seenEventIds) this.seenEventIds.add(id);
    first.seenEventIds.clear();
    for (const group of this.model.groups) {
      const signature = groupSignature(group);
      for (const source of sources) {
        const match = source.model.groups.find((g) => groupSignature(g) === signature);
        if (match === undefined) continue;
        this.states[group.index] = source.states[match.index] as Map<string, KeyState>;
        break;
      }
    }
    for (const iv of this.model.interventions) {
      for (const source of sources) {
        const match = source.model.interventions.find((x) => x.name === iv.name && x.version === iv.version);
        if (match === undefined) continue;
        this.fired[iv.index] = source.fired[match.index] as Set<string>;
        break;
      }
    }
  }

  /** Forget the firings kept for `finish` (a long-running engine reports them through `onFiring`). */
  dropFirings(): void {
    for (const list of this.firings) list.length = 0;
  }
}

/** Same name, version, source, key, TTLs and attribute definitions: state computed for one is valid for the other. */
function groupSignature(group: CompiledGroup): string {
  return JSON.stringify([group.name, group.version, group.source, group.keyName, group.ttlMs, group.attributes.map((a) => [a.spec, a.ttlMs])]);
}
