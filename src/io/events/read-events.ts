/**
 * Streaming reader of event logs for `signals simulate` (and anything else that replays events).
 * Inputs are read one after another, in the order given; `-` is stdin; gzip is detected from the
 * content. Each input's format is detected on its own. Memory does not grow with the number of
 * events: text is decoded and parsed chunk by chunk, and events are handed out in batches.
 *
 *     const stream = readEvents(files, { cwd, stdin });
 *     for await (const { event, file, line } of stream) { ... }
 *     stream.stats  // { files, eventsRead, badLines, badLineCount, inputs }
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { DetectedFormat } from '../../core/events/detect.js';
import type { BadLine, EventRecord } from '../../core/events/event.js';
import { EventTextParser } from '../../core/events/parser.js';
import { FailureError, isCliError } from '../../errors.js';
import { checkEventInputs, inputError, openEventInput } from './open-input.js';

export interface ReadEventsOptions {
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Stream read for the input `-` (default: the process's stdin). */
  stdin?: Readable;
  /** Fail (exit 1) on the first bad line, naming file:line. */
  strict?: boolean;
  /** Bad lines kept in `stats.badLines` (all are counted). Default 1000. */
  maxBadLines?: number;
  /** Longest line or JSON element, in characters. Default 64 Mi. */
  maxLineLength?: number;
  /** Bytes read per chunk; each chunk's events form one batch. Default 256 KiB. */
  chunkBytes?: number;
  /** Stop reading (quietly) once aborted. */
  signal?: AbortSignal;
}

export interface EventInputStats {
  /** As the user named it (`-` for stdin). */
  file: string;
  /** Detected format; undefined until the first content is read. */
  format: DetectedFormat | undefined;
  gzip: boolean;
  events: number;
  badLines: number;
}

/** Live counters, updated while the stream is read. */
export interface EventReadStats {
  /** Inputs opened so far, in order. */
  files: string[];
  inputs: EventInputStats[];
  eventsRead: number;
  /** The first `maxBadLines` bad lines. */
  badLines: BadLine[];
  /** Every bad line, including those not kept in `badLines`. */
  badLineCount: number;
}

export interface EventStream extends AsyncIterable<EventRecord> {
  readonly stats: EventReadStats;
  /** The same events in batches (one per chunk read): cheaper per event than iterating one by one. */
  batches(): AsyncIterable<EventRecord[]>;
}

export const DEFAULT_MAX_BAD_LINES = 1000;

export function readEvents(inputs: readonly string[], options: ReadEventsOptions): EventStream {
  const stats: EventReadStats = { files: [], inputs: [], eventsRead: 0, badLines: [], badLineCount: 0 };
  let started = false;
  const batches = (): AsyncIterable<EventRecord[]> => {
    if (started) throw new Error('an event stream can be read only once');
    started = true;
    return readBatches([...inputs], options, stats);
  };
  return {
    stats,
    batches,
    [Symbol.asyncIterator]: () => flatten(batches()[Symbol.asyncIterator]()),
  };
}

async function* readBatches(inputs: string[], options: ReadEventsOptions, stats: EventReadStats): AsyncGenerator<EventRecord[]> {
  const maxBad = options.maxBadLines ?? DEFAULT_MAX_BAD_LINES;
  await checkEventInputs(inputs, options.cwd);
  for (const file of inputs) {
    if (options.signal?.aborted) return;
    const input = await openEventInput(file, options.cwd, options.stdin, options.chunkBytes);
    const entry: EventInputStats = { file, format: undefined, gzip: input.gzip, events: 0, badLines: 0 };
    stats.files.push(file);
    stats.inputs.push(entry);
    let batch: EventRecord[] = [];
    let lastLine = 0;
    const bad = (line: number, reason: string): void => {
      entry.badLines++;
      stats.badLineCount++;
      if (stats.badLines.length < maxBad) stats.badLines.push({ file, line, reason });
      if (options.strict) {
        throw new FailureError('bad-event-line', `${file}:${line}: ${reason}`, {
          hint: 'Fix or remove the line, or run without --strict to skip bad lines.',
          meta: { file, line, reason },
        });
      }
    };
    const parser = new EventTextParser(
      {
        event: (event, line) => {
          batch.push({ event, file, line });
          lastLine = line;
        },
        bad: (line, reason) => {
          lastLine = line;
          bad(line, reason);
        },
      },
      options.maxLineLength === undefined ? {} : { maxLineLength: options.maxLineLength },
    );
    const decoder = new StringDecoder('utf8');
    const flush = (): EventRecord[] => {
      const out = batch;
      batch = [];
      entry.events += out.length;
      stats.eventsRead += out.length;
      entry.format = parser.format;
      return out;
    };
    try {
      for await (const chunk of input.chunks) {
        parser.push(decoder.write(chunk));
        if (batch.length > 0) yield flush();
        if (options.signal?.aborted) return;
      }
      parser.push(decoder.end());
      parser.end();
    } catch (error) {
      if (isCliError(error)) throw error;
      const reason = streamErrorReason(error);
      if (reason === undefined) throw inputError(file, error);
      if (batch.length > 0) yield flush();
      bad(lastLine + 1, reason);
    } finally {
      input.close();
    }
    const last = flush();
    if (last.length > 0) yield last;
  }
}

/** A reason for a damaged compressed stream (reported as a bad line), else undefined. */
function streamErrorReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return `damaged gzip data (${(error as Error).message}); the rest of the file is skipped`;
  }
  return undefined;
}

/** One record at a time out of batches, without an async generator frame per record. */
function flatten(source: AsyncIterator<EventRecord[]>): AsyncIterator<EventRecord> {
  let buffer: EventRecord[] = [];
  let index = 0;
  const pull = async (): Promise<IteratorResult<EventRecord>> => {
    for (;;) {
      const r = await source.next();
      if (r.done) return { done: true, value: undefined };
      if (r.value.length === 0) continue;
      buffer = r.value;
      index = 1;
      return { done: false, value: buffer[0] as EventRecord };
    }
  };
  return {
    next: () => (index < buffer.length ? Promise.resolve({ done: false, value: buffer[index++] as EventRecord }) : pull()),
    return: async () => {
      buffer = [];
      await source.return?.();
      return { done: true, value: undefined };
    },
  };
}
