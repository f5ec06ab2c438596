/**
 * The Signals API client: typed registry calls (attribute keys, attribute groups with versions,
 * services, interventions), publish/unpublish, get-online-attributes and health, over Node's
 * global fetch. Bodies go through the wire layer, so callers only see canonical definitions.
 * Retries, timeouts, concurrency and redaction live in `http/transport.ts`; credentials in
 * `http/auth.ts`.
 */
import { BUILTIN_ATTRIBUTE_KEYS, type GroupLink, type RemoteKind } from '../core/model.js';
import { definitionFromWire, toWire, type DefinitionOf, type RemoteDefinition, type WireIssue } from '../core/wire.js';
import { RemoteError } from '../errors.js';
import { authSecrets, BdpToken, SandboxToken, type AuthConfig, type TokenSource } from './http/auth.js';
import { Redactor, SignalsApiError } from './http/errors.js';
import { Transport, type HttpResponse, type TransportOptions } from './http/transport.js';

export type { AuthConfig } from './http/auth.js';
export { DEFAULT_CONSOLE_URL, authSecrets } from './http/auth.js';
export { SignalsApiError } from './http/errors.js';
export type { RequestLogEntry } from './http/transport.js';

export interface SignalsClientOptions extends Omit<TransportOptions, 'redactor'> {
  /** Base URL of the Signals API, e.g. `https://abc.signals.snowplowanalytics.com`. */
  apiUrl: string;
  auth: AuthConfig;
  /** This tool's version, sent as `X-Signals-Sdk-Name: signals-as-code <version>`. */
  version: string;
  /** Refresh a bdp token this long before it expires. Default 60 s. */
  tokenMarginMs?: number;
}

/** A remote object the wire layer could not read (e.g. a newer server's field values). */
export interface InvalidRemote {
  kind: RemoteKind;
  name?: string;
  version?: number;
  issues: WireIssue[];
}

export interface RemoteListing<D> {
  definitions: D[];
  invalid: InvalidRemote[];
  /** Unknown fields the server returned, as `Kind/name: path`. */
  ignored: string[];
}

/** Objects for `engines/publish` and `engines/unpublish`. */
export interface PublishSelection {
  attribute_keys?: { name: string }[];
  attribute_groups?: GroupLink[];
  services?: { name: string }[];
  interventions?: GroupLink[];
}

export interface OnlineAttributesRequest {
  service?: string;
  /** Qualified `group_vN:attribute` names. */
  attributes?: string[];
  attribute_keys: Record<string, string[]>;
  full_attribute_names?: boolean;
}

type Query = Record<string, string | number | boolean | undefined>;

const COLLECTION: Record<RemoteKind, string> = {
  AttributeKey: 'registry/attribute_keys',
  AttributeGroup: 'registry/attribute_groups',
  Service: 'registry/services',
  Intervention: 'registry/interventions',
};

function isVersioned(kind: RemoteKind): boolean {
  return kind === 'AttributeGroup' || kind === 'Intervention';
}

export class SignalsClient {
  readonly apiUrl: string;
  readonly transport: Transport;
  private readonly tokens: TokenSource;
  private readonly sdkName: string;

  constructor(options: SignalsClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.sdkName = `signals-as-code ${options.version}`;
    const redactor = new Redactor(authSecrets(options.auth));
    this.transport = new Transport({ ...options, redactor });
    this.tokens =
      options.auth.mode === 'sandbox'
        ? new SandboxToken(options.auth.token)
        : new BdpToken(options.auth, {
            transport: this.transport,
            sdkName: this.sdkName,
            ...(options.tokenMarginMs !== undefined ? { marginMs: options.tokenMarginMs } : {}),
            ...(options.now ? { now: options.now } : {}),
          });
  }

  /** Token requests made so far (bdp auth); 0 in sandbox mode. */
  get tokenRequests(): number {
    return this.tokens instanceof BdpToken ? this.tokens.requests : 0;
  }

  /**
   * The bearer token for API calls (fetched for bdp auth). For handing to
   * `@snowplow/signals-node` as its `sandboxToken`, whose own bdp mode cannot reach another
   * console URL. Treat it as a secret.
   */
  async bearerToken(): Promise<string> {
    return this.tokens.token();
  }

  /** Removes every credential from a text. */
  redact(text: string): string {
    return this.transport.redactor.redact(text);
  }

  // ---------------------------------------------------------------- raw calls

  /** One API call under `/api/v1/`; any status is returned. A 401 with a cached bdp token is retried once with a fresh one. */
  async call(method: string, path: string, options: { body?: unknown; query?: Query; auth?: boolean; root?: boolean } = {}): Promise<HttpResponse> {
    const url = this.url(path, options.query, options.root);
    const useAuth = options.auth ?? true;
    let used: string | undefined;
    const send = () =>
      this.transport.send({
        method,
        url,
        body: options.body,
        headers: async () => {
          const headers: Record<string, string> = { 'X-Signals-Sdk-Name': this.sdkName };
          if (useAuth) {
            used = await this.tokens.token();
            headers['Authorization'] = `Bearer ${used}`;
          }
          return headers;
        },
      });
    const response = await send();
    if (response.status === 401 && useAuth && used !== undefined && this.tokens.invalidate(used)) return send();
    return response;
  }

  /** Like `call`, but a non-2xx status throws a `SignalsApiError`; returns the body. */
  async callOk(method: string, path: string, options: { body?: unknown; query?: Query; auth?: boolean; root?: boolean } = {}): Promise<unknown> {
    const response = await this.call(method, path, options);
    if (response.status >= 200 && response.status < 300) return response.body;
    throw this.apiError(method, path, response, options);
  }

  private apiError(method: string, path: string, response: HttpResponse, options: { query?: Query; root?: boolean } = {}): SignalsApiError {
    const url = new URL(this.url(path, options.query, options.root));
    return new SignalsApiError({ status: response.status, method, path: url.pathname + url.search, body: response.body }, this.transport.redactor.redact);
  }

  private url(path: string, query?: Query, root = false): string {
    const base = root ? this.apiUrl : `${this.apiUrl}/api/v1`;
    const url = new URL(`${base}/${path.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  // ---------------------------------------------------------------- registry

  private itemPath(kind: RemoteKind, name: string, version?: number): string {
    const base = `${COLLECTION[kind]}/${encodeURIComponent(name)}`;
    return isVersioned(kind) && version !== undefined ? `${base}/versions/${version}` : base;
  }

  private decode<K extends RemoteKind>(kind: K, body: unknown): { definition?: DefinitionOf<K>; invalid?: InvalidRemote; ignored: string[] } {
    const { definition, issues, ignored } = definitionFromWire(kind, body);
    const raw = (body ?? {}) as { name?: unknown; version?: unknown };
    const name = typeof raw.name === 'string' ? raw.name : undefined;
    const version = typeof raw.version === 'number' ? raw.version : undefined;
    const label = `${kind}/${name ?? '?'}${version !== undefined && isVersioned(kind) ? `@${version}` : ''}`;
    return {
      ...(definition ? { definition } : { invalid: { kind, ...(name !== undefined ? { name } : {}), ...(version !== undefined ? { version } : {}), issues } }),
      ignored: ignored.map((p) => `${label}: ${p}`),
    };
  }

  /** Every object of a kind (every version of groups and interventions). */
  async list<K extends RemoteKind>(kind: K, query?: Query): Promise<RemoteListing<DefinitionOf<K>>> {
    const body = await this.callOk('GET', `${COLLECTION[kind]}/`, query ? { query } : {});
    if (!Array.isArray(body)) {
      throw new RemoteError('remote-bad-response', `Signals API answered GET /api/v1/${COLLECTION[kind]}/ with something other than a list`);
    }
    // List responses may hold interventions without criteria (BaseIntervention): read those one by one.
    const bodies = await Promise.all(
      body.map(async (item: unknown) => {
        const o = item as { name?: unknown; version?: unknown; criteria?: unknown };
        if (kind === 'Intervention' && (o?.criteria === undefined || o.criteria === null) && typeof o?.name === 'string') {
          return this.callOk('GET', this.itemPath(kind, o.name, typeof o.version === 'number' ? o.version : 1));
        }
        return item;
      }),
    );
    const listing: RemoteListing<DefinitionOf<K>> = { definitions: [], invalid: [], ignored: [] };
    for (const item of bodies) {
      const r = this.decode(kind, item);
      if (r.definition) listing.definitions.push(r.definition);
      if (r.invalid) listing.invalid.push(r.invalid);
      listing.ignored.push(...r.ignored);
    }
    return listing;
  }

  /** One object; for groups and interventions without a version, the latest. Undefined when the API answers 404. */
  async get<K extends RemoteKind>(kind: K, name: string, version?: number): Promise<DefinitionOf<K> | undefined> {
    const path = this.itemPath(kind, name, version);
    const response = await this.call('GET', path);
    if (response.status === 404) return undefined;
    if (response.status < 200 || response.status >= 300) throw this.apiError('GET', path, response);
    const r = this.decode(kind, response.body);
    if (r.definition) return r.definition;
    throw new RemoteError('remote-bad-response', `cannot read ${kind} ${name} from the Signals API: ${r.invalid?.issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; ')}`);
  }

  /** POST a new object. A 400 usually means it exists already (see `upsert`). */
  async create<D extends RemoteDefinition>(def: D): Promise<D> {
    const body = await this.callOk('POST', `${COLLECTION[def.kind]}/`, { body: toWire(def) });
    return this.echo(def, body);
  }

  /** PUT an existing object (a group or intervention version, a key or a service). */
  async update<D extends RemoteDefinition>(def: D): Promise<D> {
    const version = isVersioned(def.kind) ? (def.spec as { version: number }).version : undefined;
    const body = await this.callOk('PUT', this.itemPath(def.kind, def.spec.name, version), { body: toWire(def) });
    return this.echo(def, body);
  }

  /** The SDKs' create-or-update: POST, and PUT when the POST answers 400. */
  async upsert<D extends RemoteDefinition>(def: D): Promise<{ action: 'created' | 'updated'; definition: D }> {
    const response = await this.call('POST', `${COLLECTION[def.kind]}/`, { body: toWire(def) });
    if (response.status >= 200 && response.status < 300) return { action: 'created', definition: this.echo(def, response.body) };
    if (response.status !== 400) throw this.apiError('POST', `${COLLECTION[def.kind]}/`, response);
    return { action: 'updated', definition: await this.update(def) };
  }

  /** PUT the definition with `is_published` set: how the SDKs publish and unpublish. */
  async setPublished<D extends RemoteDefinition>(def: D, published: boolean): Promise<D> {
    return this.update({ ...def, spec: { ...def.spec, is_published: published } } as D);
  }

  /** DELETE one object (one version of a group or intervention). False when it did not exist. */
  async remove(kind: RemoteKind, name: string, version?: number): Promise<boolean> {
    if (isVersioned(kind) && version === undefined) throw new Error(`${kind} ${name}: deleting needs a version`);
    const path = this.itemPath(kind, name, version);
    const response = await this.call('DELETE', path);
    if (response.status === 404) return false;
    if (response.status < 200 || response.status >= 300) throw this.apiError('DELETE', path, response);
    return true;
  }

  /** The response body as a definition; falls back to what was sent when the body is not one (`{}`). */
  private echo<D extends RemoteDefinition>(sent: D, body: unknown): D {
    const r = this.decode(sent.kind, body);
    return (r.definition ? { ...r.definition, protect: sent.protect } : sent) as D;
  }

  /**
   * Every remote definition, for plan and pull. Built-in attribute keys are left out unless asked
   * for: they exist everywhere and are never published.
   */
  async fetchAllDefinitions(options: { includeBuiltinKeys?: boolean } = {}): Promise<RemoteListing<RemoteDefinition>> {
    const [keys, groups, services, interventions] = await Promise.all([
      this.list('AttributeKey'),
      this.list('AttributeGroup'),
      this.list('Service'),
      this.list('Intervention'),
    ]);
    const builtin = new Set<string>(BUILTIN_ATTRIBUTE_KEYS);
    const keep = (d: RemoteDefinition) => options.includeBuiltinKeys === true || d.kind !== 'AttributeKey' || !builtin.has(d.spec.name);
    const all = [keys, groups, services, interventions] as RemoteListing<RemoteDefinition>[];
    return {
      definitions: all.flatMap((l) => l.definitions).filter(keep),
      invalid: all.flatMap((l) => l.invalid),
      ignored: all.flatMap((l) => l.ignored),
    };
  }

  // ---------------------------------------------------------------- engines and data plane

  async publish(selection: PublishSelection): Promise<{ status: string }> {
    return (await this.callOk('POST', 'engines/publish', { body: selection })) as { status: string };
  }

  async unpublish(selection: PublishSelection): Promise<{ status: string }> {
    return (await this.callOk('POST', 'engines/unpublish', { body: selection })) as { status: string };
  }

  /** `POST get-online-attributes`: arrays per identifier, in request order, with the key column echoed. */
  async getOnlineAttributes(request: OnlineAttributesRequest): Promise<Record<string, unknown[]>> {
    return (await this.callOk('POST', 'get-online-attributes', { body: request })) as Record<string, unknown[]>;
  }

  /** `GET /health-all` (no credentials). */
  async healthAll(): Promise<{ status: string; dependencies?: Record<string, string> }> {
    return (await this.callOk('GET', 'health-all', { auth: false, root: true })) as { status: string; dependencies?: Record<string, string> };
  }
}
