/**
 * Splits pushed text chunks into physical lines numbered from 1. `\n` and `\r\n` both end a line.
 * Memory is bounded: a line longer than `maxLineLength` is reported once and skipped up to its end.
 */
export interface LineSink {
  line(text: string, lineNumber: number): void;
  tooLong(lineNumber: number, maxLineLength: number): void;
}

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024;

export class LineSplitter {
  private carry = '';
  private lineNumber = 0;
  private skipping = false;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineLength = DEFAULT_MAX_LINE_LENGTH,
  ) {}

  /** Lines completed so far. */
  get lines(): number {
    return this.lineNumber;
  }

  /** The incomplete last line held so far. */
  get pending(): string {
    return this.carry;
  }

  push(chunk: string): void {
    let start = 0;
    if (this.skipping) {
      const nl = chunk.indexOf('\n');
      if (nl === -1) return;
      this.skipping = false;
      start = nl + 1;
    }
    if (this.carry !== '') {
      const nl = chunk.indexOf('\n', start);
      if (nl === -1) {
        this.hold(this.carry + chunk.slice(start));
        return;
      }
      const line = this.carry + chunk.slice(start, nl);
      this.carry = '';
      this.emit(line);
      start = nl + 1;
    }
    let nl = chunk.indexOf('\n', start);
    while (nl !== -1) {
      this.emit(chunk.slice(start, nl));
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) this.hold(chunk.slice(start));
  }

  /** The input is complete: the last line may lack a terminator. */
  end(): void {
    if (this.carry !== '') {
      const line = this.carry;
      this.carry = '';
      this.emit(line);
    }
    this.skipping = false;
  }

  private hold(text: string): void {
    if (text.length <= this.maxLineLength) {
      this.carry = text;
      return;
    }
    this.carry = '';
    this.skipping = true;
    this.lineNumber++;
    this.sink.tooLong(this.lineNumber, this.maxLineLength);
  }

  private emit(raw: string): void {
    this.lineNumber++;
    if (raw.length > this.maxLineLength) {
      this.sink.tooLong(this.lineNumber, this.maxLineLength);
      return;
    }
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    this.sink.line(line, this.lineNumber);
  }
}
