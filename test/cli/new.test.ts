import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDefinitionFile, definitionsFolder, parseKind, suggestName } from '../../src/app/new-definition.js';
import runNew from '../../src/cli/actions/new.js';
import { loadDefinitions } from '../../src/io/definitions.js';
import { createTestContext } from '../helpers/memory-streams.js';
import { runCli } from '../helpers/run-cli.js';
import { failure } from '../helpers/cli-error.js';

const root = mkdtempSync(path.join(tmpdir(), 'signals-new-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function project(config?: string): string {
  const dir = path.join(root, `p${n++}`);
  mkdirSync(dir, { recursive: true });
  if (config !== undefined) writeFileSync(path.join(dir, 'signals.config.yaml'), config);
  return dir;
}

describe('parseKind', () => {
  it('accepts every kind in any case, with dashes, underscores, plurals and short names', () => {
    const cases: [string, string][] = [
      ['AttributeGroup', 'AttributeGroup'],
      ['attribute-group', 'AttributeGroup'],
      ['attribute_groups', 'AttributeGroup'],
      ['ATTRIBUTEGROUP', 'AttributeGroup'],
      ['group', 'AttributeGroup'],
      ['view', 'AttributeGroup'],
      ['attribute-key', 'AttributeKey'],
      ['AttributeKey', 'AttributeKey'],
      ['key', 'AttributeKey'],
      ['service', 'Service'],
      ['Services', 'Service'],
      ['intervention', 'Intervention'],
      ['INTERVENTION', 'Intervention'],
      ['segment', 'Segment'],
      ['segments', 'Segment'],
    ];
    for (const [input, kind] of cases) expect(parseKind(input), input).toBe(kind);
    for (const bad of ['attribute', 'dashboard', '', 'groupie']) expect(parseKind(bad), bad).toBeUndefined();
  });
});

describe('helpers', () => {
  it('suggests a valid name', () => {
    expect(suggestName('my-group')).toBe('my_group');
    expect(suggestName(' travel view! ')).toBe('travel_view');
    expect(suggestName('---')).toBeUndefined();
  });

  it('finds the folder of a definitions path, file or glob', () => {
    expect(definitionsFolder('/p/definitions')).toBe('/p/definitions');
    expect(definitionsFolder('/p/defs/**/*.yaml')).toBe('/p/defs');
    expect(definitionsFolder('/p/defs/main.yaml')).toBe('/p/defs');
  });
});

describe('createDefinitionFile', () => {
  it.each([
    ['attribute-key', 'AttributeKey', 'attribute-keys'],
    ['attribute-group', 'AttributeGroup', 'attribute-groups'],
    ['service', 'Service', 'services'],
    ['intervention', 'Intervention', 'interventions'],
    ['segment', 'Segment', 'segments'],
  ])('%s: writes <definitions>/%s layout with the name and a schema header that resolves', async (input, kind, folder) => {
    const dir = project();
    const result = await createDefinitionFile({ cwd: dir, env: {}, kind: input, name: 'checkout_flow', force: false });
    expect(result).toEqual({ kind, name: 'checkout_flow', file: path.join('definitions', folder, 'checkout_flow.yaml'), overwritten: false });
    const text = readFileSync(path.join(dir, result.file), 'utf8');
    expect(text.startsWith('# yaml-language-server: $schema=../../schema/signals.schema.json\n')).toBe(true);
    expect(parse(text)).toMatchObject({ kind, name: 'checkout_flow' });
    const loaded = await loadDefinitions({ cwd: dir, paths: ['definitions'] });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.definitions.map((d) => `${d.kind}/${d.spec.name}`)).toEqual([`${kind}/checkout_flow`]);
  });

  it('uses the definitions path of the config and points the header at the project schema', async () => {
    const dir = project('definitions: signals/defs\n');
    mkdirSync(path.join(dir, 'sub'));
    const result = await createDefinitionFile({ cwd: dir, env: {}, kind: 'group', name: 'g1', force: false });
    expect(result.file).toBe(path.join('signals', 'defs', 'attribute-groups', 'g1.yaml'));
    expect(readFileSync(path.join(dir, result.file), 'utf8')).toContain('$schema=../../../schema/signals.schema.json');
  });

  it('honours --definitions and --out', async () => {
    const dir = project();
    const viaFlag = await createDefinitionFile({ cwd: dir, env: {}, kind: 'segment', name: 's1', force: false, definitionsFlag: 'other' });
    expect(viaFlag.file).toBe(path.join('other', 'segments', 's1.yaml'));
    const viaOut = await createDefinitionFile({ cwd: dir, env: {}, kind: 'segment', name: 's2', force: false, out: 'x/custom.yaml' });
    expect(viaOut.file).toBe(path.join('x', 'custom.yaml'));
    expect(readFileSync(path.join(dir, 'x', 'custom.yaml'), 'utf8')).toContain('$schema=../schema/signals.schema.json');
  });

  it('refuses an invalid name (exit 1) with a suggestion, and writes nothing', async () => {
    const dir = project();
    for (const bad of ['my-group', 'has space', '', 'x'.repeat(129), 'naïve']) {
      const error = await failure(createDefinitionFile({ cwd: dir, env: {}, kind: 'group', name: bad, force: false }));
      expect(error.exitCode, bad).toBe(1);
      expect(error.code).toBe('invalid-name');
    }
    const error = await failure(createDefinitionFile({ cwd: dir, env: {}, kind: 'group', name: 'my-group', force: false }));
    expect(error.message).toContain('letters, digits and underscores');
    expect(error.hint).toBe('try my_group');
    expect(existsSync(path.join(dir, 'definitions'))).toBe(false);
  });

  it('refuses an unknown kind (exit 4) naming the kinds', async () => {
    const error = await failure(createDefinitionFile({ cwd: project(), env: {}, kind: 'dashboard', name: 'x', force: false }));
    expect(error.exitCode).toBe(4);
    expect(error.hint).toContain('AttributeGroup');
  });

  it('refuses to overwrite without --force, overwrites with it', async () => {
    const dir = project();
    await createDefinitionFile({ cwd: dir, env: {}, kind: 'service', name: 'svc', force: false });
    const file = path.join(dir, 'definitions', 'services', 'svc.yaml');
    writeFileSync(file, 'edited');
    const error = await failure(createDefinitionFile({ cwd: dir, env: {}, kind: 'service', name: 'svc', force: false }));
    expect(error.exitCode).toBe(1);
    expect(error.hint).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('edited');
    const again = await createDefinitionFile({ cwd: dir, env: {}, kind: 'service', name: 'svc', force: true });
    expect(again.overwritten).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('kind: Service');
  });
});

describe('the new action', () => {
  it('prints the file it wrote, or one JSON document', async () => {
    const dir = project();
    const human = createTestContext({ cwd: dir });
    expect(await runNew(human.ctx, 'Intervention', 'nudge', {})).toBe(0);
    expect(human.stdout.text).toContain(`Wrote ${path.join('definitions', 'interventions', 'nudge.yaml')} (Intervention nudge)`);
    const json = createTestContext({ cwd: dir, globals: { json: true } });
    await runNew(json.ctx, 'segment', 'fans', {});
    expect(JSON.parse(json.stdout.text)).toMatchObject({ schema_version: 1, ok: true, kind: 'Segment', name: 'fans' });
  });
});

describe('signals new (built binary)', () => {
  it('writes a group that validates, then refuses a bad name with exit 1 and an unknown kind with exit 4', async () => {
    const dir = project();
    const ok = await runCli(['new', 'attribute-group', 'my_group'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'definitions', 'attribute-groups', 'my_group.yaml'))).toBe(true);
    for (const kind of ['key', 'service', 'intervention', 'segment']) {
      expect((await runCli(['new', kind, `my_${kind}`], { cwd: dir })).code, kind).toBe(0);
    }
    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const bad = await runCli(['new', 'segment', 'bad-name'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a valid Segment name');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const kind = await runCli(['new', 'widget', 'x'], { cwd: dir });
    expect(kind.code).toBe(4);
  });
});
