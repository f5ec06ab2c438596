/**
 * Durations. Definitions accept `30s`, `15m`, `1h`, `7d` (and combinations such as `1h30m`) or
 * ISO 8601 (`PT15M`, `P7D`, `P1W`). Signals receives canonical ISO 8601 with days and time only,
 * never years or months, and both sides of a diff are compared in seconds.
 */

const SHORT = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const ISO = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * Seconds in a duration string, or undefined when it is not one. Years count 365 days and months
 * 30 days, as the Signals API (pydantic) reads them; `allowCalendarUnits: false` rejects them.
 */
export function parseDuration(text: string, options: { allowCalendarUnits?: boolean } = {}): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const short = SHORT.exec(trimmed);
  if (short) {
    const [, d, h, m, s] = short;
    if (d === undefined && h === undefined && m === undefined && s === undefined) return undefined;
    return num(d) * DAY + num(h) * HOUR + num(m) * MINUTE + num(s);
  }
  const iso = ISO.exec(trimmed);
  if (!iso) return undefined;
  const [, neg, y, mo, w, d, h, mi, s] = iso;
  if (y === undefined && mo === undefined && w === undefined && d === undefined && h === undefined && mi === undefined && s === undefined) {
    return undefined;
  }
  if (trimmed.endsWith('T')) return undefined;
  if (options.allowCalendarUnits === false && (y !== undefined || mo !== undefined)) return undefined;
  const total = num(y) * 365 * DAY + num(mo) * 30 * DAY + num(w) * 7 * DAY + num(d) * DAY + num(h) * HOUR + num(mi) * MINUTE + Number(s ?? 0);
  return neg ? -total : total;
}

function num(part: string | undefined): number {
  return part === undefined ? 0 : Number(part);
}

/** Canonical ISO 8601 form: `P7D`, `PT15M`, `P1DT2H`, `PT0S`; never years, months or weeks. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return 'PT0S';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const secs = Math.round(rest * 1000) / 1000;
  let out = `${sign}P`;
  if (days) out += `${days}D`;
  if (hours || minutes || secs) {
    out += 'T';
    if (hours) out += `${hours}H`;
    if (minutes) out += `${minutes}M`;
    if (secs) out += `${secs}S`;
  }
  return out;
}

/** Canonicalise a duration string; undefined when it does not parse. */
export function normalizeDuration(text: string): string | undefined {
  const seconds = parseDuration(text);
  return seconds === undefined ? undefined : formatDuration(seconds);
}

/** A short human form for messages: `7d`, `15m`, `1d2h`. */
export function humanDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.abs(seconds);
  for (const [unit, size] of [['d', DAY], ['h', HOUR], ['m', MINUTE], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return (seconds < 0 ? '-' : '') + parts.join('');
}

const UNIT_WORDS: readonly [RegExp, string][] = [
  [/^sec(ond)?s?$/, 's'],
  [/^min(ute)?s?$/, 'm'],
  [/^h(ou)?rs?$|^hours?$/, 'h'],
  [/^days?$/, 'd'],
  [/^weeks?$/, 'w'],
];

/** A hint for text that is not a duration: the shorthand for `7 days`, else the accepted forms. */
export function durationHint(text: string): string {
  const m = /^\s*(\d+)\s*([A-Za-z]+)\s*$/.exec(text);
  if (m) {
    const unit = m[2]?.toLowerCase() ?? '';
    const short = UNIT_WORDS.find(([re]) => re.test(unit))?.[1];
    if (short === 'w') return `write ${Number(m[1]) * 7}d or P${m[1]}W`;
    if (short) return `write ${m[1]}${short}`;
  }
  return 'write 30s, 15m, 1h, 7d (or combinations such as 1h30m), or ISO 8601 such as PT15M or P7D';
}
