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
  if (isCanonicalTimestamp(value)) return validDate(value) ? value : undefined;
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
  if (offset === 0) return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, Number(ms)) - offset * 60_000;
  const iso = new Date(instant).toISOString();
  return iso.length === 24 ? iso : undefined;
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
