/**
 * The Signals target a command talks to: its API URL and credentials, resolved from the same
 * layers as every setting (flags > environment > `.env` > `signals.config.yaml` > defaults).
 *
 * Auth mode: the target's `auth:` when the config sets it, else inferred: a sandbox token means
 * `sandbox`; an API key id, key and org id mean `bdp`. Missing values are a usage error (exit 4)
 * that names exactly the variables to set. Secrets are listed so the CLI can redact them.
 */
import { DEFAULT_CONSOLE_URL, SignalsClient, type AuthConfig, type SignalsClientOptions } from '../io/signals-client.js';
import { UsageError } from '../errors.js';
import type { SettingVariable, Settings } from './settings.js';

export interface Target {
  /** The config's target name, or `default` when the environment alone defines it. */
  name: string;
  apiUrl: string;
  auth: AuthConfig;
}

/** What may be shown of a target: never credentials. */
export interface TargetSummary {
  name: string;
  api_url: string;
  auth: AuthConfig['mode'];
}

interface Resolved {
  value: string;
  /** Where it came from, for messages: `SIGNALS_API_URL (environment)`, `targets.prod.api_url`. */
  from: string;
}

export function resolveTarget(settings: Settings): Target {
  const name = settings.targetName ?? 'default';
  const config = settings.target;
  const pick = (variable: SettingVariable, field?: keyof NonNullable<Settings['target']>): Resolved | undefined => {
    const env = settings.lookup(variable);
    if (env) return { value: env.value, from: `${env.variable} (${env.from})` };
    const v = field ? config?.[field] : undefined;
    return typeof v === 'string' && v !== '' ? { value: v, from: `targets.${name}.${field}` } : undefined;
  };

  const apiUrl = pick('SIGNALS_API_URL', 'api_url');
  if (!apiUrl) {
    throw new UsageError('missing-api-url', `no Signals API URL for target ${name}`, {
      hint: config ? `set SIGNALS_API_URL or api_url under targets.${name} in the config` : 'set SIGNALS_API_URL (e.g. https://<id>.signals.snowplowanalytics.com), or define a target in signals.config.yaml',
    });
  }
  const token = pick('SIGNALS_SANDBOX_TOKEN', 'sandbox_token');
  const keyId = pick('SIGNALS_API_KEY_ID', 'api_key_id');
  const key = pick('SIGNALS_API_KEY', 'api_key');
  const org = pick('SIGNALS_ORG_ID', 'org_id');

  const mode = config?.auth ?? (token ? 'sandbox' : keyId || key || org ? 'bdp' : undefined);
  let auth: AuthConfig;
  if (mode === undefined) {
    throw new UsageError('missing-credentials', `no credentials for target ${name}`, {
      hint: 'set SIGNALS_SANDBOX_TOKEN for a Signals sandbox, or SIGNALS_API_KEY_ID, SIGNALS_API_KEY and SIGNALS_ORG_ID for a Snowplow Console account',
    });
  } else if (mode === 'sandbox') {
    if (!token) {
      throw new UsageError('missing-credentials', `target ${name} uses sandbox auth but no sandbox token is set`, { hint: 'set SIGNALS_SANDBOX_TOKEN' });
    }
    auth = { mode: 'sandbox', token: token.value };
  } else {
    const missing = [
      ['SIGNALS_API_KEY_ID', keyId],
      ['SIGNALS_API_KEY', key],
      ['SIGNALS_ORG_ID', org],
    ]
      .filter(([, v]) => v === undefined)
      .map(([variable]) => variable as string);
    if (missing.length > 0 || !keyId || !key || !org) {
      throw new UsageError('missing-credentials', `target ${name} uses bdp auth but ${listWords(missing)} ${missing.length === 1 ? 'is' : 'are'} not set`, {
        hint: `set ${listWords(missing)}`,
      });
    }
    const consoleUrl = pick('SIGNALS_CONSOLE_URL', 'console_url') ?? { value: DEFAULT_CONSOLE_URL, from: 'default' };
    auth = { mode: 'bdp', orgId: org.value, apiKeyId: keyId.value, apiKey: key.value, consoleUrl: checkUrl(consoleUrl, 'console URL') };
  }
  return { name, apiUrl: checkUrl(apiUrl, 'Signals API URL'), auth };
}

function checkUrl(resolved: Resolved, what: string): string {
  let url: URL | undefined;
  try {
    url = new URL(resolved.value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError('invalid-url', `the ${what} from ${resolved.from} is not an http(s) URL: ${resolved.value}`, {
      hint: 'include the scheme, e.g. https://<id>.signals.snowplowanalytics.com',
    });
  }
  return resolved.value.replace(/\/+$/, '');
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Every credential of a target: register each with `ctx.out.addSecret`. */
export function targetSecrets(target: Target): string[] {
  return target.auth.mode === 'sandbox' ? [target.auth.token] : [target.auth.apiKey, target.auth.apiKeyId];
}

export function summarizeTarget(target: Target): TargetSummary {
  return { name: target.name, api_url: target.apiUrl, auth: target.auth.mode };
}

/** A client for the target. `version` is this tool's version (sent as `X-Signals-Sdk-Name`). */
export function createSignalsClient(target: Target, options: Omit<SignalsClientOptions, 'apiUrl' | 'auth'>): SignalsClient {
  return new SignalsClient({ ...options, apiUrl: target.apiUrl, auth: target.auth });
}
