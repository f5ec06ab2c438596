import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findGoldenFiles, runGoldenTests } from '../../src/app/golden-tests.js';
import { loadSettings } from '../../src/app/settings.js';
import { repoRoot } from '../helpers/shared-data.js';

const project = path.join(repoRoot, 'test', 'fixtures', 'simulate', 'project');
const scratch = mkdtempSync(path.join(tmpdir(), 'signals-golden-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(scratch, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const definitions = path.join(project, 'definitions').split(path.sep).join('/');

describe('runGoldenTests', () => {
  it('runs the files listed under tests: in the config', async () => {
    const report = await runGoldenTests({ settings: await loadSettings({ cwd: project, env: {} }) });
    expect(report.files).toEqual(['tests/visits.test.yaml']);
    expect(report.cases.map((c) => [c.name, c.ok])).toEqual([
      ['two pricing pages make a session pricing-curious', true],
      ['the bundled events', true],
    ]);
    expect(report).toMatchObject({ passed: 2, failed: 0 });
  });

  it('finds every *.test.yaml under a directory, skipping node_modules', async () => {
    write('suite/a.test.yaml', 'x: 1\n');
    write('suite/nested/b.test.yml', 'x: 1\n');
    write('suite/node_modules/c.test.yaml', 'x: 1\n');
    write('suite/not-a-test.yaml', 'x: 1\n');
    const files = await findGoldenFiles(['suite'], scratch);
    expect(files.map((f) => path.relative(scratch, f).split(path.sep).join('/'))).toEqual(['suite/a.test.yaml', 'suite/nested/b.test.yml']);
    expect((await findGoldenFiles(['suite/**/b.*'], scratch)).length).toBe(1);
    await expect(findGoldenFiles(['missing.test.yaml'], scratch)).rejects.toMatchObject({ code: 'test-file-missing' });
  });

  it('reports failing cases, invalid files and broken definitions without stopping', async () => {
    write(
      'mixed/cases.test.yaml',
      `definitions: ${definitions}
cases:
  - name: passes
    now: 2026-01-05T10:00:00Z
    events: [{ page_urlpath: /pricing }]
    expect: { attributes: { visits: { s1: { views: 1 } } } }
  - name: fails
    now: 2026-01-05T10:00:00Z
    events: [{ page_urlpath: /pricing }]
    expect: { attributes: { visits: { s1: { views: 2 } } } }
  - name: missing events file
    events_file: nowhere.ndjson
    expect: { segments: { pricing_curious: [] } }
`,
    );
    write('mixed/invalid.test.yaml', 'cases:\n  - name: x\n    expectt: {}\n');
    write('mixed/bad-defs.test.yaml', 'definitions: no-such-dir\ncases:\n  - name: y\n    now: 2026-01-01T00:00:00Z\n    events: [{}]\n    expect: {}\n');
    const settings = await loadSettings({ cwd: scratch, env: {} });
    const report = await runGoldenTests({ settings, files: ['mixed'] });
    const byName = Object.fromEntries(report.cases.map((c) => [`${c.file}:${c.name}`, c]));
    expect(byName['mixed/cases.test.yaml:passes']?.ok).toBe(true);
    expect(byName['mixed/cases.test.yaml:fails']?.failures[0]).toMatchObject({ path: 'attributes.visits.s1.views', expected: 2, actual: 1 });
    expect(byName['mixed/cases.test.yaml:missing events file']?.failures[0]?.path).toBe('events_file');
    expect(byName['mixed/invalid.test.yaml:(test file)']?.failures.map((f) => f.message).join('\n')).toMatch(/unknown key expectt .*did you mean expect\?/);
    expect(byName['mixed/bad-defs.test.yaml:y']?.failures[0]).toMatchObject({ path: 'definitions' });
    expect(report).toMatchObject({ passed: 1, failed: 4 });
  });

  it('fails when no test file exists', async () => {
    const empty = path.join(scratch, 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(runGoldenTests({ settings: await loadSettings({ cwd: empty, env: {} }) })).rejects.toMatchObject({ code: 'no-golden-tests', exitCode: 1 });
  });
});
