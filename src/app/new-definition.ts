/**
 * `signals new <kind> <name>`: writes one definition file from the kind's template, with the
 * name filled in, into the project's definitions folder in the canonical layout
 * (`<definitions>/<kind folder>/<name>.yaml`).
 */
import path from 'node:path';
import type { DefinitionKind } from '../core/model.js';
import { FailureError, UsageError } from '../errors.js';
import { loadNewDefinitionTemplate, readPathKind, writeTextFile } from '../io/templates.js';
import { loadSettings } from './settings.js';

/** Folder of each kind in the canonical layout. */
export const KIND_FOLDERS: Readonly<Record<DefinitionKind, string>> = {
  AttributeKey: 'attribute-keys',
  AttributeGroup: 'attribute-groups',
  Service: 'services',
  Intervention: 'interventions',
  Segment: 'segments',
};

/** Template file of each kind under `templates/_new/`. */
const KIND_TEMPLATES: Readonly<Record<DefinitionKind, string>> = {
  AttributeKey: 'attribute-key.yaml',
  AttributeGroup: 'attribute-group.yaml',
  Service: 'service.yaml',
  Intervention: 'intervention.yaml',
  Segment: 'segment.yaml',
};

const KIND_WORDS: Readonly<Record<string, DefinitionKind>> = {
  attributekey: 'AttributeKey',
  key: 'AttributeKey',
  attributegroup: 'AttributeGroup',
  group: 'AttributeGroup',
  view: 'AttributeGroup',
  service: 'Service',
  intervention: 'Intervention',
  segment: 'Segment',
};

export const NAME_PATTERN = /^[A-Za-z0-9_]+$/;

/** `attribute-group`, `AttributeGroup`, `attribute_groups`, `group`... → `AttributeGroup`. */
export function parseKind(input: string): DefinitionKind | undefined {
  const word = input.toLowerCase().replace(/[^a-z]/g, '');
  return KIND_WORDS[word] ?? (word.endsWith('s') ? KIND_WORDS[word.slice(0, -1)] : undefined);
}

/** A valid name close to `input`, for hints: invalid characters become `_`. */
export function suggestName(input: string): string | undefined {
  const fixed = input.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 128);
  return fixed !== '' && NAME_PATTERN.test(fixed) ? fixed : undefined;
}

/** Fills `{{name}}` and `{{schema}}` in a definition template. */
export function renderDefinitionTemplate(template: string, values: { name: string; schema: string }): string {
  return template.replace(/\{\{\s*(name|schema)\s*\}\}/g, (_, key: 'name' | 'schema') => values[key]);
}

/** The directory a definitions path (folder, file or glob) stands for. */
export function definitionsFolder(definitionsPath: string): string {
  const parts = definitionsPath.split(/[\\/]/);
  const magic = parts.findIndex((p) => /[*?[\]{}]/.test(p));
  if (magic >= 0) return parts.slice(0, magic).join(path.sep) || path.sep;
  if (/\.ya?ml$/i.test(definitionsPath)) return path.dirname(definitionsPath);
  return definitionsPath;
}

export interface NewDefinitionOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  kind: string;
  name: string;
  out?: string;
  force: boolean;
  configFlag?: string;
  definitionsFlag?: string;
}

export interface NewDefinitionResult {
  kind: DefinitionKind;
  name: string;
  /** The file written, relative to cwd. */
  file: string;
  overwritten: boolean;
}

export async function createDefinitionFile(options: NewDefinitionOptions): Promise<NewDefinitionResult> {
  const kind = parseKind(options.kind);
  if (!kind) {
    throw new UsageError('unknown-kind', `unknown definition kind ${JSON.stringify(options.kind)}`, {
      hint: 'use AttributeKey, AttributeGroup, Service, Intervention or Segment (any case, e.g. attribute-group)',
    });
  }
  const name = options.name;
  if (!NAME_PATTERN.test(name) || name.length > 128) {
    const suggestion = suggestName(name);
    throw new FailureError('invalid-name', `${JSON.stringify(name)} is not a valid ${kind} name: use 1 to 128 letters, digits and underscores`, {
      ...(suggestion ? { hint: `try ${suggestion}` } : {}),
    });
  }

  const settings = await loadSettings({
    cwd: options.cwd,
    env: options.env,
    ...(options.configFlag !== undefined ? { configFlag: options.configFlag } : {}),
    ...(options.definitionsFlag !== undefined ? { definitionsFlag: options.definitionsFlag } : {}),
  });
  const first = settings.definitions[0] ?? path.resolve(settings.baseDir, 'definitions');
  const file =
    options.out !== undefined
      ? path.resolve(options.cwd, options.out)
      : path.join(definitionsFolder(first), KIND_FOLDERS[kind], `${name}.yaml`);
  const shown = path.relative(options.cwd, file) || file;

  const pathKind = await readPathKind(file);
  if (pathKind === 'directory') throw new FailureError('new-target-is-directory', `${shown} is a directory`, { hint: 'give --out a file name ending in .yaml' });
  const exists = pathKind === 'file';
  if (exists && !options.force) {
    throw new FailureError('new-file-exists', `${shown} already exists`, { hint: 'add --force to overwrite it, or choose another name or --out file' });
  }

  const template = await loadNewDefinitionTemplate(KIND_TEMPLATES[kind]);
  if (template === undefined) throw new Error(`the package has no template for ${kind} (templates/_new/${KIND_TEMPLATES[kind]})`);
  const schemaPath = path.relative(path.dirname(file), path.join(settings.baseDir, 'schema', 'signals.schema.json')).split(path.sep).join('/');
  const text = renderDefinitionTemplate(template, { name, schema: schemaPath });
  try {
    await writeTextFile(file, text);
  } catch (error) {
    throw new FailureError('new-write-failed', `cannot write ${shown}: ${(error as Error).message}`, { cause: error });
  }
  return { kind, name, file: shown, overwritten: exists };
}
