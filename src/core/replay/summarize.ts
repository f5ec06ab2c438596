/**
 * Short summaries of an attribute's values across keys, for reviewing a behaviour change at a
 * glance: numbers as mean/min/max, strings and list items as their most common values, booleans
 * as counts. Deterministic: ties are broken by value.
 */
import type { Value } from '../simulate/values.js';
import type { ValueSummary } from './types.js';

const TOP = 3;

/** Rounds for reports: at most 4 decimals, so `2.3333333` reads `2.3333` and integers stay integers. */
export function roundForReport(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function topOf(counts: Map<string, number>): { value: string; keys: number }[] {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, TOP)
    .map(([value, keys]) => ({ value, keys }));
}

function itemText(v: Value): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function summarizeValues(values: Iterable<Value>): ValueSummary {
  const present: Value[] = [];
  for (const v of values) if (v !== null && v !== undefined) present.push(v);
  if (present.length === 0) return { kind: 'none', keys: 0 };
  const keys = present.length;
  if (present.every((v) => typeof v === 'number')) {
    const nums = present as number[];
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const n of nums) {
      sum += n;
      if (n < min) min = n;
      if (n > max) max = n;
    }
    return { kind: 'number', keys, mean: roundForReport(sum / keys), min, max };
  }
  if (present.every((v) => typeof v === 'string')) {
    const counts = new Map<string, number>();
    for (const s of present as string[]) counts.set(s, (counts.get(s) ?? 0) + 1);
    return { kind: 'string', keys, distinct: counts.size, top: topOf(counts) };
  }
  if (present.every((v) => typeof v === 'boolean')) {
    const yes = present.filter((v) => v === true).length;
    return { kind: 'boolean', keys, true: yes, false: keys - yes };
  }
  if (present.every((v) => typeof v === 'object')) {
    const counts = new Map<string, number>();
    let length = 0;
    for (const v of present) {
      const items = Array.isArray(v) ? v.map(itemText) : Object.keys(v as Record<string, Value>);
      length += items.length;
      for (const item of new Set(items)) counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    return { kind: 'list', keys, mean_length: roundForReport(length / keys), top: topOf(counts) };
  }
  return { kind: 'mixed', keys };
}
