/**
 * The embedded DuckDB: loaded lazily (an optional dependency), configured to work out of core
 * (a memory limit and a temporary directory it spills to), with the engine's macros defined.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FailureError, UsageError } from '../../errors.js';
import { DUCKDB_MACROS } from '../../core/sql/duck-macros.js';

type DuckdbApi = typeof import('@duckdb/node-api');
export type DuckConnection = import('@duckdb/node-api').DuckDBConnection;

export interface DuckdbOptions {
  /** DuckDB memory limit, e.g. `2GB` (default: a quarter of the machine's memory, at least 512 MB). */
  memoryLimit?: string;
  /** Where DuckDB spills and converted inputs are written (default: a fresh directory under the OS temp dir). */
  tempDirectory?: string;
  threads?: number;
}

export interface DuckSession {
  con: DuckConnection;
  /** A private directory for spill files and converted inputs; removed by close(). */
  workDir: string;
  /** Rows of a query as objects (BIGINT as strings, as DuckDB's JSON conversion gives them). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

let api: Promise<DuckdbApi> | undefined;

/** Import @duckdb/node-api on first use; a usage error (exit 4) with the fix when it is not installed. */
export async function loadDuckdb(): Promise<DuckdbApi> {
  api ??= import('@duckdb/node-api').catch((error: unknown) => {
    api = undefined;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw new UsageError(
      'duckdb-missing',
      missing
        ? '--engine duckdb needs the optional package @duckdb/node-api, which is not installed'
        : `--engine duckdb could not load @duckdb/node-api: ${(error as Error).message}`,
      { hint: 'install it with `npm install @duckdb/node-api` (it ships prebuilt binaries for Linux, macOS and Windows), or leave --engine out to use the stream engine' },
    );
  });
  return api;
}

function defaultMemoryLimit(): string {
  const quarter = Math.floor(os.totalmem() / 4 / 2 ** 20);
  return `${Math.max(512, quarter)}MB`;
}

export async function openDuckdb(options: DuckdbOptions = {}): Promise<DuckSession> {
  const duck = await loadDuckdb();
  const workDir = await mkdtemp(path.join(options.tempDirectory ?? os.tmpdir(), 'signals-duckdb-'));
  let instance: import('@duckdb/node-api').DuckDBInstance;
  try {
    instance = await duck.DuckDBInstance.create(':memory:', {
      memory_limit: options.memoryLimit ?? defaultMemoryLimit(),
      temp_directory: path.join(workDir, 'spill'),
      threads: String(options.threads ?? Math.max(1, os.availableParallelism())),
      preserve_insertion_order: 'true',
    });
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw new FailureError('duckdb-open', `DuckDB could not start: ${(error as Error).message}`, {
      hint: 'check SIGNALS_DUCKDB_MEMORY_LIMIT (a size such as 2GB) and SIGNALS_DUCKDB_TEMP_DIR, or use --engine stream',
    });
  }
  const con = await instance.connect();
  for (const macro of DUCKDB_MACROS) await con.run(macro);
  return {
    con,
    workDir,
    async rows(sql) {
      const reader = await con.runAndReadAll(sql);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    },
    async run(sql) {
      await con.run(sql);
    },
    async close() {
      try {
        con.closeSync();
        instance.closeSync();
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    },
  };
}
