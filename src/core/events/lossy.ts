/**
 * Normalisation of events that already arrive in (roughly) the lossy shape: NDJSON from the
 * Analytics SDKs or Snowplow Micro, Micro `/micro/events`, JSON exports. The common case (lower
 * case keys, no nulls, ISO timestamps) costs one pass over the keys and no copy.
 */
import { TIMESTAMP_FIELDS } from '../atomic.js';
import { quote } from './atomic-types.js';
import type { SnowplowEvent } from './event.js';
import { isCanonicalTimestamp, parseTimestamp } from './timestamp.js';

const TIMESTAMPS = [...TIMESTAMP_FIELDS];
const VERSIONED_KEY = /^(contexts|unstruct_event|derived_contexts)_(.+)_(\d+)_\d+_\d+$/;
const HAS_UPPER = /[A-Z]/;

/**
 * The lossy key for a field or column name: lower-cased (Snowflake exports are upper case),
 * the warehouse name `refr_dvce_tstamp` mapped to the TSV name `refr_device_tstamp`, and a full
 * version suffix (`contexts_x_y_1_0_0`, BigQuery loader v1) collapsed to the major
 * (`contexts_x_y_1`). Warehouse `derived_contexts_*` columns map to `contexts_*`, as in the SDKs.
 */
export function normaliseEventKey(name: string): string {
  const key = HAS_UPPER.test(name) ? name.toLowerCase() : name;
  if (key === 'refr_dvce_tstamp') return 'refr_device_tstamp';
  const m = VERSIONED_KEY.exec(key);
  let out = m ? `${m[1]}_${m[2]}_${m[3]}` : key;
  if (out.startsWith('derived_contexts_')) out = out.slice('derived_'.length);
  return out;
}

export type NormaliseResult = { ok: true; event: SnowplowEvent } | { ok: false; reason: string };

/**
 * Normalises lossy events. Holds a cache of keys already known to need no change, so that the
 * per-event cost is a set lookup per key; the cache is bounded.
 */
export class LossyNormaliser {
  private readonly goodKeys = new Set<string>();

  normalise(input: Record<string, unknown>): NormaliseResult {
    let event = input;
    let rebuild = false;
    for (const key in input) {
      if (input[key] === null || input[key] === undefined) {
        rebuild = true;
        continue;
      }
      if (this.goodKeys.has(key)) continue;
      if (normaliseEventKey(key) !== key) rebuild = true;
      else if (this.goodKeys.size < 10_000) this.goodKeys.add(key);
    }
    if (rebuild) event = rebuildEvent(input);
    const reason = normaliseTimestamps(event);
    return reason === undefined ? { ok: true, event } : { ok: false, reason };
  }
}

/** Make the timestamp fields canonical in place; a reason when one cannot be read. */
export function normaliseTimestamps(event: SnowplowEvent): string | undefined {
  for (const field of TIMESTAMPS) {
    const v = event[field];
    if (v === undefined) continue;
    if (typeof v === 'string' && isCanonicalTimestamp(v)) continue;
    const ts = typeof v === 'string' ? parseTimestamp(v) : undefined;
    if (ts === undefined) return `${field} is not a timestamp: ${quote(typeof v === 'string' ? v : JSON.stringify(v))}`;
    event[field] = ts;
  }
  return undefined;
}

/**
 * A copy without null fields and with normalised keys; entity lists under one key are joined.
 * Fields named in `skip` are left out.
 */
export function rebuildEvent(input: Record<string, unknown>, skip?: ReadonlySet<string>): SnowplowEvent {
  const out: SnowplowEvent = {};
  for (const key in input) {
    const value = input[key];
    if (value === null || value === undefined || skip?.has(key)) continue;
    const k = normaliseEventKey(key);
    const existing = out[k];
    if (existing === undefined) out[k] = value;
    else if (Array.isArray(existing) && Array.isArray(value)) out[k] = existing.concat(value);
  }
  return out;
}
