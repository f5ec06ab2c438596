/**
 * Parse a small in-memory event log (the emulator's ingest endpoint, golden tests): any format
 * `signals simulate` reads, detected from the content. Large inputs belong to the streaming
 * reader in `src/io/events`.
 */
import type { DetectedFormat } from './detect.js';
import type { BadLine, EventRecord } from './event.js';
import { EventTextParser, type EventParserOptions } from './parser.js';

export interface ParsedEvents {
  events: EventRecord[];
  badLines: BadLine[];
  /** The detected format; `empty` for blank input, `unrecognised` for text in no known format. */
  format: DetectedFormat;
}

export interface ParseEventsOptions extends EventParserOptions {
  /** Name used in records and bad lines (default `-`). */
  file?: string;
}

export function parseEventsText(text: string, options: ParseEventsOptions = {}): ParsedEvents {
  const file = options.file ?? '-';
  const events: EventRecord[] = [];
  const badLines: BadLine[] = [];
  const parser = new EventTextParser(
    {
      event: (event, line) => events.push({ event, file, line }),
      bad: (line, reason) => badLines.push({ file, line, reason }),
    },
    options,
  );
  parser.push(text);
  parser.end();
  return { events, badLines, format: parser.format ?? 'empty' };
}
