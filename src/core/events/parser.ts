/**
 * The incremental event parser behind every reader: text is pushed in chunks of any size (a
 * whole string for in-memory input, decoded file chunks for streams), the format is detected
 * from the first content, and events and bad lines are reported to a sink as soon as they are
 * complete. Memory is bounded by the longest line (or JSON element), not the input size.
 */
import { detectLineFormat, type DetectedFormat } from './detect.js';
import { JsonStreamScanner } from './json-scanner.js';
import { JsonEventConverter, type EventSink } from './json-value.js';
import { CsvLines, NdjsonLines, TsvLines, type LineHandler } from './line-formats.js';
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter } from './lines.js';

export interface EventParserOptions {
  /** Longest line or JSON element kept, in characters (default 64 Mi). Longer ones are bad lines. */
  maxLineLength?: number;
}

type Buffered = { text: string; lineNumber: number; tooLong?: boolean };

/** A `{` line this long with no line end yet is taken as the start of one big JSON document. */
const MAX_UNDECIDED_CHARS = 1024 * 1024;

export class EventTextParser {
  private state: 'start' | 'detect' | 'lines' | 'json' | 'dead' = 'start';
  private startText = '';
  private buffered: Buffered[] = [];
  private nonBlank = 0;
  private splitter: LineSplitter | undefined;
  private handler: LineHandler | undefined;
  private scanner: JsonStreamScanner | undefined;
  private detected: DetectedFormat | undefined;
  private readonly maxLineLength: number;

  constructor(
    private readonly sink: EventSink,
    options: EventParserOptions = {},
  ) {
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  /** The detected format, once known. */
  get format(): DetectedFormat | undefined {
    return this.detected;
  }

  push(text: string): void {
    switch (this.state) {
      case 'lines':
        (this.splitter as LineSplitter).push(text);
        return;
      case 'json':
        (this.scanner as JsonStreamScanner).push(text);
        return;
      case 'dead':
        return;
      case 'start': {
        this.startText += this.startText === '' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        const m = /[^\s\uFEFF]/.exec(this.startText);
        if (!m) return;
        const all = this.startText;
        this.startText = '';
        if (m[0] === '[') return this.startJson(all);
        this.state = 'detect';
        this.splitter = new LineSplitter(this.lineSink(), this.maxLineLength);
        this.splitter.push(all);
        this.tryDecide(false);
        return;
      }
      case 'detect':
        (this.splitter as LineSplitter).push(text);
        this.tryDecide(false);
        return;
    }
  }

  end(): void {
    switch (this.state) {
      case 'start':
        this.detected = 'empty';
        return;
      case 'detect':
        (this.splitter as LineSplitter).end();
        this.tryDecide(true);
        this.handler?.end();
        this.scanner?.end();
        return;
      case 'lines':
        (this.splitter as LineSplitter).end();
        this.handler?.end();
        return;
      case 'json':
        (this.scanner as JsonStreamScanner).end();
        return;
      case 'dead':
        return;
    }
  }

  private lineSink() {
    return {
      line: (text: string, lineNumber: number) => {
        if (this.handler !== undefined) return this.handler.line(text, lineNumber);
        this.buffered.push({ text, lineNumber });
        if (text.trim() !== '') this.nonBlank++;
      },
      tooLong: (lineNumber: number, max: number) => {
        if (this.handler !== undefined) return this.sink.bad(lineNumber, tooLongReason(max));
        this.buffered.push({ text: '', lineNumber, tooLong: true });
      },
    };
  }

  private tryDecide(final: boolean): void {
    const splitter = this.splitter as LineSplitter;
    if (this.nonBlank < 2 && !final) {
      if (this.nonBlank === 0 && splitter.pending.length > MAX_UNDECIDED_CHARS && splitter.pending.trimStart().startsWith('{')) {
        this.startJson(this.bufferedText() + splitter.pending);
      }
      return;
    }
    const lines = this.buffered.filter((b) => !b.tooLong && b.text.trim() !== '').map((b) => b.text);
    if (lines.length === 0) {
      for (const b of this.buffered) if (b.tooLong) this.sink.bad(b.lineNumber, tooLongReason(this.maxLineLength));
      this.detected = this.buffered.some((b) => b.tooLong) ? 'unrecognised' : 'empty';
      this.state = 'dead';
      return;
    }
    const d = detectLineFormat(lines);
    switch (d.format) {
      case 'unrecognised': {
        const first = this.buffered.find((b) => b.text.trim() !== '');
        this.sink.bad(first?.lineNumber ?? 1, d.reason);
        this.detected = 'unrecognised';
        this.state = 'dead';
        return;
      }
      case 'json':
        this.startJson(this.bufferedText() + splitter.pending);
        return;
      default: {
        this.detected = d.format;
        this.handler =
          d.format === 'csv' ? new CsvLines(this.sink, d.delimiter) : d.format === 'tsv' ? new TsvLines(this.sink) : new NdjsonLines(this.sink);
        this.state = 'lines';
        const replay = this.buffered;
        this.buffered = [];
        for (const b of replay) {
          if (b.tooLong) this.sink.bad(b.lineNumber, tooLongReason(this.maxLineLength));
          else this.handler.line(b.text, b.lineNumber);
        }
      }
    }
  }

  private bufferedText(): string {
    const text = this.buffered.map((b) => `${b.text}\n`).join('');
    this.buffered = [];
    return text;
  }

  private startJson(text: string): void {
    this.detected = 'json';
    this.state = 'json';
    const converter = new JsonEventConverter(this.sink);
    this.scanner = new JsonStreamScanner(
      {
        item: (itemText, index) => {
          let value: unknown;
          try {
            value = JSON.parse(itemText);
          } catch (e) {
            this.sink.bad(index, `invalid JSON: ${(e as Error).message}`);
            return;
          }
          converter.convert(value, index);
        },
        error: (index, reason) => this.sink.bad(index, reason),
      },
      this.maxLineLength,
    );
    this.scanner.push(text);
  }
}

function tooLongReason(max: number): string {
  return `line is longer than ${max} characters`;
}
