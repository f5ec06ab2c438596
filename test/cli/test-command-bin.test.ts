/**
 * The built binary (`npm run build` first): `signals test` as a user runs it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared-data.js';

const built = existsSync(path.join(repoRoot, 'dist', 'cli', 'actions', 'test.js'));
const project = path.join(repoRoot, 'test', 'fixtures', 'simulate', 'project');

describe.skipIf(!built)('signals test (built binary)', () => {
  it('passes the fixture project', async () => {
    const r = await runCli(['test'], { cwd: project });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 passed, 0 failed/);
  });

  it('exits 1 and shows the diff when a case fails', async () => {
    const failing = await runCli(['test', '../invalid-golden'], { cwd: project });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/✗ ..\/invalid-golden\/wrong\.test\.yaml › wrong count/);
    expect(failing.stdout).toMatch(/expected 5\n +actual +3/);
  });

  it('runs a named file and reports JSON', async () => {
    const r = await runCli(['test', 'test/fixtures/simulate/travel/travel.test.yaml', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schema_version: 1, passed: 2, failed: 0 });
  });
});
