/**
 * `signals validate` and `signals schema` as a user runs them: the built binary in a
 * subprocess (run `npm run build` first; `npm test` does).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared-data.js';

let dir: string;

const validGroup = `kind: AttributeGroup
name: travel_view
attribute_key: domain_sessionid
owner: you@example.com
attributes:
  - { name: page_view_count, type: int32, aggregation: counter, events: [page_view] }
`;
const invalidGroup = `kind: AttributeGroup
name: broken
attribute_key: domain_sessionid
attributes:
  - name: views
    type: int32
    aggregation: counter
    evnts: [page_view]
---
kind: Service
name: svc
attribute_groups: [travel_view@2]
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'signals-validate-'));
  await mkdir(path.join(dir, 'good'), { recursive: true });
  await mkdir(path.join(dir, 'bad'), { recursive: true });
  await mkdir(path.join(dir, 'definitions'), { recursive: true });
  await writeFile(path.join(dir, 'good', 'travel.yaml'), validGroup);
  await writeFile(path.join(dir, 'bad', 'travel.yaml'), validGroup);
  await writeFile(path.join(dir, 'bad', 'broken.yaml'), invalidGroup);
  await writeFile(path.join(dir, 'definitions', 'warn.yaml'), validGroup.replace('you@example.com', 'data team'));
  await writeFile(path.join(dir, 'bad', 'garbage.yaml'), Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x01]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function noStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
}

describe('signals validate', () => {
  it('exits 0 on valid definitions and says how many', async () => {
    const r = await runCli(['validate', 'good'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('✔ 1 definition valid (1 file)');
  });

  it('exits 1 and shows every problem with file:line:column, a code frame, the code and the hint', async () => {
    const r = await runCli(['validate', 'bad'], { cwd: dir });
    expect(r.code).toBe(1);
    noStack(r.stdout + r.stderr);
    expect(r.stdout).toContain('bad/broken.yaml\n');
    expect(r.stdout).toMatch(/8:5\s+error {4}unknown key evnts in attributes\[0\] {2}unknown-key/);
    expect(r.stdout).toContain('> 8 |     evnts: [page_view]');
    expect(r.stdout).toContain('  |     ^^^^^\n');
    expect(r.stdout).toContain('hint: did you mean events?');
    expect(r.stdout).toMatch(/12:20\s+error {4}attribute group travel_view has no version 2 {2}unknown-group-version/);
    expect(r.stdout).toContain('bad/garbage.yaml\n');
    expect(r.stdout).toContain('invalid-encoding');
    expect(r.stdout.trim().split('\n').pop()).toBe('✖ 3 errors, 0 warnings in 2 files');
  });

  it('prints the SPEC JSON document with --json and --format json', async () => {
    for (const args of [['validate', 'bad', '--json'], ['validate', 'bad', '--format', 'json']]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(doc['schema_version']).toBe(1);
      expect(doc['ok']).toBe(false);
      expect(doc['definitions']).toEqual([
        { kind: 'AttributeGroup', name: 'broken', version: 1, file: 'bad/broken.yaml' },
        { kind: 'Service', name: 'svc', file: 'bad/broken.yaml' },
        { kind: 'AttributeGroup', name: 'travel_view', version: 1, file: 'bad/travel.yaml' },
      ]);
      expect((doc['diagnostics'] as unknown[])[0]).toEqual({
        severity: 'error',
        code: 'unknown-key',
        message: 'unknown key evnts in attributes[0]',
        file: 'bad/broken.yaml',
        line: 8,
        column: 5,
        hint: 'did you mean events?',
      });
    }
  });

  it('prints GitHub workflow annotations with --format github', async () => {
    const r = await runCli(['validate', 'bad/broken.yaml', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '::error file=bad/broken.yaml,line=8,col=5,title=unknown-key::unknown key evnts in attributes[0] (hint: did you mean events?)\n' +
        '::warning file=bad/broken.yaml,line=12,col=20,title=unknown-group::attribute group travel_view is not defined here (hint: plan checks that it exists in Signals)\n',
    );
    expect(r.stderr).toContain('✖ 1 error, 1 warning in 1 file');
  });

  it('reads the definitions path from the config by default, and fails warnings with --strict', async () => {
    const plain = await runCli(['validate'], { cwd: dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('owner-not-email');
    expect(plain.stdout.trim().split('\n').pop()).toBe('✔ 1 definition valid (1 file), 1 warning');
    const strict = await runCli(['validate', '--strict', '--json'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ ok: false, summary: { errors: 0, warnings: 1 } });
    await writeFile(path.join(dir, 'signals.config.yaml'), 'definitions: [good]\n');
    try {
      const configured = await runCli(['validate', '--strict'], { cwd: dir });
      expect(configured.code).toBe(0);
    } finally {
      await rm(path.join(dir, 'signals.config.yaml'));
    }
  });

  it('exits 4 with a clear message for a missing path, without a stack trace', async () => {
    const r = await runCli(['validate', 'no/such/dir'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('definitions path no/such/dir does not exist');
    noStack(r.stderr);
    const json = await runCli(['validate', 'no/such/dir', '--json'], { cwd: dir });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ schema_version: 1, ok: false, error: { code: 'definitions-not-found' } });
  });

  it('validates the project example', async () => {
    const r = await runCli(['validate', '--json'], { cwd: repoRoot });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
  });
});

describe('signals schema', () => {
  it('prints the committed JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(repoRoot, 'schema', 'signals.schema.json'), 'utf8'));
  });

  it('wraps it in the versioned document with --json', async () => {
    const r = await runCli(['schema', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema_version: number; schema: { $schema: string } };
    expect(doc.schema_version).toBe(1);
    expect(doc.schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });
});
