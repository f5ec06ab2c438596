/**
 * The files that ship with the package: project templates (`templates/<name>/`), the per-kind
 * templates of `signals new` (`templates/_new/<kind>.yaml`) and the definitions JSON Schema
 * (`schema/signals.schema.json`). They are found relative to this module, so they resolve in
 * the installed package whatever the working directory.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above `src/io/` and `dist/io/`. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
export const SCHEMA_FILE = path.join(PACKAGE_ROOT, 'schema', 'signals.schema.json');

/**
 * npm never packs files named `.gitignore`, so templates also store it as `gitignore`, which is
 * what gets written (as `.gitignore`) into a project. The `.gitignore` beside it only makes the
 * template folder work as a project in a checkout; it is never copied.
 */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };
const SKIPPED: ReadonlySet<string> = new Set(['.gitignore']);

export interface TemplateInfo {
  name: string;
  /** The first line of the template README after its title. */
  description: string;
}

export interface TemplateFile {
  /** Path inside the new project, with `/` separators. */
  path: string;
  content: Buffer;
}

/** Template folder names: `_new` and hidden folders are not project templates. */
function isTemplateName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name);
}

/** Every project template, by name. */
export async function loadTemplateList(root = TEMPLATES_DIR): Promise<TemplateInfo[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const templates: TemplateInfo[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !isTemplateName(entry.name)) continue;
    let description = '';
    try {
      const readme = await readFile(path.join(root, entry.name, 'README.md'), 'utf8');
      description = readme.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'))?.trim() ?? '';
    } catch {
      description = '';
    }
    templates.push({ name: entry.name, description });
  }
  return templates.sort((a, b) => a.name.localeCompare(b.name));
}

async function walk(dir: string, prefix: string, out: TemplateFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(full, `${prefix}${entry.name}/`, out);
    } else if (entry.isFile() && !SKIPPED.has(entry.name)) {
      out.push({ path: `${prefix}${RENAMED[entry.name] ?? entry.name}`, content: await readFile(full) });
    }
  }
}

/** The files of one project template, or undefined when there is no such template. */
export async function loadTemplateFiles(name: string, root = TEMPLATES_DIR): Promise<TemplateFile[] | undefined> {
  if (!isTemplateName(name)) return undefined;
  const dir = path.join(root, name);
  try {
    if (!(await stat(dir)).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const files: TemplateFile[] = [];
  await walk(dir, '', files);
  return files;
}

/** The `signals new` template of a kind folder (`attribute-groups` → `_new/attribute-group.yaml`). */
export async function loadNewDefinitionTemplate(file: string, root = TEMPLATES_DIR): Promise<string | undefined> {
  try {
    return await readFile(path.join(root, '_new', file), 'utf8');
  } catch {
    return undefined;
  }
}

/** The definitions JSON Schema shipped with the package, if it has been built. */
export async function loadSchemaFile(file = SCHEMA_FILE): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/** Which of `paths` (relative to `dir`) already exist. */
export async function findExistingFiles(dir: string, paths: readonly string[]): Promise<string[]> {
  const existing: string[] = [];
  for (const p of paths) {
    try {
      await stat(path.join(dir, p));
      existing.push(p);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') existing.push(p);
    }
  }
  return existing;
}

/** Writes files under `dir`, creating folders as needed. */
export async function writeProjectFiles(dir: string, files: readonly TemplateFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}

/** Whether a path is missing, a file or a directory. */
export async function readPathKind(file: string): Promise<'missing' | 'file' | 'directory'> {
  try {
    return (await stat(file)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/** Writes one text file, creating its folder. */
export async function writeTextFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}
