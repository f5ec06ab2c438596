/**
 * Raw aggregate parts from SQL to attribute values, through the stream engine's own accumulators:
 * compensated sums in event-time order, 15-digit rounding, casts to the declared type and the
 * ordering of category_count keys are then identical by construction.
 */
import type { CompiledAttribute } from '../simulate/compile.js';
import { CATEGORY_TOP } from '../simulate/accumulators.js';
import { toValue, type Value } from '../simulate/values.js';

/** The value of one attribute from its raw SQL part (VARCHAR text; null when no value). */
export function finalizeValue(attr: CompiledAttribute, raw: string | null, now: number): Value {
  if (raw === null) return null;
  const agg = attr.spec.aggregation;
  switch (agg) {
    case 'counter':
    case 'approx_count_distinct':
      return Number(raw);
    case 'sum':
    case 'mean':
    case 'min':
    case 'max': {
      const parsed = JSON.parse(raw) as unknown;
      const values = Array.isArray(parsed) ? parsed : [parsed];
      const acc = attr.factory();
      let seq = 0;
      for (const v of values) acc.add(0, seq++, v);
      return acc.empty ? null : acc.result(now);
    }
    case 'first':
    case 'last':
    case 'most_frequent':
    case 'least_frequent': {
      const acc = attr.factory();
      acc.add(0, 0, JSON.parse(raw) as unknown);
      return acc.empty ? null : acc.result(now);
    }
    case 'unique_list': {
      const texts = JSON.parse(raw) as string[];
      const acc = attr.factory();
      let seq = 0;
      for (const t of texts) acc.add(0, seq++, JSON.parse(t) as unknown);
      return acc.empty ? null : acc.result(now);
    }
    case 'category_count': {
      const ranked = JSON.parse(raw) as { v: string; c: number }[];
      const out: { [key: string]: Value } = {};
      for (const e of ranked.slice(0, CATEGORY_TOP)) {
        const v = toValue(JSON.parse(e.v) as unknown);
        out[typeof v === 'string' ? v : JSON.stringify(v)] = e.c;
      }
      return out;
    }
    case 'time_since_first':
    case 'time_since_last': {
      const acc = attr.factory();
      acc.add(Number(raw), 0, undefined);
      return acc.result(now);
    }
  }
}
