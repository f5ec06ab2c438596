// Shared helpers for the benchmark scripts: machine facts, timing, medians, a table printer.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const signalsBin = path.join(repoRoot, 'bin', 'signals.js');

export function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time in ms of a command, run `runs` times after one warm-up; returns the samples. */
export function timeCommand(cmd, args, { runs = 7, cwd = repoRoot, env = process.env } = {}) {
  const samples = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) samples.push(ms);
  }
  return samples;
}

export function printTable(title, rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  console.log(`\n${title}`);
  for (const [i, row] of rows.entries()) {
    console.log('  ' + row.map((cell, j) => (j === 0 ? String(cell).padEnd(widths[j]) : String(cell).padStart(widths[j]))).join('  '));
    if (i === 0) console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

// Loaded into a measured process with --import: prints its CPU time and peak RSS to stderr on exit.
const PROBE =
  'data:text/javascript,' +
  encodeURIComponent('process.on("exit",()=>{const c=process.cpuUsage();process.stderr.write("\\n@probe "+JSON.stringify({cpu:(c.user+c.system)/1000,rss:process.resourceUsage().maxRSS/1024})+"\\n")})');

/** Runs `node ...args` once: wall ms, CPU ms and peak RSS MB (and stdout when `keepStdout`). */
export function measureNode(args, { keepStdout = false } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', PROBE, ...args], { cwd: repoRoot, stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const stderr = r.stderr.toString();
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${stderr.slice(-2000)}`);
  const m = /@probe (\{.*\})/.exec(stderr);
  if (!m) throw new Error(`no probe output from ${args.join(' ')}`);
  const { cpu, rss } = JSON.parse(m[1]);
  return { wall, cpu, rss, stdout: keepStdout ? r.stdout.toString() : '' };
}
