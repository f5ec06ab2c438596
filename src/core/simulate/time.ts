/**
 * Timestamps in the simulation are epoch milliseconds (UTC). Readers hand over ISO 8601 strings;
 * warehouse exports sometimes use `2025-01-04 00:14:20.000` without a zone, which is UTC too.
 */
import type { TimeUnit } from '../model.js';

export const MS_PER_SECOND = 1000;
export const MS_PER_DAY = 86_400_000;

const UNIT_MS: Readonly<Record<TimeUnit, number>> = { s: 1000, min: 60_000, h: 3_600_000, d: MS_PER_DAY };

export function timeUnitMs(unit: TimeUnit | undefined): number {
  return UNIT_MS[unit ?? 's'];
}

function digits(s: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** `YYYY-MM-DD[T ]HH:MM:SS[.fff…][Z|+00:00]` without allocating; undefined for anything else. */
function parseIsoUtc(s: string): number | undefined {
  const len = s.length;
  if (len < 19) return undefined;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return undefined;
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (Number.isNaN(year + month + day + hour + minute + second)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let i = 19;
  let ms = 0;
  if (i < len && s.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    const start = i;
    while (i < len) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return undefined;
    ms = Math.floor(ms);
  }
  if (i < len) {
    const zone = s.slice(i);
    if (zone !== 'Z' && zone !== 'z' && zone !== '+00:00' && zone !== '+0000' && zone !== '+00' && zone !== ' UTC') return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/**
 * Epoch milliseconds of an event timestamp: an ISO 8601 string (zone optional, UTC assumed) or a
 * number of epoch milliseconds. Undefined when it is not a timestamp.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const fast = parseIsoUtc(value);
    if (fast !== undefined) return fast;
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    let text = trimmed.replace(' ', 'T');
    // A date-time without a zone is UTC in event data (JS would read it as local time).
    if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text += 'Z';
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** ISO 8601 UTC with milliseconds: `2025-04-01T10:00:00.000Z`. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** Days since the epoch of the UTC date of `ms`. */
export function utcDay(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}
