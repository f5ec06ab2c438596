// `signals simulate` with the stream engine against `--engine duckdb`, on ~1M generated travel
// events (100,000 sessions, NDJSON; generated once into bench/.data/ and reused). Target: duckdb
// wall time ≤ 0.6× the stream engine's. Runs alternate between the two engines so that load
// changes hit both alike; the table shows medians of wall and CPU time and the highest peak RSS
// (DuckDB's native memory included). One extra run checks that both JSON reports are identical
// (apart from the `engine` field). Run `npm run build` first. BENCH_RUNS (default 3) and
// BENCH_SESSIONS (default 100000) tune it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { machine, measureNode, median, printTable, repoRoot, signalsBin } from './lib.mjs';

const sessions = Number(process.env.BENCH_SESSIONS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dataDir = path.join(repoRoot, 'bench', '.data');
const file = path.join(dataDir, `travel-${sessions}-sessions.ndjson`);

function ensureEvents() {
  if (existsSync(file)) return;
  mkdirSync(dataDir, { recursive: true });
  console.log(`generating ${sessions.toLocaleString('en-US')} travel sessions …`);
  const tmp = `${file}.part`;
  const r = spawnSync(process.execPath, [signalsBin, 'generate-events', '--template', 'travel', '--sessions', String(sessions), '--out', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('signals generate-events failed (run npm run build first)');
  renameSync(tmp, file);
}

function measure(args) {
  return measureNode(args, { keepStdout: true });
}

ensureEvents();
const size = statSync(file).size;
console.log(`machine: ${machine()}`);
console.log(`input: travel events of ${sessions.toLocaleString('en-US')} sessions, ${(size / 2 ** 20).toFixed(0)} MiB NDJSON (${path.relative(repoRoot, file)})`);

const commands = [
  ['stream engine', [signalsBin, 'simulate', '--events', file, '--quiet', '--format', 'json']],
  ['duckdb engine', [signalsBin, 'simulate', '--engine', 'duckdb', '--events', file, '--quiet', '--format', 'json']],
];
const samples = commands.map(() => []);
const outputs = [];
for (let i = 0; i <= runs; i++) {
  commands.forEach(([, args], c) => {
    const m = measure(args);
    if (i === 0) outputs[c] = m.stdout;
    else samples[c].push(m); // the first round warms the file cache and checks the results
  });
}

const [stream, duck] = outputs.map((text) => JSON.parse(text));
const engine = duck.engine;
delete duck.engine;
const same = JSON.stringify(stream) === JSON.stringify(duck);
const events = stream.input.events_read;

const streamWall = median(samples[0].map((s) => s.wall));
const rows = [['engine', 'wall s', '× stream', 'CPU s', 'peak RSS MB', 'events/s', 'target']];
commands.forEach(([label], c) => {
  const wall = median(samples[c].map((s) => s.wall));
  const cpu = median(samples[c].map((s) => s.cpu));
  const rss = Math.max(...samples[c].map((s) => s.rss));
  const ratio = wall / streamWall;
  const verdict = c === 1 ? `≤ 0.6×: ${ratio <= 0.6 ? 'ok' : 'MISSED'}` : '';
  rows.push([label, (wall / 1000).toFixed(2), ratio.toFixed(2), (cpu / 1000).toFixed(2), rss.toFixed(0), Math.round(events / (wall / 1000)).toLocaleString('en-US'), verdict]);
});
printTable(`simulate: stream engine vs --engine duckdb (medians of ${runs} runs, ${events.toLocaleString('en-US')} events)`, rows);
console.log(`\nreports identical (apart from "engine"): ${same ? 'yes' : 'NO'}`);
console.log(`duckdb engine: ${JSON.stringify(engine)}`);
if (!same) process.exitCode = 1;
