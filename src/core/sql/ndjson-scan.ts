/**
 * Decides whether an NDJSON event log can be read by DuckDB's own JSON reader with exactly the
 * values the JavaScript readers would produce. A file qualifies ("plain lossy NDJSON") when every
 * non-blank line is a strict-JSON object (what `JSON.parse` accepts; DuckDB is more lenient about
 * trailing commas and `NaN`), valid UTF-8, without duplicate or escaped keys at any depth, and
 * whose top-level keys are already in the normalised Analytics-SDK form: no upper case, no lossless
 * `contexts`/`unstruct_event` fields, no version-suffixed or `derived_contexts_*` columns, no Micro
 * wrappers. Timestamp and identity fields are checked afterwards, in SQL, on the values DuckDB
 * read. Anything else goes through the JavaScript readers, which are the reference.
 *
 * Lines are found with `indexOf` and each is checked by one tight loop over its bytes.
 */

const MAX_DEPTH = 512;
export const FINGERPRINT_MOD = 1_000_003;
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const VERSIONED = /^(contexts|unstruct_event|derived_contexts)_(.+)_(\d+)_\d+_\d+$/;
const FORBIDDEN_KEYS = new Set(['contexts', 'unstruct_event', 'derived_contexts', 'refr_dvce_tstamp']);

export interface PlainNdjsonVerdict {
  plain: boolean;
  /**
   * Order fingerprint: the sum over events of (position + 1) × (derived_tstamp in ms, -1 when
   * not canonical, modulo 1,000,003), as a decimal string. Equal in DuckDB when it stored the rows
   * in file order.
   */
  fingerprint?: string;
  /** Why not, for logs and tests (line numbers are 1-based). */
  reason?: string;
  /** Non-blank lines seen (events, when plain). */
  events: number;
}

// scratch state shared by checkLine (single-threaded, never re-entered)
const stack = new Uint8Array(MAX_DEPTH + 2);
const objectStart = new Int32Array(MAX_DEPTH + 2);
let hashA = new Int32Array(1024);
let hashB = new Int32Array(1024);

/** derived_tstamp of the last checked line, epoch ms (-1 when absent or not canonical). */
let lineTs = -1;

const DIGITS = (buf: Uint8Array, at: number, n: number): number => {
  let v = 0;
  for (let k = at; k < at + n; k++) {
    const d = (buf[k] as number) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
};

/** Epoch ms of a canonical `YYYY-MM-DDTHH:MM:SS.mmmZ` string at [start, end), else -1. */
function canonicalMs(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 24 || buf[start + 10] !== 0x54 || buf[start + 23] !== 0x5a) return -1;
  const ms = Date.UTC(DIGITS(buf, start, 4), DIGITS(buf, start + 5, 2) - 1, DIGITS(buf, start + 8, 2), DIGITS(buf, start + 11, 2), DIGITS(buf, start + 14, 2), DIGITS(buf, start + 17, 2), DIGITS(buf, start + 20, 3));
  return Number.isFinite(ms) ? ms : -1;
}

const topKeys = new Map<number, { h2: number; length: number; problem: string | undefined; guard: number }>();

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Why a key at the top level needs normalising, or undefined. */
function topKeyProblem(buf: Uint8Array, start: number, end: number): string | undefined {
  let key = '';
  for (let k = start; k < end; k++) {
    const c = buf[k] as number;
    if (c >= 0x41 && c <= 0x5a) return 'upper-case top-level key';
    key += c >= 0x80 ? '\u0080' : String.fromCharCode(c);
  }
  if (FORBIDDEN_KEYS.has(key) || key.startsWith('derived_contexts_') || VERSIONED.test(key)) return `key ${key} needs normalising`;
  return undefined;
}

const DERIVED = 'derived_tstamp';

function guardOf(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === DERIVED.length) {
    let same = true;
    for (let k = 0; k < n && same; k++) same = buf[start + k] === DERIVED.charCodeAt(k);
    if (same) return 3;
  }
  if (n === 5 && buf[start] === 0x65 && buf[start + 1] === 0x76 && buf[start + 2] === 0x65 && buf[start + 3] === 0x6e && buf[start + 4] === 0x74) return 1; // event
  if (n === 6 && buf[start] === 0x65 && buf[start + 5] === 0x73) {
    const w = String.fromCharCode(buf[start + 1] as number, buf[start + 2] as number, buf[start + 3] as number, buf[start + 4] as number);
    if (w === 'vent' || w === 'rror') return 2; // events, errors
  }
  return 0;
}

/**
 * Check one line (without its line feed; a trailing CR is allowed). Returns undefined when the
 * line is blank or a plain event object, 'blank' never; otherwise the reason.
 */
export function checkLine(buf: Uint8Array, from: number, to: number): string | undefined | 'blank' {
  let end = to;
  lineTs = -1;
  if (end > from && buf[end - 1] === 0x0d) end--;
  let i = from;
  while (i < end && isWs(buf[i] as number)) i++;
  if (i === end) return 'blank';
  if (buf[i] !== 0x7b) return 'not a JSON object';
  let depth = 0;
  let keyCount = 0;
  // expect: 0 value, 1 key or '}', 2 key, 3 colon, 4 ',' or close, 5 value or ']'
  let expect = 0;
  let guard = 0;
  while (i < end) {
    const c = buf[i] as number;
    if (c === 0x20 || c === 0x09) {
      i++;
      continue;
    }
    if (c === 0x22) {
      // string: find its end, checking escapes, control characters and UTF-8
      const isKey = expect === 1 || expect === 2;
      if (!isKey && expect !== 0 && expect !== 5) return 'unexpected string';
      const start = ++i;
      let h1 = 0x811c9dc5 | 0;
      let h2 = 7;
      // control characters and UTF-8 are checked per chunk (see PlainNdjsonScanner.push)
      for (;;) {
        let d = 0;
        if (isKey) {
          while (i < end && (d = buf[i] as number) !== 0x22 && d !== 0x5c) {
            h1 = Math.imul(h1 ^ d, 0x01000193);
            h2 = (Math.imul(h2, 31) + d) | 0;
            i++;
          }
        } else {
          while (i < end && (d = buf[i] as number) !== 0x22 && d !== 0x5c) i++;
        }
        if (i >= end) return 'unterminated string';
        if (d === 0x22) break;
        if (isKey) return 'escaped characters in a key';
        const e = buf[i + 1];
        if (e === 0x75) {
          for (let k = i + 2; k < i + 6; k++) {
            const x = buf[k];
            if (x === undefined || k >= end || !((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66))) return 'invalid \\u escape';
          }
          i += 6;
        } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          i += 2;
        } else {
          return 'invalid escape';
        }
      }
      if (isKey) {
        const first = objectStart[depth] as number;
        for (let k = first; k < keyCount; k++) if (hashA[k] === h1 && hashB[k] === h2) return 'duplicate key';
        if (keyCount >= hashA.length) {
          const a = new Int32Array(hashA.length * 2);
          a.set(hashA);
          hashA = a;
          const b = new Int32Array(hashB.length * 2);
          b.set(hashB);
          hashB = b;
        }
        hashA[keyCount] = h1;
        hashB[keyCount] = h2;
        keyCount++;
        if (depth === 1) {
          // top-level keys repeat from line to line: their verdicts are cached by hash
          let known = topKeys.get(h1);
          if (known === undefined || known.h2 !== h2 || known.length !== i - start) {
            known = { h2, length: i - start, problem: topKeyProblem(buf, start, i), guard: guardOf(buf, start, i) };
            if (topKeys.size < 100_000) topKeys.set(h1, known);
          }
          if (known.problem !== undefined) return known.problem;
          guard = known.guard;
        }
        expect = 3;
      } else {
        if (guard === 3 && depth === 1) lineTs = canonicalMs(buf, start, i);
        expect = 4;
      }
      i++;
      continue;
    }
    if (expect === 3) {
      if (c !== 0x3a) return 'expected a colon';
      expect = 0;
      i++;
      continue;
    }
    if (expect === 4) {
      if (c === 0x2c) {
        expect = stack[depth] === 1 ? 2 : 0;
        i++;
        continue;
      }
      if (c === 0x7d || c === 0x5d) {
        if (stack[depth] !== (c === 0x7d ? 1 : 2)) return 'mismatched brackets';
        if (c === 0x7d) keyCount = objectStart[depth] as number;
        depth--;
        i++;
        if (depth === 0) {
          while (i < end && isWs(buf[i] as number)) i++;
          return i === end ? undefined : 'content after the event object';
        }
        continue;
      }
      return 'expected , } or ]';
    }
    if (expect === 1 || expect === 2) {
      if (expect === 1 && c === 0x7d) {
        keyCount = objectStart[depth] as number;
        depth--;
        i++;
        expect = 4;
        if (depth === 0) {
          while (i < end && isWs(buf[i] as number)) i++;
          return i === end ? undefined : 'content after the event object';
        }
        continue;
      }
      return 'expected a key';
    }
    // a value (expect 0, or 5: value or ']')
    if (expect === 5 && c === 0x5d) {
      if (stack[depth] !== 2) return 'mismatched brackets';
      depth--;
      i++;
      expect = 4;
      continue;
    }
    const g = guard === 3 ? 0 : guard;
    guard = 0;
    if (c === 0x7b || c === 0x5b) {
      if ((c === 0x7b && g !== 0) || (c === 0x5b && g === 2)) return 'a Micro wrapper or event list';
      if (depth >= MAX_DEPTH) return 'nested too deeply';
      depth++;
      stack[depth] = c === 0x7b ? 1 : 2;
      objectStart[depth] = keyCount;
      expect = c === 0x7b ? 1 : 5;
      i++;
      continue;
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const lit = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      for (let k = 0; k < lit.length; k++) if (buf[i + k] !== lit.charCodeAt(k) || i + k >= end) return 'invalid literal';
      i += lit.length;
      expect = 4;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
      if (c === 0x2d) i++;
      let d = buf[i];
      if (i >= end || d === undefined || d < 0x30 || d > 0x39) return 'invalid number';
      if (d === 0x30) {
        i++;
      } else {
        while (i < end && (d = buf[i]) !== undefined && d >= 0x30 && d <= 0x39) i++;
      }
      if (i < end && buf[i] === 0x2e) {
        i++;
        const s = i;
        while (i < end && (d = buf[i]) !== undefined && d >= 0x30 && d <= 0x39) i++;
        if (i === s) return 'invalid number';
      }
      if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
        i++;
        if (i < end && (buf[i] === 0x2b || buf[i] === 0x2d)) i++;
        const s = i;
        while (i < end && (d = buf[i]) !== undefined && d >= 0x30 && d <= 0x39) i++;
        if (i === s) return 'invalid number';
      }
      expect = 4;
      continue;
    }
    return c === 0x0d ? 'carriage return inside a line' : 'invalid value';
  }
  return 'incomplete JSON value';
}

/** Control bytes that may not appear anywhere in a plain file (tab included: JSON writers escape it). */
const CONTROL_BYTES = [...Array.from({ length: 10 }, (_, i) => i), 11, 12, ...Array.from({ length: 18 }, (_, i) => i + 14)];

/** A UTF-8 validator (Node's buffer.isUtf8 is much faster than this fallback). */
export type Utf8Check = (bytes: Uint8Array) => boolean;

const decoder = new TextDecoder('utf-8', { fatal: true });
const fallbackUtf8: Utf8Check = (bytes) => {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

export class PlainNdjsonScanner {
  constructor(private readonly isUtf8: Utf8Check = fallbackUtf8) {}

  private line = 0;
  private events = 0;
  private failed: string | undefined;
  private carry: Uint8Array | undefined;
  private started = false;

  private fingerprint = 0n;

  get verdict(): PlainNdjsonVerdict {
    return this.failed === undefined
      ? { plain: true, events: this.events, fingerprint: this.fingerprint.toString() }
      : { plain: false, reason: this.failed, events: this.events };
  }

  /** Whether scanning can stop (already not plain). */
  get done(): boolean {
    return this.failed !== undefined;
  }

  private check(buf: Uint8Array, from: number, to: number): void {
    this.line++;
    if (to - from > MAX_LINE_BYTES) {
      this.failed = `line ${this.line}: line too long`;
      return;
    }
    const r = checkLine(buf, from, to);
    if (r === 'blank') return;
    if (r !== undefined) {
      this.failed = `line ${this.line}: ${r}`;
      return;
    }
    this.events++;
    this.fingerprint += BigInt(this.events) * BigInt(lineTs % FINGERPRINT_MOD);
  }

  /** Control characters anywhere, a CR not before LF, invalid UTF-8 (on whole lines). */
  private checkBytes(bytes: Uint8Array, crAllowedAtEnd: boolean): boolean {
    for (const c of CONTROL_BYTES) {
      if (bytes.indexOf(c) >= 0) {
        this.failed = `line ${this.line + 1}: control character`;
        return false;
      }
    }
    for (let cr = bytes.indexOf(0x0d); cr >= 0; cr = bytes.indexOf(0x0d, cr + 1)) {
      if (bytes[cr + 1] !== 0x0a && !(crAllowedAtEnd && cr === bytes.length - 1)) {
        this.failed = `line ${this.line + 1}: carriage return inside a line`;
        return false;
      }
    }
    if (!this.isUtf8(bytes)) {
      this.failed = `line ${this.line + 1}: invalid UTF-8`;
      return false;
    }
    return true;
  }

  push(chunk: Uint8Array): void {
    if (this.failed !== undefined || chunk.length === 0) return;
    const buf = chunk;
    if (!this.started) {
      this.started = true;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        this.failed = 'line 1: byte order mark';
        return;
      }
    }
    let start = 0;
    if (this.carry !== undefined) {
      const nl = buf.indexOf(0x0a);
      if (nl < 0) {
        const joined = new Uint8Array(this.carry.length + buf.length);
        joined.set(this.carry);
        joined.set(buf, this.carry.length);
        this.carry = joined;
        if (this.carry.length > MAX_LINE_BYTES) this.failed = `line ${this.line + 1}: line too long`;
        return;
      }
      const joined = new Uint8Array(this.carry.length + nl);
      joined.set(this.carry);
      joined.set(buf.subarray(0, nl), this.carry.length);
      this.carry = undefined;
      if (!this.checkBytes(joined, true)) return;
      this.check(joined, 0, joined.length);
      start = nl + 1;
    }
    const lastNl = buf.lastIndexOf(0x0a);
    if (lastNl >= start) {
      const whole = buf.subarray(start, lastNl + 1);
      if (!this.checkBytes(whole, false)) return;
    }
    for (let nl = buf.indexOf(0x0a, start); nl >= 0 && this.failed === undefined; nl = buf.indexOf(0x0a, start)) {
      this.check(buf, start, nl);
      start = nl + 1;
    }
    if (this.failed === undefined && start < buf.length) this.carry = buf.slice(start);
  }

  end(): PlainNdjsonVerdict {
    if (this.failed === undefined && this.carry !== undefined) {
      const last = this.carry;
      this.carry = undefined;
      if (this.checkBytes(last, true)) this.check(last, 0, last.length);
    }
    return this.verdict;
  }
}
