/**
 * `signals get`: read the live attribute values an application would read, through the official
 * Node SDK (`@snowplow/signals-node`), by service or by attribute group version, for one
 * attribute key identifier.
 *
 * The SDK authenticates with the CLI's own token: a sandbox token as it is, or the JWT this
 * tool's bdp exchange produced (the SDK's own bdp mode cannot reach another console URL), handed
 * over as its `sandboxToken`. The SDK throws plain errors with the status in the message; they
 * become `RemoteError`s (exit 3) without credentials, and network errors, 429 and 5xx are retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { GroupLink } from '../core/model.js';
import { RemoteError, UsageError } from '../errors.js';
import { backoffDelay, isRetryableStatus, type BackoffOptions } from '../io/http/backoff.js';
import type { RequestLogEntry } from '../io/signals-client.js';
import { openTarget, targetInfo } from './plan.js';
import type { Settings } from './settings.js';

const NAME = /^[A-Za-z0-9_]{1,128}$/;

/** What `signals get` was asked for, validated. */
export interface GetSelection {
  service?: string;
  /** A group; `version` absent = the latest version on the target. */
  group?: { name: string; version?: number };
  attributeKey: string;
  identifier: string;
  /** Only these attributes (in this order); undefined = all. */
  attributes?: string[];
}

export interface GetFlags {
  service?: string;
  group?: string;
  key?: string;
  attributes?: string;
}

/** Checks the flags of `signals get`; every problem is a usage error (exit 4). */
export function parseGetFlags(flags: GetFlags): GetSelection {
  const hasService = flags.service !== undefined;
  const hasGroup = flags.group !== undefined;
  if (hasService === hasGroup) {
    throw new UsageError('get-needs-one-source', hasService ? 'give either --service or --group, not both' : 'give --service NAME or --group NAME@VERSION', {
      hint: 'signals get --service travel_service --key domain_sessionid=<id>, or signals get --group travel_view@1 --key domain_sessionid=<id>',
    });
  }
  if (flags.key === undefined) throw new UsageError('get-needs-key', '--key KEY=ID is required', { hint: 'e.g. --key domain_sessionid=8c9f6c1e-...' });
  const eq = flags.key.indexOf('=');
  const attributeKey = eq < 0 ? '' : flags.key.slice(0, eq).trim();
  const identifier = eq < 0 ? '' : flags.key.slice(eq + 1).trim();
  if (!NAME.test(attributeKey) || identifier === '') {
    throw new UsageError('bad-key-flag', `--key ${flags.key} is not KEY=ID`, { hint: 'name the attribute key and the identifier, e.g. --key domain_sessionid=8c9f6c1e-...' });
  }
  const selection: GetSelection = { attributeKey, identifier };
  if (hasService) {
    if (!NAME.test(flags.service as string)) throw new UsageError('bad-service-flag', `--service ${flags.service} is not a service name (letters, digits and underscores)`);
    selection.service = flags.service as string;
  } else {
    const m = /^([A-Za-z0-9_]{1,128})(?:@(\d{1,7}))?$/.exec((flags.group as string).trim());
    const version = m?.[2] === undefined ? undefined : Number(m[2]);
    if (!m || (version !== undefined && (version < 1 || version > 1_000_000))) {
      throw new UsageError('bad-group-flag', `--group ${flags.group} is not NAME@VERSION`, { hint: 'e.g. --group travel_view@1 (or --group travel_view for the latest version)' });
    }
    selection.group = { name: m[1] as string, ...(version !== undefined ? { version } : {}) };
  }
  if (flags.attributes !== undefined) {
    const names = [...new Set(flags.attributes.split(',').map((a) => a.trim()).filter((a) => a !== ''))];
    const bad = names.filter((a) => !NAME.test(a));
    if (names.length === 0 || bad.length > 0) {
      throw new UsageError('bad-attributes-flag', names.length === 0 ? '--attributes lists no attribute' : `--attributes: ${bad.join(', ')} ${bad.length === 1 ? 'is not an attribute name' : 'are not attribute names'}`, {
        hint: 'a comma-separated list of attribute names, e.g. --attributes page_view_count,destination_page_view_count',
      });
    }
    selection.attributes = names;
  }
  return selection;
}

export interface GetRequest {
  settings: Settings;
  selection: GetSelection;
  /** This tool's version. */
  version: string;
  signal?: AbortSignal;
  onSecrets?: (secrets: string[]) => void;
  onRequest?: (entry: RequestLogEntry) => void;
  /** Retries of the read after network errors, 429 and 5xx. Default 3. */
  retries?: number;
  backoff?: BackoffOptions;
}

export interface LiveValues {
  target: { name: string; api_url: string };
  service?: string;
  group?: GroupLink;
  attribute_key: string;
  identifier: string;
  /** Attribute → value, in the order served; `null` where nothing is stored. */
  values: Record<string, unknown>;
}

/** The part of the SDK `get` uses (a test may pass another implementation). */
export interface LiveReader {
  getServiceAttributes(request: { name: string; attribute_key: string; identifier: string }): Promise<Record<string, unknown>>;
  getGroupAttributes(request: { name: string; version: number; attributes: [string, ...string[]]; attribute_key: string; identifier: string }): Promise<Record<string, unknown>>;
}

export async function readLiveValues(request: GetRequest): Promise<LiveValues> {
  const { selection } = request;
  const { target, client } = openTarget(request);
  const token = await client.bearerToken();
  request.onSecrets?.([token]);
  const { Signals } = await import('@snowplow/signals-node');
  const sdk: LiveReader = new Signals({ baseUrl: target.apiUrl, sandboxToken: token }) as LiveReader;
  const redact = (text: string) => client.redact(text).split(token).join('[redacted]');
  const call = <T>(what: string, fn: () => Promise<T>) => withRetries(what, fn, { ...request, redact });

  const base = { target: targetInfo(target), attribute_key: selection.attributeKey, identifier: selection.identifier };
  if (selection.service !== undefined) {
    const name = selection.service;
    const raw = await call(`the values of service ${name}`, () => sdk.getServiceAttributes({ name, attribute_key: selection.attributeKey, identifier: selection.identifier }));
    return { ...base, service: name, values: pick(withoutKey(raw, selection.attributeKey), selection.attributes, `service ${name}`) };
  }

  const wanted = selection.group as { name: string; version?: number };
  let version = wanted.version;
  let attributes = selection.attributes;
  if (version === undefined || attributes === undefined) {
    const group = await client.get('AttributeGroup', wanted.name, version);
    if (group === undefined) {
      throw new RemoteError('remote-not-found', `attribute group ${wanted.name}${version !== undefined ? ` version ${version}` : ''} is not in target ${target.name}`, {
        status: 404,
        hint: 'check the name and version (signals pull --only AttributeGroup/<name> shows what the target has)',
      });
    }
    version = group.spec.version;
    attributes ??= (group.spec.attributes ?? group.spec.fields ?? []).map((a) => a.name);
    if (attributes.length === 0) throw new RemoteError('remote-bad-response', `attribute group ${wanted.name} version ${version} has no attributes`);
  }
  const link = { name: wanted.name, version };
  const list = attributes as [string, ...string[]];
  const raw = await call(`attributes of ${wanted.name}@${version}`, () =>
    sdk.getGroupAttributes({ name: link.name, version: link.version, attributes: list, attribute_key: selection.attributeKey, identifier: selection.identifier }),
  );
  const values = withoutKey(raw, selection.attributeKey);
  // An attribute a group does not have is an API error; anything else missing reads as null.
  return { ...base, group: link, values: Object.fromEntries(list.map((a) => [a, values[a] ?? null])) };
}

/** The response without the echoed key column. */
function withoutKey(raw: Record<string, unknown>, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw ?? {})) if (name !== key) out[name] = value === undefined ? null : value;
  return out;
}

/** Only the attributes asked for (with --service); one the service does not serve is a usage error. */
function pick(values: Record<string, unknown>, names: string[] | undefined, where: string): Record<string, unknown> {
  if (names === undefined) return values;
  const missing = names.filter((n) => !(n in values));
  if (missing.length > 0) {
    throw new UsageError('unknown-attribute', `${where} serves no attribute ${missing.join(', ')} for this key`, { hint: `it serves: ${Object.keys(values).join(', ') || 'nothing'}` });
  }
  return Object.fromEntries(names.map((n) => [n, values[n]]));
}

interface SdkFailure {
  status: number | undefined;
  message: string;
}

/**
 * Reads the SDK's plain errors: `[Signals] API error: 404 Request failed with status code 404 {body}`
 * (axios), `[Signals] 500 ...` (core), or a network error (no status).
 */
export function readSdkError(error: unknown): SdkFailure {
  const text = error instanceof Error ? error.message : String(error);
  const m = /^\[Signals\] (?:API error: )?(\d{3}|undefined)\b\s*([\s\S]*)$/.exec(text);
  if (!m) return { status: undefined, message: text };
  const status = m[1] === 'undefined' ? undefined : Number(m[1]);
  const rest = m[2] ?? '';
  const brace = rest.indexOf('{');
  if (brace >= 0) {
    try {
      const body = JSON.parse(rest.slice(brace)) as { error?: unknown; detail?: unknown };
      const server = typeof body.error === 'string' ? body.error : typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail ?? body);
      return { status, message: server };
    } catch {
      // not a JSON body: keep the text
    }
  }
  return { status, message: rest.replace(/^Request failed with status code \d+\s*/, '').trim() || `status ${status ?? 'unknown'}` };
}

async function withRetries<T>(what: string, fn: () => Promise<T>, options: Pick<GetRequest, 'retries' | 'backoff' | 'signal' | 'onRequest'> & { redact: (t: string) => string }): Promise<T> {
  const retries = options.retries ?? 3;
  const backoff = options.backoff ?? { baseMs: 250, maxMs: 4000 };
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    try {
      const result = await fn();
      options.onRequest?.({ method: 'POST', path: '/api/v1/get-online-attributes', status: 200, ms: Date.now() - started, attempt, willRetry: false });
      return result;
    } catch (error) {
      const failure = readSdkError(error);
      const retry = attempt <= retries && (failure.status === undefined || isRetryableStatus(failure.status)) && !options.signal?.aborted;
      const wait = retry ? backoffDelay(attempt - 1, backoff, Math.random) : undefined;
      options.onRequest?.({
        method: 'POST',
        path: '/api/v1/get-online-attributes',
        ...(failure.status !== undefined ? { status: failure.status } : { error: options.redact(failure.message) }),
        ms: Date.now() - started,
        attempt,
        willRetry: retry,
        ...(wait !== undefined ? { retryInMs: wait } : {}),
      });
      if (!retry) throw sdkError(what, failure, options.redact, error);
      await sleep(wait as number);
    }
  }
}

function sdkError(what: string, failure: SdkFailure, redact: (t: string) => string, cause: unknown): RemoteError {
  const message = redact(failure.message);
  if (failure.status === undefined) {
    return new RemoteError('remote-unreachable', `cannot read ${what}: the Signals API is unreachable (${message})`, { retryable: true, hint: 'check SIGNALS_API_URL and that the API (or `signals emulator`) is running', cause });
  }
  const code = failure.status === 401 || failure.status === 403 ? 'remote-unauthorized' : failure.status === 404 ? 'remote-not-found' : failure.status >= 500 ? 'remote-server-error' : 'remote-rejected';
  return new RemoteError(code, `cannot read ${what}: the Signals API answered ${failure.status}: ${message}`, {
    status: failure.status,
    retryable: isRetryableStatus(failure.status),
    meta: { status: failure.status },
    ...(code === 'remote-unauthorized' ? { hint: 'check the credentials of the target (SIGNALS_SANDBOX_TOKEN, or SIGNALS_API_KEY_ID, SIGNALS_API_KEY and SIGNALS_ORG_ID)' } : {}),
    cause,
  });
}
