import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initProject } from '../../src/app/init.js';
import runInit from '../../src/cli/actions/init.js';
import { reportError } from '../../src/cli/run-action.js';
import { createTestContext } from '../helpers/memory-streams.js';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared-data.js';
import { failure } from '../helpers/cli-error.js';

const root = mkdtempSync(path.join(tmpdir(), 'signals-init-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `p${n++}`);

describe('initProject', () => {
  it('copies the template, renames gitignore to .gitignore and adds the schema', async () => {
    const dir = freshDir();
    const result = await initProject({ cwd: root, dir: path.basename(dir), template: 'travel', force: false });
    expect(result.dir).toBe(path.basename(dir));
    for (const file of [
      'signals.config.yaml',
      'README.md',
      '.gitignore',
      '.env.example',
      '.github/workflows/signals.yml',
      'definitions/attribute-groups/travel_view.yaml',
      'definitions/services/travel_service.yaml',
      'definitions/interventions/destination_help.yaml',
      'definitions/segments/family_fun.yaml',
      'events/sample.ndjson',
      'schema/signals.schema.json',
    ]) {
      expect(result.files, file).toContain(file);
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    expect(existsSync(path.join(dir, 'gitignore'))).toBe(false);
    expect(result.files.filter((f) => f === '.gitignore')).toHaveLength(1);
    expect(result.schema).toBe(true);
    expect(readFileSync(path.join(dir, 'schema/signals.schema.json'), 'utf8')).toBe(readFileSync(path.join(repoRoot, 'schema/signals.schema.json'), 'utf8'));
    expect(readFileSync(path.join(dir, 'definitions/attribute-groups/travel_view.yaml'), 'utf8')).toBe(
      readFileSync(path.join(repoRoot, 'templates/travel/definitions/attribute-groups/travel_view.yaml'), 'utf8'),
    );
    expect(result.next[0]).toBe(`cd ${path.basename(dir)}`);
    expect(result.next).toContain('signals validate');
    expect(result.next).toContain('signals simulate');
  });

  it('creates missing parent directories and works in an existing empty directory', async () => {
    const dir = path.join(freshDir(), 'nested', 'project');
    await initProject({ cwd: root, dir, template: 'quickstart', force: false });
    expect(existsSync(path.join(dir, 'definitions/attribute-groups/quickstart_group.yaml'))).toBe(true);
    const empty = freshDir();
    mkdirSync(empty);
    const result = await initProject({ cwd: empty, dir: '.', template: 'blank', force: false });
    expect(result.dir).toBe('.');
    expect(result.next[0]).toBe('signals new attribute-group my_group');
    expect(existsSync(path.join(empty, 'definitions/README.md'))).toBe(true);
  });

  it('refuses to overwrite existing files without --force, lists them and writes nothing (exit 1)', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'signals.config.yaml'), 'definitions: mine/\n');
    mkdirSync(path.join(dir, 'definitions'));
    const error = await failure(initProject({ cwd: root, dir, template: 'ecommerce', force: false }));
    expect(error.exitCode).toBe(1);
    expect(error.code).toBe('init-files-exist');
    expect(error.message).toContain('signals.config.yaml');
    expect(error.meta['files']).toEqual(['signals.config.yaml']);
    expect(error.hint).toContain('--force');
    expect(readFileSync(path.join(dir, 'signals.config.yaml'), 'utf8')).toBe('definitions: mine/\n');
    expect(existsSync(path.join(dir, 'README.md'))).toBe(false);
  });

  it('overwrites with --force and reports what it replaced', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'README.md'), 'old');
    const result = await initProject({ cwd: root, dir, template: 'media', force: true });
    expect(result.overwritten).toEqual(['README.md']);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('# Media playback');
  });

  it('rejects an unknown template with the list of templates (exit 4)', async () => {
    const error = await failure(initProject({ cwd: root, dir: freshDir(), template: 'retail', force: false }));
    expect(error.exitCode).toBe(4);
    expect(error.code).toBe('unknown-template');
    expect(error.hint).toContain('travel');
    expect(error.meta['templates']).toEqual(expect.arrayContaining(['travel', 'quickstart', 'ecommerce', 'media', 'blank']));
    for (const bad of ['_new', '../templates', 'travel/definitions', '']) {
      expect((await failure(initProject({ cwd: root, dir: freshDir(), template: bad, force: false }))).code).toBe('unknown-template');
    }
  });

  it('refuses a target that is a file', async () => {
    const file = path.join(root, `file-${n++}`);
    writeFileSync(file, '');
    const error = await failure(initProject({ cwd: root, dir: file, template: 'blank', force: false }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('not a directory');
  });
});

describe('the init action', () => {
  it('prints the files it wrote and the next commands', async () => {
    const dir = freshDir();
    const { ctx, stdout } = createTestContext({ cwd: root });
    expect(await runInit(ctx, path.basename(dir), { template: 'travel' })).toBe(0);
    expect(stdout.text).toContain(`Created a project from the travel template in ${path.basename(dir)}`);
    expect(stdout.text).toContain('+ definitions/attribute-groups/travel_view.yaml');
    expect(stdout.text).toContain('Next:');
    expect(stdout.text).toContain('signals validate');
  });

  it('prints one JSON document with --json', async () => {
    const { ctx, stdout } = createTestContext({ cwd: root, globals: { json: true } });
    await runInit(ctx, path.basename(freshDir()), { template: 'quickstart' });
    const doc = JSON.parse(stdout.text) as { schema_version: number; ok: boolean; template: string; files: string[] };
    expect(doc).toMatchObject({ schema_version: 1, ok: true, template: 'quickstart' });
    expect(doc.files).toContain('signals.config.yaml');
  });

  it('reports the refusal as an error with its hint, not a stack', async () => {
    const dir = freshDir();
    await initProject({ cwd: root, dir, template: 'blank', force: false });
    const { ctx, stderr } = createTestContext({ cwd: root });
    let code = 0;
    try {
      await runInit(ctx, dir, { template: 'blank' });
    } catch (error) {
      code = reportError(ctx, error);
    }
    expect(code).toBe(1);
    expect(stderr.text).toContain('already exist');
    expect(stderr.text).toContain('hint:');
    expect(stderr.text).not.toMatch(/\n\s+at /);
  });
});

describe('signals init (built binary)', () => {
  it.each(['travel', 'quickstart', 'ecommerce', 'media'])('scaffolds %s into a directory where validate and simulate succeed', async (template) => {
    const dir = freshDir();
    const init = await runCli(['init', dir, '--template', template], { cwd: root });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('Next:');
    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const golden = await runCli(['test'], { cwd: dir });
    expect(golden.code, golden.stdout + golden.stderr).toBe(0);
    expect(init.stdout).toContain('signals test');
    const simulate = await runCli(['simulate', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(simulate.code, simulate.stderr).toBe(0);
    const report = JSON.parse(simulate.stdout) as { schema_version: number; segments: { count: number }[]; interventions: { firings: unknown[] }[] };
    expect(report.schema_version).toBe(1);
    expect(report.segments.every((s) => s.count > 0)).toBe(true);
    expect(report.interventions.every((i) => i.firings.length > 0)).toBe(true);
  });

  it('exits 1 and lists the files when they exist, 0 with --force', async () => {
    const dir = freshDir();
    expect((await runCli(['init', dir, '--template', 'blank'], { cwd: root })).code).toBe(0);
    const again = await runCli(['init', dir, '--template', 'blank'], { cwd: root });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('signals.config.yaml');
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect((await runCli(['init', dir, '--template', 'blank', '--force'], { cwd: root })).code).toBe(0);
  });

  it('exits 4 for an unknown template and names the templates', async () => {
    const r = await runCli(['init', freshDir(), '--template', 'nope'], { cwd: root });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('unknown template');
    expect(r.stderr).toMatch(/blank, ecommerce, media, quickstart, travel/);
  });

  it('finds its templates from any working directory', async () => {
    const elsewhere = freshDir();
    mkdirSync(elsewhere);
    const r = await runCli(['init', 'here', '--template', 'travel', '--json'], { cwd: elsewhere });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, dir: 'here' });
    expect(existsSync(path.join(elsewhere, 'here', 'definitions/attribute-groups/travel_view.yaml'))).toBe(true);
  });
});
