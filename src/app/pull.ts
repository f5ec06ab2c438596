/**
 * `signals pull`: write the target's definitions as YAML in the canonical layout
 * (`attribute-keys/`, `attribute-groups/`, `services/`, `interventions/`, one file per name,
 * one document per version, lowest first). A definition the tree already holds is updated in
 * its own file, in place, keeping comments (only the fields that differ change); a definition
 * that matches is left byte for byte. Built-in attribute keys are never written.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments, parseDocument, type Document } from 'yaml';
import { didYouMean } from '../core/diagnostics.js';
import { formatDefinitionYaml } from '../core/definitions/format.js';
import { definitionAddress, REMOTE_KINDS, type Definition, type RemoteKind } from '../core/model.js';
import { diffSpecs } from '../core/plan/field-diff.js';
import { remoteAddress } from '../core/plan/fingerprint.js';
import { globToRegExp } from '../core/plan/scope.js';
import type { RemoteObject } from '../core/plan/types.js';
import { applyFieldChange, applyPublished } from '../core/plan/yaml-edit.js';
import { FailureError, UsageError } from '../errors.js';
import { openTarget, targetInfo, expandInterventionSegments, type PlanRequest } from './plan.js';
import { loadDefinitions } from '../io/definitions.js';
import { fetchRemoteState } from './remote-state.js';
import type { PlanTargetInfo } from '../core/plan/document.js';

export const KIND_DIRECTORIES: Record<RemoteKind, string> = {
  AttributeKey: 'attribute-keys',
  AttributeGroup: 'attribute-groups',
  Service: 'services',
  Intervention: 'interventions',
};

export interface PullRequest extends Omit<PlanRequest, 'prune'> {
  /** Directory to write (default: the definitions directory). */
  out?: string;
  /** `Kind/name` or `Kind/name@version` (name globs allowed). */
  only?: string[];
}

export type PulledFileStatus = 'created' | 'updated' | 'unchanged';

export interface PulledFile {
  /** Relative to the working directory, `/` separators. */
  file: string;
  status: PulledFileStatus;
  definitions: string[];
}

export interface PullResult {
  target: PlanTargetInfo;
  /** The directory written, relative to the working directory. */
  out: string;
  files: PulledFile[];
  /** Remote definitions pulled. */
  count: number;
  /** Local definitions in the tree that the target does not have (left untouched). */
  localOnly: string[];
}

interface OnlyFilter {
  kind: RemoteKind;
  name: RegExp;
  version?: number;
  text: string;
}

export function parseOnly(values: readonly string[]): OnlyFilter[] {
  return values.map((text) => {
    const m = /^([A-Za-z]+)\/([^@]+)(?:@(\d+))?$/.exec(text.trim());
    const kind = m ? REMOTE_KINDS.find((k) => k.toLowerCase() === m[1]!.toLowerCase()) : undefined;
    if (!m || !kind) {
      const guess = m ? didYouMean(m[1]!, REMOTE_KINDS) : undefined;
      throw new UsageError('bad-only', `--only ${text} is not kind/name (e.g. AttributeGroup/travel_view or Intervention/destination_help@2)`, {
        hint: guess ? `did you mean ${guess}/${m![2]}?` : `kinds: ${REMOTE_KINDS.join(', ')}`,
      });
    }
    return { kind, name: globToRegExp(m[2]!), ...(m[3] !== undefined ? { version: Number(m[3]) } : {}), text };
  });
}

function matchesOnly(filters: readonly OnlyFilter[], object: RemoteObject): boolean {
  if (filters.length === 0) return true;
  const version = 'version' in object.spec ? object.spec.version : undefined;
  return filters.some((f) => f.kind === object.kind && f.name.test(object.spec.name) && (f.version === undefined || f.version === version));
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** The directory pull writes: --out, else the definitions directory. */
async function outputDirectory(request: PullRequest): Promise<string> {
  const { settings } = request;
  if (request.out !== undefined) return path.resolve(settings.cwd, request.out);
  const first = settings.definitions[0];
  const usable = settings.definitions.length === 1 && first !== undefined && !/[*?[\]{}]/.test(first) && !/\.ya?ml$/i.test(first);
  const info = first ? await stat(first).catch(() => undefined) : undefined;
  if (!usable || (info !== undefined && !info.isDirectory())) {
    throw new UsageError('pull-needs-directory', 'pull writes into a directory, and the definitions setting is not one', { hint: 'pass --out DIR' });
  }
  return first;
}

interface FileEdit {
  absolute: string;
  exists: boolean;
  text: string;
  docs: Document[];
  changed: boolean;
  appended: string[];
  addresses: string[];
}

export async function pullDefinitions(request: PullRequest): Promise<PullResult> {
  const filters = parseOnly(request.only ?? []);
  const outDir = await outputDirectory(request);
  const { settings } = request;
  const { target, client } = openTarget(request);
  request.onStep?.(`Reading target ${target.name}`);
  const snapshot = await fetchRemoteState(client);
  const objects = snapshot.state.objects.filter((o) => matchesOnly(filters, o));
  for (const f of filters) {
    if (!snapshot.state.objects.some((o) => matchesOnly([f], o))) {
      const names = snapshot.state.objects.filter((o) => o.kind === f.kind).map((o) => o.spec.name);
      const guess = didYouMean(f.text.split('/')[1]?.split('@')[0] ?? '', names);
      throw new FailureError('pull-not-found', `target ${target.name} has nothing matching --only ${f.text}`, {
        hint: guess ? `did you mean ${f.kind}/${guess}?` : names.length ? `${f.kind}: ${[...new Set(names)].join(', ')}` : `the target has no ${f.kind}`,
      });
    }
  }

  // What the output tree already holds, by address.
  const existing = (await stat(outDir).catch(() => undefined))?.isDirectory() ? await loadDefinitions({ cwd: settings.cwd, paths: [outDir] }) : undefined;
  const localDefs = existing ? expandIfPossible(existing.definitions) : [];
  const local = new Map<string, Definition>();
  for (const d of localDefs) if (d.kind !== 'Segment' && d.location) local.set(definitionAddress(d), d);
  const schemaFile = path.join(settings.baseDir, 'schema', 'signals.schema.json');

  const files = new Map<string, FileEdit>();
  const fileFor = async (absolute: string): Promise<FileEdit> => {
    let edit = files.get(absolute);
    if (edit) return edit;
    const text = await readFile(absolute, 'utf8').catch(() => undefined);
    const docs = text === undefined ? [] : parseAllDocuments(text, { lineCounter: new LineCounter() });
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) {
      throw new FailureError('pull-unparsable-file', `cannot update ${toPosix(path.relative(settings.cwd, absolute))}: it is not valid YAML`, { hint: 'fix it (see `signals validate`) or pull with --out into another directory' });
    }
    edit = { absolute, exists: text !== undefined, text: text ?? '', docs, changed: false, appended: [], addresses: [] };
    files.set(absolute, edit);
    return edit;
  };

  for (const object of objects) {
    const address = remoteAddress(object);
    const def = { kind: object.kind, spec: object.spec, protect: false } as Definition;
    const mine = local.get(address);
    if (mine?.location) {
      const edit = await fileFor(path.resolve(settings.cwd, mine.location.file));
      edit.addresses.push(address);
      const fields = diffSpecs(object.kind, mine.spec as RemoteObject['spec'], object.spec);
      const published = (mine.spec as RemoteObject['spec']).is_published !== object.spec.is_published;
      if (fields.length === 0 && !published) continue;
      const doc = documentAt(edit, mine.location.line);
      const formatted = parseDocument(formatDefinitionYaml(def, { header: false }));
      for (const field of fields) applyFieldChange(doc, formatted, field);
      if (published) applyPublished(doc, object.spec.is_published);
      edit.changed = true;
      continue;
    }
    // A new definition: next to the other versions of its name, else at the canonical path.
    const sibling = [...local.values()].find((d) => d.kind === object.kind && d.spec.name === object.spec.name && d.location);
    const absolute = sibling?.location ? path.resolve(settings.cwd, sibling.location.file) : path.join(outDir, KIND_DIRECTORIES[object.kind], `${object.spec.name}.yaml`);
    const edit = await fileFor(absolute);
    const schemaPath = toPosix(path.relative(path.dirname(absolute), schemaFile));
    edit.appended.push(formatDefinitionYaml(def, { header: !edit.exists && edit.appended.length === 0, schemaPath }));
    edit.addresses.push(address);
  }

  const pulled: PulledFile[] = [];
  for (const edit of [...files.values()].sort((a, b) => a.absolute.localeCompare(b.absolute))) {
    const file = toPosix(path.relative(settings.cwd, edit.absolute));
    if (!edit.changed && edit.appended.length === 0) {
      pulled.push({ file, status: 'unchanged', definitions: edit.addresses });
      continue;
    }
    let text = edit.changed ? serialize(edit.docs) : edit.text;
    for (const doc of edit.appended) text = text === '' ? doc : `${text.endsWith('\n') ? text : `${text}\n`}---\n${doc}`;
    await mkdir(path.dirname(edit.absolute), { recursive: true });
    await writeFile(edit.absolute, text, 'utf8');
    pulled.push({ file, status: edit.exists ? 'updated' : 'created', definitions: edit.addresses });
  }
  const remoteAddresses = new Set(snapshot.state.objects.map(remoteAddress));
  const localOnly = [...local.keys()].filter((a) => !remoteAddresses.has(a)).sort();
  return { target: targetInfo(target), out: toPosix(path.relative(settings.cwd, outDir)) || '.', files: pulled, count: objects.length, localOnly };
}

/** Segment references expanded where they resolve (a tree being pulled into may not validate). */
function expandIfPossible(definitions: readonly Definition[]): Definition[] {
  try {
    return expandInterventionSegments(definitions);
  } catch {
    return [...definitions];
  }
}

/** The document of a multi-document file that holds `line` (1-based). */
function documentAt(edit: FileEdit, line: number): Document {
  const counter = new LineCounter();
  parseAllDocuments(edit.text, { lineCounter: counter });
  let best = edit.docs[0];
  for (const doc of edit.docs) {
    const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    if (counter.linePos(start).line <= line) best = doc;
  }
  if (!best) throw new Error(`no YAML document at line ${line} of ${edit.absolute}`);
  return best;
}

function serialize(docs: readonly Document[]): string {
  return docs
    .map((doc, i) => {
      const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
      return i > 0 && !text.startsWith('---') ? `---\n${text}` : text;
    })
    .join('');
}
