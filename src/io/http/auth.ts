/**
 * Credentials for the Signals API (SPEC section 6): `sandbox` sends a fixed bearer token; `bdp`
 * exchanges an API key for a JWT at the console's token endpoint, caches it until shortly before
 * its `exp`, and makes one token request however many calls start at once.
 */
import { RemoteError } from '../../errors.js';
import { SignalsApiError } from './errors.js';
import { jwtExpiryMs } from './jwt.js';
import type { Transport } from './transport.js';

export const DEFAULT_CONSOLE_URL = 'https://console.snowplowanalytics.com';

export type AuthConfig =
  | { mode: 'sandbox'; token: string }
  | { mode: 'bdp'; orgId: string; apiKeyId: string; apiKey: string; consoleUrl: string };

/** The values of an auth config that must never be printed. */
export function authSecrets(auth: AuthConfig): string[] {
  return auth.mode === 'sandbox' ? [auth.token] : [auth.apiKey, auth.apiKeyId];
}

export interface TokenSource {
  /** A bearer token for the next request. */
  token(): Promise<string>;
  /** Forget `token` if it is the cached one (after a 401); returns whether a fresh one can be fetched. */
  invalidate(token: string): boolean;
}

export class SandboxToken implements TokenSource {
  constructor(private readonly value: string) {}
  async token(): Promise<string> {
    return this.value;
  }
  invalidate(): boolean {
    return false;
  }
}

export interface BdpTokenOptions {
  transport: Transport;
  sdkName: string;
  /** Refresh this long before `exp` (at most half the token's remaining life). Default 60 s. */
  marginMs?: number;
  now?: () => number;
}

/** The console token exchange, cached and single-flight. */
export class BdpToken implements TokenSource {
  private cached: { token: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  /** Token requests made: for tests and `--verbose`. */
  requests = 0;

  constructor(
    private readonly auth: Extract<AuthConfig, { mode: 'bdp' }>,
    private readonly options: BdpTokenOptions,
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get tokenUrl(): string {
    return `${this.auth.consoleUrl.replace(/\/+$/, '')}/api/msc/v1/organizations/${encodeURIComponent(this.auth.orgId)}/credentials/v3/token`;
  }

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  invalidate(token: string): boolean {
    if (this.cached?.token === token) this.cached = undefined;
    return true;
  }

  private async fetchToken(): Promise<string> {
    this.requests++;
    const { transport } = this.options;
    const response = await transport.send({
      method: 'GET',
      url: this.tokenUrl,
      headers: () => ({ 'X-API-Key-Id': this.auth.apiKeyId, 'X-API-Key': this.auth.apiKey, 'X-Signals-Sdk-Name': this.options.sdkName }),
    });
    if (response.status < 200 || response.status >= 300) {
      const error = new SignalsApiError({ status: response.status, method: 'GET', path: new URL(this.tokenUrl).pathname, body: response.body }, transport.redactor.redact);
      throw new RemoteError(
        response.status === 401 || response.status === 403 ? 'token-rejected' : 'token-failed',
        `could not get an access token from the console: ${error.message}`,
        {
          status: response.status,
          hint: 'check SIGNALS_API_KEY_ID, SIGNALS_API_KEY and SIGNALS_ORG_ID (and SIGNALS_CONSOLE_URL)',
          meta: { status: response.status },
        },
      );
    }
    const token = (response.body as { accessToken?: unknown } | undefined)?.accessToken;
    if (typeof token !== 'string' || token === '') {
      throw new RemoteError('token-failed', 'the console token endpoint answered without an accessToken', { status: response.status });
    }
    transport.redactor.add(token);
    const now = this.now();
    const exp = jwtExpiryMs(token);
    // A token without `exp` is kept until the API rejects it with a 401.
    const remaining = exp === undefined ? Number.POSITIVE_INFINITY : exp - now;
    const margin = Math.min(this.options.marginMs ?? 60_000, Math.max(0, remaining) / 2);
    this.cached = { token, refreshAt: now + remaining - margin };
    return token;
  }
}
