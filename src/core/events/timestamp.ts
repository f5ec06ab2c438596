/**
 * Event timestamps. Every reader stores timestamps in one canonical form,
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC, exactly three fractional digits), so that they sort as strings
 * and parse with `Date.parse`. Inputs come as enriched-TSV `2024-11-16 13:33:21.958`, warehouse
 * `2023-03-01 06:16:09.201000+00:00`, or ISO 8601 `2013-11-26T00:02:05Z`.
 */

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// date, optional time (seconds optional), optional fraction, optional zone (Z, UTC, ±HH, ±HHMM, ±HH:MM)
const LOOSE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `value` is already in the canonical form (shape only, no range check). */
export function isCanonicalTimestamp(value: string): boolean {
  return value.length === 24 && CANONICAL.test(value);
}

/**
 * The canonical form of a timestamp string, or `undefined` if it is not a valid date-time.
 * Sub-millisecond digits are truncated (never rounded, so an instant never moves to the next
 * millisecond). A value without a zone is UTC, as in every Snowplow format.
 */
export function parseTimestamp(value: string): string | undefined {
  const fast = parseCommonTimestamp(value);
  if (fast !== undefined) return fast;
  if (isCanonicalTimestamp(value)) return validDate(value) ? (value + ' ').slice(0, -1) : undefined;
  const m = LOOSE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = (frac + '000').slice(0, 3);
  const offset = zoneMinutes(zone);
  // built from numbers, so the result never shares memory with the input line
  if (offset === 0) return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(Number(ms), 3)}Z`;
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, Number(ms)) - offset * 60_000;
  const iso = new Date(instant).toISOString();
  return iso.length === 24 ? iso : undefined;
}

/**
 * The shapes nearly every log uses, without a regular expression: `YYYY-MM-DD HH:MM:SS` (or `T`),
 * then optionally `.` and 1-9 digits, then nothing, `Z` or `+00:00`. Anything else (or an
 * invalid date) returns undefined and takes the general path.
 */
function parseCommonTimestamp(v: string): string | undefined {
  const n = v.length;
  if (n < 19 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return undefined;
  const sep = v.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return undefined;
  for (const i of DIGIT_POSITIONS) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  let i = 19;
  let fraction = '000';
  if (i < n && v.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < n && j - i <= 9 && v.charCodeAt(j) >= 48 && v.charCodeAt(j) <= 57) j++;
    if (j === i + 1) return undefined;
    fraction = j - i - 1 >= 3 ? v.slice(i + 1, i + 4) : (v.slice(i + 1, j) + '00').slice(0, 3);
    i = j;
  }
  const zone = v.slice(i);
  if (zone !== '' && zone !== 'Z' && zone !== '+00:00' && zone !== '+0000') return undefined;
  const year = num(v, 0, 4);
  const month = num(v, 5, 2);
  const day = num(v, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (num(v, 11, 2) > 23 || num(v, 14, 2) > 59 || num(v, 17, 2) > 59) return undefined;
  // concatenated then sliced: a fresh string that shares no memory with the input line
  return `${v.slice(0, 10)}T${v.slice(11, 19)}.${fraction}Z `.slice(0, -1);
}

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

function num(v: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) n = n * 10 + (v.charCodeAt(i) - 48);
  return n;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysIn(year: number, month: number): number {
  if (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 31;
}

function validDate(canonical: string): boolean {
  const month = Number(canonical.slice(5, 7));
  const day = Number(canonical.slice(8, 10));
  const year = Number(canonical.slice(0, 4));
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    Number(canonical.slice(11, 13)) <= 23 &&
    Number(canonical.slice(14, 16)) <= 59 &&
    Number(canonical.slice(17, 19)) <= 59
  );
}

function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z' || zone === 'UTC') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}
