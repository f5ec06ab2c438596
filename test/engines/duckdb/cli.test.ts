/**
 * The built binary: `simulate --engine duckdb` prints the stream engine's JSON document plus an
 * `engine` field; `signals sql` prints SQL or one JSON document; bad flags are usage errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/shared-data.js';

const bin = path.join(repoRoot, 'bin', 'signals.js');
const built = existsSync(path.join(repoRoot, 'dist', 'bundle', 'main.js'));

function signals(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('signals simulate --engine duckdb and signals sql (binary)', () => {
  it('simulate --engine duckdb --json equals the stream engine apart from the engine field', () => {
    const stream = signals(['simulate', '--json']);
    const duck = signals(['simulate', '--engine', 'duckdb', '--json']);
    expect(stream.status).toBe(0);
    expect(duck.status).toBe(0);
    const a = JSON.parse(stream.stdout) as Record<string, unknown>;
    const b = JSON.parse(duck.stdout) as Record<string, unknown>;
    // destination_help (a threshold on a counter) fires in SQL: nothing is handed to the stream engine
    expect(b['engine']).toMatchObject({ name: 'duckdb', delegated: [] });
    delete b['engine'];
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('table output of both engines is the same', () => {
    const stream = signals(['simulate', '--format', 'csv']);
    const duck = signals(['simulate', '--engine', 'duckdb', '--format', 'csv']);
    expect(duck.status).toBe(0);
    expect(duck.stdout).toBe(stream.stdout);
  });

  it('signals sql prints SQL for each dialect and one JSON document with --json', () => {
    for (const dialect of ['duckdb', 'snowflake', 'bigquery', 'databricks']) {
      const r = signals(['sql', '--dialect', dialect, '--table', 'analytics.events']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('travel_view');
      expect(r.stdout).toContain('analytics.events');
    }
    const json = signals(['sql', '--dialect', 'snowflake', '--group', 'travel_view', '--json']);
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ schema_version: 1, dialect: 'snowflake', table: 'atomic.events', groups: [{ name: 'travel_view', version: 1 }] });
    expect(String(doc['sql'])).toContain('SELECT');
  });

  it('bad input is a usage error (exit 4) without a stack trace', () => {
    for (const args of [
      ['sql', '--dialect', 'oracle'],
      ['sql', '--group', 'travel_veiw'],
      ['sql', '--table', 'a;drop table x'],
      ['sql', '--now', 'yesterday'],
      ['sql', '--column-versions', 'acme-checkout'],
    ]) {
      const r = signals(args);
      expect(r.status, args.join(' ')).toBe(4);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(signals(['sql', '--group', 'travel_veiw']).stderr).toContain('did you mean travel_view');
  });
});
