// `signals simulate` of the travel example over ~1M generated travel events (NDJSON), against a
// bare `readline` + `JSON.parse` loop over the same file. Targets: ≤ 2× the bare loop, peak RSS
// < 700 MB. Runs alternate between the two commands so that load changes hit both alike; the
// table shows medians of wall time and CPU time and the highest peak RSS. Run `npm run build`
// first. BENCH_EVENTS (default 1,000,000) and BENCH_RUNS (default 5) tune it.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { machine, measureNode, median, printTable, repoRoot, signalsBin } from './lib.mjs';

const target = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dataDir = path.join(repoRoot, 'bench', '.data');
const file = path.join(dataDir, `simulate-travel-${target}.ndjson`);

/** Generate travel events until there are at least `target`, and keep exactly the first `target` lines. */
async function ensureEvents() {
  if (existsSync(file)) return;
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.generating`;
  let sessions = Math.ceil(target / 10);
  for (;;) {
    console.log(`generating ${sessions.toLocaleString('en-US')} travel sessions …`);
    const r = spawnSync(process.execPath, [signalsBin, 'generate-events', '--template', 'travel', '--sessions', String(sessions), '--out', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('signals generate-events failed (run npm run build first)');
    const lines = await copyLines(tmp, `${file}.part`, target);
    rmSync(tmp, { force: true });
    if (lines >= target) break;
    rmSync(`${file}.part`, { force: true });
    sessions = Math.ceil((sessions * target * 1.05) / Math.max(lines, 1));
  }
  renameSync(`${file}.part`, file);
}

async function copyLines(from, to, max) {
  const out = createWriteStream(to);
  const rl = readline.createInterface({ input: createReadStream(from), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (n >= max) break;
    if (!out.write(line + '\n')) await new Promise((resolve) => out.once('drain', resolve));
    n++;
  }
  rl.close();
  await new Promise((resolve) => out.end(resolve));
  return n;
}

// Reports the child's CPU time and peak RSS on stderr when it exits.
const bareLoop = `
import { createReadStream } from 'node:fs';
import readline from 'node:readline';
let n = 0;
for await (const line of readline.createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) {
  if (line !== '') { JSON.parse(line); n++; }
}
if (n === 0) process.exitCode = 1;
`;

function measure(args) {
  return measureNode(args);
}

await ensureEvents();
const size = statSync(file).size;
console.log(`machine: ${machine()}`);
console.log(`input: ${target.toLocaleString('en-US')} travel events, ${(size / 2 ** 20).toFixed(0)} MiB NDJSON (${path.relative(repoRoot, file)})`);

const commands = [
  ['readline + JSON.parse', ['--input-type=module', '-e', bareLoop, file], undefined],
  ['signals simulate (table)', [signalsBin, 'simulate', '--events', file, '--quiet'], 2],
  ['signals simulate --format json', [signalsBin, 'simulate', '--events', file, '--quiet', '--format', 'json'], undefined],
];
const samples = commands.map(() => []);
for (let i = 0; i <= runs; i++) {
  commands.forEach(([, args], c) => {
    const m = measure(args);
    if (i > 0) samples[c].push(m); // the first round warms the file cache
  });
}

const base = samples[0];
const baseWall = median(base.map((s) => s.wall));
const baseCpu = median(base.map((s) => s.cpu));
const rows = [['command', 'wall s', '× loop', 'CPU s', '× loop', 'peak RSS MB', 'target']];
commands.forEach(([label, , ratioTarget], c) => {
  const wall = median(samples[c].map((s) => s.wall));
  const cpu = median(samples[c].map((s) => s.cpu));
  const rss = Math.max(...samples[c].map((s) => s.rss));
  const ratio = wall / baseWall;
  const verdict = ratioTarget === undefined ? '' : `≤ ${ratioTarget}× wall, < 700 MB: ${ratio <= ratioTarget && rss < 700 ? 'ok' : 'MISSED'}`;
  rows.push([label, (wall / 1000).toFixed(2), ratio.toFixed(2), (cpu / 1000).toFixed(2), (cpu / baseCpu).toFixed(2), rss.toFixed(0), verdict]);
});
printTable(`simulate throughput (medians of ${runs} runs, ${Math.round(target / (median(samples[1].map((s) => s.wall)) / 1000)).toLocaleString('en-US')} events/s)`, rows);
