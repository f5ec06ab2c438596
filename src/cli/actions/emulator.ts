import path from 'node:path';
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

/** `signals emulator`: serve the Signals API on loopback until SIGINT/SIGTERM. */
export default async function run(ctx: CliContext, flags: EmulatorFlags): Promise<number> {
  const { out } = ctx;
  const port = integer(flags.port, '--port', 0, 65_535, 8787);
  const latencyMs = integer(flags.latency, '--latency', 0, 600_000, 0);
  const failRate = fraction(flags.failRate);
  if (flags.events !== undefined && flags.events.length > 0) {
    throw new UsageError('not-supported', 'ingesting events into the emulator (--events) is not supported yet', {
      hint: 'run signals simulate on the event files to see the values they produce',
    });
  }
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
      onRequest: (r) => out.debug(`${r.method} ${r.path} ${r.status} ${r.ms}ms`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError('port-in-use', `port ${port} is already in use`, { hint: 'give another --port, or --port 0 to pick a free one' });
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new UsageError('cannot-listen', `cannot listen on ${flags.host ?? '127.0.0.1'}:${port} (${code})`);
    throw error;
  }

  if (out.json) {
    out.document({ schema_version: 1, url: emulator.url, ...(dataFile !== undefined ? { data_file: dataFile } : {}) });
  } else {
    out.result(`Signals emulator listening on ${emulator.url}`);
  }
  out.info(`Point signals at it: SIGNALS_API_URL=${emulator.url} SIGNALS_SANDBOX_TOKEN=${flags.token !== undefined ? '<the --token value>' : 'any'}`);
  if (dataFile !== undefined) out.info(`State is kept in ${path.relative(ctx.cwd, dataFile) || dataFile}`);
  out.info('Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => {
    if (ctx.stopSignal.aborted) resolve();
    else ctx.stopSignal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  out.info('Signals emulator stopped.');
  return 0;
}
