import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG, makeProject, readProjectFile, removeProject, run, startHarness, TOKEN, travelProject, TRAVEL_GROUP, writeProjectFile, type Harness } from './plan-harness.js';

let h: Harness;
const dirs: string[] = [];
const project = async (extra: Record<string, string> = {}) => {
  const dir = await travelProject(extra);
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
  for (const d of dirs) await removeProject(d);
});

describe('signals plan against the emulator', () => {
  it('plans creating everything from an empty target, in dependency order (exit 0, or 2 with --detailed-exitcode)', async () => {
    const dir = await project();
    const r = await run('plan', dir, h.env);
    expect(r.code).toBe(0);
    const headers = r.stdout.split('\n').filter((l) => /^[+~↑↓-] \w+ /.test(l));
    expect(headers).toEqual([
      '+ create AttributeGroup travel_view@1  (definitions/travel_view.yaml:2)',
      '+ create Service travel_service  (definitions/travel_service.yaml:1)',
      '+ create Intervention destination_help@1  (definitions/destination_help.yaml:1)',
    ]);
    expect(r.stdout).toContain('Plan: 3 to create, 0 to update, 0 to publish, 0 to unpublish, 0 to delete.');
    expect((await run('plan', dir, h.env, { opts: { detailedExitcode: true } })).code).toBe(2);
  });

  it('prints exactly one JSON document with --json', async () => {
    const dir = await project();
    const r = await run('plan', dir, h.env, { globals: { json: true } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema_version: number; target: string; fingerprint: string; changes: { action: string; kind: string; name: string; version?: number; fields: unknown[]; warnings: { code: string }[] }[]; summary: Record<string, number> };
    expect(doc.schema_version).toBe(1);
    expect(doc.target).toBe('dev');
    expect(doc.fingerprint).toMatch(/^sha256:/);
    expect(doc.summary).toEqual({ create: 3, update: 0, publish: 0, unpublish: 0, delete: 0 });
    expect(doc.changes[0]).toMatchObject({ action: 'create', kind: 'AttributeGroup', name: 'travel_view', version: 1 });
    expect(doc.changes[0]?.warnings.map((w) => w.code)).toContain('starts-empty');
    expect((await run('plan', dir, h.env, { opts: { format: 'json' } })).stdout).toBe(r.stdout);
  });

  it('stops at invalid definitions with their diagnostics (exit 1) and never calls the API', async () => {
    const dir = await project({ 'definitions/broken.yaml': 'kind: AttributeGroup\nname: broken\nattribute_key: domain_sessionid\nattributes:\n  - name: x\n    type: int32\n    aggregation: sum\n    events: [page_view]\n' });
    const before = h.emulator.stats.requests;
    const r = await run('plan', dir, h.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/definitions\/broken\.yaml:\d+:\d+ error/);
    expect(r.stderr).toContain('nothing was planned');
    expect(h.emulator.stats.requests).toBe(before);
    const json = await run('plan', dir, h.env, { globals: { json: true } });
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { diagnostics: unknown[] }).diagnostics.length).toBeGreaterThan(0);
  });

  it('names the variables to set when credentials are missing (exit 4)', async () => {
    const dir = await project();
    const r = await run('plan', dir, { SIGNALS_API_URL: h.emulator.url });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('SIGNALS_SANDBOX_TOKEN');
  });

  it('exits 3 when the API is unreachable', async () => {
    const dir = await project();
    const r = await run('plan', dir, { SIGNALS_API_URL: 'http://127.0.0.1:9', SIGNALS_SANDBOX_TOKEN: TOKEN });
    expect(r.code).toBe(3);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses --replay without event logs and --prune without a scope (exit 4)', async () => {
    const dir = await project();
    const replay = await run('plan', dir, h.env, { opts: { replay: true } });
    expect(replay.code).toBe(4);
    expect(replay.stderr).toContain('--replay has no event logs to replay');
    await writeProjectFile(dir, 'signals.config.yaml', 'targets:\n  dev:\n    auth: sandbox\n');
    const prune = await run('plan', dir, h.env, { opts: { prune: true } });
    expect(prune.code).toBe(4);
    expect(prune.stderr).toContain('scope');
  });

  it('writes a saved plan with the fingerprint and wire bodies, never the token', async () => {
    const dir = await project();
    const r = await run('plan', dir, h.env, { opts: { out: 'plan.json' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('signals apply plan.json');
    const text = await readProjectFile(dir, 'plan.json');
    expect(text).not.toContain(TOKEN);
    const saved = JSON.parse(text) as { fingerprint: string; api_url: string; changes: { body?: { name: string } }[]; saved_plan: { format: string } };
    expect(saved.saved_plan.format).toBe('signals-plan');
    expect(saved.api_url).toBe(h.emulator.url);
    expect(saved.changes[0]?.body?.name).toBe('travel_view');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('renders Markdown and appends it to $GITHUB_STEP_SUMMARY', async () => {
    const dir = await project();
    const summary = path.join(dir, 'summary.md');
    const r = await run('plan', dir, { ...h.env, GITHUB_STEP_SUMMARY: summary }, { opts: { format: 'markdown' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('### Signals plan for `dev`');
    expect(r.stdout).toContain('| 🟢 create | `AttributeGroup travel_view@1` |');
    expect(await readFile(summary, 'utf8')).toBe(r.stdout + '\n');
  });

  it('prints workflow annotations with --format github', async () => {
    const dir = await project();
    const r = await run('plan', dir, h.env, { opts: { format: 'github' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('::warning file=definitions/travel_view.yaml,line=2,');
    expect(r.stdout).toContain('::notice title=Signals plan for dev::Plan: 3 to create');
  });

  it('uses the target from the config, an environment override and a --target flag, in that precedence', async () => {
    const dir = await makeProject({
      'signals.config.yaml': `targets:\n  dev:\n    api_url: http://127.0.0.1:9\n    auth: sandbox\n  staging:\n    api_url: ${h.emulator.url}\n    auth: sandbox\ndefault_target: dev\n`,
      'definitions/travel_view.yaml': TRAVEL_GROUP,
    });
    dirs.push(dir);
    const env = { SIGNALS_SANDBOX_TOKEN: TOKEN };
    const viaFlag = await run('plan', dir, env, { globals: { target: 'staging', json: true } });
    expect(viaFlag.code).toBe(0);
    expect((JSON.parse(viaFlag.stdout) as { target: string }).target).toBe('staging');
    const viaEnv = await run('plan', dir, { ...env, SIGNALS_TARGET: 'staging' }, { globals: { json: true } });
    expect((JSON.parse(viaEnv.stdout) as { target: string }).target).toBe('staging');
    await writeProjectFile(dir, '.env', 'SIGNALS_TARGET=staging\n');
    const viaDotenv = await run('plan', dir, env, { globals: { json: true } });
    expect((JSON.parse(viaDotenv.stdout) as { target: string }).target).toBe('staging');
    const envBeatsDotenv = await run('plan', dir, { ...env, SIGNALS_API_URL: h.emulator.url, SIGNALS_TARGET: 'dev' }, { globals: { json: true } });
    expect(envBeatsDotenv.code).toBe(0);
    expect((JSON.parse(envBeatsDotenv.stdout) as { target: string; api_url: string }).target).toBe('dev');
    const unknown = await run('plan', dir, env, { globals: { target: 'prod' } });
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('dev, staging');
  });

  it('plans with bdp credentials exchanged at the console token endpoint, never printing the key', async () => {
    const keyId = 'key-id-7a1c2b3d';
    const key = 'api-key-secret-9f8e7d6c5b';
    const bdp = await startHarness({ apiKeyId: keyId, apiKey: key });
    try {
      const dir = await project({ 'signals.config.yaml': CONFIG.replace('auth: sandbox', 'auth: bdp') });
      const env = { SIGNALS_API_URL: bdp.emulator.url, SIGNALS_CONSOLE_URL: bdp.emulator.url, SIGNALS_API_KEY_ID: keyId, SIGNALS_API_KEY: key, SIGNALS_ORG_ID: 'org-1' };
      const r = await run('plan', dir, env, { opts: { out: 'plan.json' }, globals: { verbose: true } });
      expect(r.code, r.stderr).toBe(0);
      expect(bdp.emulator.stats.tokenRequests).toBe(1);
      const saved = await readProjectFile(dir, 'plan.json');
      for (const text of [r.stdout, r.stderr, saved]) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(keyId);
      }
      const wrong = await run('plan', dir, { ...env, SIGNALS_API_KEY: 'not-the-key' });
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).not.toContain('not-the-key');
    } finally {
      await bdp.close();
    }
  });

  it('takes the API URL and credentials from .env, and the environment over .env', async () => {
    const dir = await project({ '.env': `SIGNALS_API_URL=${h.emulator.url}\nSIGNALS_SANDBOX_TOKEN=${TOKEN}\n` });
    const fromDotenv = await run('plan', dir, {}, { globals: { json: true } });
    expect(fromDotenv.code).toBe(0);
    expect((JSON.parse(fromDotenv.stdout) as { api_url: string }).api_url).toBe(h.emulator.url);
    const envWins = await run('plan', dir, { SIGNALS_API_URL: 'http://127.0.0.1:9' });
    expect(envWins.code).toBe(3);
    expect(fromDotenv.stdout + envWins.stderr).not.toContain(TOKEN);
  });

  it('reads the definitions path from the config, and --definitions overrides it', async () => {
    const dir = await makeProject({
      'signals.config.yaml': `${CONFIG}definitions: [signals/]\n`,
      'signals/travel_view.yaml': TRAVEL_GROUP,
      'other/travel_service.yaml': 'kind: Service\nname: travel_service\nattribute_groups: [travel_view@1]\n',
    });
    dirs.push(dir);
    const fromConfig = await run('plan', dir, h.env, { globals: { json: true } });
    expect((JSON.parse(fromConfig.stdout) as { changes: { name: string }[] }).changes.map((c) => c.name)).toEqual(['travel_view']);
    const fromFlag = await run('plan', dir, h.env, { globals: { json: true, definitions: 'other' } });
    const doc = JSON.parse(fromFlag.stdout) as { changes: { name: string; warnings: { code: string }[] }[] };
    expect(doc.changes.map((c) => c.name)).toEqual(['travel_service']);
    expect(doc.changes[0]?.warnings.map((w) => w.code)).toContain('unknown-reference');
  });
});
