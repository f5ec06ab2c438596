/**
 * Loading definition files: paths (files, directories, globs) → sorted file list → text →
 * the core check (YAML, schema, normalisation, semantics). Directories are searched recursively
 * for `*.yaml` / `*.yml`, skipping golden test files (`*.test.yaml`), `node_modules` and hidden
 * directories. The file order is deterministic (sorted by path), so diagnostics and definitions
 * come out in the same order on every machine.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { sortDiagnostics } from '../core/diagnostics.js';
import type { DefinitionSource } from '../core/definitions/parse.js';
import { validateDefinitionSources, type CheckedDefinitions } from '../core/validate/sources.js';
import { UsageError } from '../errors.js';

export interface DefinitionFile {
  /** Path shown to people: relative to the working directory, `/` separators. */
  file: string;
  /** Absolute path. */
  path: string;
  text: string;
}

export interface LoadDefinitionsOptions {
  cwd: string;
  /** Files, directories or globs, absolute or relative to `cwd`. */
  paths: readonly string[];
}

export interface LoadedDefinitions extends CheckedDefinitions {
  files: DefinitionFile[];
}

const GLOB = /[*?[\]{}]|^!/;
const YAML_FILE = /\.ya?ml$/i;
const TEST_FILE = /\.test\.ya?ml$/i;

export async function loadDefinitions(options: LoadDefinitionsOptions): Promise<LoadedDefinitions> {
  const found = await findDefinitionFiles(options);
  const readDiagnostics: Diagnostic[] = [];
  const files: DefinitionFile[] = [];
  const texts = await mapLimited(found.files, 32, async (absolute) => readDefinitionFile(absolute, displayPath(options.cwd, absolute)));
  for (const result of texts) {
    if ('diagnostic' in result) readDiagnostics.push(result.diagnostic);
    else files.push(result.file);
  }
  const sources: DefinitionSource[] = files.map((f) => ({ file: f.file, text: f.text }));
  const checked = validateDefinitionSources(sources);
  return {
    ...checked,
    diagnostics: sortDiagnostics([...found.diagnostics, ...readDiagnostics, ...checked.diagnostics]),
    files,
  };
}

/** The definition files under `paths`, absolute and sorted. Missing paths are a usage error. */
export async function findDefinitionFiles(options: LoadDefinitionsOptions): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const { cwd } = options;
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const globs: string[] = [];
  for (const p of options.paths) {
    if (GLOB.test(p)) {
      globs.push(toPosix(path.isAbsolute(p) ? path.relative(cwd, p) || '.' : p));
      continue;
    }
    const absolute = path.resolve(cwd, p);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      throw new UsageError('definitions-not-found', `definitions path ${displayPath(cwd, absolute)} does not exist`, {
        hint: 'pass existing files or folders, set definitions: in signals.config.yaml, or start a project with signals init',
      });
    }
    if (info.isDirectory()) {
      const before = files.size;
      for (const f of await walkDirectory(absolute)) files.add(f);
      if (files.size === before) {
        diagnostics.push({
          severity: 'warning',
          code: 'no-definition-files',
          message: `no *.yaml or *.yml files under ${displayPath(cwd, absolute)}`,
          file: displayPath(cwd, absolute),
          hint: 'signals new AttributeGroup my_group writes a first definition',
        });
      }
    } else {
      files.add(absolute);
    }
  }
  if (globs.length > 0) {
    const { glob } = await import('tinyglobby');
    const matched = await glob(globs, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**'], expandDirectories: false });
    const usable = matched.filter((f) => !TEST_FILE.test(f));
    if (usable.length === 0) {
      throw new UsageError('definitions-not-found', `no files match ${globs.join(', ')}`, { hint: 'check the pattern, e.g. definitions/**/*.yaml' });
    }
    for (const f of usable) files.add(path.resolve(f));
  }
  const sorted = [...files].sort((a, b) => compareStrings(displayPath(cwd, a), displayPath(cwd, b)));
  return { files: sorted, diagnostics };
}

async function walkDirectory(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const info = await stat(full).catch(() => undefined);
      isDir = info?.isDirectory() ?? false;
      isFile = info?.isFile() ?? false;
    }
    if (isDir) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      out.push(...(await walkDirectory(full)));
    } else if (isFile && YAML_FILE.test(entry.name) && !TEST_FILE.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

export async function readDefinitionFile(absolute: string, file: string): Promise<{ file: DefinitionFile } | { diagnostic: Diagnostic }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    return {
      diagnostic: { severity: 'error', code: 'unreadable-file', message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, file },
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { file: { file, path: absolute, text } };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset);
    const line = before.filter((b) => b === 10).length + 1;
    const column = offset - (before.lastIndexOf(10) + 1) + 1;
    return {
      diagnostic: {
        severity: 'error',
        code: 'invalid-encoding',
        message: 'this is not a UTF-8 text file',
        file,
        line,
        column,
        hint: 'definition files must be UTF-8 YAML; move other files out of the definitions path',
      },
    };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

export function displayPath(cwd: string, absolute: string): string {
  return toPosix(path.relative(cwd, absolute) || path.basename(absolute));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
