/**
 * Compare a case's expectations with what the simulation produced. Numbers match within a relative
 * 1e-9 (sums are floats); lists match element by element in order; dicts by key; segment members
 * as sets; intervention firings as an exact list (each expected firing matches one actual firing
 * by target, and by key name and time when given).
 */
import { didYouMean } from '../diagnostics.js';
import type { SkippedGroup } from '../simulate/compile.js';
import { parseTimestamp } from '../simulate/time.js';
import type { Firing, InterventionResult, SegmentResult } from '../simulate/types.js';
import type { Value } from '../simulate/values.js';
import { resolveTime } from './events.js';
import type { ExpectedFiring, GoldenExpectations, GoldenFailure } from './format.js';

export interface CaseOutcome {
  now: number | undefined;
  /** Computed groups: `name@version`. */
  groups: readonly { name: string; version: number; attributes: readonly string[] }[];
  skippedGroups: readonly SkippedGroup[];
  /** Served values (default_value applied) of one group for one key at now. */
  read(group: { name: string; version: number }, key: string): Record<string, Value>;
  segments: readonly SegmentResult[];
  interventions: readonly InterventionResult[];
}

export function sameValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (expected === actual) return true;
    return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected), Math.abs(actual));
  }
  if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') return expected === actual;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length) return false;
    return expected.every((e, i) => sameValue(e, actual[i]));
  }
  const ek = Object.keys(expected);
  const ak = Object.keys(actual);
  if (ek.length !== ak.length) return false;
  return ek.every((k) => Object.prototype.hasOwnProperty.call(actual, k) && sameValue((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]));
}

/** `name` (highest version) or `name@version`. */
function pick<T extends { name: string; version: number }>(items: readonly T[], ref: string): T | undefined {
  const at = ref.lastIndexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const version = at < 0 ? undefined : Number(ref.slice(at + 1));
  let best: T | undefined;
  for (const item of items) {
    if (item.name !== name) continue;
    if (version !== undefined) {
      if (item.version === version) return item;
    } else if (!best || item.version > best.version) {
      best = item;
    }
  }
  return best;
}

function suggest(input: string, names: Iterable<string>): string | undefined {
  const guess = didYouMean(input, names);
  return guess === undefined ? undefined : `did you mean ${guess}?`;
}

export function compareCase(expect: GoldenExpectations, outcome: CaseOutcome): GoldenFailure[] {
  const failures: GoldenFailure[] = [];
  const fail = (f: GoldenFailure, location: { line: number; column: number }) => failures.push({ ...f, line: location.line, column: location.column });

  const reads = new Map<string, Record<string, Value>>();
  for (const a of expect.attributes) {
    const path = `attributes.${a.group}.${a.key}.${a.attribute}`;
    const group = pick(outcome.groups, a.group);
    if (group === undefined) {
      const skipped = pick(outcome.skippedGroups, a.group);
      const hint = suggest(a.group, outcome.groups.map((g) => g.name));
      fail({ path, message: skipped ? `group ${a.group} is not computed: ${skipped.reason}` : `no attribute group ${a.group} in the definitions${hint ? ` (${hint})` : ''}` }, a.location);
      continue;
    }
    if (!group.attributes.includes(a.attribute)) {
      const hint = suggest(a.attribute, group.attributes);
      fail({ path, message: `${group.name} v${group.version} has no attribute ${a.attribute}${hint ? ` (${hint})` : ''}` }, a.location);
      continue;
    }
    const cacheKey = `${group.name}@${group.version}\u0000${a.key}`;
    let values = reads.get(cacheKey);
    if (values === undefined) {
      values = outcome.read(group, a.key);
      reads.set(cacheKey, values);
    }
    const actual = values[a.attribute] ?? null;
    if (!sameValue(a.value, actual)) fail({ path, message: 'value differs', expected: a.value, actual }, a.location);
  }

  for (const s of expect.segments) {
    const path = `segments.${s.name}`;
    const segment = outcome.segments.find((x) => x.name === s.name);
    if (segment === undefined) {
      const hint = suggest(s.name, outcome.segments.map((x) => x.name));
      fail({ path, message: `no segment ${s.name} in the definitions${hint ? ` (${hint})` : ''}` }, s.location);
      continue;
    }
    const expected = [...new Set(s.members)].sort();
    const missing = expected.filter((m) => !segment.members.includes(m));
    const unexpected = segment.members.filter((m) => !expected.includes(m));
    if (missing.length > 0 || unexpected.length > 0) {
      const parts = [missing.length ? `missing ${missing.join(', ')}` : '', unexpected.length ? `unexpected ${unexpected.join(', ')}` : ''].filter(Boolean);
      fail({ path, message: `members differ: ${parts.join('; ')}`, expected, actual: segment.members }, s.location);
    }
  }

  for (const iv of expect.interventions) {
    const path = `interventions.${iv.name}`;
    const actualIv = pick(outcome.interventions, iv.name);
    if (actualIv === undefined) {
      const hint = suggest(iv.name.split('@')[0] ?? iv.name, outcome.interventions.map((x) => x.name));
      fail({ path, message: `no intervention ${iv.name} in the definitions${hint ? ` (${hint})` : ''}` }, iv.location);
      continue;
    }
    const { missing, unexpected, errors } = matchFirings(iv.firings, actualIv.firings, outcome.now);
    for (const e of errors) fail({ path, message: e.message }, e.location);
    if (missing.length > 0 || unexpected.length > 0) {
      const parts = [missing.length ? `missing ${missing.map(describeExpected).join(', ')}` : '', unexpected.length ? `unexpected ${unexpected.map(describeActual).join(', ')}` : ''].filter(Boolean);
      fail(
        { path, message: `firings differ: ${parts.join('; ')}`, expected: iv.firings.map((f) => expectedJson(f, outcome.now)), actual: actualIv.firings },
        iv.location,
      );
    }
  }
  return failures;
}

function describeExpected(f: ExpectedFiring): string {
  return `${f.key ? `${f.key} ` : ''}${f.target}${f.at !== undefined ? ` at ${f.at}` : ''}`;
}

function describeActual(f: Firing): string {
  return `${f.target.name} ${f.target.id} at ${f.at}`;
}

function expectedJson(f: ExpectedFiring, now: number | undefined): Record<string, unknown> {
  const at = f.at === undefined ? undefined : resolveTime(f.at, now);
  return {
    target: { ...(f.key !== undefined ? { name: f.key } : {}), id: f.target },
    ...(at !== undefined && 'ms' in at ? { at: new Date(at.ms).toISOString() } : {}),
  };
}

function matchFirings(
  expected: readonly ExpectedFiring[],
  actual: readonly Firing[],
  now: number | undefined,
): { missing: ExpectedFiring[]; unexpected: Firing[]; errors: { message: string; location: { line: number; column: number } }[] } {
  const left = [...actual];
  const missing: ExpectedFiring[] = [];
  const errors: { message: string; location: { line: number; column: number } }[] = [];
  for (const e of expected) {
    let atMs: number | undefined;
    if (e.at !== undefined) {
      const t = resolveTime(e.at, now);
      if ('error' in t) {
        errors.push({ message: `at: ${t.error}`, location: e.location });
        continue;
      }
      atMs = t.ms;
    }
    const i = left.findIndex((f) => f.target.id === e.target && (e.key === undefined || f.target.name === e.key) && (atMs === undefined || parseTimestamp(f.at) === atMs));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  return { missing, unexpected: left, errors };
}
