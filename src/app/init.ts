/**
 * `signals init`: copies a project template (config, definitions, sample events, golden tests,
 * CI workflow) into a directory, plus the definitions JSON Schema so that the
 * `yaml-language-server` header of every definition file resolves in editors.
 */
import path from 'node:path';
import { FailureError, UsageError } from '../errors.js';
import {
  findExistingFiles,
  loadSchemaFile,
  loadTemplateFiles,
  loadTemplateList,
  readPathKind,
  TEMPLATES_DIR,
  SCHEMA_FILE,
  writeProjectFiles,
  type TemplateFile,
} from '../io/templates.js';

export const SCHEMA_PATH_IN_PROJECT = 'schema/signals.schema.json';

export interface InitOptions {
  cwd: string;
  /** Target directory, relative to cwd or absolute. */
  dir: string;
  template: string;
  force: boolean;
  /** For tests: other template and schema locations. */
  templatesRoot?: string;
  schemaFile?: string;
}

export interface InitResult {
  template: string;
  /** The directory as the user named it (relative to cwd when inside it). */
  dir: string;
  /** Files written, relative to the directory, in order. */
  files: string[];
  /** Files that existed and were replaced (only with --force). */
  overwritten: string[];
  /** Whether the JSON Schema was copied (false when the package has none built). */
  schema: boolean;
  /** Commands to run next. */
  next: string[];
}

function displayDir(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function nextSteps(dir: string, files: readonly string[]): string[] {
  const steps: string[] = [];
  if (dir !== '.') steps.push(`cd ${shellQuote(dir)}`);
  const has = (prefix: string) => files.some((f) => f.startsWith(prefix));
  const hasDefinitions = files.some((f) => f.startsWith('definitions/') && /\.ya?ml$/.test(f));
  if (!hasDefinitions) steps.push('signals new attribute-group my_group');
  steps.push('signals validate');
  if (has('events/')) steps.push('signals simulate');
  if (files.some((f) => f.endsWith('.test.yaml'))) steps.push('signals test');
  steps.push('signals emulator    # in another terminal: a local Signals API on 127.0.0.1:8787');
  steps.push('cp .env.example .env && signals plan    # then signals apply');
  return steps;
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const root = options.templatesRoot ?? TEMPLATES_DIR;
  const files = await loadTemplateFiles(options.template, root);
  if (!files) {
    const known = (await loadTemplateList(root)).map((t) => t.name);
    throw new UsageError('unknown-template', `unknown template ${JSON.stringify(options.template)}`, {
      hint: `templates: ${known.join(', ')}`,
      meta: { templates: known },
    });
  }
  const abs = path.resolve(options.cwd, options.dir);
  const shown = displayDir(options.cwd, abs);
  if ((await readPathKind(abs)) === 'file') {
    throw new FailureError('init-not-a-directory', `${shown} exists and is not a directory`);
  }

  const all: TemplateFile[] = [...files];
  const schema = await loadSchemaFile(options.schemaFile ?? SCHEMA_FILE);
  if (schema) all.push({ path: SCHEMA_PATH_IN_PROJECT, content: schema });
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const existing = await findExistingFiles(abs, all.map((f) => f.path));
  if (existing.length > 0 && !options.force) {
    const list = existing.slice(0, 10).join(', ') + (existing.length > 10 ? `, and ${existing.length - 10} more` : '');
    throw new FailureError(
      'init-files-exist',
      `${existing.length} ${existing.length === 1 ? 'file' : 'files'} of the ${options.template} template already ${existing.length === 1 ? 'exists' : 'exist'} in ${shown}: ${list}`,
      { hint: 'nothing was written; add --force to overwrite them, or choose an empty directory', meta: { files: existing } },
    );
  }
  try {
    await writeProjectFiles(abs, all);
  } catch (error) {
    throw new FailureError('init-write-failed', `cannot write the project into ${shown}: ${(error as Error).message}`, { cause: error });
  }
  const written = all.map((f) => f.path);
  return {
    template: options.template,
    dir: shown,
    files: written,
    overwritten: existing,
    schema: schema !== undefined,
    next: nextSteps(shown, written),
  };
}
