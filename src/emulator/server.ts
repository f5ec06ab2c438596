/**
 * The local Signals API emulator: a `node:http` server on loopback serving the registry, the
 * publish engine endpoints, get-online-attributes, health and the console token endpoint, with
 * optional persistence (`dataFile`) and fault injection (latency, 503s); plus the live loop:
 * event ingestion (`POST /emulator/events`) into the simulation engine, and interventions
 * delivered over Server-Sent Events (`GET /api/v1/interventions`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../errors.js';
import { AttributeStore, type AttributeValuesSnapshot } from './attribute-store.js';
import { ingestRequest } from './ingest.js';
import { InterventionHub, parseTargets } from './interventions.js';
import { LiveValues, type LiveNow } from './live.js';
import { StateFile } from './persistence.js';
import { Registry, type RegistrySnapshot, type Reply } from './registry.js';
import { authorize, route, type RouteContext, type RouteReply } from './routes.js';
import { registryRules } from './semantic.js';
import { TokenIssuer } from './tokens.js';
import type { SemanticCheck } from './validation.js';

export interface EmulatorOptions {
  /** Loopback address to bind. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Persist state to this JSON file (loaded at start when it exists). */
  dataFile?: string;
  /** Accept only this bearer token (plus tokens from the emulator's own token endpoint). */
  token?: string;
  /** Make the token endpoint require this API key id. */
  apiKeyId?: string;
  /** Make the token endpoint require this API key. */
  apiKey?: string;
  /** Delay every response by this many milliseconds. */
  latencyMs?: number;
  /** Answer this fraction (0-1) of registry and engine requests with a fault. */
  failRate?: number;
  /** Status of injected faults. Default 503. */
  failStatus?: number;
  /** Send `Retry-After` with injected faults. */
  failRetryAfterSeconds?: number;
  /** Lifetime of issued access tokens. Default 24 h (as Console). */
  tokenLifetimeSeconds?: number;
  /** Definition rules beyond references. Default: the rules of `signals validate`; `false` turns them off. */
  semanticCheck?: SemanticCheck | false;
  /**
   * "Now" for the values computed from events (periods, TTLs, time_since): a fixed time (epoch
   * ms; later events are ignored), `wall` (the clock), or `events` (default: the latest event
   * time ingested).
   */
  evaluationTime?: LiveNow;
  /** Milliseconds between keep-alive comments on intervention streams. Default 15 000. */
  heartbeatMs?: number;
  now?: () => number;
  random?: () => number;
  onRequest?: (entry: EmulatorRequestLog) => void;
}

export interface EmulatorRequestLog {
  method: string;
  path: string;
  status: number;
  ms: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** `X-Signals-Sdk-Name` as received. */
  sdkName?: string;
  fault?: boolean;
}

export interface RunningEmulator {
  url: string;
  port: number;
  registry: Registry;
  /** Attribute values set by code, served where no value was computed from events. */
  store: AttributeStore;
  /** Attribute values computed from ingested events. */
  live: LiveValues;
  /** Intervention subscribers (Server-Sent Events). */
  hub: InterventionHub;
  stats: { requests: number; tokenRequests: number; faults: number };
  /** Every request answered, oldest first (the last 10 000). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface StateDocument extends Partial<RegistrySnapshot> {
  schema_version?: number;
  attribute_values?: AttributeValuesSnapshot;
}

const MAX_BODY = 10 * 1024 * 1024;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new UsageError('emulator-not-loopback', `the emulator only listens on loopback, not ${host}`, { hint: 'use --host 127.0.0.1 (or ::1)' });
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const registry = new Registry(options.semanticCheck === false ? undefined : (options.semanticCheck ?? registryRules));
  const store = new AttributeStore();
  const issuer = new TokenIssuer(options.tokenLifetimeSeconds ?? 86_400, now);
  const hub = new InterventionHub(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {});
  const live = new LiveValues({ now: options.evaluationTime ?? 'events', clock: now, onFiring: (firing) => hub.fire(firing) });

  let state: StateFile | undefined;
  if (options.dataFile !== undefined) {
    await loadState(options.dataFile, registry, store);
    state = new StateFile(options.dataFile, () => ({ schema_version: 1, ...registry.snapshot(), attribute_values: store.toJSON() }));
    store.onChange = () => void state?.save().catch(() => undefined);
  }
  live.sync(registry);

  const stats = { requests: 0, tokenRequests: 0, faults: 0 };
  const requests: RecordedRequest[] = [];
  const context: RouteContext = { registry, store, live, hub, issuer, options, stats, random };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: { detail: 'Internal Server Error' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = now();
    stats.requests++;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const log = (reply: RouteReply) => {
      const sdkName = req.headers['x-signals-sdk-name'];
      requests.push({
        method,
        path: url.pathname + url.search,
        status: reply.status,
        ...(typeof sdkName === 'string' ? { sdkName } : {}),
        ...(reply.fault ? { fault: true } : {}),
      });
      if (requests.length > 10_000) requests.shift();
      options.onRequest?.({ method, path: url.pathname + url.search, status: reply.status, ms: now() - started });
    };
    const path = url.pathname.replace(/\/+$/, '');

    if (path === '/emulator/events') {
      let reply: RouteReply;
      if (method !== 'POST') reply = { status: 405, body: { error: 'POST events to this endpoint' } };
      else reply = authorize(context, { method, url, headers: req.headers, text: '' }, true) ?? (await ingestRequest(req, live));
      if (reply.status !== 200) req.resume();
      if (options.latencyMs) await sleep(options.latencyMs);
      send(res, reply);
      log(reply);
      return;
    }
    if (path === '/api/v1/interventions' && method === 'GET') {
      const targets = parseTargets(url.searchParams, (name) => registry.key(name) !== undefined);
      if (!targets.ok) {
        const reply = { status: targets.status, body: { error: targets.error } };
        send(res, reply);
        log(reply);
        return;
      }
      hub.subscribe(req, res, targets.targets);
      log({ status: 200, body: null });
      return;
    }

    const text = await readBody(req);
    if (options.latencyMs) await sleep(options.latencyMs);
    let reply: RouteReply;
    if (text === undefined) reply = { status: 413, body: { detail: 'Request body too large' } };
    else reply = route(context, { method, url, headers: req.headers, text });
    if (reply.changed) live.sync(registry);
    if (reply.changed && state) await state.save();
    send(res, reply);
    log(reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    registry,
    store,
    live,
    hub,
    stats,
    requests,
    async close() {
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await state?.flush();
    },
  };
}

function send(res: ServerResponse, reply: Reply & { headers?: Record<string, string> }): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(reply.headers ?? {}) });
  res.end(body);
}

/** The body as text, or undefined when it is too large. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function loadState(file: string, registry: Registry, store: AttributeStore): Promise<void> {
  let doc: StateDocument | undefined;
  try {
    doc = (await StateFile.read(file)) as StateDocument | undefined;
  } catch (error) {
    throw new UsageError('emulator-data-invalid', `cannot read the emulator state in ${file}: ${(error as Error).message}`, {
      hint: 'fix or remove the file, or give another --data file',
    });
  }
  if (doc === undefined) return;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || (doc.schema_version !== undefined && doc.schema_version !== 1)) {
    throw new UsageError('emulator-data-invalid', `${file} is not an emulator state file (schema_version 1)`);
  }
  const problems = registry.load(doc);
  if (problems.length > 0) {
    throw new UsageError('emulator-data-invalid', `the emulator state in ${file} is invalid: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`);
  }
  if (doc.attribute_values && typeof doc.attribute_values === 'object') store.load(doc.attribute_values);
}
