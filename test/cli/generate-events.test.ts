import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import runGenerate from '../../src/cli/actions/generate-events.js';
import { generateEventLines } from '../../src/core/generate/index.js';
import { createTestContext } from '../helpers/memory-streams.js';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared-data.js';
import { failure } from '../helpers/cli-error.js';

const root = mkdtempSync(path.join(tmpdir(), 'signals-gen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const flags = (extra: Partial<Parameters<typeof runGenerate>[1]> = {}) => ({
  template: 'travel',
  sessions: '30',
  seed: '1',
  start: '2026-01-05T09:00:00Z',
  format: 'ndjson' as const,
  ...extra,
});
const expected = (template: string, sessions: number, seed: string, format: 'ndjson' | 'tsv' = 'ndjson') =>
  [...generateEventLines({ template, sessions, seed, start: Date.parse('2026-01-05T09:00:00Z'), format })].join('\n') + '\n';

describe('the generate-events action', () => {
  it('streams the events to stdout and the summary to stderr', async () => {
    const { ctx, stdout, stderr } = createTestContext({ cwd: root });
    expect(await runGenerate(ctx, flags())).toBe(0);
    expect(stdout.text).toBe(expected('travel', 30, '1'));
    expect(stderr.text).toMatch(/Generated [\d,]+ events from 30 travel sessions/);
  });

  it('writes a file, and gzip when it ends in .gz, leaving no temporary file behind', async () => {
    const { ctx, stdout } = createTestContext({ cwd: root });
    await runGenerate(ctx, flags({ template: 'media', sessions: '12', out: 'media.ndjson' }));
    await runGenerate(ctx, flags({ template: 'media', sessions: '12', out: 'sub/media.ndjson.gz' }));
    const plain = readFileSync(path.join(root, 'media.ndjson'), 'utf8');
    expect(plain).toBe(expected('media', 12, '1'));
    const packed = readFileSync(path.join(root, 'sub', 'media.ndjson.gz'));
    expect(packed[0]).toBe(0x1f);
    expect(packed[1]).toBe(0x8b);
    expect(packed.length).toBeLessThan(plain.length / 4);
    expect(gunzipSync(packed).toString('utf8')).toBe(plain);
    expect(readdirSync(path.join(root, 'sub'))).toEqual(['media.ndjson.gz']);
    expect(stdout.text).toContain('Wrote ');
  });

  it('writes enriched TSV with --format tsv', async () => {
    const { ctx, stdout } = createTestContext({ cwd: root });
    await runGenerate(ctx, flags({ template: 'ecommerce', sessions: '8', format: 'tsv' }));
    const lines = stdout.text.replace(/\n$/, '').split('\n');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(line.split('\t')).toHaveLength(131);
    expect(stdout.text).toBe(expected('ecommerce', 8, '1', 'tsv'));
  });

  it('prints one JSON summary with --json and --out', async () => {
    const { ctx, stdout } = createTestContext({ cwd: root, globals: { json: true } });
    await runGenerate(ctx, flags({ out: 'j.ndjson' }));
    const doc = JSON.parse(stdout.text) as Record<string, unknown>;
    expect(doc).toMatchObject({ schema_version: 1, ok: true, template: 'travel', sessions: 30, seed: '1', format: 'ndjson', out: 'j.ndjson' });
    expect(doc['events']).toBe(expected('travel', 30, '1').trimEnd().split('\n').length);
  });

  it('rejects bad arguments as usage errors (exit 4)', async () => {
    const { ctx } = createTestContext({ cwd: root });
    const cases: [Partial<Parameters<typeof runGenerate>[1]>, string][] = [
      [{ template: 'retail' }, 'unknown-template'],
      [{ template: 'blank' }, 'no-generator'],
      [{ sessions: '0' }, 'invalid-sessions'],
      [{ sessions: '-5' }, 'invalid-sessions'],
      [{ sessions: '2.5' }, 'invalid-sessions'],
      [{ sessions: 'many' }, 'invalid-sessions'],
      [{ start: 'yesterday' }, 'invalid-start'],
      [{ start: '2026-13-45T00:00:00Z' }, 'invalid-start'],
    ];
    for (const [extra, code] of cases) {
      const error = await failure(runGenerate(ctx, flags(extra)));
      expect(error.exitCode, JSON.stringify(extra)).toBe(4);
      expect(error.code).toBe(code);
    }
    const json = createTestContext({ cwd: root, globals: { json: true } });
    expect((await failure(runGenerate(json.ctx, flags()))).code).toBe('json-needs-out');
  });

  it('fails cleanly (exit 1) when the output cannot be written', async () => {
    const { ctx } = createTestContext({ cwd: root });
    await runGenerate(ctx, flags({ sessions: '1', out: 'blocker' }));
    const error = await failure(runGenerate(ctx, flags({ out: 'blocker/inside.ndjson' })));
    expect(error.exitCode).toBe(1);
  });
});

describe('signals generate-events (built binary)', () => {
  it('is deterministic: two runs give byte-identical output', async () => {
    const args = ['generate-events', '--template', 'travel', '--sessions', '150', '--seed', '42'];
    const a = await runCli(args, { cwd: root });
    const b = await runCli(args, { cwd: root });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(10_000);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toBe(expected('travel', 150, '42'));
    const c = await runCli([...args.slice(0, -1), '43'], { cwd: root });
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('writes 131-field TSV and gzip files', async () => {
    const r = await runCli(['generate-events', '--template', 'quickstart', '--sessions', '20', '--format', 'tsv', '--out', 'q.tsv.gz'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const text = gunzipSync(readFileSync(path.join(root, 'q.tsv.gz'))).toString('utf8');
    for (const line of text.replace(/\n$/, '').split('\n')) expect(line.split('\t')).toHaveLength(131);
  });

  it('exits 4 on a bad flag value without a stack trace', async () => {
    for (const args of [['--template', 'nope'], ['--template', 'travel', '--sessions', 'x'], ['--template', 'travel', '--format', 'xml']]) {
      const r = await runCli(['generate-events', ...args], { cwd: root });
      expect(r.code, args.join(' ')).toBe(4);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('stops quietly, with exit 0, when the reader goes away (as with | head)', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'signals.js'), 'generate-events', '--template', 'travel', '--sessions', '500000'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    let received = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > 100_000) child.stdout.destroy();
    });
    const [code] = (await once(child, 'close')) as [number | null];
    expect(received).toBeGreaterThan(100_000);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
