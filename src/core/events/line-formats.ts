/**
 * The line-based formats: NDJSON, enriched TSV and CSV with a header. Each takes physical lines
 * with their numbers and reports events and bad lines to a sink. Blank lines are skipped.
 */
import { compileCsvHeader, convertCsvRow, type CsvColumns } from './csv-columns.js';
import { splitCsvRecord } from './csv-split.js';
import { JsonEventConverter, type EventSink } from './json-value.js';
import { parseTsvLine } from './tsv.js';

export interface LineHandler {
  line(text: string, lineNumber: number): void;
  end(): void;
}

export class NdjsonLines implements LineHandler {
  private readonly converter: JsonEventConverter;

  constructor(private readonly sink: EventSink) {
    this.converter = new JsonEventConverter(sink);
  }

  line(text: string, lineNumber: number): void {
    if (text.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (text.trim() === '') return;
      this.sink.bad(lineNumber, `invalid JSON: ${(e as Error).message}`);
      return;
    }
    this.converter.convert(value, lineNumber);
  }

  end(): void {}
}

export class TsvLines implements LineHandler {
  constructor(private readonly sink: EventSink) {}

  line(text: string, lineNumber: number): void {
    if (text.length === 0) return;
    const r = parseTsvLine(text);
    if (r.ok) this.sink.event(r.event, lineNumber);
    else this.sink.bad(lineNumber, r.reason);
  }

  end(): void {}
}

/** Limits on one CSV record spread over several lines by an open quoted field. */
const MAX_RECORD_LINES = 1000;
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export class CsvLines implements LineHandler {
  private header: CsvColumns | undefined;
  private dead = false;
  private pending: string[] | undefined;
  private pendingStart = 0;
  private pendingChars = 0;
  private readonly delimiterName: string;

  constructor(
    private readonly sink: EventSink,
    private readonly delimiter: string,
  ) {
    this.delimiterName = delimiter === '\t' ? 'tab' : delimiter === ';' ? 'semicolon' : 'comma';
  }

  line(text: string, lineNumber: number): void {
    if (this.dead) return;
    if (this.pending !== undefined) {
      this.pending.push(text);
      this.pendingChars += text.length + 1;
      const fields = splitCsvRecord(this.pending.join('\n'), this.delimiter);
      if (fields !== undefined) {
        const start = this.pendingStart;
        this.pending = undefined;
        this.record(fields, start);
      } else if (this.pending.length >= MAX_RECORD_LINES || this.pendingChars > MAX_RECORD_CHARS) {
        this.abandonPending();
      }
      return;
    }
    if (text.length === 0) return;
    const fields = splitCsvRecord(text, this.delimiter);
    if (fields === undefined) {
      this.pending = [text];
      this.pendingStart = lineNumber;
      this.pendingChars = text.length;
      return;
    }
    this.record(fields, lineNumber);
  }

  end(): void {
    while (this.pending !== undefined) this.abandonPending();
  }

  /** An open quote never closed: report its line and read the lines after it again, as records. */
  private abandonPending(): void {
    const lines = this.pending ?? [];
    const start = this.pendingStart;
    this.pending = undefined;
    this.sink.bad(start, 'a quoted field is never closed');
    for (let i = 1; i < lines.length; i++) this.line(lines[i] as string, start + i);
  }

  private record(fields: string[], lineNumber: number): void {
    if (this.header === undefined) {
      const h = compileCsvHeader(fields);
      if (!h.ok) {
        this.dead = true;
        this.sink.bad(lineNumber, h.reason);
        return;
      }
      this.header = h.columns;
      return;
    }
    if (fields.length === 1 && fields[0]?.trim() === '') return;
    const r = convertCsvRow(this.header, fields, this.delimiterName);
    if (r.ok) this.sink.event(r.event, lineNumber);
    else this.sink.bad(lineNumber, r.reason);
  }
}
