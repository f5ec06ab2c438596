/**
 * One accumulator per aggregation. Accumulators are mergeable so that the same code serves
 * lifetime values (one accumulator), rolling windows (a fresh accumulator folded over the
 * window's entries) and the batch engine's daily partials (merged over the window's days).
 *
 * Ordering is by event time: `(ts, seq)` where `seq` is the input position, so first/last and
 * recency do not depend on the order events arrive in, except for exact timestamp ties.
 */
import type { Aggregation, AttributeType } from '../model.js';
import { castToType, compareCodePoints, elementType, toNumber, toValue, valueKey, type Value } from './values.js';

/** unique_list keeps the 100 most recently seen values (docs). */
export const UNIQUE_LIST_CAP = 100;
/** category_count reports the 100 highest counts (docs). */
export const CATEGORY_TOP = 100;
/** Distinct values tracked per key by most/least_frequent and category_count (memory bound). */
export const FREQUENCY_TRACK_CAP = 10_000;
/** Distinct values tracked per key by approx_count_distinct and batch unique_list (memory bound). */
export const DISTINCT_TRACK_CAP = 100_000;

export interface Accumulator {
  /** True until something contributed. */
  readonly empty: boolean;
  /** Feed one event's value; false when it did not contribute (null or non-numeric value). */
  add(ts: number, seq: number, value: unknown): boolean;
  merge(other: Accumulator): void;
  result(now: number): Value;
}

export interface AccumulatorSpec {
  aggregation: Aggregation;
  type: AttributeType;
  /** Batch engine semantics: first/last keep nulls, unique_list is a sorted list of strings, no casts. */
  batch: boolean;
  /** Milliseconds per `time_unit` for time_since_*. */
  unitMs: number;
}

export type AccumulatorFactory = () => Accumulator;

function before(ts: number, seq: number, ts2: number, seq2: number): boolean {
  return ts < ts2 || (ts === ts2 && seq < seq2);
}

class Counter implements Accumulator {
  n = 0;
  get empty() {
    return this.n === 0;
  }
  add() {
    this.n++;
    return true;
  }
  merge(o: Counter) {
    this.n += o.n;
  }
  result() {
    return this.n;
  }
}

/**
 * Floating-point sums depend on the order of their terms in the last bits; report them rounded to
 * 15 significant digits so that the same events give the same value in any order.
 */
export function roundFloat(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(15)) : x;
}

/** Neumaier-compensated sum. */
class Sum implements Accumulator {
  s = 0;
  c = 0;
  n = 0;
  get empty() {
    return this.n === 0;
  }
  add(_ts: number, _seq: number, value: unknown) {
    const v = toNumber(value);
    if (v === undefined) return false;
    this.plus(v);
    this.n++;
    return true;
  }
  protected plus(v: number) {
    const t = this.s + v;
    this.c += Math.abs(this.s) >= Math.abs(v) ? this.s - t + v : v - t + this.s;
    this.s = t;
  }
  merge(o: Sum) {
    this.plus(o.s);
    this.plus(o.c);
    this.n += o.n;
  }
  result() {
    return roundFloat(this.s + this.c);
  }
}

class Mean extends Sum {
  override result() {
    return roundFloat((this.s + this.c) / this.n);
  }
}

class Extreme implements Accumulator {
  v: number | undefined;
  constructor(private readonly max: boolean) {}
  get empty() {
    return this.v === undefined;
  }
  add(_ts: number, _seq: number, value: unknown) {
    const v = toNumber(value);
    if (v === undefined) return false;
    if (this.v === undefined || (this.max ? v > this.v : v < this.v)) this.v = v;
    return true;
  }
  merge(o: Extreme) {
    if (o.v !== undefined) this.add(0, 0, o.v);
  }
  result() {
    return this.v ?? null;
  }
}

class Pick implements Accumulator {
  has = false;
  ts = 0;
  seq = 0;
  v: unknown = null;
  constructor(
    private readonly last: boolean,
    private readonly keepNulls: boolean,
    private readonly cast: (v: Value) => Value,
  ) {}
  get empty() {
    return !this.has;
  }
  add(ts: number, seq: number, value: unknown) {
    if (!this.keepNulls && (value === null || value === undefined)) return false;
    if (!this.has || (this.last ? before(this.ts, this.seq, ts, seq) : before(ts, seq, this.ts, this.seq))) {
      this.has = true;
      this.ts = ts;
      this.seq = seq;
      this.v = value;
    }
    return true;
  }
  merge(o: Pick) {
    if (o.has) this.add(o.ts, o.seq, o.v);
  }
  result() {
    return this.cast(toValue(this.v));
  }
}

interface Seen {
  v: unknown;
  ts: number;
  seq: number;
}

/** Distinct values in recency order, oldest first, capped: the least recently seen goes first. */
class RecentUnique implements Accumulator {
  readonly seen = new Map<string, Seen>();
  constructor(private readonly cast: (v: Value) => Value) {}
  get empty() {
    return this.seen.size === 0;
  }
  add(ts: number, seq: number, value: unknown) {
    if (value === null || value === undefined) return false;
    this.touch(valueKey(value), value, ts, seq);
    return true;
  }
  private touch(key: string, v: unknown, ts: number, seq: number) {
    const entry = this.seen.get(key);
    if (entry) {
      if (before(entry.ts, entry.seq, ts, seq)) {
        entry.ts = ts;
        entry.seq = seq;
      }
      return;
    }
    this.seen.set(key, { v, ts, seq });
    if (this.seen.size > UNIQUE_LIST_CAP) this.evictOldest();
  }
  private evictOldest() {
    let oldestKey: string | undefined;
    let oldest: Seen | undefined;
    for (const [key, entry] of this.seen) {
      if (!oldest || before(entry.ts, entry.seq, oldest.ts, oldest.seq)) {
        oldest = entry;
        oldestKey = key;
      }
    }
    if (oldestKey !== undefined) this.seen.delete(oldestKey);
  }
  merge(o: RecentUnique) {
    for (const [key, entry] of o.seen) this.touch(key, entry.v, entry.ts, entry.seq);
  }
  result() {
    return [...this.seen.values()].sort((a, b) => a.ts - b.ts || a.seq - b.seq).map((e) => this.cast(toValue(e.v)));
  }
}

/** The batch engine's list: distinct values cast to strings, sorted. */
class SortedUnique implements Accumulator {
  readonly values = new Set<string>();
  get empty() {
    return this.values.size === 0;
  }
  add(_ts: number, _seq: number, value: unknown) {
    if (value === null || value === undefined) return false;
    if (this.values.size < DISTINCT_TRACK_CAP) this.values.add(typeof value === 'object' ? JSON.stringify(value) : String(value));
    return true;
  }
  merge(o: SortedUnique) {
    for (const v of o.values) if (this.values.size < DISTINCT_TRACK_CAP) this.values.add(v);
  }
  result() {
    return [...this.values].sort(compareCodePoints);
  }
}

interface Count {
  v: unknown;
  count: number;
  ts: number;
  seq: number;
}

/** Counts per value; ties are broken by the value seen first. */
class Frequencies implements Accumulator {
  readonly counts = new Map<string, Count>();
  constructor(
    private readonly mode: 'most' | 'least' | 'categories',
    private readonly cast: (v: Value) => Value,
  ) {}
  get empty() {
    return this.counts.size === 0;
  }
  add(ts: number, seq: number, value: unknown) {
    if (value === null || value === undefined) return false;
    this.bump(valueKey(value), value, 1, ts, seq);
    return true;
  }
  private bump(key: string, v: unknown, by: number, ts: number, seq: number) {
    const entry = this.counts.get(key);
    if (entry) {
      entry.count += by;
      if (before(ts, seq, entry.ts, entry.seq)) {
        entry.ts = ts;
        entry.seq = seq;
      }
    } else if (this.counts.size < FREQUENCY_TRACK_CAP) {
      this.counts.set(key, { v, count: by, ts, seq });
    }
  }
  merge(o: Frequencies) {
    for (const [key, e] of o.counts) this.bump(key, e.v, e.count, e.ts, e.seq);
  }
  private ranked(): Count[] {
    const sign = this.mode === 'least' ? 1 : -1;
    return [...this.counts.values()].sort((a, b) => sign * (a.count - b.count) || a.ts - b.ts || a.seq - b.seq);
  }
  result(): Value {
    const ranked = this.ranked();
    if (this.mode !== 'categories') {
      const top = ranked[0];
      return top === undefined ? null : this.cast(toValue(top.v));
    }
    const out: { [key: string]: Value } = {};
    for (const e of ranked.slice(0, CATEGORY_TOP)) out[typeof e.v === 'string' ? e.v : JSON.stringify(e.v)] = e.count;
    return out;
  }
}

class Distinct implements Accumulator {
  readonly keys = new Set<string>();
  get empty() {
    return this.keys.size === 0;
  }
  add(_ts: number, _seq: number, value: unknown) {
    if (value === null || value === undefined) return false;
    if (this.keys.size < DISTINCT_TRACK_CAP) this.keys.add(valueKey(value));
    return true;
  }
  merge(o: Distinct) {
    for (const k of o.keys) if (this.keys.size < DISTINCT_TRACK_CAP) this.keys.add(k);
  }
  result() {
    return this.keys.size;
  }
}

class TimeSince implements Accumulator {
  ts: number | undefined;
  constructor(
    private readonly last: boolean,
    private readonly unitMs: number,
  ) {}
  get empty() {
    return this.ts === undefined;
  }
  add(ts: number) {
    if (this.ts === undefined || (this.last ? ts > this.ts : ts < this.ts)) this.ts = ts;
    return true;
  }
  merge(o: TimeSince) {
    if (o.ts !== undefined) this.add(o.ts);
  }
  result(now: number) {
    return this.ts === undefined ? null : roundFloat(Math.max(0, now - this.ts) / this.unitMs);
  }
}

const identity = (v: Value) => v;

export function createAccumulatorFactory(spec: AccumulatorSpec): AccumulatorFactory {
  const cast = spec.batch ? identity : (v: Value) => castToType(v, elementType(spec.type));
  switch (spec.aggregation) {
    case 'counter':
      return () => new Counter();
    case 'sum':
      return () => new Sum();
    case 'mean':
      return () => new Mean();
    case 'min':
      return () => new Extreme(false);
    case 'max':
      return () => new Extreme(true);
    case 'first':
      return () => new Pick(false, spec.batch, cast);
    case 'last':
      return () => new Pick(true, spec.batch, cast);
    case 'unique_list':
      return spec.batch ? () => new SortedUnique() : () => new RecentUnique(cast);
    case 'most_frequent':
      return () => new Frequencies('most', cast);
    case 'least_frequent':
      return () => new Frequencies('least', cast);
    case 'category_count':
      return () => new Frequencies('categories', cast);
    case 'approx_count_distinct':
      return () => new Distinct();
    case 'time_since_first':
      return () => new TimeSince(false, spec.unitMs);
    case 'time_since_last':
      return () => new TimeSince(true, spec.unitMs);
  }
}

/** Aggregations that read no property (the event itself is the input). */
export function readsProperty(aggregation: Aggregation): boolean {
  return aggregation !== 'counter' && aggregation !== 'time_since_first' && aggregation !== 'time_since_last';
}
