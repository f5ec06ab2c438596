/**
 * Per-key attribute state. Memory grows with keys, not events:
 * - stream lifetime attributes hold one accumulator and the time of the last update; a value not
 *   updated for its TTL is deleted, and the next update starts afresh;
 * - stream period attributes hold the matching events still inside the rolling window
 *   `(now − period, now]` (older ones are pruned as event time advances), optionally capped;
 * - batch attributes hold one accumulator per UTC day still inside the window (or one for the
 *   lifetime), plus the days on which the key had any event of the group.
 */
import type { Accumulator } from './accumulators.js';
import type { CompiledAttribute, CompiledGroup } from './compile.js';
import { utcDay } from './time.js';
import type { Value } from './values.js';

interface Entry {
  ts: number;
  seq: number;
  v: unknown;
}

export class LifetimeState {
  acc: Accumulator | undefined = undefined;
  last = -Infinity;

  apply(attr: CompiledAttribute, ts: number, seq: number, value: unknown): boolean {
    if (this.acc !== undefined && ts - this.last > attr.ttlMs) this.acc = undefined;
    if (!attr.accepts(value)) return false;
    this.acc ??= attr.factory();
    this.acc.add(ts, seq, value);
    if (ts > this.last) this.last = ts;
    return true;
  }

  read(attr: CompiledAttribute, now: number): Value {
    if (this.acc === undefined || this.acc.empty || now - this.last > attr.ttlMs) return null;
    return this.acc.result(now);
  }

  alive(attr: CompiledAttribute, watermark: number): boolean {
    return this.acc !== undefined && watermark - this.last <= attr.ttlMs;
  }
}

export class WindowState {
  entries: Entry[] = [];
  head = 0;

  apply(attr: CompiledAttribute, ts: number, seq: number, value: unknown, watermark: number, cap: number | undefined): boolean {
    if (!attr.accepts(value)) return false;
    const period = attr.periodMs ?? 0;
    if (ts <= watermark - period) return true; // already outside every window still to be read
    const entries = this.entries;
    let i = entries.length;
    while (i > this.head) {
      const prev = entries[i - 1] as Entry;
      if (prev.ts < ts || (prev.ts === ts && prev.seq < seq)) break;
      i--;
    }
    const entry = { ts, seq, v: value };
    if (i === entries.length) entries.push(entry);
    else entries.splice(i, 0, entry);
    if (cap !== undefined && entries.length - this.head > cap) this.head = entries.length - cap;
    this.prune(attr, watermark);
    return true;
  }

  prune(attr: CompiledAttribute, watermark: number): void {
    const limit = watermark - (attr.periodMs ?? 0);
    const entries = this.entries;
    while (this.head < entries.length && (entries[this.head] as Entry).ts <= limit) this.head++;
    if (this.head > 64 && this.head * 2 > entries.length) {
      this.entries = entries.slice(this.head);
      this.head = 0;
    }
  }

  read(attr: CompiledAttribute, now: number): Value {
    const from = now - (attr.periodMs ?? 0);
    let acc: Accumulator | undefined;
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i] as Entry;
      if (e.ts <= from) continue;
      if (e.ts > now) break;
      acc ??= attr.factory();
      acc.add(e.ts, e.seq, e.v);
    }
    return acc === undefined || acc.empty ? null : acc.result(now);
  }

  alive(attr: CompiledAttribute, watermark: number): boolean {
    this.prune(attr, watermark);
    return this.head < this.entries.length;
  }
}

export type StreamAttrState = LifetimeState | WindowState;

export class StreamKeyState {
  readonly attrs: (StreamAttrState | undefined)[];
  constructor(size: number) {
    this.attrs = new Array<StreamAttrState | undefined>(size).fill(undefined);
  }
}

export class BatchKeyState {
  /** Lifetime: one accumulator; period: accumulators per UTC day. */
  readonly attrs: (Accumulator | Map<number, Accumulator> | undefined)[];
  /** UTC days with any event of the group (only those that can still fall in a window). */
  readonly days = new Set<number>();
  anyEvent = false;
  lastEvent = -Infinity;
  constructor(size: number) {
    this.attrs = new Array<Accumulator | Map<number, Accumulator> | undefined>(size).fill(undefined);
  }
}

export function applyStream(
  state: StreamKeyState,
  attr: CompiledAttribute,
  update: { ts: number; seq: number; value: unknown; watermark: number; cap: number | undefined },
): boolean {
  let s = state.attrs[attr.index];
  if (s === undefined) {
    s = attr.periodMs === undefined ? new LifetimeState() : new WindowState();
    state.attrs[attr.index] = s;
  }
  return s instanceof WindowState ? s.apply(attr, update.ts, update.seq, update.value, update.watermark, update.cap) : s.apply(attr, update.ts, update.seq, update.value);
}

export function readStream(state: StreamKeyState, attr: CompiledAttribute, now: number): Value {
  const s = state.attrs[attr.index];
  return s === undefined ? null : s.read(attr, now);
}

export function streamKeyAlive(group: CompiledGroup, state: StreamKeyState, watermark: number): boolean {
  for (const attr of group.attributes) {
    const s = state.attrs[attr.index];
    if (s !== undefined && s.alive(attr, watermark)) return true;
  }
  return false;
}

/** Record that the key had an event of the group (batch counters are 0 rather than null then). */
export function markBatchGroupEvent(group: CompiledGroup, state: BatchKeyState, ts: number, watermark: number): void {
  state.anyEvent = true;
  if (ts > state.lastEvent) state.lastEvent = ts;
  if (group.maxPeriodDays > 0) {
    const day = utcDay(ts);
    const oldest = utcDay(watermark) - group.maxPeriodDays;
    if (day >= oldest) state.days.add(day);
    if (state.days.size > group.maxPeriodDays + 2) for (const d of state.days) if (d < oldest) state.days.delete(d);
  }
}

export function applyBatch(state: BatchKeyState, attr: CompiledAttribute, update: { ts: number; seq: number; value: unknown; watermark: number }): boolean {
  if (!attr.accepts(update.value)) return false;
  if (attr.periodDays === undefined) {
    let acc = state.attrs[attr.index] as Accumulator | undefined;
    if (acc === undefined) {
      acc = attr.factory();
      state.attrs[attr.index] = acc;
    }
    acc.add(update.ts, update.seq, update.value);
    return true;
  }
  const day = utcDay(update.ts);
  const oldest = utcDay(update.watermark) - attr.periodDays;
  if (day < oldest) return true;
  let days = state.attrs[attr.index] as Map<number, Accumulator> | undefined;
  if (days === undefined) {
    days = new Map();
    state.attrs[attr.index] = days;
  }
  let acc = days.get(day);
  if (acc === undefined) {
    acc = attr.factory();
    days.set(day, acc);
    if (days.size > attr.periodDays + 2) for (const d of days.keys()) if (d < oldest) days.delete(d);
  }
  acc.add(update.ts, update.seq, update.value);
  return true;
}

/**
 * A batch attribute at `now`: windows are whole UTC days before today (`[today − N, today)`);
 * unique_list has no upper bound (`>= today − N`), as in the batch engine; lifetime values use every day.
 */
export function readBatch(group: CompiledGroup, state: BatchKeyState, attr: CompiledAttribute, now: number): Value {
  if (!state.anyEvent || now - state.lastEvent > group.ttlMs) return null;
  const stored = state.attrs[attr.index];
  if (attr.periodDays === undefined) {
    const acc = stored as Accumulator | undefined;
    if (acc !== undefined && !acc.empty) return acc.result(now);
    return attr.zeroWhenGroupSeen ? 0 : null;
  }
  const today = utcDay(now);
  const from = today - attr.periodDays;
  const openEnded = attr.spec.aggregation === 'unique_list';
  let merged: Accumulator | undefined;
  if (stored instanceof Map) {
    for (const day of [...stored.keys()].sort((a, b) => a - b)) {
      if (day < from || (!openEnded && day >= today)) continue;
      merged ??= attr.factory();
      merged.merge(stored.get(day) as Accumulator);
    }
  }
  if (merged !== undefined && !merged.empty) return merged.result(now);
  if (attr.zeroWhenGroupSeen) {
    for (const day of state.days) if (day >= from && day < today) return 0;
  }
  return null;
}

export function batchKeyAlive(group: CompiledGroup, state: BatchKeyState, watermark: number): boolean {
  return state.anyEvent && watermark - state.lastEvent <= group.ttlMs;
}
