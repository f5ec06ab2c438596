import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidDefinitionsError, loadValidDefinitions } from '../../../src/app/load-definitions.js';
import { UsageError } from '../../../src/errors.js';
import { findDefinitionFiles, firstInvalidUtf8, loadDefinitions, readDefinitionFile } from '../../../src/io/definitions.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'signals-defs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(file: string, text: string | Uint8Array): Promise<void> {
  const full = path.join(dir, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
}

const key = (name: string) => `kind: AttributeKey\nname: ${name}\n`;

describe('loadDefinitions', () => {
  it('reads directories recursively, in path order, skipping golden tests, node_modules and hidden folders', async () => {
    await put('defs/b.yaml', key('b'));
    await put('defs/a/z.yml', key('z'));
    await put('defs/a/y.YAML', key('y'));
    await put('defs/c.test.yaml', 'kind: not a definition');
    await put('defs/node_modules/pkg/x.yaml', 'garbage: [');
    await put('defs/.git/x.yaml', 'garbage: [');
    await put('defs/readme.md', '# not yaml');
    const loaded = await loadDefinitions({ cwd: dir, paths: ['defs'] });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files.map((f) => f.file)).toEqual(['defs/a/y.YAML', 'defs/a/z.yml', 'defs/b.yaml']);
    expect(loaded.definitions.map((d) => [d.spec.name, d.location?.file])).toEqual([
      ['y', 'defs/a/y.YAML'],
      ['z', 'defs/a/z.yml'],
      ['b', 'defs/b.yaml'],
    ]);
  });

  it('accepts absolute paths and explicit files of any extension, once each', async () => {
    await put('defs/a.yaml', key('a'));
    await put('extra.txt', key('extra'));
    const loaded = await loadDefinitions({ cwd: dir, paths: [path.join(dir, 'defs'), 'extra.txt', 'defs/a.yaml'] });
    expect(loaded.files.map((f) => f.file)).toEqual(['defs/a.yaml', 'extra.txt']);
    expect(loaded.files[0]?.path).toBe(path.join(dir, 'defs', 'a.yaml'));
  });

  it('expands globs, without golden test files', async () => {
    await put('defs/groups/g.yaml', key('g'));
    await put('defs/keys/k.yaml', key('k'));
    await put('defs/keys/k.test.yaml', 'x');
    const loaded = await loadDefinitions({ cwd: dir, paths: ['defs/**/*.yaml'] });
    expect(loaded.files.map((f) => f.file)).toEqual(['defs/groups/g.yaml', 'defs/keys/k.yaml']);
  });

  it('follows symbolic links to files and folders', async () => {
    await put('shared/k.yaml', key('k'));
    await mkdir(path.join(dir, 'defs'));
    await symlink(path.join(dir, 'shared'), path.join(dir, 'defs', 'linked'));
    await symlink(path.join(dir, 'nowhere.yaml'), path.join(dir, 'defs', 'dangling.yaml'));
    const loaded = await loadDefinitions({ cwd: dir, paths: ['defs'] });
    expect(loaded.definitions.map((d) => d.spec.name)).toEqual(['k']);
  });

  it('refuses a missing path or a glob matching nothing, with exit 4', async () => {
    const missing = loadDefinitions({ cwd: dir, paths: ['nope'] });
    await expect(missing).rejects.toBeInstanceOf(UsageError);
    await expect(missing).rejects.toMatchObject({ code: 'definitions-not-found', exitCode: 4, message: 'definitions path nope does not exist' });
    await expect(loadDefinitions({ cwd: dir, paths: ['defs/**/*.yaml'] })).rejects.toMatchObject({ code: 'definitions-not-found', exitCode: 4 });
  });

  it('warns about a folder without definition files', async () => {
    await mkdir(path.join(dir, 'empty'));
    const loaded = await loadDefinitions({ cwd: dir, paths: ['empty'] });
    expect(loaded.diagnostics).toMatchObject([{ severity: 'warning', code: 'no-definition-files', file: 'empty' }]);
  });

  it('reports a file that is not UTF-8 at its first bad byte, and goes on with the others', async () => {
    await put('defs/a.yaml', key('a'));
    await put('defs/latin1.yaml', Buffer.concat([Buffer.from('kind: AttributeKey\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const loaded = await loadDefinitions({ cwd: dir, paths: ['defs'] });
    expect(loaded.definitions.map((d) => d.spec.name)).toEqual(['a']);
    expect(loaded.diagnostics).toMatchObject([{ severity: 'error', code: 'invalid-encoding', file: 'defs/latin1.yaml', line: 2, column: 10 }]);
  });

  it('reports a binary file named .yaml with one error', async () => {
    await put('defs/logo.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const loaded = await loadDefinitions({ cwd: dir, paths: ['defs'] });
    expect(loaded.diagnostics).toHaveLength(1);
    expect(loaded.diagnostics[0]).toMatchObject({ severity: 'error', code: 'invalid-encoding', file: 'defs/logo.yaml', line: 1, column: 1 });
  });

  it('reports control characters in otherwise valid UTF-8', async () => {
    await put('defs/nul.yaml', `kind: AttributeKey\nname: a\u0000b\n`);
    const loaded = await loadDefinitions({ cwd: dir, paths: ['defs'] });
    expect(loaded.diagnostics).toMatchObject([{ code: 'binary-content', line: 2, column: 8 }]);
  });

  it('places semantic problems in their file, across files', async () => {
    await put('defs/service.yaml', 'kind: Service\nname: s\nattribute_groups: [g@2]\n');
    await put('defs/group.yaml', 'kind: AttributeGroup\nname: g\nattribute_key: domain_userid\nattributes:\n  - { name: a, type: int32, aggregation: counter, events: [page_view] }\n');
    const loaded = await loadDefinitions({ cwd: dir, paths: ['defs'] });
    expect(loaded.diagnostics).toMatchObject([{ code: 'unknown-group-version', file: 'defs/service.yaml', line: 3, column: 20 }]);
  });

  it('loads a tree of 10,000 definitions', async () => {
    const files = 200;
    const perFile = 50;
    const attribute = '  - { name: views, type: int32, aggregation: counter, events: [page_view] }\n';
    await Promise.all(
      Array.from({ length: files }, (_, f) => {
        const docs = Array.from({ length: perFile - 1 }, (_, i) => `kind: AttributeGroup\nname: g_${f}_${i}\nattribute_key: domain_userid\nattributes:\n${attribute}`);
        docs.push(`kind: Service\nname: s_${f}\nattribute_groups: [${Array.from({ length: perFile - 1 }, (_, i) => `g_${f}_${i}@1`).join(', ')}]\n`);
        return put(`defs/d${String(f).padStart(3, '0')}/defs.yaml`, docs.join('---\n'));
      }),
    );
    const loaded = await loadDefinitions({ cwd: dir, paths: ['defs'] });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.files).toHaveLength(files);
    expect(loaded.definitions).toHaveLength(files * perFile);
    expect(loaded.definitions.filter((d) => d.kind === 'Service')).toHaveLength(files);
  });
});

describe('readDefinitionFile and findDefinitionFiles', () => {
  it('reports a path that cannot be read as a file', async () => {
    await mkdir(path.join(dir, 'folder.yaml'));
    expect(await readDefinitionFile(path.join(dir, 'folder.yaml'), 'folder.yaml')).toMatchObject({ diagnostic: { code: 'unreadable-file', file: 'folder.yaml' } });
  });

  it('sorts by the shown path', async () => {
    await put('b/x.yaml', key('x'));
    await put('a/y.yaml', key('y'));
    const found = await findDefinitionFiles({ cwd: dir, paths: ['b', 'a'] });
    expect(found.files.map((f) => path.relative(dir, f))).toEqual([path.join('a', 'y.yaml'), path.join('b', 'x.yaml')]);
  });

  it('finds the first invalid UTF-8 byte', () => {
    expect(firstInvalidUtf8(Buffer.from('héllo'))).toBe(6);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xff, 0x62]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xe2, 0x82, 0xac, 0xf0, 0x28]))).toBe(3);
  });
});

describe('loadValidDefinitions', () => {
  it('returns valid definitions with their warnings', async () => {
    await put('defs/g.yaml', 'kind: AttributeGroup\nname: g\nowner: team\nattribute_key: domain_userid\nattributes:\n  - { name: a, type: int32, aggregation: counter, events: [page_view] }\n');
    const loaded = await loadValidDefinitions({ cwd: dir, definitions: [path.join(dir, 'defs')] });
    expect(loaded.definitions).toHaveLength(1);
    expect(loaded.diagnostics).toMatchObject([{ severity: 'warning', code: 'owner-not-email' }]);
  });

  it('throws one error carrying every diagnostic when any is an error', async () => {
    await put('defs/g.yaml', 'kind: AttributeGroup\nname: g\nattribute_key: nobody\nattributes: []\n');
    const error = await loadValidDefinitions({ cwd: dir, definitions: [path.join(dir, 'defs')] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDefinitionsError);
    expect(error).toMatchObject({ code: 'definitions-invalid', exitCode: 1, hint: 'run signals validate to see every problem' });
    expect((error as InvalidDefinitionsError).message).toContain('defs/g.yaml:');
    expect((error as InvalidDefinitionsError).diagnostics.map((d) => d.code)).toEqual(['unknown-attribute-key', 'group-without-attributes']);
  });
});
