/**
 * Loads event logs into the staging table, in input order:
 * - plain lossy NDJSON (optionally gzipped) is read by DuckDB's own JSON reader, while a byte
 *   scanner checks, over the same bytes, that the JavaScript readers would read exactly these
 *   values (src/core/sql/ndjson-scan.ts) and SQL checks timestamps and identity fields; a file that
 *   fails is read again through the JavaScript readers;
 * - every other format (enriched TSV, warehouse CSV, Snowplow Micro and lossless JSON, stdin) is
 *   read by the JavaScript readers, the reference, and written to a narrow NDJSON file of the
 *   fields the definitions read, which DuckDB then loads;
 * - Parquet is read by DuckDB and each row converted as the warehouse CSV export of the same
 *   table would be (cells as text, nested values as JSON).
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import type { BadLine, SnowplowEvent } from '../../core/events/event.js';
import { compileCsvHeader, convertCsvRow } from '../../core/events/csv-columns.js';
import { FINGERPRINT_MOD, PlainNdjsonScanner } from '../../core/sql/ndjson-scan.js';
import { fileCheckSql, insertNdjsonSql, STAGE_TABLE, stageColumnsSql } from '../../core/sql/engine-sql.js';
import type { EnginePlan } from '../../core/sql/engine-plan.js';
import { sqlIdent, sqlString } from '../../core/sql/duck-macros.js';
import { parseTimestamp } from '../../core/simulate/time.js';
import { FailureError } from '../../errors.js';
import { checkEventInputs, STDIN_NAME } from '../events/open-input.js';
import { readEvents, DEFAULT_MAX_BAD_LINES, type EventInputStats } from '../events/read-events.js';
import type { DuckSession } from './connection.js';

export interface StageOptions {
  cwd: string;
  stdin?: Readable;
  strict?: boolean;
  signal?: AbortSignal;
  onProgress?: (eventsRead: number) => void;
  /** Never use DuckDB's own reader (tests of the conversion path). */
  convertAll?: boolean;
}

export interface StagedInputs {
  files: string[];
  formats: (EventInputStats & { reader: 'duckdb' | 'converted'; note?: string })[];
  eventsRead: number;
  badLines: BadLine[];
  badLineCount: number;
}

type Kind = 'parquet' | 'ndjson' | 'other';

async function sniff(full: string): Promise<{ kind: Kind; gzip: boolean }> {
  const handle = await open(full, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head.length >= 4 && head.toString('latin1', 0, 4) === 'PAR1') return { kind: 'parquet', gzip: false };
    const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    if (gzip) {
      // look at the first decompressed bytes
      const first = await firstDecompressed(full);
      return { kind: firstNonBlank(first) === 0x7b ? 'ndjson' : 'other', gzip };
    }
    return { kind: firstNonBlank(head) === 0x7b ? 'ndjson' : 'other', gzip };
  } finally {
    await handle.close();
  }
}

function firstNonBlank(buf: Uint8Array): number | undefined {
  for (const c of buf) if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
  return undefined;
}

async function firstDecompressed(full: string): Promise<Uint8Array> {
  const stream = createReadStream(full).pipe(createGunzip());
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      if (firstNonBlank(b) !== undefined || b.length > 65536) return b;
    }
  } catch {
    // damaged gzip: let the JS readers report it
  } finally {
    stream.destroy();
  }
  return new Uint8Array();
}

async function scanFile(full: string, gzip: boolean): Promise<ReturnType<PlainNdjsonScanner['end']>> {
  const scanner = new PlainNdjsonScanner(isUtf8);
  const raw = createReadStream(full, { highWaterMark: 1024 * 1024 });
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : raw;
  try {
    for await (const chunk of stream) {
      scanner.push(chunk as Buffer);
      if (scanner.done) break;
    }
  } catch (error) {
    return { plain: false, reason: `unreadable: ${(error as Error).message}`, events: 0 };
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
  return scanner.end();
}

/**
 * Try DuckDB's reader on a plain NDJSON file: the number of events, or why the file must be
 * converted by the JS readers instead (its rows are then removed).
 */
async function stageNative(session: DuckSession, plan: EnginePlan, full: string, file: number, gzip: boolean): Promise<number | string> {
  const insert = session.run(insertNdjsonSql(plan, full, file, { converted: false, gzip })).then(
    () => undefined,
    (error: unknown) => `DuckDB's reader failed: ${(error as Error).message.split('\n')[0] ?? ''}`,
  );
  const [verdict, insertProblem] = await Promise.all([scanFile(full, gzip), insert]);
  let problem = verdict.plain ? insertProblem : `not plain lossy NDJSON (${verdict.reason ?? ''})`;
  if (problem === undefined) {
    const [check] = await session.rows(fileCheckSql(file));
    if (Number(check?.['rejects'] ?? 1) > 0) problem = `${String(check?.['rejects'])} events have timestamps or identity fields the readers would normalise`;
    else if (Number(check?.['n'] ?? -1) !== verdict.events) problem = `DuckDB read ${String(check?.['n'])} events, the readers ${verdict.events}`;
    else if (verdict.events > 0 && String(check?.['fingerprint']) !== verdict.fingerprint) problem = 'DuckDB did not keep the events in file order';
  }
  if (problem === undefined) return verdict.events;
  await session.run(`DELETE FROM ${STAGE_TABLE} WHERE file = ${file}`);
  return problem;
}

class NarrowWriter {
  private readonly out: WriteStream;
  private buffer = '';
  count = 0;
  /** The order fingerprint of what is written (see PlainNdjsonVerdict.fingerprint). */
  fingerprint = 0n;
  constructor(
    readonly file: string,
    private readonly fields: readonly string[],
  ) {
    this.out = createWriteStream(file);
  }

  async write(event: SnowplowEvent): Promise<void> {
    const ts = parseTimestamp(event['derived_tstamp']) ?? parseTimestamp(event['collector_tstamp']) ?? parseTimestamp(event['dvce_created_tstamp']);
    const narrow: Record<string, unknown> = { __ts: ts === undefined ? null : ts };
    this.fingerprint += BigInt(this.count + 1) * BigInt(Math.trunc(ts ?? -1) % FINGERPRINT_MOD);
    for (const f of this.fields) {
      const v = event[f];
      if (v !== undefined && v !== null) narrow[f] = v;
    }
    this.buffer += JSON.stringify(narrow) + '\n';
    this.count++;
    if (this.buffer.length > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.buffer;
    this.buffer = '';
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

async function insertConverted(session: DuckSession, plan: EnginePlan, writer: NarrowWriter, file: number, display: string): Promise<void> {
  await writer.close();
  if (writer.count === 0) return;
  try {
    await session.run(insertNdjsonSql(plan, writer.file, file, { converted: true, gzip: false }));
    const [check] = await session.rows(fileCheckSql(file));
    if (Number(check?.['n']) !== writer.count || String(check?.['fingerprint']) !== writer.fingerprint.toString()) throw new Error('the events were not stored in input order');
  } catch (error) {
    throw new FailureError('duckdb-stage', `DuckDB could not load the events of ${display}: ${(error as Error).message}`, {
      hint: 'use --engine stream for this log (DuckDB cannot store text with unpaired UTF-16 surrogates)',
    });
  }
}

async function stageParquet(session: DuckSession, plan: EnginePlan, full: string, file: number, display: string, writer: NarrowWriter, options: StageOptions, stats: StagedInputs): Promise<EventInputStats> {
  const entry: EventInputStats = { file: display, format: 'csv', gzip: false, events: 0, badLines: 0 };
  const described = await session.rows(`DESCRIBE SELECT * FROM read_parquet(${sqlString(full)})`);
  const names = described.map((r) => String(r['column_name']));
  const types = described.map((r) => String(r['column_type']));
  const header = compileCsvHeader(names);
  if (!header.ok) throw new FailureError('parquet-unreadable', `${display}: ${header.reason}`);
  const cells = names.map((n, i) => {
    const t = types[i] as string;
    const nested = /\[\]$|^STRUCT|^MAP|^JSON|^UNION|\[\d+\]$/.test(t);
    return nested ? `CAST(to_json(${sqlIdent(n)}) AS VARCHAR)` : `CAST(${sqlIdent(n)} AS VARCHAR)`;
  });
  const result = await session.con.stream(`SELECT ${cells.join(', ')} FROM read_parquet(${sqlString(full)})`);
  let row = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    for (const values of chunk.getRows()) {
      row++;
      const text = values.map((v) => (v === null ? '' : String(v)));
      const r = convertCsvRow(header.columns, text, 'column');
      if (r.ok) {
        entry.events++;
        await writer.write(r.event);
      } else {
        entry.badLines++;
        stats.badLineCount++;
        if (stats.badLines.length < DEFAULT_MAX_BAD_LINES) stats.badLines.push({ file: display, line: row, reason: r.reason });
        if (options.strict) throw new FailureError('bad-event-line', `${display}:${row}: ${r.reason}`, { meta: { file: display, line: row, reason: r.reason } });
      }
    }
    if (options.signal?.aborted) break;
  }
  return entry;
}

export async function stageInputs(session: DuckSession, plan: EnginePlan, inputs: readonly string[], options: StageOptions): Promise<StagedInputs> {
  await session.run(`CREATE OR REPLACE TEMP TABLE ${STAGE_TABLE} (${stageColumnsSql(plan)})`);
  const stats: StagedInputs = { files: [], formats: [], eventsRead: 0, badLines: [], badLineCount: 0 };
  await checkEventInputs(inputs, options.cwd);
  let index = 0;
  for (const display of inputs) {
    if (options.signal?.aborted) break;
    const file = index++;
    stats.files.push(display);
    const full = display === STDIN_NAME ? undefined : path.resolve(options.cwd, display);
    const found = full === undefined || options.convertAll ? { kind: 'other' as Kind, gzip: false } : await sniff(full);
    let note: string | undefined;
    if (full !== undefined && found.kind === 'ndjson') {
      const events = await stageNative(session, plan, full, file, found.gzip);
      if (typeof events === 'number') {
        stats.formats.push({ file: display, format: 'ndjson', gzip: found.gzip, events, badLines: 0, reader: 'duckdb' });
        stats.eventsRead += events;
        options.onProgress?.(stats.eventsRead);
        continue;
      }
      note = events;
    }
    const writer = new NarrowWriter(path.join(session.workDir, `converted-${file}.ndjson`), plan.fields);
    if (full !== undefined && found.kind === 'parquet') {
      const entry = await stageParquet(session, plan, full, file, display, writer, options, stats);
      stats.formats.push({ ...entry, reader: 'converted', ...(note !== undefined ? { note } : {}) });
      stats.eventsRead += entry.events;
    } else {
      const stream = readEvents([display], {
        cwd: options.cwd,
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
        ...(options.strict ? { strict: true } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        maxBadLines: Math.max(0, DEFAULT_MAX_BAD_LINES - stats.badLines.length),
      });
      for await (const batch of stream.batches()) {
        for (const record of batch) await writer.write(record.event);
        options.onProgress?.(stats.eventsRead + stream.stats.eventsRead);
      }
      const s = stream.stats;
      for (const entry of s.inputs) stats.formats.push({ ...entry, reader: 'converted', ...(note !== undefined ? { note } : {}) });
      stats.eventsRead += s.eventsRead;
      stats.badLines.push(...s.badLines);
      stats.badLineCount += s.badLineCount;
    }
    await insertConverted(session, plan, writer, file, display);
    options.onProgress?.(stats.eventsRead);
  }
  return stats;
}
