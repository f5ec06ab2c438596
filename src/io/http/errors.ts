/**
 * Errors from the Signals API, rendered for people: the status, the request, and the server's
 * own message (a 422 `detail` list becomes `attributes[0].name: msg; ...`). Secrets are removed
 * from every message before it leaves this module.
 */
import { formatWireIssue } from '../../core/wire.js';
import { RemoteError, type JsonValue } from '../../errors.js';

export interface ApiErrorDetails {
  status: number;
  method: string;
  /** Path and query of the request, e.g. `/api/v1/registry/services/`. */
  path: string;
  /** The parsed response body (JSON) or its text. */
  body: unknown;
}

/** An error status from the Signals API, after any retries. Exit code 3. */
export class SignalsApiError extends RemoteError {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;

  constructor(details: ApiErrorDetails, redact: (text: string) => string = (t) => t) {
    const server = redact(describeErrorBody(details.body));
    const message = `Signals API answered ${details.status} ${statusText(details.status)} to ${details.method} ${details.path}${server ? `: ${server}` : ''}`;
    const meta: Record<string, JsonValue> = { status: details.status, method: details.method, path: details.path };
    super(errorCode(details.status), message, {
      status: details.status,
      retryable: details.status === 429 || details.status >= 500,
      meta,
      ...(hintFor(details.status) ? { hint: hintFor(details.status)! } : {}),
    });
    this.method = details.method;
    this.path = details.path;
    this.body = details.body;
  }

  /** The `detail` list of a 422, when there is one. */
  get issues(): { loc: (string | number)[]; msg: string; type: string }[] {
    const detail = (this.body as { detail?: unknown } | undefined)?.detail;
    return Array.isArray(detail) ? (detail as { loc: (string | number)[]; msg: string; type: string }[]) : [];
  }
}

function errorCode(status: number): string {
  if (status === 401 || status === 403) return 'remote-unauthorized';
  if (status === 404) return 'remote-not-found';
  if (status === 422) return 'remote-invalid';
  if (status === 429) return 'remote-rate-limited';
  if (status >= 500) return 'remote-server-error';
  return 'remote-rejected';
}

function hintFor(status: number): string | undefined {
  if (status === 401 || status === 403) return 'check the credentials of the target (SIGNALS_SANDBOX_TOKEN, or SIGNALS_API_KEY_ID, SIGNALS_API_KEY and SIGNALS_ORG_ID)';
  if (status === 429 || status >= 500) return 'the request was retried; try again later';
  return undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}

/** The server's message from an error body: FastAPI `detail` (string or list), Go-style `error`, or text. */
export function describeErrorBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  if (typeof body === 'string') return truncate(body.trim());
  if (typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const detail = o['detail'];
    if (typeof detail === 'string') return truncate(detail);
    if (Array.isArray(detail)) {
      return truncate(
        detail
          .map((d) => (d !== null && typeof d === 'object' ? formatWireIssue(d as { loc?: (string | number)[]; msg?: string }) : String(d)))
          .join('; '),
        2000,
      );
    }
    if (typeof o['error'] === 'string') return truncate(o['error']);
    if (typeof o['message'] === 'string') return truncate(o['message']);
  }
  return truncate(JSON.stringify(body));
}

function truncate(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Replaces every occurrence of each registered secret with `[redacted]`. */
export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: readonly (string | undefined)[] = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string | undefined): void {
    if (typeof secret === 'string' && secret.length >= 4) this.secrets.add(secret);
  }

  readonly redact = (text: string): string => {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    return out;
  };
}
