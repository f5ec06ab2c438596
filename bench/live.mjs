// The live loop against `signals emulator` as its own process: events ingested per second over
// HTTP (generated travel sessions, one request) next to `signals simulate` on the same file, the
// emulator's resident memory after ingesting, and the latency of get-online-attributes reads by
// service. Run `npm run build` first.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine, median, printTable, repoRoot, signalsBin } from './lib.mjs';

const { SignalsClient } = await import(`${repoRoot}/dist/io/signals-client.js`);
const { loadDefinitions } = await import(`${repoRoot}/dist/io/definitions.js`);

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 5000);
const READS = Number(process.env.BENCH_READS ?? 500);

function startEmulatorProcess() {
  const child = spawn(process.execPath, [signalsBin, 'emulator', '--quiet', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], pid: child.pid, stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
  });
}

function residentMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? (kb / 1024).toFixed(0) : 'n/a';
  } catch {
    return 'n/a';
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'signals-bench-live-'));
const events = path.join(dir, 'events.ndjson');
spawnSync(process.execPath, [signalsBin, 'generate-events', '--template', 'travel', '--sessions', String(SESSIONS), '--seed', 'bench', '--out', events], { stdio: 'ignore' });
const body = readFileSync(events);
const lines = body.toString('utf8').split('\n').filter(Boolean).length;

console.log(`machine: ${machine()}`);
const emulator = await startEmulatorProcess();
try {
  const client = new SignalsClient({ apiUrl: emulator.url, auth: { mode: 'sandbox', token: 'bench' }, version: 'bench' });
  const loaded = await loadDefinitions({ cwd: repoRoot, paths: [path.join(repoRoot, 'templates', 'travel', 'definitions')] });
  for (const kind of ['AttributeKey', 'AttributeGroup', 'Service', 'Intervention']) {
    for (const d of loaded.definitions.filter((x) => x.kind === kind)) await client.upsert(d);
  }
  const idle = residentMiB(emulator.pid);

  const start = process.hrtime.bigint();
  const res = await fetch(`${emulator.url}/emulator/events`, { method: 'POST', headers: { Authorization: 'Bearer bench' }, body });
  const ingest = await res.json();
  const ingestMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (ingest.accepted !== lines) throw new Error(`accepted ${ingest.accepted} of ${lines}`);
  const loadedRss = residentMiB(emulator.pid);

  const simStart = process.hrtime.bigint();
  const sim = spawnSync(process.execPath, [signalsBin, 'simulate', '--definitions', path.join(repoRoot, 'templates', 'travel', 'definitions'), '--events', events, '--format', 'json'], { cwd: dir, maxBuffer: 1 << 30 });
  const simMs = Number(process.hrtime.bigint() - simStart) / 1e6;
  if (sim.status !== 0) throw new Error(`simulate exited ${sim.status}`);
  const sessions = JSON.parse(sim.stdout.toString('utf8')).groups[0].rows.map((r) => r.key);

  const samples = [];
  for (let i = 0; i < READS; i++) {
    const id = sessions[i % sessions.length];
    const t = process.hrtime.bigint();
    await client.getOnlineAttributes({ service: 'travel_service', attribute_keys: { domain_sessionid: [id] } });
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }

  const mib = (statSync(events).size / 2 ** 20).toFixed(1);
  printTable(`${lines.toLocaleString('en-US')} events of ${SESSIONS.toLocaleString('en-US')} travel sessions (${mib} MiB NDJSON)`, [
    ['case', 'ms', 'events/s', 'note'],
    ['POST /emulator/events (one request)', ingestMs.toFixed(0), Math.round((lines / ingestMs) * 1000).toLocaleString('en-US'), `${ingest.used.toLocaleString('en-US')} used`],
    ['signals simulate (process, same file)', simMs.toFixed(0), Math.round((lines / simMs) * 1000).toLocaleString('en-US'), 'includes start-up and JSON output'],
  ]);
  printTable('emulator resident memory', [
    ['when', 'MiB'],
    ['definitions published, no events', idle],
    [`after ${lines.toLocaleString('en-US')} events`, loadedRss],
  ]);
  samples.sort((a, b) => a - b);
  printTable(`get-online-attributes by service, one identifier (${READS} sequential reads)`, [
    ['median ms', 'p95 ms', 'max ms'],
    [median(samples).toFixed(2), samples[Math.floor(samples.length * 0.95)].toFixed(2), samples.at(-1).toFixed(2)],
  ]);
} finally {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
