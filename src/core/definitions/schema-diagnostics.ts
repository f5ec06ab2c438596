/**
 * Schema layer: runs the precompiled validator on one document and turns ajv's errors into
 * diagnostics with positions, stable codes and hints. Union (`anyOf`) failures are narrowed to
 * the branch whose type matches, so a wrong event string reports one problem, not three.
 *
 * Errors split in two: *structural* ones (unknown keys, wrong types, missing fields, unknown
 * enum values) mean the document cannot be turned into a definition; *constraint* ones (name
 * patterns, bounds, shorthand syntax) are left to the semantic layer, which reports them with
 * better messages, unless the document is rejected anyway.
 */
import type { Document } from 'yaml';
import { definitionSchemaModule } from '../../schema/definition-validator.js';
import type { SchemaError } from '../../schema/validator-types.js';
import { didYouMean, type Diagnostic } from '../diagnostics.js';
import { durationHint } from '../duration.js';
import { nameProblem } from '../names.js';
import { findNode, nodeLocation, type SourceDocument } from './yaml-source.js';

const CONSTRAINT_KEYWORDS = new Set(['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'format']);

export interface SchemaCheck {
  diagnostics: Diagnostic[];
  /** Whether the document has structural errors and cannot be normalised. */
  rejected: boolean;
  /** The data to normalise, when it differs from the document's (unknown keys removed). */
  data?: unknown;
}

export function checkDocumentSchema(document: SourceDocument): SchemaCheck {
  const { validate } = definitionSchemaModule();
  if (validate(document.data)) return { diagnostics: [], rejected: false };
  const narrowed = narrowUnions((validate.errors ?? []).filter((e) => e.keyword !== 'if'));
  // A value of the wrong type also fails its enum: say it once.
  const wrongType = new Set(narrowed.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const errors = narrowed.filter((e) => e.keyword !== 'enum' || !wrongType.has(e.instancePath));
  const structural = errors.filter((e) => !isConstraint(e, document.data));
  if (structural.length === 0) return { diagnostics: [], rejected: false };
  const recovered = withoutUnknownKeys(document, structural);
  if (recovered) return recovered;
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    const d = toDiagnostic(document, error);
    const key = `${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  return { diagnostics, rejected: true };
}

/**
 * When the only structural problems are unknown keys, the document without them may still be a
 * valid definition: then the unknown keys are reported and the rest is checked as usual, so one
 * typo does not hide every other problem of the document.
 */
function withoutUnknownKeys(document: SourceDocument, structural: readonly SchemaError[]): SchemaCheck | undefined {
  if (!structural.every((e) => e.keyword === 'additionalProperties')) return undefined;
  const data = structuredClone(document.data);
  for (const error of structural) {
    const parent = valueAt(data, pathOf(error.instancePath));
    if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[String(error.params['additionalProperty'])];
  }
  const { validate } = definitionSchemaModule();
  if (!validate(data) && (validate.errors ?? []).filter((e) => e.keyword !== 'if').some((e) => !isConstraint(e, data))) return undefined;
  return { diagnostics: structural.map((e) => toDiagnostic(document, e)), rejected: false, data };
}

function isConstraint(error: SchemaError, data: unknown): boolean {
  if (CONSTRAINT_KEYWORDS.has(error.keyword)) return true;
  return error.keyword === 'enum' && isAtomicName(pathOf(error.instancePath), data);
}

/** Whether the path is the `name` of a long-form atomic property (an enum the semantic layer reports). */
function isAtomicName(path: readonly string[], data: unknown): boolean {
  if (path[path.length - 1] !== 'name') return false;
  const parent = valueAt(data, path.slice(0, -1)) as Record<string, unknown> | undefined;
  return parent !== null && typeof parent === 'object' && parent['type'] === 'atomic';
}

/**
 * For each failed `anyOf`, keep only the errors of branches whose `type` matched the data; when
 * none matched, replace them all by one type error listing the accepted types.
 */
function narrowUnions(errors: SchemaError[]): SchemaError[] {
  let out = errors;
  // Deepest first, so an inner union is settled before the one around it.
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const union of unions) {
    const prefix = `${union.schemaPath}/`;
    const inBranch = (e: SchemaError) =>
      e.schemaPath.startsWith(prefix) && (e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`));
    const branchOf = (e: SchemaError) => Number(e.schemaPath.slice(prefix.length).split('/')[0]);
    const typeErrors = out.filter(
      (e) => inBranch(e) && e.keyword === 'type' && e.instancePath === union.instancePath && e.schemaPath === `${prefix}${branchOf(e)}/type`,
    );
    const mismatched = new Set(typeErrors.map(branchOf));
    // Errors below the union's value (or non-type errors of a branch) come from a branch whose
    // type matched: branches with the wrong type never look deeper.
    const fromMatchingBranch = out.some(
      (e) =>
        e !== union &&
        !typeErrors.includes(e) &&
        (e.instancePath === union.instancePath ? inBranch(e) : e.instancePath.startsWith(`${union.instancePath}/`)),
    );
    if (fromMatchingBranch) {
      out = out.filter((e) => e !== union && !(inBranch(e) && mismatched.has(branchOf(e))));
    } else {
      const types = typeErrors.map((e) => String(e.params['type']));
      const replacement: SchemaError = {
        instancePath: union.instancePath,
        schemaPath: `${union.schemaPath}/type`,
        keyword: 'type',
        params: { type: [...new Set(types)].join(',') },
      };
      out = out.filter((e) => e !== union && !inBranch(e));
      out.push(replacement);
    }
  }
  return out;
}

function pathOf(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let v = data;
  for (const segment of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[segment];
  }
  return v;
}

/** The field an error is about, for messages: `aggregation`, `attributes[2]`, `the document`. */
function fieldName(path: readonly string[]): string {
  if (path.length === 0) return 'the definition';
  const last = path[path.length - 1] ?? '';
  if (/^\d+$/.test(last)) {
    const parent = path[path.length - 2] ?? 'list';
    return `${parent}[${last}]`;
  }
  return last;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'empty',
};

function describeTypes(types: string): string {
  const words = [...new Set(types.split(',').map((t) => TYPE_WORDS[t.trim()] ?? t.trim()))];
  if (words.length <= 1) return words[0] ?? types;
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'number' && Number.isInteger(value) ? 'the integer' : `the ${typeof value}`} ${String(value)}`;
}

/** The code of a constraint error, from the field it is about (the schema is ours, so field names are unambiguous). */
function constraintCode(keyword: string, path: readonly string[], data: unknown): string {
  const last = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  const grand = path[path.length - 3] ?? '';
  if (keyword === 'minItems' || keyword === 'maxItems') {
    if (last === 'attribute_groups') return keyword === 'minItems' ? 'empty-service' : 'too-many-groups';
    return keyword === 'minItems' ? 'empty-criteria' : 'too-many-conditions';
  }
  if (/^\d+$/.test(last)) {
    if (parent === 'events') return 'invalid-event';
    if (parent === 'attribute_groups' || parent === 'payload_attribute_groups') return 'invalid-group-reference';
    return 'invalid-name';
  }
  if (parent === 'batch_source' && last !== 'name') return 'invalid-batch-source';
  if (last === 'property' || parent === 'property' || (grand === 'property' && last === 'name')) {
    return last === 'name' && isAtomicName(path, data) ? 'unknown-atomic-property' : 'invalid-property';
  }
  if (last === 'ttl' || last === 'period') return 'invalid-duration';
  if (last === 'version') return 'invalid-version';
  if (last === 'attribute') return 'invalid-attribute-reference';
  return 'invalid-name';
}

function toDiagnostic(document: SourceDocument, error: SchemaError): Diagnostic {
  const path = pathOf(error.instancePath);
  const doc = document.doc as Document.Parsed;
  const value = valueAt(document.data, path);
  const field = fieldName(path);
  const at = (p: readonly (string | number)[], key = false) => nodeLocation(document, findNode(doc, p, { key }).node);
  const make = (code: string, message: string, loc = at(path), hint?: string): Diagnostic => ({
    severity: 'error',
    code,
    message,
    file: loc.file,
    line: loc.line,
    column: loc.column,
    ...(hint ? { hint } : {}),
  });

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      const properties = error.parentSchema?.['properties'];
      const allowed = properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
      const guess = didYouMean(key, allowed);
      const hint = guess
        ? `did you mean ${guess}?`
        : allowed.length > 0
          ? `allowed here: ${allowed.join(', ')}`
          : undefined;
      const where = path.length === 0 ? '' : ` in ${field}`;
      return make('unknown-key', `unknown key ${key}${where}`, at([...path, key], true), hint);
    }
    case 'required': {
      const missing = String(error.params['missingProperty']);
      if (path.length === 0 && missing === 'kind') {
        return make('missing-kind', 'the definition has no kind', at(path), 'add kind: AttributeKey, AttributeGroup, Service, Intervention or Segment');
      }
      const where = path.length === 0 ? '' : ` in ${field}`;
      return make('missing-field', `missing required field ${missing}${where}`, at(path));
    }
    case 'type': {
      const expected = describeTypes(String(error.params['type']));
      if (value === null || value === undefined) return make('wrong-type', `${field} is empty; it must be ${expected}`);
      return make('wrong-type', `${field} must be ${expected}, not ${describeValue(value)}`);
    }
    case 'enum': {
      const allowed = (error.params['allowedValues'] as unknown[] | undefined)?.map(String) ?? [];
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      const hint = guess ? `did you mean ${guess}?` : allowed.length <= 20 ? `one of: ${allowed.join(', ')}` : undefined;
      if (path.length === 1 && path[0] === 'kind') return make('unknown-kind', `unknown kind ${text}`, at(path), hint);
      if (isAtomicName(path, document.data)) {
        return make('unknown-atomic-property', `unknown atomic property ${text}`, at(path), hint);
      }
      return make('invalid-value', `unknown ${field} ${JSON.stringify(value)}`, at(path), hint);
    }
    case 'const':
      return make('invalid-value', `${field} must be ${JSON.stringify(error.params['allowedValue'])}, not ${describeValue(value)}`);
    default: {
      const code = constraintCode(error.keyword, path, document.data);
      if (code === 'invalid-duration' && typeof value === 'string') {
        return make(code, `${field} ${JSON.stringify(value)} is not a duration`, at(path), durationHint(value));
      }
      const problem = code === 'invalid-name' && typeof value === 'string' ? nameProblem(value) : undefined;
      if (problem) return make(code, `${field} ${JSON.stringify(value)} ${problem.message}`, at(path), problem.hint);
      return make(code, `${field} ${constraintMessage(error, value)}`);
    }
  }
}

function constraintMessage(error: SchemaError, value: unknown): string {
  const p = error.params;
  switch (error.keyword) {
    case 'pattern':
      return `${describeValue(value)} does not have the expected form`;
    case 'minLength':
      return `must have at least ${String(p['limit'])} characters`;
    case 'maxLength':
      return `must have at most ${String(p['limit'])} characters`;
    case 'minimum':
      return `must be at least ${String(p['limit'])}, not ${String(value)}`;
    case 'maximum':
      return `must be at most ${String(p['limit'])}, not ${String(value)}`;
    case 'minItems':
      return `must have at least ${String(p['limit'])} item${p['limit'] === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${String(p['limit'])} items`;
    default:
      return error.message ?? 'is not valid';
  }
}
