/**
 * Request routing for the emulator: the real Signals paths (collections with a trailing slash,
 * items without; the other form is accepted too), bearer auth, fault injection on registry and
 * engine calls, the console token endpoint, and direct interventions. The streaming endpoints
 * (event ingestion, the intervention subscription) are served by the server itself.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GroupLink, RemoteKind } from '../core/model.js';
import type { Value } from '../core/simulate/values.js';
import type { AttributeStore } from './attribute-store.js';
import { parseTargets, pushIntervention, type InterventionHub } from './interventions.js';
import type { LiveValues } from './live.js';
import { getOnlineAttributes, type OnlineValues } from './online.js';
import type { Registry, Reply } from './registry.js';
import type { EmulatorOptions } from './server.js';
import type { TokenIssuer } from './tokens.js';

export interface RouteContext {
  registry: Registry;
  /** Values set by code (seeding); served where the live engine has none. */
  store: AttributeStore;
  /** Values computed from ingested events. */
  live: LiveValues;
  hub: InterventionHub;
  issuer: TokenIssuer;
  options: EmulatorOptions;
  stats: { requests: number; tokenRequests: number; faults: number };
  random: () => number;
}

export interface RouteRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  text: string;
}

export type RouteReply = Reply & { fault?: boolean; headers?: Record<string, string> };

const COLLECTIONS: Record<string, RemoteKind> = {
  attribute_keys: 'AttributeKey',
  attribute_groups: 'AttributeGroup',
  services: 'Service',
  interventions: 'Intervention',
};

const detail = (status: number, message: string): RouteReply => ({ status, body: { detail: message } });
const notAllowed = (): RouteReply => detail(405, 'Method Not Allowed');

export function route(ctx: RouteContext, req: RouteRequest): RouteReply {
  let segments: string[];
  try {
    segments = req.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return detail(400, 'malformed path');
  }
  const { method } = req;
  if (segments.length === 0) {
    return method === 'GET' ? { status: 200, body: { name: 'Snowplow Signals API emulator', docs: 'docs/emulator.md' } } : notAllowed();
  }
  if (segments.length === 1 && segments[0] === 'health-all') {
    return method === 'GET' ? { status: 200, body: { status: 'ok', dependencies: { storage: 'ok', feature_server: 'ok' } } } : notAllowed();
  }
  if (isTokenPath(segments)) return method === 'GET' ? issueToken(ctx, req, segments[4]!) : notAllowed();
  if (segments[0] !== 'api' || segments[1] !== 'v1') return detail(404, 'Not Found');

  const rest = segments.slice(2);
  const area = rest[0];
  const known = area === 'registry' || area === 'engines' || area === 'get-online-attributes' || area === 'interventions';
  if (!known) return detail(404, 'Not Found');
  const online = area === 'get-online-attributes';
  const goStyle = online || area === 'interventions';
  const denied = authorize(ctx, req, goStyle);
  if (denied) return denied;
  if (!goStyle && fault(ctx)) {
    ctx.stats.faults++;
    const headers: Record<string, string> = ctx.options.failRetryAfterSeconds !== undefined ? { 'Retry-After': String(ctx.options.failRetryAfterSeconds) } : {};
    return { status: ctx.options.failStatus ?? 503, body: { detail: 'Service Unavailable (injected fault)' }, fault: true, headers };
  }

  const body = parseJson(req.text);
  if (online) {
    if (rest.length !== 1) return detail(404, 'Not Found');
    if (method !== 'POST') return notAllowed();
    if (body.error) return { status: 400, body: { error: `invalid JSON body: ${body.error}` } };
    return getOnlineAttributes(ctx.registry, servedValues(ctx), body.value);
  }
  if (area === 'interventions') {
    if (rest.length !== 1) return detail(404, 'Not Found');
    if (method !== 'POST') return notAllowed();
    const targets = parseTargets(req.url.searchParams, (name) => ctx.registry.key(name) !== undefined);
    if (!targets.ok) return { status: targets.status, body: { error: targets.error } };
    if (body.error) return { status: 400, body: { error: `invalid JSON body: ${body.error}` } };
    const pushed = pushIntervention(ctx.hub, targets.targets, body.value);
    return pushed.ok ? { status: 200, body: { status: pushed.status } } : { status: pushed.status, body: { error: pushed.error } };
  }
  if (area === 'engines') {
    const action = rest[1];
    if (rest.length !== 2 || (action !== 'publish' && action !== 'unpublish')) return detail(404, 'Not Found');
    if (method !== 'POST') return notAllowed();
    if (body.error) return jsonError(body.error);
    return ctx.registry.setPublished(body.value, action === 'publish');
  }
  return registryRoute(ctx, method, rest.slice(1), req.url.searchParams, body);
}

function registryRoute(ctx: RouteContext, method: string, path: string[], query: URLSearchParams, body: { value?: unknown; error?: string }): RouteReply {
  const kind = COLLECTIONS[path[0] ?? ''];
  if (!kind) return detail(404, 'Not Found');
  const { registry } = ctx;
  const versioned = kind === 'AttributeGroup' || kind === 'Intervention';
  const needsBody = method === 'POST' || method === 'PUT';
  if (needsBody && body.error) return jsonError(body.error);

  if (path.length === 1) {
    if (method === 'GET') return registry.list(kind, query);
    if (method === 'POST') return registry.create(kind, body.value);
    return notAllowed();
  }
  const name = path[1]!;
  if (path.length === 2) {
    if (method === 'GET') return registry.get(kind, name);
    if (versioned) return notAllowed();
    if (method === 'PUT') return registry.update(kind, name, undefined, body.value);
    if (method === 'DELETE') return registry.remove(kind, name);
    return notAllowed();
  }
  if (!versioned || path.length !== 4 || path[2] !== 'versions') return detail(404, 'Not Found');
  const version = Number(path[3]);
  if (!/^\d+$/.test(path[3]!) || version < 1 || version > 1_000_000) {
    return { status: 422, body: { detail: [{ loc: ['path', 'version'], msg: 'Input should be an integer between 1 and 1000000', type: 'int_parsing' }] } };
  }
  if (method === 'GET') return registry.get(kind, name, version);
  if (method === 'PUT') return registry.update(kind, name, version, body.value);
  if (method === 'DELETE') return registry.remove(kind, name, version);
  return notAllowed();
}

function isTokenPath(s: string[]): boolean {
  return s.length === 8 && s[0] === 'api' && s[1] === 'msc' && s[2] === 'v1' && s[3] === 'organizations' && s[5] === 'credentials' && s[6] === 'v3' && s[7] === 'token';
}

function header(req: RouteRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function issueToken(ctx: RouteContext, req: RouteRequest, org: string): RouteReply {
  ctx.stats.tokenRequests++;
  const keyId = header(req, 'x-api-key-id');
  const key = header(req, 'x-api-key');
  if (!keyId || !key) return { status: 401, body: { error: 'Unauthorized: X-API-Key-Id and X-API-Key are required' } };
  const { apiKeyId, apiKey } = ctx.options;
  if ((apiKeyId !== undefined && keyId !== apiKeyId) || (apiKey !== undefined && key !== apiKey)) {
    return { status: 401, body: { error: 'Unauthorized: unknown API key' } };
  }
  return { status: 200, body: { accessToken: ctx.issuer.issue(org) } };
}

/**
 * Values for get-online-attributes: a group version computed from events serves the engine's
 * row for the key (as `simulate` reports it); where it has none, values set by code are served.
 */
function servedValues(ctx: RouteContext): OnlineValues {
  const now = ctx.live.now();
  const rows = new Map<string, Record<string, Value> | undefined>();
  return {
    get(group: GroupLink, keyId: string, attribute: string) {
      if (ctx.live.computes(group)) {
        const id = `${group.name}@${group.version}\u0000${keyId}`;
        if (!rows.has(id)) rows.set(id, ctx.live.row(group, keyId, now));
        const row = rows.get(id);
        if (row !== undefined) return row[attribute] ?? null;
      }
      return ctx.store.get(group, keyId, attribute);
    },
  };
}

/** Undefined when the request may proceed, else the 401 reply. */
export function authorize(ctx: RouteContext, req: RouteRequest, goStyle: boolean): RouteReply | undefined {
  const deny = (message: string): RouteReply => ({ status: 401, body: goStyle ? { error: message } : { detail: message }, headers: { 'WWW-Authenticate': 'Bearer' } });
  const match = /^Bearer\s+(\S.*)$/i.exec(header(req, 'authorization') ?? '');
  if (!match) return deny('Not authenticated');
  const token = match[1]!.trim();
  const check = ctx.issuer.check(token);
  if (check === 'expired') return deny('Token expired');
  if (ctx.options.token !== undefined && token !== ctx.options.token && check !== 'valid') return deny('Invalid token');
  return undefined;
}

function fault(ctx: RouteContext): boolean {
  const rate = ctx.options.failRate ?? 0;
  return rate > 0 && ctx.random() < rate;
}

function parseJson(text: string): { value?: unknown; error?: string } {
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function jsonError(message: string): RouteReply {
  return { status: 422, body: { detail: [{ loc: ['body'], msg: `JSON decode error: ${message}`, type: 'json_invalid' }] } };
}
