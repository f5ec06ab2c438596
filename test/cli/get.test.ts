/**
 * `signals get` against the emulator on 127.0.0.1: human and --json output, exit 3 on API
 * errors, exit 4 on usage errors, bdp auth through the CLI's own token exchange, and no secret
 * ever printed. In process (the action) and as the built binary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GetFlags } from '../../src/app/get.js';
import type { GlobalOptions } from '../../src/cli/context.js';
import { reportError } from '../../src/cli/run-action.js';
import { startTestEmulator, TEST_BDP, type TestEmulator } from '../helpers/emulator.js';
import { createTestContext } from '../helpers/memory-streams.js';
import { runCli } from '../helpers/run-cli.js';
import { generatedEvents, postEvents, publish, templateDefinitions } from '../emulator/live-helpers.js';

const TOKEN = 'sandbox-token-for-get-9d2f-do-not-print';

let emu: TestEmulator;
let dir: string;
let session: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'signals-get-'));
  emu = await startTestEmulator({ apiKeyId: TEST_BDP.apiKeyId, apiKey: TEST_BDP.apiKey });
  env = { SIGNALS_API_URL: emu.url, SIGNALS_SANDBOX_TOKEN: TOKEN };
  await publish(emu, await templateDefinitions('travel'));
  const events = generatedEvents('travel', 5);
  await postEvents(emu, events);
  session = JSON.parse(events.split('\n')[0]!).domain_sessionid;
});

afterAll(async () => {
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(flags: GetFlags, options: { env?: Record<string, string>; globals?: Partial<GlobalOptions> } = {}) {
  const t = createTestContext({ cwd: dir, env: options.env ?? env, ...(options.globals ? { globals: options.globals } : {}) });
  let code: number;
  try {
    code = await (await import('../../src/cli/actions/get.js')).default(t.ctx, flags);
  } catch (error) {
    code = reportError(t.ctx, error);
  }
  return { code, stdout: t.stdout.text, stderr: t.stderr.text };
}

describe('signals get', () => {
  it('prints a table of a service\'s values', async () => {
    const r = await get({ service: 'travel_service', key: `domain_sessionid=${session}` });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`service travel_service · domain_sessionid ${session} (target default)`);
    expect(lines[2]).toMatch(/^attribute\s+value$/);
    expect(lines.slice(3).map((l) => l.split(/\s+/)[0])).toContain('destination_page_view_count');
    expect(r.stdout).toMatch(/page_view_count\s+\d+/);
  });

  it('prints one JSON document with --json (service)', async () => {
    const r = await get({ service: 'travel_service', key: `domain_sessionid=${session}` }, { globals: { json: true } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['schema_version', 'target', 'api_url', 'service', 'attribute_key', 'identifier', 'values']);
    expect(doc).toMatchObject({ schema_version: 1, target: 'default', api_url: emu.url, service: 'travel_service', attribute_key: 'domain_sessionid', identifier: session });
    expect(Object.keys(doc.values)).toHaveLength(12);
    expect(doc.values.page_view_count).toBeGreaterThan(0);
    expect(doc.values).not.toHaveProperty('domain_sessionid');
  });

  it('reads chosen attributes of a group version, and the latest version for a bare name', async () => {
    const r = await get({ group: 'travel_view@1', key: `domain_sessionid=${session}`, attributes: 'latest_schedule, page_view_count' }, { globals: { json: true } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.group).toEqual({ name: 'travel_view', version: 1 });
    expect(Object.keys(doc.values)).toEqual(['latest_schedule', 'page_view_count']);
    const latest = JSON.parse((await get({ group: 'travel_view', key: `domain_sessionid=${session}` }, { globals: { json: true } })).stdout);
    expect(latest.group).toEqual({ name: 'travel_view', version: 1 });
    expect(Object.keys(latest.values)).toHaveLength(12);
  });

  it('says so on stderr when the identifier has no values', async () => {
    const r = await get({ service: 'travel_service', key: 'domain_sessionid=nobody' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/page_view_count\s+null/);
    expect(r.stderr).toContain('No values for domain_sessionid nobody');
  });

  it('exchanges bdp credentials at the console token endpoint and never prints them or the token', async () => {
    const before = emu.stats.tokenRequests;
    const r = await get({ service: 'travel_service', key: `domain_sessionid=${session}` }, { env: emu.bdpEnv, globals: { json: true, verbose: true } });
    expect(r.code).toBe(0);
    expect(emu.stats.tokenRequests).toBe(before + 1);
    expect(r.stderr).toMatch(/POST \/api\/v1\/get-online-attributes → 200/);
    for (const secret of [TEST_BDP.apiKey, TEST_BDP.apiKeyId]) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout + r.stderr).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it.each<[string, GetFlags, string]>([
    ['both sources', { service: 's', group: 'g@1', key: 'domain_sessionid=x' }, 'give either --service or --group, not both'],
    ['no source', { key: 'domain_sessionid=x' }, 'give --service NAME or --group NAME@VERSION'],
    ['no key', { service: 's' }, '--key KEY=ID is required'],
    ['a key without =', { service: 's', key: 'domain_sessionid' }, '--key domain_sessionid is not KEY=ID'],
    ['an empty id', { service: 's', key: 'domain_sessionid=' }, '--key domain_sessionid= is not KEY=ID'],
    ['a bad key name', { service: 's', key: 'domain-sessionid=x' }, '--key domain-sessionid=x is not KEY=ID'],
    ['a bad group ref', { group: 'travel_view@x', key: 'domain_sessionid=x' }, '--group travel_view@x is not NAME@VERSION'],
    ['version 0', { group: 'travel_view@0', key: 'domain_sessionid=x' }, '--group travel_view@0 is not NAME@VERSION'],
    ['an empty attribute list', { group: 'travel_view@1', key: 'domain_sessionid=x', attributes: ' , ' }, '--attributes lists no attribute'],
  ])('exits 4 for %s', async (_label, flags, message) => {
    const r = await get(flags);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(message);
    const json = await get(flags, { globals: { json: true } });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema_version: 1, ok: false, error: { exit_code: 4, message: expect.stringContaining(message) } });
  });

  it('exits 4 for an attribute the service does not serve, and without credentials', async () => {
    const r = await get({ service: 'travel_service', key: `domain_sessionid=${session}`, attributes: 'nope' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('service travel_service serves no attribute nope');
    const anon = await get({ service: 'travel_service', key: `domain_sessionid=${session}` }, { env: { SIGNALS_API_URL: emu.url } });
    expect(anon.code).toBe(4);
    expect(anon.stderr).toContain('no credentials for target default');
  });

  it.each<[string, GetFlags, RegExp]>([
    ['an unknown service', { service: 'ghost', key: 'domain_sessionid=x' }, /the Signals API answered 404: service ghost not found/],
    ['an unknown attribute of a group', { group: 'travel_view@1', key: 'domain_sessionid=x', attributes: 'nope' }, /answered 400: attribute group travel_view version 1 has no attribute nope/],
    ['an unknown group', { group: 'ghost@1', key: 'domain_sessionid=x' }, /attribute group ghost version 1 is not in target default/],
  ])('exits 3 for %s', async (_label, flags, message) => {
    const r = await get(flags);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 when the token is refused, without printing it', async () => {
    const locked = await startTestEmulator({ token: 'the-only-token' });
    try {
      const r = await get({ service: 'travel_service', key: 'domain_sessionid=x' }, { env: { SIGNALS_API_URL: locked.url, SIGNALS_SANDBOX_TOKEN: TOKEN }, globals: { json: true } });
      expect(r.code).toBe(3);
      const doc = JSON.parse(r.stdout);
      expect(doc.error).toMatchObject({ code: 'remote-unauthorized', exit_code: 3, status: 401 });
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    } finally {
      await locked.close();
    }
  });

  it('exits 3 when the API is unreachable (after retries)', async () => {
    const gone = await startTestEmulator();
    const url = gone.url;
    await gone.close();
    const r = await get({ service: 'travel_service', key: 'domain_sessionid=x' }, { env: { SIGNALS_API_URL: url, SIGNALS_SANDBOX_TOKEN: TOKEN }, globals: { verbose: true } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the Signals API is unreachable');
    expect(r.stderr.match(/\(retrying\)/g)).toHaveLength(3);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});

describe('signals get (built binary)', () => {
  it('reads values with --json and exits 4 on a usage error', async () => {
    const ok = await runCli(['get', '--service', 'travel_service', '--key', `domain_sessionid=${session}`, '--json'], { cwd: dir, env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ schema_version: 1, service: 'travel_service', identifier: session });
    expect(ok.stdout + ok.stderr).not.toContain(TOKEN);
    const bad = await runCli(['get', '--group', 'travel_view@1', '--service', 'travel_service', '--key', 'domain_sessionid=x'], { cwd: dir, env });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('give either --service or --group, not both');
  });
});
