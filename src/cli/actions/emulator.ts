import path from 'node:path';
import { parseTimestamp } from '../../core/simulate/time.js';
import { UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';

export interface EmulatorFlags {
  port?: string;
  host?: string;
  data?: string;
  token?: string;
  apiKeyId?: string;
  apiKey?: string;
  events?: string[];
  now?: string;
  latency?: string;
  failRate?: string;
}

function integer(value: string | undefined, flag: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError('invalid-flag', `${flag} must be a whole number from ${min} to ${max}, not ${value}`);
  return n;
}

function fraction(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError('invalid-flag', `--fail-rate must be a number from 0 to 1, not ${value}`);
  return n;
}

/** `--now`: a timestamp, `wall` (the clock), or absent (the latest event time ingested). */
function evaluationTime(value: string | undefined): number | 'wall' | 'events' {
  if (value === undefined) return 'events';
  if (value === 'wall') return 'wall';
  const ms = parseTimestamp(value);
  if (ms === undefined) throw new UsageError('bad-timestamp', `--now ${value} is not a timestamp`, { hint: 'use ISO 8601 (e.g. 2026-01-05T12:00:00Z), or wall for the wall clock' });
  return ms;
}

/** `signals emulator`: serve the Signals API on loopback until SIGINT/SIGTERM. */
export default async function run(ctx: CliContext, flags: EmulatorFlags): Promise<number> {
  const { out } = ctx;
  const port = integer(flags.port, '--port', 0, 65_535, 8787);
  const latencyMs = integer(flags.latency, '--latency', 0, 600_000, 0);
  const failRate = fraction(flags.failRate);
  const now = evaluationTime(flags.now);
  for (const secret of [flags.token, flags.apiKey, flags.apiKeyId]) out.addSecret(secret);
  const dataFile = flags.data !== undefined ? path.resolve(ctx.cwd, flags.data) : undefined;

  const { startEmulator } = await import('../../emulator/index.js');
  let emulator;
  try {
    emulator = await startEmulator({
      host: flags.host ?? '127.0.0.1',
      port,
      ...(dataFile !== undefined ? { dataFile } : {}),
      ...(flags.token !== undefined ? { token: flags.token } : {}),
      ...(flags.apiKeyId !== undefined ? { apiKeyId: flags.apiKeyId } : {}),
      ...(flags.apiKey !== undefined ? { apiKey: flags.apiKey } : {}),
      latencyMs,
      failRate,
      evaluationTime: now,
      onRequest: (r) => out.debug(`${r.method} ${r.path} ${r.status} ${r.ms}ms`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError('port-in-use', `port ${port} is already in use`, { hint: 'give another --port, or --port 0 to pick a free one' });
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new UsageError('cannot-listen', `cannot listen on ${flags.host ?? '127.0.0.1'}:${port} (${code})`);
    throw error;
  }

  let preloaded;
  if (flags.events !== undefined && flags.events.length > 0) {
    const { preloadEventFiles } = await import('../../emulator/preload.js');
    try {
      preloaded = await preloadEventFiles(emulator, flags.events, { cwd: ctx.cwd, signal: ctx.stopSignal });
    } catch (error) {
      await emulator.close();
      throw error;
    }
    const live = emulator.live.stats();
    out.info(
      `Ingested ${preloaded.events_read.toLocaleString('en-US')} event${preloaded.events_read === 1 ? '' : 's'} from ${preloaded.files.join(', ')}: ` +
        `${preloaded.events_used.toLocaleString('en-US')} updated ${live.groups.length === 1 ? 'the published group' : `${live.groups.length} published groups`}` +
        `${preloaded.bad_line_count > 0 ? `; ${preloaded.bad_line_count} bad line${preloaded.bad_line_count === 1 ? '' : 's'} skipped` : ''}.`,
    );
    for (const bad of preloaded.bad_lines.slice(0, 5)) out.warn(`${bad.file}:${bad.line}: ${bad.reason}`);
    if (live.groups.length === 0) {
      out.warn('no attribute group is published, so the events updated nothing: values are computed from the events that arrive after a group is published');
      out.info('Publish first (signals apply against this emulator), then send events: POST them to /emulator/events, or restart with --data FILE --events FILE.');
    }
    for (const w of emulator.live.warnings) out.warn(w);
  }

  if (out.json) {
    out.document({
      schema_version: 1,
      url: emulator.url,
      ...(dataFile !== undefined ? { data_file: dataFile } : {}),
      ...(preloaded !== undefined ? { events: { files: preloaded.files, events_read: preloaded.events_read, events_used: preloaded.events_used, bad_lines: preloaded.bad_lines, bad_line_count: preloaded.bad_line_count } } : {}),
    });
  } else {
    out.result(`Signals emulator listening on ${emulator.url}`);
  }
  out.info(`Point signals at it: SIGNALS_API_URL=${emulator.url} SIGNALS_SANDBOX_TOKEN=${flags.token !== undefined ? '<the --token value>' : 'any'}`);
  if (dataFile !== undefined) out.info(`State is kept in ${path.relative(ctx.cwd, dataFile) || dataFile}`);
  out.info(`Send events: curl -H 'Authorization: Bearer ${flags.token !== undefined ? '<the --token value>' : 'any'}' --data-binary @events.ndjson ${emulator.url}/emulator/events`);
  out.info('Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => {
    if (ctx.stopSignal.aborted) resolve();
    else ctx.stopSignal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  out.info('Signals emulator stopped.');
  return 0;
}
