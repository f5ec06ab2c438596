import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/shared-data.js';

// The built reader in a real process, reading its own stdin through a pipe (the default when no
// stream is passed). Run `npm run build` first; skipped when dist/ is missing.
const built = path.join(repoRoot, 'dist', 'io', 'events', 'read-events.js');

const script = `
import { readEvents } from ${JSON.stringify(pathToFileURL(built).href)};
const stream = readEvents(process.argv.slice(1), { cwd: process.cwd() });
const ids = [];
try {
  for await (const r of stream) ids.push(r.file + ':' + r.line + ':' + r.event.event_id);
  process.stdout.write(JSON.stringify({ ids, stats: stream.stats }));
} catch (e) {
  process.stdout.write(JSON.stringify({ error: { code: e.code, exitCode: e.exitCode, message: e.message } }));
}
`;

function run(args: string[], input: Buffer): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, unknown>) : reject(new Error(`exit ${code}: ${err}`))));
    child.stdin.end(input);
  });
}

const ev = (id: string) => JSON.stringify({ event: 'page_view', event_id: id, collector_tstamp: '2024-05-01 10:00:00' });

describe.skipIf(!existsSync(built))('readEvents in a process, stdin through a pipe', () => {
  it('reads gzipped NDJSON from stdin, then a file', async () => {
    const r = await run(['-', 'test/fixtures/events/lossless.ndjson'], gzipSync(`${ev('p1')}\n\n${ev('p2')}\n`));
    expect(r['ids']).toEqual(['-:1:p1', '-:3:p2', 'test/fixtures/events/lossless.ndjson:1:l-1', 'test/fixtures/events/lossless.ndjson:2:l-2']);
    expect(r['stats']).toMatchObject({ files: ['-', 'test/fixtures/events/lossless.ndjson'], eventsRead: 4, badLineCount: 1 });
  });

  it('names a missing file with exit code 1', async () => {
    const r = await run(['-', 'nowhere/events.tsv'], Buffer.from(ev('x')));
    expect(r['error']).toEqual({ code: 'events-file-not-found', exitCode: 1, message: 'Events file not found: nowhere/events.tsv' });
  });
});

// Values an engine keeps (attribute keys, last values) must not keep the decoded input chunk
// they were cut from alive: 100 kept strings from 100 chunks would otherwise pin ~25 MB.
const retentionScript = `
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEvents } from ${JSON.stringify(pathToFileURL(built).href)};
import { ATOMIC_FIELDS } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', 'core', 'atomic.js')).href)};
const format = process.argv[1];
const dir = mkdtempSync(path.join(tmpdir(), 'signals-retention-'));
const file = path.join(dir, 'events.' + format);
function writeInput() {
  const rows = [];
  if (format === 'csv') rows.push('page_url,derived_tstamp,useragent');
  for (let i = 0; i < 40000; i++) {
    const url = 'https://travel.example.com/destinations/' + i + '/' + 'x'.repeat(40);
    const ua = 'Mozilla/5.0 '.padEnd(900, 'y');
    if (format === 'csv') rows.push(url + ',2024-05-01 10:00:00,' + ua);
    else rows.push(ATOMIC_FIELDS.map((f) => ({ page_url: url, collector_tstamp: '2024-05-01 10:00:00', useragent: ua })[f] ?? '').join('\\t'));
  }
  writeFileSync(file, rows.join('\\n'));
}
writeInput();
globalThis.gc();
globalThis.gc();
const before = process.memoryUsage().heapUsed;
const kept = [];
let n = 0;
for await (const r of readEvents([file], { cwd: dir })) if (n++ % 400 === 0) kept.push(r.event.page_url);
globalThis.gc();
globalThis.gc();
const retainedMb = (process.memoryUsage().heapUsed - before) / 1e6;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ kept: kept.length, retainedMb }));
`;

function runRetention(format: 'tsv' | 'csv'): Promise<{ kept: number; retainedMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', retentionScript, format], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { kept: number; retainedMb: number }) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe.skipIf(!existsSync(built))('kept values do not pin the input in memory', () => {
  it.each(['tsv', 'csv'] as const)('%s', async (format) => {
    const r = await runRetention(format);
    expect(r.kept).toBe(100);
    expect(r.retainedMb).toBeLessThan(5);
  });
});
