import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared-data.js';

const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('the signals binary', () => {
  it('prints its version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('lists every command in --help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['init', 'new', 'validate', 'schema', 'plan', 'apply|publish', 'pull', 'simulate', 'test', 'get', 'emulator', 'generate-events', 'sql']) {
      expect(r.stdout).toContain(cmd);
    }
  });

  it('exits 4 on an unknown command, without a stack trace', async () => {
    const r = await runCli(['deploy-everything']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("unknown command 'deploy-everything'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 on an invalid flag value and names the allowed values', async () => {
    const r = await runCli(['validate', '--format', 'xml']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('human, json, github');
  });

  it('exits 4 on an unknown option', async () => {
    const r = await runCli(['validate', '--frobnicate']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
  });

  it('accepts the common options on every command', async () => {
    for (const cmd of ['init', 'validate', 'schema', 'plan', 'apply', 'pull', 'simulate', 'test', 'emulator', 'sql']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      for (const flag of ['--config', '--definitions', '--target', '--json', '--no-color', '--quiet', '--verbose']) {
        expect(r.stdout, `${cmd} ${flag}`).toContain(flag);
      }
    }
  });
});
