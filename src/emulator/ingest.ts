/**
 * `POST /emulator/events`: events in any format `signals simulate` reads (NDJSON, enriched TSV,
 * JSON arrays such as Snowplow Micro's, warehouse CSV), optionally compressed
 * (`Content-Encoding: gzip | deflate | br`, or gzip bytes whatever the header says). The body is
 * parsed as it streams in and every event goes to the live engine, so memory does not grow with
 * the size of the body. Bad lines are reported, never fatal. The batch is applied in event-time
 * order, then intervention firings are delivered.
 */
import type { IncomingMessage } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { DetectedFormat } from '../core/events/detect.js';
import type { SnowplowEvent } from '../core/events/event.js';
import { EventTextParser } from '../core/events/parser.js';
import type { LiveValues } from './live.js';
import type { Reply } from './registry.js';

/** Bad lines listed in a response (all are counted). */
export const MAX_REPORTED_BAD_LINES = 1000;

export interface IngestResult {
  /** Events read from the body and given to the engine. */
  accepted: number;
  /** Of those, events that updated at least one published attribute group. */
  used: number;
  bad_lines: { line: number; reason: string }[];
  bad_line_count: number;
  /** The detected format (`empty` for an empty body). */
  format: DetectedFormat;
}

/** Feeds a text stream of events to the engine; shared by the endpoint and `signals emulator --events`. */
export class EventIngestor {
  private batch: SnowplowEvent[] = [];
  /** The last line (or record) number seen. */
  private lines = 0;
  private readonly parser: EventTextParser;
  private readonly decoder = new StringDecoder('utf8');
  readonly result: IngestResult = { accepted: 0, used: 0, bad_lines: [], bad_line_count: 0, format: 'empty' };

  constructor(private readonly live: LiveValues) {
    this.parser = new EventTextParser({
      event: (event, line) => {
        this.batch.push(event);
        this.lines = line;
      },
      bad: (line, reason) => {
        this.lines = line;
        this.bad(line, reason);
      },
    });
  }

  bad(line: number, reason: string): void {
    this.result.bad_line_count++;
    if (this.result.bad_lines.length < MAX_REPORTED_BAD_LINES) this.result.bad_lines.push({ line, reason });
  }

  push(chunk: Buffer | string): void {
    this.parser.push(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    this.drain();
  }

  /** Ends the input: the last events are applied, in event-time order, and firings delivered. */
  end(): IngestResult {
    this.parser.push(this.decoder.end());
    this.parser.end();
    return this.finish();
  }

  /** Stops at damaged input: what was read is applied, the unfinished rest is reported as one bad line. */
  abort(reason: string): IngestResult {
    this.bad(this.lines + 1, reason);
    return this.finish();
  }

  private finish(): IngestResult {
    this.drain();
    this.live.flush();
    this.result.format = this.parser.format ?? 'empty';
    return this.result;
  }

  private drain(): void {
    const events = this.batch;
    this.batch = [];
    for (const event of events) {
      this.result.accepted++;
      if (this.live.ingest(event) === 'used') this.result.used++;
    }
  }
}

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Reads the request body into the engine. Replies 415 for an encoding it cannot decode. */
export async function ingestRequest(req: IncomingMessage, live: LiveValues): Promise<Reply> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '' && DECODERS[encoding] === undefined) {
    req.resume();
    return { status: 415, body: { error: `unsupported Content-Encoding ${encoding}: send gzip, deflate, br or plain text` } };
  }
  const ingestor = new EventIngestor(live);
  try {
    for await (const chunk of await decodedBody(req, DECODERS[encoding])) ingestor.push(chunk as Buffer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      return { status: 200, body: ingestor.abort(`damaged compressed data (${(error as Error).message}); the rest of the body is skipped`) };
    }
    // The client went away mid-body: keep what arrived, as a collector would.
    const result = ingestor.abort(`the request body was cut off (${(error as Error).message})`);
    return { status: 400, body: { error: 'the request body was cut off', ...result } };
  }
  return { status: 200, body: ingestor.end() };
}

/** The body, decompressed as its header says, or as gzip when it starts with the gzip magic bytes. */
async function decodedBody(req: IncomingMessage, decoder: (() => NodeJS.ReadWriteStream) | undefined): Promise<AsyncIterable<Buffer>> {
  const it = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (first.done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  const make = decoder ?? (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b ? createGunzip : undefined);
  if (make === undefined) return all();
  const decompress = make();
  pipeline(Readable.from(all()), decompress, () => {});
  return decompress as unknown as AsyncIterable<Buffer>;
}
