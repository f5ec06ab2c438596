import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/app/settings.js';
import { resolveTarget, summarizeTarget, targetSecrets, type Target } from '../../src/app/target.js';
import { ExitCode, UsageError } from '../../src/errors.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'signals-target-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function resolve(files: Record<string, string>, env: Record<string, string> = {}, targetFlag?: string): Promise<Target> {
  const cwd = await project(files);
  return resolveTarget(await loadSettings({ cwd, env, ...(targetFlag !== undefined ? { targetFlag } : {}) }));
}

async function failure(files: Record<string, string>, env: Record<string, string> = {}, targetFlag?: string): Promise<UsageError> {
  const error = await resolve(files, env, targetFlag).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).exitCode).toBe(ExitCode.Usage);
  return error as UsageError;
}

const CONFIG = [
  'default_target: staging',
  'targets:',
  '  staging: { api_url: "https://staging.example", sandbox_token: config-token }',
  '  prod: { api_url: "https://prod.example/", auth: bdp, org_id: org-config, console_url: "https://console.example" }',
].join('\n');

describe('resolveTarget: precedence flags > environment > .env > config > defaults', () => {
  it('takes everything from the config target', async () => {
    const t = await resolve({ 'signals.config.yaml': CONFIG });
    expect(t).toEqual({ name: 'staging', apiUrl: 'https://staging.example', auth: { mode: 'sandbox', token: 'config-token' } });
  });

  it('lets .env override the config', async () => {
    const t = await resolve({ 'signals.config.yaml': CONFIG, '.env': 'SIGNALS_API_URL=https://dotenv.example\nSIGNALS_SANDBOX_TOKEN=dotenv-token\n' });
    expect(t.apiUrl).toBe('https://dotenv.example');
    expect(t.auth).toEqual({ mode: 'sandbox', token: 'dotenv-token' });
  });

  it('lets the environment override .env', async () => {
    const t = await resolve(
      { 'signals.config.yaml': CONFIG, '.env': 'SIGNALS_API_URL=https://dotenv.example\nSIGNALS_SANDBOX_TOKEN=dotenv-token\n' },
      { SIGNALS_API_URL: 'https://env.example', SIGNALS_SANDBOX_TOKEN: 'env-token' },
    );
    expect(t.apiUrl).toBe('https://env.example');
    expect(t.auth).toEqual({ mode: 'sandbox', token: 'env-token' });
  });

  it('lets --target override SIGNALS_TARGET, which overrides default_target', async () => {
    const env = { SIGNALS_API_KEY_ID: 'kid', SIGNALS_API_KEY: 'key' };
    expect((await resolve({ 'signals.config.yaml': CONFIG }, { ...env, SIGNALS_TARGET: 'prod' })).name).toBe('prod');
    const flagged = await resolve({ 'signals.config.yaml': CONFIG }, { ...env, SIGNALS_TARGET: 'staging' }, 'prod');
    expect(flagged).toEqual({
      name: 'prod',
      apiUrl: 'https://prod.example',
      auth: { mode: 'bdp', orgId: 'org-config', apiKeyId: 'kid', apiKey: 'key', consoleUrl: 'https://console.example' },
    });
  });

  it('works from the environment alone, as target "default"', async () => {
    const t = await resolve({}, { SIGNALS_API_URL: 'http://127.0.0.1:8787', SIGNALS_SANDBOX_TOKEN: 'any' });
    expect(t).toEqual({ name: 'default', apiUrl: 'http://127.0.0.1:8787', auth: { mode: 'sandbox', token: 'any' } });
  });

  it('defaults the console URL', async () => {
    const t = await resolve({}, { SIGNALS_API_URL: 'https://a.example', SIGNALS_API_KEY_ID: 'kid', SIGNALS_API_KEY: 'key', SIGNALS_ORG_ID: 'org' });
    expect(t.auth).toMatchObject({ mode: 'bdp', consoleUrl: 'https://console.snowplowanalytics.com' });
    const custom = await resolve({}, { SIGNALS_API_URL: 'https://a.example', SIGNALS_API_KEY_ID: 'kid', SIGNALS_API_KEY: 'key', SIGNALS_ORG_ID: 'org', SIGNALS_CONSOLE_URL: 'http://127.0.0.1:9/' });
    expect(custom.auth).toMatchObject({ consoleUrl: 'http://127.0.0.1:9' });
  });

  it.each([
    ['SNOWPLOW_SIGNALS_BASE_URL', 'SNOWPLOW_SIGNALS_API_KEY_ID', 'SNOWPLOW_SIGNALS_API_KEY', 'SNOWPLOW_SIGNALS_ORGANIZATION_ID'],
    ['SNOWPLOW_API_URL', 'SNOWPLOW_CONSOLE_API_KEY_ID', 'SNOWPLOW_CONSOLE_API_KEY', 'SNOWPLOW_CONSOLE_ORG_ID'],
  ])('accepts the aliases %s, %s, %s, %s', async (url, keyId, key, org) => {
    const t = await resolve({}, { [url]: 'https://alias.example', [keyId]: 'kid', [key]: 'key', [org]: 'org' });
    expect(t).toMatchObject({ apiUrl: 'https://alias.example', auth: { mode: 'bdp', orgId: 'org', apiKeyId: 'kid', apiKey: 'key' } });
  });

  it('accepts SNOWPLOW_SANDBOX_TOKEN', async () => {
    expect((await resolve({}, { SIGNALS_API_URL: 'https://a.example', SNOWPLOW_SANDBOX_TOKEN: 'sbx' })).auth).toEqual({ mode: 'sandbox', token: 'sbx' });
  });
});

describe('resolveTarget: auth mode', () => {
  it('infers sandbox when a sandbox token is present, even alongside API keys', async () => {
    const t = await resolve({}, { SIGNALS_API_URL: 'https://a.example', SIGNALS_SANDBOX_TOKEN: 'sbx', SIGNALS_API_KEY: 'key' });
    expect(t.auth.mode).toBe('sandbox');
  });

  it('follows an explicit auth: bdp in the config over a sandbox token', async () => {
    const error = await failure({ 'signals.config.yaml': CONFIG }, { SIGNALS_SANDBOX_TOKEN: 'sbx' }, 'prod');
    expect(error.message).toBe('target prod uses bdp auth but SIGNALS_API_KEY_ID and SIGNALS_API_KEY are not set');
    expect(error.hint).toBe('set SIGNALS_API_KEY_ID and SIGNALS_API_KEY');
  });

  it('names exactly the missing bdp variables', async () => {
    const error = await failure({}, { SIGNALS_API_URL: 'https://a.example', SIGNALS_API_KEY: 'key' });
    expect(error.code).toBe('missing-credentials');
    expect(error.message).toBe('target default uses bdp auth but SIGNALS_API_KEY_ID and SIGNALS_ORG_ID are not set');
    const one = await failure({}, { SIGNALS_API_URL: 'https://a.example', SIGNALS_API_KEY: 'key', SIGNALS_ORG_ID: 'o' });
    expect(one.message).toBe('target default uses bdp auth but SIGNALS_API_KEY_ID is not set');
  });

  it('asks for either kind of credentials when there are none', async () => {
    const error = await failure({}, { SIGNALS_API_URL: 'https://a.example' });
    expect(error.message).toBe('no credentials for target default');
    expect(error.hint).toBe('set SIGNALS_SANDBOX_TOKEN for a Signals sandbox, or SIGNALS_API_KEY_ID, SIGNALS_API_KEY and SIGNALS_ORG_ID for a Snowplow Console account');
  });

  it('asks for the sandbox token of an explicit sandbox target', async () => {
    const error = await failure({ 'signals.config.yaml': 'targets:\n  sb: { api_url: "https://a.example", auth: sandbox }\n' });
    expect(error.message).toBe('target sb uses sandbox auth but no sandbox token is set');
    expect(error.hint).toBe('set SIGNALS_SANDBOX_TOKEN');
  });

  it('asks for the API URL', async () => {
    const error = await failure({}, { SIGNALS_SANDBOX_TOKEN: 'sbx' });
    expect(error.code).toBe('missing-api-url');
    expect(error.hint).toContain('SIGNALS_API_URL');
    const configured = await failure({ 'signals.config.yaml': 'targets:\n  t: { auth: sandbox }\n' }, { SIGNALS_SANDBOX_TOKEN: 'sbx' });
    expect(configured.hint).toBe('set SIGNALS_API_URL or api_url under targets.t in the config');
  });

  it('rejects an API URL without a scheme, naming where it came from', async () => {
    const error = await failure({}, { SIGNALS_API_URL: 'example.signals.snowplowanalytics.com', SIGNALS_SANDBOX_TOKEN: 'sbx' });
    expect(error.code).toBe('invalid-url');
    expect(error.message).toBe('the Signals API URL from SIGNALS_API_URL (environment) is not an http(s) URL: example.signals.snowplowanalytics.com');
  });

  it('never puts a credential in its messages', async () => {
    const error = await failure({}, { SIGNALS_API_URL: 'nope', SIGNALS_SANDBOX_TOKEN: 'very-secret-token' });
    expect(`${error.message} ${error.hint}`).not.toContain('very-secret-token');
  });
});

describe('secrets and summaries', () => {
  it('lists the credentials to redact and summarises without them', async () => {
    const t = await resolve({}, { SIGNALS_API_URL: 'https://a.example', SIGNALS_API_KEY_ID: 'kid-1', SIGNALS_API_KEY: 'key-1', SIGNALS_ORG_ID: 'org-1' });
    expect(targetSecrets(t)).toEqual(['key-1', 'kid-1']);
    expect(summarizeTarget(t)).toEqual({ name: 'default', api_url: 'https://a.example', auth: 'bdp' });
    const s = await resolve({}, { SIGNALS_API_URL: 'https://a.example', SIGNALS_SANDBOX_TOKEN: 'sbx-1' });
    expect(targetSecrets(s)).toEqual(['sbx-1']);
  });
});
