/**
 * Streams the elements out of JSON documents without holding the whole document: Snowplow
 * Micro `/micro/good` and `/micro/events` answers are one JSON array, often on a single line, and
 * can be large. Text is pushed in chunks; each element's text is handed over as soon as it is
 * complete and is then parsed on its own.
 *
 * - A root array: every element is an item.
 * - A root object: if it has an `events` list (Micro `POST /micro/events`), every element of
 *   that list is an item and the rest of the object is ignored; otherwise the whole object is
 *   one item (a pretty-printed event). Several root values may follow each other (`jq` output).
 * Items are numbered from 1 in document order.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

export interface JsonItemSink {
  item(text: string, index: number): void;
  error(index: number, reason: string): void;
}

export class JsonStreamScanner {
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Depth just inside the container whose children are items; -1 when none is open. */
  private itemDepth = -1;
  private rootIsObject = false;
  private eventsFound = false;
  private lastString: string | undefined;
  private currentKey: string | undefined;
  private junk = false;
  private count = 0;

  private item: Collector | undefined;
  private doc: Collector | undefined;

  constructor(
    private readonly sink: JsonItemSink,
    private readonly maxItemChars = 64 * 1024 * 1024,
  ) {}

  push(chunk: string): void {
    let itemStart = this.item ? 0 : -1;
    let docStart = this.doc ? 0 : -1;
    let stringStart = -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      if (this.inString) {
        // Jump to the closing quote: string contents are most of an event's text.
        const end = this.stringEnd(chunk, i);
        if (end === -1) break;
        i = end;
        this.inString = false;
        if (stringStart >= 0 && i - stringStart < 64) this.lastString = chunk.slice(stringStart, i + 1);
        stringStart = -1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c <= 32) continue;
      if (!this.item && this.depth === this.itemDepth && c !== COMMA && c !== CLOSE_BRACKET && c !== CLOSE_BRACE) {
        this.item = new Collector();
        itemStart = i;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.rootIsObject && this.depth === 1) stringStart = i;
          if (this.depth === 0) this.reportJunk();
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (this.depth === 0) {
            this.junk = false;
            if (c === OPEN_BRACKET) this.itemDepth = 1;
            else {
              this.rootIsObject = true;
              this.eventsFound = false;
              this.currentKey = undefined;
              this.doc = new Collector();
              docStart = i;
            }
          } else if (this.rootIsObject && this.depth === 1 && c === OPEN_BRACKET && this.currentKey === '"events"' && !this.eventsFound) {
            this.eventsFound = true;
            this.doc = undefined;
            docStart = -1;
            this.itemDepth = 2;
          }
          this.depth++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (this.depth === 0) {
            this.reportJunk();
            break;
          }
          if (this.item && this.depth === this.itemDepth) {
            this.finishItem(this.item, chunk, itemStart, i);
            this.item = undefined;
            itemStart = -1;
          }
          if (this.depth === this.itemDepth) this.itemDepth = -1;
          this.depth--;
          if (this.depth === 0) {
            if (this.doc) this.finishItem(this.doc, chunk, docStart, i + 1);
            this.doc = undefined;
            docStart = -1;
            this.rootIsObject = false;
          }
          break;
        case COLON:
          if (this.rootIsObject && this.depth === 1) this.currentKey = this.lastString;
          break;
        case COMMA:
          if (this.item && this.depth === this.itemDepth) {
            this.finishItem(this.item, chunk, itemStart, i);
            this.item = undefined;
            itemStart = -1;
          }
          if (this.rootIsObject && this.depth === 1) this.currentKey = undefined;
          break;
        default:
          if (this.depth === 0) this.reportJunk();
      }
    }
    if (this.item && itemStart >= 0) this.keep(this.item, chunk.slice(itemStart));
    if (this.doc && docStart >= 0) this.keep(this.doc, chunk.slice(docStart));
  }

  /**
   * Index of the quote closing the string that continues at `from`, or -1 when the chunk ends
   * inside the string (then `escape` records whether its last character escapes the next one).
   */
  private stringEnd(chunk: string, from: number): number {
    let i = from;
    if (this.escape) {
      this.escape = false;
      i++;
    }
    for (;;) {
      const q = chunk.indexOf('"', i);
      if (q === -1) {
        let run = 0;
        for (let j = chunk.length - 1; j >= i && chunk.charCodeAt(j) === BACKSLASH; j--) run++;
        this.escape = run % 2 === 1;
        return -1;
      }
      let run = 0;
      for (let j = q - 1; j >= i && chunk.charCodeAt(j) === BACKSLASH; j--) run++;
      if (run % 2 === 0) return q;
      i = q + 1;
    }
  }

  /** The input is complete: report a document that was cut short. */
  end(): void {
    if (this.depth > 0 || this.inString) {
      this.count++;
      this.sink.error(this.count, 'the JSON document ends before its closing bracket (truncated file?)');
    }
    this.item = undefined;
    this.doc = undefined;
    this.depth = 0;
    this.inString = false;
  }

  private keep(collector: Collector, text: string): void {
    if (collector.tooLong) return;
    collector.parts.push(text);
    collector.length += text.length;
    if (collector.length > this.maxItemChars) {
      collector.tooLong = true;
      collector.parts = [];
    }
  }

  private finishItem(collector: Collector, chunk: string, start: number, end: number): void {
    this.count++;
    if (!collector.tooLong) this.keep(collector, chunk.slice(Math.max(start, 0), end));
    if (collector.tooLong) {
      this.sink.error(this.count, `element is longer than ${this.maxItemChars} characters`);
      return;
    }
    this.sink.item(collector.parts.length === 1 ? (collector.parts[0] as string) : collector.parts.join(''), this.count);
  }

  private reportJunk(): void {
    if (this.junk) return;
    this.junk = true;
    this.count++;
    this.sink.error(this.count, 'unexpected text outside a JSON object or array');
  }
}

class Collector {
  parts: string[] = [];
  length = 0;
  tooLong = false;
}
