import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/app/settings.js';
import { CliError } from '../../src/errors.js';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'signals-settings-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

const CONFIG = [
  'definitions: defs/',
  'default_target: staging',
  'targets:',
  '  staging: { api_url: "http://127.0.0.1:1", auth: sandbox }',
  '  prod: { api_url: "https://prod.example", auth: bdp }',
  'simulate: { events: [sample.ndjson] }',
].join('\n');

describe('loadSettings', () => {
  it('uses defaults without a config file', async () => {
    const cwd = await project({});
    const s = await loadSettings({ cwd, env: {} });
    expect(s.configFile).toBeUndefined();
    expect(s.definitions).toEqual([path.join(cwd, 'definitions')]);
    expect(s.definitionsExplicit).toBe(false);
    expect(s.targetName).toBeUndefined();
  });

  it('reads the config file and resolves its paths against its folder', async () => {
    const cwd = await project({ 'signals.config.yaml': CONFIG });
    const s = await loadSettings({ cwd, env: {} });
    expect(s.definitions).toEqual([path.join(cwd, 'defs')]);
    expect(s.targetName).toBe('staging');
    expect(s.target?.api_url).toBe('http://127.0.0.1:1');
    expect(s.simulate.events).toEqual([path.join(cwd, 'sample.ndjson')]);
  });

  it('orders flags > environment > .env > config for the target', async () => {
    const cwd = await project({ 'signals.config.yaml': CONFIG, '.env': 'SIGNALS_TARGET=prod\n' });
    expect((await loadSettings({ cwd, env: {} })).targetName).toBe('prod');
    expect((await loadSettings({ cwd, env: { SIGNALS_TARGET: 'staging' } })).targetName).toBe('staging');
    expect((await loadSettings({ cwd, env: { SIGNALS_TARGET: 'staging' }, targetFlag: 'prod' })).targetName).toBe('prod');
  });

  it('prefers the definitions flag over the config', async () => {
    const cwd = await project({ 'signals.config.yaml': CONFIG });
    const s = await loadSettings({ cwd, env: {}, definitionsFlag: 'other' });
    expect(s.definitions).toEqual([path.join(cwd, 'other')]);
  });

  it('looks variables up by every alias, environment before .env', async () => {
    const cwd = await project({ '.env': 'SNOWPLOW_SIGNALS_BASE_URL=http://from-dotenv\nSNOWPLOW_CONSOLE_ORG_ID=org-dotenv\n' });
    const s = await loadSettings({ cwd, env: { SNOWPLOW_API_URL: 'http://from-env' } });
    expect(s.lookup('SIGNALS_API_URL')).toEqual({ value: 'http://from-env', variable: 'SNOWPLOW_API_URL', from: 'environment' });
    expect(s.lookup('SIGNALS_ORG_ID')).toEqual({ value: 'org-dotenv', variable: 'SNOWPLOW_CONSOLE_ORG_ID', from: '.env' });
    expect(s.lookup('SIGNALS_API_KEY')).toBeUndefined();
  });

  it('fails with exit 4 for an unknown target, naming the known ones', async () => {
    const cwd = await project({ 'signals.config.yaml': CONFIG });
    const error = await loadSettings({ cwd, env: {}, targetFlag: 'qa' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(4);
    expect((error as CliError).hint).toContain('staging, prod');
  });

  it('fails with exit 4 for a missing --config file and an invalid config', async () => {
    const cwd = await project({ 'bad.yaml': 'targets: [1, 2]\n' });
    const missing = await loadSettings({ cwd, env: {}, configFlag: 'nope.yaml' }).catch((e: unknown) => e);
    expect((missing as CliError).exitCode).toBe(4);
    const invalid = await loadSettings({ cwd, env: {}, configFlag: 'bad.yaml' }).catch((e: unknown) => e);
    expect((invalid as CliError).exitCode).toBe(4);
    expect((invalid as CliError).message).toContain('bad.yaml');
  });
});
