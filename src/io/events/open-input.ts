/**
 * Opening event inputs as byte streams: files (resolved against the working directory) or stdin
 * (`-`), gunzipped transparently when the content starts with the gzip magic bytes, whatever the
 * file is called.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FailureError } from '../../errors.js';

export const STDIN_NAME = '-';

/** Bytes read per chunk from files (see docs/event-formats.md for the measurements behind it). */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;

export interface OpenedInput {
  chunks: AsyncIterable<Buffer>;
  gzip: boolean;
  /** Release the underlying stream (idempotent). Never closes the process's stdin. */
  close(): void;
}

/** Fail before reading anything if a named file is missing or not a regular file. */
export async function checkEventInputs(inputs: readonly string[], cwd: string): Promise<void> {
  for (const file of inputs) {
    if (file === STDIN_NAME) continue;
    const full = path.resolve(cwd, file);
    let info;
    try {
      info = await stat(full);
    } catch (e) {
      throw inputError(file, e);
    }
    if (info.isDirectory()) {
      throw new FailureError('events-file-unreadable', `Events path is a directory, not a file: ${file}`, {
        hint: 'Pass the event log files themselves, e.g. --events logs/*.ndjson',
        meta: { file },
      });
    }
  }
}

export function inputError(file: string, error: unknown): FailureError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new FailureError('events-file-not-found', `Events file not found: ${file}`, {
      hint: 'Check the path given to --events (or simulate.events in signals.config.yaml).',
      meta: { file },
    });
  }
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
  return new FailureError('events-file-unreadable', `Cannot read events file ${file}: ${why}`, { meta: { file } });
}

export async function openEventInput(file: string, cwd: string, stdin: Readable | undefined, chunkBytes = DEFAULT_CHUNK_BYTES): Promise<OpenedInput> {
  let source: Readable;
  let closeSource: () => void;
  if (file === STDIN_NAME) {
    source = stdin ?? process.stdin;
    closeSource = () => {};
  } else {
    const stream = createReadStream(path.resolve(cwd, file), { highWaterMark: chunkBytes });
    source = stream;
    closeSource = () => stream.destroy();
  }
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  // Read until at least two bytes are known, to look for the gzip magic number.
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  try {
    while (headBytes < 2) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      head.push(chunk);
      headBytes += chunk.length;
    }
  } catch (e) {
    closeSource();
    throw inputError(file, e);
  }
  const first = head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head);
  const gzip = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  async function* rest(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    }
  }
  if (!gzip) return { chunks: rest(), gzip, close: closeSource };
  const gunzip = createGunzip({ chunkSize: Math.min(chunkBytes, 256 * 1024) });
  pipeline(Readable.from(rest(), { objectMode: false }), gunzip, () => {});
  return {
    chunks: gunzip,
    gzip,
    close: () => {
      gunzip.destroy();
      closeSource();
    },
  };
}
