/**
 * `signals emulator` as a subprocess of the built binary (`npm run build` first): it prints its
 * URL, serves, persists, and stops cleanly on SIGTERM/SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared-data.js';
import { rawClient } from './http.js';
import { generatedEvents, publish, templateDefinitions } from './live-helpers.js';
import { runSimulation } from '../../src/app/simulate.js';

interface Running {
  child: ChildProcess;
  url: string;
  output: () => { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'signals.js'), 'emulator', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const m = /listening on (http:\/\/\S+)/.exec(stdout) ?? /"url": "(http:\/\/[^"]+)"/.exec(stdout);
      if (m) resolve({ child, url: m[1]!, output: () => ({ stdout, stderr }), exited });
    });
    void exited.then(({ code }) => reject(new Error(`emulator exited early (${code})\nstdout: ${stdout}\nstderr: ${stderr}`)));
  });
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'signals-emulator-cli-'));
  dirs.push(dir);
  return dir;
}

describe('signals emulator (subprocess)', () => {
  it('prints the URL it listens on, serves, and exits 0 on SIGTERM', async () => {
    const emu = await startCli(['--port', '0']);
    expect(emu.output().stdout).toMatch(/^Signals emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const health = await fetch(`${emu.url}/health-all`);
    expect(health.status).toBe(200);
    emu.child.kill('SIGTERM');
    expect(await emu.exited).toEqual({ code: 0, signal: null });
    expect(emu.output().stderr).toContain('Signals emulator stopped.');
    expect(emu.output().stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 0 on SIGINT too', async () => {
    const emu = await startCli(['--port', '0']);
    emu.child.kill('SIGINT');
    expect((await emu.exited).code).toBe(0);
  });

  it('prints one JSON document with --json', async () => {
    const emu = await startCli(['--port', '0', '--json']);
    emu.child.kill('SIGTERM');
    await emu.exited;
    const doc = JSON.parse(emu.output().stdout);
    expect(doc).toEqual({ schema_version: 1, url: emu.url });
  });

  it('keeps state in --data across a restart of the process', async () => {
    const dataFile = path.join(await tempDir(), 'state.json');
    const first = await startCli(['--port', '0', '--data', dataFile]);
    expect((await rawClient(first.url)('POST', '/api/v1/registry/attribute_keys/', { name: 'acct', description: 'kept' })).status).toBe(200);
    first.child.kill('SIGTERM');
    await first.exited;
    const second = await startCli(['--port', '0', '--data', dataFile]);
    expect((await rawClient(second.url)('GET', '/api/v1/registry/attribute_keys/acct')).body.description).toBe('kept');
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('leaves a readable state file when killed with SIGKILL in the middle of writes', async () => {
    const dataFile = path.join(await tempDir(), 'state.json');
    const emu = await startCli(['--port', '0', '--data', dataFile]);
    const call = rawClient(emu.url);
    const acknowledged: string[] = [];
    const writes = Array.from({ length: 80 }, (_, i) =>
      call('POST', '/api/v1/registry/attribute_keys/', { name: `k${i}` }).then(
        (r) => {
          if (r.status === 200) acknowledged.push(`k${i}`);
          if (acknowledged.length === 10) emu.child.kill('SIGKILL');
        },
        () => undefined,
      ),
    );
    await Promise.all(writes);
    expect((await emu.exited).signal).toBe('SIGKILL');
    const state = JSON.parse(await readFile(dataFile, 'utf8'));
    const stored = state.attribute_keys.map((k: { name: string }) => k.name);
    for (const name of acknowledged) expect(stored).toContain(name);
    const restarted = await startTestEmulator({ dataFile });
    await restarted.close();
  });

  it('logs requests on stderr with --verbose and never prints the --token value', async () => {
    const emu = await startCli(['--port', '0', '--verbose', '--token', 'tok-secret-123']);
    await rawClient(emu.url, 'tok-secret-123')('GET', '/api/v1/registry/services/');
    emu.child.kill('SIGTERM');
    await emu.exited;
    const { stdout, stderr } = emu.output();
    expect(stderr).toMatch(/GET \/api\/v1\/registry\/services\/ 200 \d+ms/);
    expect(stdout + stderr).not.toContain('tok-secret-123');
  });

  it.each([
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, not 70000'],
    [['--port', '0', '--host', '0.0.0.0'], 'the emulator only listens on loopback, not 0.0.0.0'],
    [['--port', '0', '--fail-rate', '2'], '--fail-rate must be a number from 0 to 1, not 2'],
    [['--port', '0', '--latency', 'slow'], '--latency must be a whole number from 0 to 600000, not slow'],
    [['--port', '0', '--now', 'yesterday'], '--now yesterday is not a timestamp'],
  ])('exits 4 for %j', async (args, message) => {
    const r = await runCli(['emulator', ...args]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 when the port is taken', async () => {
    const busy = await startTestEmulator();
    try {
      const r = await runCli(['emulator', '--port', String(busy.port)]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`port ${busy.port} is already in use`);
    } finally {
      await busy.close();
    }
  });

  it('exits 4 for a corrupt --data file', async () => {
    const dir = await tempDir();
    const dataFile = path.join(dir, 'state.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(dataFile, '{ nope'));
    const r = await runCli(['emulator', '--port', '0', '--data', dataFile]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('cannot read the emulator state');
  });
});

describe('signals emulator --events (subprocess)', () => {
  it('ingests event files at start into the groups published in --data, as simulate computes them', async () => {
    const dir = await tempDir();
    const dataFile = path.join(dir, 'state.json');
    const eventsFile = path.join(dir, 'events.ndjson');
    const events = generatedEvents('travel', 20);
    await writeFile(eventsFile, events, 'utf8');
    const definitions = await templateDefinitions('travel');
    const seeded = await startTestEmulator({ dataFile });
    await publish(seeded, definitions);
    await seeded.close();

    const emu = await startCli(['--port', '0', '--data', dataFile, '--events', eventsFile, '--json']);
    const doc = JSON.parse(emu.output().stdout);
    const lines = events.trim().split('\n').length;
    expect(doc).toMatchObject({ schema_version: 1, url: emu.url, events: { files: [eventsFile], events_read: lines, bad_line_count: 0 } });
    expect(emu.output().stderr).toContain(`Ingested ${lines.toLocaleString('en-US')} events from ${eventsFile}`);

    const report = await runSimulation({ settings: { cwd: dir, definitions: [], simulate: { events: [] } }, events: [eventsFile], definitions });
    const rows = report.result.groups[0]!.rows;
    const ids = rows.slice(0, 100).map((r) => r.key);
    const served = await rawClient(emu.url)('POST', '/api/v1/get-online-attributes', { service: 'travel_service', attribute_keys: { domain_sessionid: ids } });
    for (const [name] of Object.entries(rows[0]!.attributes)) expect({ name, values: served.body[name] }).toEqual({ name, values: rows.slice(0, 100).map((r) => r.attributes[name]) });
    emu.child.kill('SIGTERM');
    expect((await emu.exited).code).toBe(0);
  });

  it('warns that nothing was updated when no group is published', async () => {
    const dir = await tempDir();
    const eventsFile = path.join(dir, 'events.ndjson');
    await writeFile(eventsFile, generatedEvents('travel', 2), 'utf8');
    const emu = await startCli(['--port', '0', '--events', eventsFile]);
    emu.child.kill('SIGTERM');
    await emu.exited;
    expect(emu.output().stderr).toContain('no attribute group is published, so the events updated nothing');
  });

  it('exits 1 for a missing events file', async () => {
    const r = await runCli(['emulator', '--port', '0', '--events', 'no-such-events.ndjson']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Events file not found: no-such-events.ndjson');
  });
});
