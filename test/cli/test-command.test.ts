import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import run from '../../src/cli/actions/test.js';
import { reportError } from '../../src/cli/run-action.js';
import { createTestContext } from '../helpers/memory-streams.js';
import { repoRoot } from '../helpers/shared-data.js';

const project = path.join(repoRoot, 'test', 'fixtures', 'simulate', 'project');
const scratch = mkdtempSync(path.join(tmpdir(), 'signals-test-cmd-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function test(cwd: string, files: string[], globals: { json?: boolean; quiet?: boolean } = {}) {
  const t = createTestContext({ cwd, globals });
  let code: number;
  try {
    code = await run(t.ctx, files, {});
  } catch (error) {
    code = reportError(t.ctx, error);
  }
  return { code, stdout: t.stdout.text, stderr: t.stderr.text };
}

const failing = `definitions: ${path.join(project, 'definitions').split(path.sep).join('/')}
cases:
  - name: counts views
    now: 2026-01-05T10:00:00Z
    events: [{ page_urlpath: /a }, { page_urlpath: /pricing }]
    expect:
      attributes: { visits: { s1: { views: 3, last_path: /pricing } } }
      segments: { pricing_curious: [s1] }
`;

describe('signals test (in process)', () => {
  it('passes the fixture project and exits 0', async () => {
    const { code, stdout } = await test(project, []);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✓ tests\/visits\.test\.yaml › two pricing pages make a session pricing-curious/);
    expect(stdout).toMatch(/2 cases in 1 file: 2 passed, 0 failed/);
  });

  it('prints a diff per failure and exits 1', async () => {
    writeFileSync(path.join(scratch, 'f.test.yaml'), failing);
    const { code, stdout } = await test(scratch, ['f.test.yaml']);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ f.test.yaml › counts views');
    expect(stdout).toMatch(/attributes\.visits\.s1\.views: value differs \(line 7\)\n +expected 3\n +actual +2/);
    expect(stdout).toMatch(/segments\.pricing_curious: members differ: missing s1/);
    expect(stdout).toMatch(/1 case in 1 file: 0 passed, 1 failed/);
  });

  it('prints the SPEC JSON document with --json', async () => {
    writeFileSync(path.join(scratch, 'f.test.yaml'), failing);
    const { code, stdout } = await test(scratch, ['f.test.yaml'], { json: true });
    expect(code).toBe(1);
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ schema_version: 1, passed: 0, failed: 1, cases: [{ file: 'f.test.yaml', name: 'counts views', ok: false }] });
    const failures = (doc['cases'] as { failures: { path: string }[] }[])[0]?.failures;
    expect(failures?.map((f) => f.path)).toEqual(['attributes.visits.s1.views', 'segments.pricing_curious']);
  });

  it('hides passing cases with --quiet', async () => {
    const { stdout } = await test(project, [], { quiet: true });
    expect(stdout).not.toMatch(/✓/);
    expect(stdout).toMatch(/2 passed/);
  });

  it('exits 4 for a named file that does not exist', async () => {
    const { code, stderr } = await test(scratch, ['nope.test.yaml']);
    expect(code).toBe(4);
    expect(stderr).toMatch(/nope\.test\.yaml does not exist/);
  });
});
