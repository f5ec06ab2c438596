import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { generateEventLines, GENERATOR_TEMPLATES, type EventFormat } from '../../core/generate/index.js';
import { FailureError, UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';

export interface GenerateEventsFlags {
  template: string;
  sessions: string;
  seed: string;
  start: string;
  out?: string;
  format: EventFormat;
}

const CHUNK = 1 << 18;

interface Sink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

async function openFileSink(file: string, gzip: boolean): Promise<Sink> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const stream = createWriteStream(temp);
  const gz = gzip ? createGzip({ level: 6 }) : undefined;
  const head: Writable = gz ?? stream;
  let failure: Error | undefined;
  const onError = (error: Error) => (failure ??= error);
  // pipeline destroys the gzip stream when the file fails, so a pending 'drain' wait rejects.
  const done = gz ? pipeline(gz, stream) : finished(stream);
  done.catch(onError);
  head.on('error', onError);
  return {
    async write(text) {
      if (failure) throw failure;
      if (!head.write(text)) await once(head, 'drain');
      if (failure) throw failure;
    },
    async close() {
      head.end();
      await done;
      if (failure) throw failure;
      await rename(temp, file);
    },
    async abort() {
      head.destroy();
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}

function parseFlags(flags: GenerateEventsFlags, json: boolean): { sessions: number; start: number } {
  if (flags.template === 'blank') {
    throw new UsageError('no-generator', 'the blank template has no sample events', { hint: `templates with events: ${GENERATOR_TEMPLATES.join(', ')}` });
  }
  if (!GENERATOR_TEMPLATES.includes(flags.template)) {
    throw new UsageError('unknown-template', `no event generator for template ${JSON.stringify(flags.template)}`, { hint: `templates: ${GENERATOR_TEMPLATES.join(', ')}` });
  }
  if (!/^\d+$/.test(flags.sessions) || Number(flags.sessions) < 1 || Number(flags.sessions) > 100_000_000) {
    throw new UsageError('invalid-sessions', `--sessions must be a whole number from 1 to 100000000, not ${JSON.stringify(flags.sessions)}`);
  }
  const start = Date.parse(flags.start);
  if (!/^\d{4}-\d{2}-\d{2}/.test(flags.start) || Number.isNaN(start)) {
    throw new UsageError('invalid-start', `--start must be an ISO 8601 timestamp such as 2026-01-05T09:00:00Z, not ${JSON.stringify(flags.start)}`);
  }
  if (json && flags.out === undefined) {
    throw new UsageError('json-needs-out', '--json needs --out: without it the events themselves are written to stdout');
  }
  return { sessions: Number(flags.sessions), start };
}

function shown(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

export default async function run(ctx: CliContext, flags: GenerateEventsFlags): Promise<number> {
  const { out } = ctx;
  const { sessions, start } = parseFlags(flags, out.json);
  const file = flags.out === undefined ? undefined : path.resolve(ctx.cwd, flags.out);
  const gzip = file !== undefined && file.endsWith('.gz');
  const sink: Sink = file
    ? await openFileSink(file, gzip).catch((error: unknown) => {
        throw new FailureError('output-unwritable', `cannot write ${flags.out}: ${(error as Error).message}`);
      })
    : { write: (text) => out.rawAsync(text), close: async () => undefined, abort: async () => undefined };

  const progress = file ? await out.progress(`Generating ${sessions.toLocaleString('en-US')} ${flags.template} sessions`) : undefined;
  let events = 0;
  let buffer = '';
  try {
    for (const line of generateEventLines({ template: flags.template, sessions, seed: flags.seed, start, format: flags.format })) {
      buffer += line + '\n';
      events++;
      if (buffer.length >= CHUNK) {
        await sink.write(buffer);
        buffer = '';
        if (ctx.stopSignal.aborted) throw new FailureError('interrupted', 'interrupted; no events file was written');
        progress?.update(`Generating ${flags.template} events: ${events.toLocaleString('en-US')}`);
      }
    }
    if (buffer !== '') await sink.write(buffer);
    await sink.close();
  } catch (error) {
    await sink.abort();
    progress?.fail(`Failed after ${events.toLocaleString('en-US')} events`);
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    if (error instanceof FailureError) throw error;
    throw new FailureError('output-failed', `cannot write the events${flags.out ? ` to ${flags.out}` : ''}: ${(error as Error).message}`);
  }

  const summary = `${events.toLocaleString('en-US')} events from ${sessions.toLocaleString('en-US')} ${flags.template} sessions (seed ${flags.seed}, ${flags.format}${gzip ? ', gzip' : ''})`;
  if (!file) {
    out.info(`Generated ${summary}`);
    return 0;
  }
  progress?.succeed(`Generated ${events.toLocaleString('en-US')} events`);
  if (out.json) {
    out.document({
      schema_version: 1,
      ok: true,
      template: flags.template,
      format: flags.format,
      gzip,
      sessions,
      seed: flags.seed,
      start: new Date(start).toISOString(),
      events,
      out: shown(ctx.cwd, file),
    });
  } else {
    out.result(`Wrote ${summary} to ${shown(ctx.cwd, file)}`);
  }
  return 0;
}
