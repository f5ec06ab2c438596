/**
 * A small pydantic-like reader for Signals wire JSON. It walks an untrusted body, records
 * problems as FastAPI-style issues (`loc`, `msg`, `type`) and never throws, so one pass reports
 * every problem of a body at once (what a 422 `detail` list carries).
 */
import { parseDuration, formatDuration } from '../duration.js';

export type Loc = readonly (string | number)[];

/** One problem in a wire body, in the shape FastAPI uses for 422 `detail` entries. */
export interface WireIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export type JsonRecord = Record<string, unknown>;

export const NAME_PATTERN = /^[A-Za-z0-9_]+$/;

export class WireReader {
  readonly issues: WireIssue[] = [];
  /** Fields that are neither known nor read-only: ignored as the API ignores them. */
  readonly ignored: string[] = [];

  issue(loc: Loc, msg: string, type: string): undefined {
    this.issues.push({ loc: [...loc], msg, type });
    return undefined;
  }

  /** The value as an object, or an issue. null/undefined count as missing when required. */
  object(value: unknown, loc: Loc): JsonRecord | undefined {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as JsonRecord;
    return this.issue(loc, 'Input should be a valid dictionary or object', 'dict_type');
  }

  /** Records fields of `obj` that are neither in `known` nor in `readOnly`. */
  checkKeys(obj: JsonRecord, loc: Loc, known: readonly string[], readOnly: readonly string[] = []): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key) || readOnly.includes(key)) continue;
      this.ignored.push([...loc, key].join('.'));
    }
  }

  missing(loc: Loc): undefined {
    return this.issue(loc, 'Field required', 'missing');
  }

  str(
    obj: JsonRecord,
    key: string,
    loc: Loc,
    opts: { required?: boolean; pattern?: RegExp; min?: number; max?: number } = {},
  ): string | undefined {
    const v = obj[key];
    const at = [...loc, key];
    if (v === undefined || v === null) return opts.required ? this.missing(at) : undefined;
    if (typeof v !== 'string') return this.issue(at, 'Input should be a valid string', 'string_type');
    if (opts.min !== undefined && v.length < opts.min) {
      return this.issue(at, `String should have at least ${opts.min} character${opts.min === 1 ? '' : 's'}`, 'string_too_short');
    }
    if (opts.max !== undefined && v.length > opts.max) {
      return this.issue(at, `String should have at most ${opts.max} characters`, 'string_too_long');
    }
    if (opts.pattern && !opts.pattern.test(v)) {
      return this.issue(at, `String should match pattern '${opts.pattern.source}'`, 'string_pattern_mismatch');
    }
    return v;
  }

  /** A name field: `^[A-Za-z0-9_]+$`, 1-128 characters. */
  name(obj: JsonRecord, key: string, loc: Loc, required = true): string | undefined {
    return this.str(obj, key, loc, { required, pattern: NAME_PATTERN, min: 1, max: 128 });
  }

  int(obj: JsonRecord, key: string, loc: Loc, opts: { required?: boolean; min?: number; fallback?: number } = {}): number | undefined {
    const v = obj[key];
    const at = [...loc, key];
    if (v === undefined || v === null) return opts.required ? this.missing(at) : opts.fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.issue(at, 'Input should be a valid integer', 'int_type');
    if (opts.min !== undefined && v < opts.min) {
      return this.issue(at, `Input should be greater than or equal to ${opts.min}`, 'greater_than_equal');
    }
    return v;
  }

  bool(obj: JsonRecord, key: string, loc: Loc, fallback: boolean): boolean | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') return this.issue([...loc, key], 'Input should be a valid boolean', 'bool_type');
    return v;
  }

  oneOf<T extends string>(obj: JsonRecord, key: string, loc: Loc, allowed: readonly T[], required: boolean): T | undefined {
    const v = obj[key];
    const at = [...loc, key];
    if (v === undefined || v === null) return required ? this.missing(at) : undefined;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      return this.issue(at, `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`, 'enum');
    }
    return v as T;
  }

  /** A list field; each item is read by `item`, items that fail are left out. */
  list<T>(obj: JsonRecord, key: string, loc: Loc, required: boolean, item: (value: unknown, loc: Loc) => T | undefined): T[] | undefined {
    const v = obj[key];
    const at = [...loc, key];
    if (v === undefined || v === null) return required ? this.missing(at) : undefined;
    if (!Array.isArray(v)) return this.issue(at, 'Input should be a valid list', 'list_type');
    const out: T[] = [];
    v.forEach((entry, i) => {
      const r = item(entry, [...at, i]);
      if (r !== undefined) out.push(r);
    });
    return out;
  }

  /**
   * A duration as the API accepts it (ISO 8601 including `P1W`/`P1Y`, integer seconds,
   * `[D days, ]HH:MM:SS`), returned in canonical ISO 8601.
   */
  duration(obj: JsonRecord, key: string, loc: Loc): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    const seconds = wireDurationSeconds(v);
    if (seconds === undefined) return this.issue([...loc, key], 'Input should be a valid duration', 'duration_parsing');
    return formatDuration(seconds);
  }
}

const CLOCK = /^(-)?(?:(\d+) days?,?\s*)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/;

/** Seconds of a duration in any form the Signals API (pydantic `timedelta`) accepts. */
export function wireDurationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const clock = CLOCK.exec(value.trim());
  if (clock) {
    const [, neg, d, h, m, s] = clock;
    const total = Number(d ?? 0) * 86_400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
    return neg ? -total : total;
  }
  if (/^-?\d+(?:\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return parseDuration(value);
}

export function isJsonRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Builds an object in the given key order, leaving out undefined values. */
export function compact<T>(entries: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return out as T;
}
