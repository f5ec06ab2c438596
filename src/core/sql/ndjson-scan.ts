/**
 * Decides whether an NDJSON event log can be read by DuckDB's own JSON reader with exactly the
 * values the JavaScript readers would produce. A file qualifies ("plain lossy NDJSON") when every
 * non-blank line is a strict-JSON object (what `JSON.parse` accepts; DuckDB is more lenient about
 * trailing commas and `NaN`), valid UTF-8, without duplicate keys at any depth, and whose top-level
 * keys are already in the normalised Analytics-SDK form: no upper case, no lossless
 * `contexts`/`unstruct_event` fields, no version-suffixed or `derived_contexts_*` columns, no Micro
 * wrappers. Timestamp and identity fields are checked afterwards, in SQL, on the values DuckDB
 * read. Anything else goes through the JavaScript readers, which are the reference.
 *
 * The scanner is a byte-level state machine fed chunk by chunk (no allocation per byte), so that
 * it can run beside DuckDB's reader over the same file.
 */

const enum S {
  LineStart,
  Value,
  AfterValue,
  ObjectKeyOrEnd,
  ObjectKey,
  Colon,
  ArrayValueOrEnd,
  String,
  Escape,
  Unicode,
  Number,
  Literal,
  LineEnd,
  Skip,
}

const MAX_DEPTH = 512;
const MAX_KEY_BYTES = 512;
const MAX_LINE_BYTES = 64 * 1024 * 1024;

const VERSIONED = /^(contexts|unstruct_event|derived_contexts)_(.+)_(\d+)_\d+_\d+$/;
const FORBIDDEN_KEYS = new Set(['contexts', 'unstruct_event', 'derived_contexts', 'refr_dvce_tstamp']);

export interface PlainNdjsonVerdict {
  plain: boolean;
  /** Why not, for logs and tests (line numbers are 1-based). */
  reason?: string;
  /** Non-blank lines seen (events, when plain). */
  events: number;
}

export class PlainNdjsonScanner {
  private state: S = S.LineStart;
  private line = 1;
  private lineBytes = 0;
  private events = 0;
  private failed: string | undefined;
  private started = false;
  // nesting: 1 = object, 2 = array
  private readonly stack = new Uint8Array(MAX_DEPTH + 1);
  private depth = 0;
  // duplicate-key detection: two 32-bit hashes per key, a region of the arrays per open object
  private hashA = new Int32Array(4096);
  private hashB = new Int32Array(4096);
  private readonly objectStart = new Int32Array(MAX_DEPTH + 1);
  private keyCount = 0;
  private h1 = 0;
  private h2 = 0;
  private inKey = false;
  private topKey = false;
  private readonly keyBytes = new Uint8Array(MAX_KEY_BYTES);
  private keyLength = 0;
  private keyEscaped = false;
  /** Top-level key whose value must not start an object/array ('event', 'events', 'errors'). */
  private guardKey: 0 | 1 | 2 = 0;
  private unicodeLeft = 0;
  private literal = '';
  private literalPos = 0;
  private numberState = 0;
  private utf8Left = 0;
  private utf8Min = 0;
  private utf8Code = 0;
  private pendingCR = false;

  get verdict(): PlainNdjsonVerdict {
    return this.failed === undefined ? { plain: true, events: this.events } : { plain: false, reason: this.failed, events: this.events };
  }

  /** Whether scanning can stop (already not plain). */
  get done(): boolean {
    return this.failed !== undefined;
  }

  private fail(why: string): void {
    if (this.failed === undefined) this.failed = `line ${this.line}: ${why}`;
    this.state = S.Skip;
  }

  push(buf: Uint8Array): void {
    if (this.failed !== undefined) return;
    let i = 0;
    const n = buf.length;
    if (!this.started && n > 0) {
      this.started = true;
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return this.fail('byte order mark');
    }
    while (i < n) {
      if (this.failed !== undefined) return;
      const c = buf[i] as number;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c !== 0x0a) return this.fail('carriage return inside a line');
      }
      if (c === 0x0a) {
        this.endOfLine();
        i++;
        continue;
      }
      if (++this.lineBytes > MAX_LINE_BYTES) return this.fail('line too long');
      if (c === 0x0d) {
        // only as part of \r\n, outside strings (inside a string it is a raw control character)
        if (this.state === S.String || this.state === S.Escape || this.state === S.Unicode) return this.fail('control character in a string');
        this.pendingCR = true;
        i++;
        continue;
      }
      if (this.utf8Left > 0) {
        if ((c & 0xc0) !== 0x80) return this.fail('invalid UTF-8');
        this.utf8Code = (this.utf8Code << 6) | (c & 0x3f);
        if (--this.utf8Left === 0) {
          const cp = this.utf8Code;
          if (cp < this.utf8Min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return this.fail('invalid UTF-8');
        }
        if (this.inKey) this.keyByte(c);
        i++;
        continue;
      }
      switch (this.state) {
        case S.String: {
          // hot loop: plain string bytes
          let j = i;
          while (j < n) {
            const d = buf[j] as number;
            if (d === 0x22 || d === 0x5c || d < 0x20 || d >= 0x80) break;
            if (this.inKey) this.keyByte(d);
            j++;
          }
          this.lineBytes += j - i;
          if (j > i) {
            this.lineBytes--; // the first byte was counted above
            i = j;
            continue;
          }
          if (c === 0x22) {
            this.endString();
          } else if (c === 0x5c) {
            this.state = S.Escape;
            if (this.inKey) return this.fail('escaped characters in a key');
          } else if (c < 0x20) {
            return this.fail('control character in a string');
          } else {
            this.startUtf8(c);
            if (this.inKey) this.keyByte(c);
          }
          i++;
          continue;
        }
        case S.Escape:
          if (c === 0x75) {
            this.state = S.Unicode;
            this.unicodeLeft = 4;
          } else if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) {
            this.state = S.String;
          } else {
            return this.fail('invalid escape');
          }
          if (this.inKey) this.hashByte(c);
          i++;
          continue;
        case S.Unicode:
          if (!isHex(c)) return this.fail('invalid \\u escape');
          if (this.inKey) this.hashByte(c);
          if (--this.unicodeLeft === 0) this.state = S.String;
          i++;
          continue;
        case S.Skip:
          i++;
          continue;
        default:
          this.structural(c);
          i++;
      }
    }
  }

  end(): PlainNdjsonVerdict {
    if (this.failed === undefined) {
      if (this.pendingCR) this.fail('carriage return at the end');
      else this.endOfLine();
    }
    return this.verdict;
  }

  private startUtf8(c: number): void {
    if (c >= 0xc2 && c <= 0xdf) {
      this.utf8Left = 1;
      this.utf8Min = 0x80;
      this.utf8Code = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      this.utf8Left = 2;
      this.utf8Min = 0x800;
      this.utf8Code = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      this.utf8Left = 3;
      this.utf8Min = 0x10000;
      this.utf8Code = c & 0x07;
    } else {
      this.fail('invalid UTF-8');
    }
  }

  private endOfLine(): void {
    if (this.failed !== undefined) return;
    if (this.state === S.Number) this.finishNumber();
    if (this.state === S.Literal) return this.fail('invalid literal');
    if (this.state === S.LineEnd || (this.state === S.AfterValue && this.depth === 0)) {
      this.events++;
    } else if (this.state !== S.LineStart) {
      return this.fail('incomplete JSON value');
    }
    this.state = S.LineStart;
    this.line++;
    this.lineBytes = 0;
    this.depth = 0;
    this.keyCount = 0;
  }

  private structural(c: number): void {
    const ws = c === 0x20 || c === 0x09;
    switch (this.state) {
      case S.LineStart:
        if (ws) return;
        if (c !== 0x7b) return this.fail('not a JSON object');
        this.openObject();
        return;
      case S.LineEnd:
        if (!ws) this.fail('content after the event object');
        return;
      case S.Number:
        if (this.number(c)) return;
        this.finishNumber();
        if (this.failed !== undefined) return;
        this.state = S.AfterValue;
        this.structural(c);
        return;
      case S.Literal:
        if (c !== this.literal.charCodeAt(this.literalPos)) return this.fail('invalid literal');
        if (++this.literalPos === this.literal.length) this.valueDone();
        return;
      case S.Value:
        if (ws) return;
        this.startValue(c);
        return;
      case S.ObjectKeyOrEnd:
        if (ws) return;
        if (c === 0x7d) return this.closeContainer(1);
        if (c !== 0x22) return this.fail('expected a key');
        this.startKey();
        return;
      case S.ObjectKey:
        if (ws) return;
        if (c !== 0x22) return this.fail('expected a key');
        this.startKey();
        return;
      case S.Colon:
        if (ws) return;
        if (c !== 0x3a) return this.fail('expected a colon');
        this.state = S.Value;
        return;
      case S.ArrayValueOrEnd:
        if (ws) return;
        if (c === 0x5d) return this.closeContainer(2);
        this.startValue(c);
        return;
      case S.AfterValue:
        if (ws) return;
        if (this.depth === 0) return this.fail('content after the event object');
        if (c === 0x2c) {
          this.state = this.stack[this.depth] === 1 ? S.ObjectKey : S.Value;
          return;
        }
        if (c === 0x7d) return this.closeContainer(1);
        if (c === 0x5d) return this.closeContainer(2);
        this.fail('expected , } or ]');
        return;
      default:
        this.fail('unexpected state');
    }
  }

  private startValue(c: number): void {
    const guard = this.guardKey;
    this.guardKey = 0;
    if (c === 0x7b) {
      if (guard !== 0) return this.fail('a Micro wrapper or event list');
      this.openObject();
    } else if (c === 0x5b) {
      if (guard === 2) return this.fail('a Micro wrapper or event list');
      this.pushContainer(2);
      this.state = S.ArrayValueOrEnd;
    } else if (c === 0x22) {
      this.state = S.String;
      this.inKey = false;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.state = S.Number;
      this.numberState = 0;
      this.number(c);
    } else if (c === 0x74) {
      this.startLiteral('true');
    } else if (c === 0x66) {
      this.startLiteral('false');
    } else if (c === 0x6e) {
      this.startLiteral('null');
    } else {
      this.fail('invalid value');
    }
  }

  private startLiteral(text: string): void {
    this.state = S.Literal;
    this.literal = text;
    this.literalPos = 1;
  }

  /**
   * Number grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
   * States: 0 start, 1 after '-', 2 after leading 0, 3 int digits, 4 after '.', 5 frac digits,
   * 6 after e, 7 after exp sign, 8 exp digits. Returns false when `c` ends the number.
   */
  private number(c: number): boolean {
    const digit = c >= 0x30 && c <= 0x39;
    switch (this.numberState) {
      case 0:
        if (c === 0x2d) this.numberState = 1;
        else this.numberState = c === 0x30 ? 2 : 3;
        return true;
      case 1:
        if (!digit) return this.failNumber();
        this.numberState = c === 0x30 ? 2 : 3;
        return true;
      case 2:
      case 3:
        if (digit && this.numberState === 3) return true;
        if (digit) return this.failNumber();
        if (c === 0x2e) return (this.numberState = 4), true;
        if (c === 0x65 || c === 0x45) return (this.numberState = 6), true;
        return false;
      case 4:
        if (!digit) return this.failNumber();
        this.numberState = 5;
        return true;
      case 5:
        if (digit) return true;
        if (c === 0x65 || c === 0x45) return (this.numberState = 6), true;
        return false;
      case 6:
        if (c === 0x2b || c === 0x2d) return (this.numberState = 7), true;
        if (!digit) return this.failNumber();
        this.numberState = 8;
        return true;
      case 7:
        if (!digit) return this.failNumber();
        this.numberState = 8;
        return true;
      default:
        return digit;
    }
  }

  private failNumber(): boolean {
    this.fail('invalid number');
    return true;
  }

  private finishNumber(): void {
    const s = this.numberState;
    if (s !== 2 && s !== 3 && s !== 5 && s !== 8) return this.fail('invalid number');
    this.valueDone();
  }

  private pushContainer(kind: 1 | 2): void {
    if (this.depth >= MAX_DEPTH) return this.fail('nested too deeply');
    this.depth++;
    this.stack[this.depth] = kind;
  }

  private openObject(): void {
    this.pushContainer(1);
    this.objectStart[this.depth] = this.keyCount;
    this.state = S.ObjectKeyOrEnd;
  }

  private closeContainer(kind: 1 | 2): void {
    if (this.stack[this.depth] !== kind) return this.fail('mismatched brackets');
    if (kind === 1) this.keyCount = this.objectStart[this.depth] as number;
    this.depth--;
    this.valueDone();
  }

  private valueDone(): void {
    this.state = this.depth === 0 ? S.LineEnd : S.AfterValue;
  }

  private startKey(): void {
    this.state = S.String;
    this.inKey = true;
    this.topKey = this.depth === 1;
    this.keyLength = 0;
    this.keyEscaped = false;
    this.h1 = 0x811c9dc5 | 0;
    this.h2 = 0x01000193;
  }

  private hashByte(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    this.h2 = (Math.imul(this.h2, 31) + c + 7) | 0;
  }

  private keyByte(c: number): void {
    this.hashByte(c);
    if (this.topKey) {
      if (this.keyLength < MAX_KEY_BYTES) this.keyBytes[this.keyLength] = c;
      this.keyLength++;
    }
  }

  private endString(): void {
    if (!this.inKey) return this.valueDone();
    this.inKey = false;
    // duplicate keys within the current object
    const from = this.objectStart[this.depth] as number;
    for (let k = from; k < this.keyCount; k++) {
      if (this.hashA[k] === this.h1 && this.hashB[k] === this.h2) return this.fail('duplicate key');
    }
    if (this.keyCount >= this.hashA.length) {
      const a = new Int32Array(this.hashA.length * 2);
      a.set(this.hashA);
      this.hashA = a;
      const b = new Int32Array(this.hashB.length * 2);
      b.set(this.hashB);
      this.hashB = b;
    }
    this.hashA[this.keyCount] = this.h1;
    this.hashB[this.keyCount] = this.h2;
    this.keyCount++;
    this.state = S.Colon;
    if (this.topKey) this.checkTopKey();
  }

  private checkTopKey(): void {
    if (this.keyEscaped) return this.fail('escaped characters in a top-level key');
    if (this.keyLength > MAX_KEY_BYTES) return this.fail('top-level key too long');
    let key = '';
    for (let k = 0; k < this.keyLength; k++) {
      const c = this.keyBytes[k] as number;
      if (c >= 0x41 && c <= 0x5a) return this.fail('upper-case top-level key');
      key += c >= 0x80 ? '\u0080' : String.fromCharCode(c);
    }
    if (FORBIDDEN_KEYS.has(key) || key.startsWith('derived_contexts_') || VERSIONED.test(key)) {
      return this.fail(`key ${key} needs normalising`);
    }
    this.guardKey = key === 'event' ? 1 : key === 'events' || key === 'errors' ? 2 : 0;
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
