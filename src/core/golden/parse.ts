/**
 * Parse a golden test file. Problems are diagnostics with file:line:column (unknown keys get a
 * "did you mean"); a file with errors yields no cases.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { didYouMean, type Diagnostic } from '../diagnostics.js';
import type { SourceLocation } from '../model.js';
import { toValue } from '../simulate/values.js';
import type { ExpectedFiring, GoldenCase, GoldenEventSpec, GoldenExpectations, GoldenFile } from './format.js';

const FILE_KEYS = ['definitions', 'defaults', 'cases'];
const CASE_KEYS = ['name', 'now', 'defaults', 'events', 'events_file', 'firing', 'expect'];
const EXPECT_KEYS = ['attributes', 'segments', 'interventions'];
const FIRING_KEYS = ['target', 'key', 'at'];
const EVENT_CONVENIENCES = ['event', 'at', 'data', 'entities'];

export interface ParsedGoldenFile {
  file: GoldenFile;
  diagnostics: Diagnostic[];
}

class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  at(node: Node | null | undefined): SourceLocation {
    const pos = this.lines.linePos(node?.range?.[0] ?? 0);
    return { file: this.file, line: pos.line, column: pos.col };
  }

  error(node: Node | null | undefined, code: string, message: string, hint?: string): void {
    this.diagnostics.push({ severity: 'error', code, message, ...this.at(node), ...(hint !== undefined ? { hint } : {}) });
  }

  /** Entries of a mapping, reporting keys outside `allowed`. */
  entries(node: Node | null | undefined, what: string, allowed?: readonly string[]): [string, Node | null, Node][] {
    if (!isMap(node)) {
      this.error(node, 'golden-type', `${what} must be a mapping`);
      return [];
    }
    const out: [string, Node | null, Node][] = [];
    for (const pair of (node as YAMLMap<unknown, unknown>).items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      if (allowed && !allowed.includes(key)) {
        const guess = didYouMean(key, allowed);
        this.error(keyNode, 'golden-unknown-key', `unknown key ${key} in ${what}`, guess ? `did you mean ${guess}?` : `allowed: ${allowed.join(', ')}`);
        continue;
      }
      out.push([key, (pair.value as Node | null) ?? null, keyNode]);
    }
    return out;
  }

  string(node: Node | null, what: string): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
    this.error(node, 'golden-type', `${what} must be a string`);
    return undefined;
  }

  list(node: Node | null, what: string): Node[] {
    if (isSeq(node)) return node.items as Node[];
    this.error(node, 'golden-type', `${what} must be a list`);
    return [];
  }

  json(node: Node | null): unknown {
    return node === null ? null : (node.toJSON() as unknown);
  }
}

export function parseGoldenFile(text: string, file: string): ParsedGoldenFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const r = new Reader(file, lines);
  const result: GoldenFile = { file, cases: [] };
  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    r.diagnostics.push({ severity: 'error', code: 'golden-yaml-syntax', message: e.message.split('\n')[0] ?? e.message, file, line: pos?.line ?? 1, column: pos?.col ?? 1 });
  }
  if (r.diagnostics.length > 0) return { file: result, diagnostics: r.diagnostics };
  const root = doc.contents as Node | null;
  if (!isMap(root)) {
    r.error(root, 'golden-type', 'a golden test file must be a mapping with cases: (or a single case)');
    return { file: result, diagnostics: r.diagnostics };
  }
  const single = (root as YAMLMap).items.some((p) => isScalar(p.key) && p.key.value === 'name');
  let fileDefaults: Record<string, unknown> = {};
  const caseEntries: [string, Node | null, Node][] = [];
  for (const [key, value, keyNode] of r.entries(root, 'the test file', single ? [...new Set([...FILE_KEYS.filter((k) => k !== 'cases'), ...CASE_KEYS])] : FILE_KEYS)) {
    if (key === 'definitions') {
      const v = r.string(value, 'definitions');
      if (v !== undefined) result.definitions = v;
    } else if (key === 'defaults' && !single) {
      fileDefaults = readDefaults(r, value);
    } else if (key === 'cases') {
      const items = r.list(value, 'cases');
      if (items.length === 0 && isSeq(value)) r.error(keyNode, 'golden-empty', 'cases is empty');
      items.forEach((item, i) => {
        const c = readCase(r, item, fileDefaults, `case ${i + 1}`);
        if (c) result.cases.push(c);
      });
    } else {
      caseEntries.push([key, value, keyNode]);
    }
  }
  if (single) {
    const c = readCaseEntries(r, root, caseEntries, {}, 'the case');
    if (c) result.cases.push(c);
  } else if (!(root as YAMLMap).items.some((p) => isScalar(p.key) && p.key.value === 'cases')) {
    r.error(root, 'golden-missing-field', 'a golden test file needs cases: (a list) or a single case with name:');
  }
  const names = new Set<string>();
  for (const c of result.cases) {
    if (names.has(c.name)) r.diagnostics.push({ severity: 'error', code: 'golden-duplicate-case', message: `two cases are named ${c.name}`, ...c.location });
    names.add(c.name);
  }
  return { file: result, diagnostics: r.diagnostics };
}

function readDefaults(r: Reader, node: Node | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of r.entries(node, 'defaults')) out[key] = r.json(value);
  return out;
}

function readCase(r: Reader, node: Node, fileDefaults: Record<string, unknown>, what: string): GoldenCase | undefined {
  return readCaseEntries(r, node, r.entries(node, what, CASE_KEYS), fileDefaults, what);
}

function readCaseEntries(r: Reader, node: Node, entries: [string, Node | null, Node][], fileDefaults: Record<string, unknown>, what: string): GoldenCase | undefined {
  const before = r.diagnostics.length;
  const c: GoldenCase = { name: '', defaults: { ...fileDefaults }, events: [], expect: { attributes: [], segments: [], interventions: [] }, location: r.at(node) };
  let named = false;
  let expected = false;
  for (const [key, value] of entries) {
    switch (key) {
      case 'name': {
        const v = r.string(value, 'name');
        if (v !== undefined) {
          c.name = v;
          named = true;
        }
        break;
      }
      case 'now': {
        const v = r.string(value, 'now');
        if (v !== undefined) c.now = v;
        break;
      }
      case 'defaults':
        Object.assign(c.defaults, readDefaults(r, value));
        break;
      case 'events':
        for (const item of r.list(value, 'events')) {
          const e = readEvent(r, item);
          if (e) c.events.push(e);
        }
        break;
      case 'events_file': {
        const v = r.string(value, 'events_file');
        if (v !== undefined) c.eventsFile = v;
        break;
      }
      case 'firing': {
        const v = r.string(value, 'firing');
        if (v === 'once-per-target' || v === 'every-edge') c.firing = v;
        else if (v !== undefined) r.error(value, 'golden-type', `firing must be once-per-target or every-edge, not ${v}`);
        break;
      }
      case 'expect':
        c.expect = readExpect(r, value);
        expected = true;
        break;
    }
  }
  if (!named) r.error(node, 'golden-missing-field', `${what} has no name`);
  if (!expected) r.error(node, 'golden-missing-field', `${what} has no expect: (attributes, segments or interventions to check)`);
  if (c.events.length === 0 && c.eventsFile === undefined && named) r.error(node, 'golden-missing-field', `case ${c.name} has no events or events_file`);
  return r.diagnostics.length === before ? c : undefined;
}

function readEvent(r: Reader, node: Node): GoldenEventSpec | undefined {
  const spec: GoldenEventSpec = { fields: {}, location: r.at(node) };
  for (const [key, value] of r.entries(node, 'an event')) {
    if (key === 'event') {
      const v = r.string(value, 'event');
      if (v !== undefined) spec.event = v;
    } else if (key === 'at') {
      const v = r.json(value);
      if (typeof v === 'string' || typeof v === 'number') spec.at = v;
      else r.error(value, 'golden-type', 'at must be a time (ISO 8601) or an offset from now such as -5m');
    } else if (key === 'data') {
      const v = r.json(value);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) spec.data = v as Record<string, unknown>;
      else r.error(value, 'golden-type', 'data must be a mapping (the self-describing event data)');
    } else if (key === 'entities') {
      const v = r.json(value);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) spec.entities = v as Record<string, unknown>;
      else r.error(value, 'golden-type', 'entities must map schemas (vendor/name/1-0-0) to an entity or a list of entities');
    } else if (!EVENT_CONVENIENCES.includes(key)) {
      spec.fields[key] = r.json(value);
    }
  }
  return spec;
}

function readExpect(r: Reader, node: Node | null): GoldenExpectations {
  const out: GoldenExpectations = { attributes: [], segments: [], interventions: [] };
  for (const [key, value] of r.entries(node, 'expect', EXPECT_KEYS)) {
    if (key === 'attributes') {
      for (const [group, keysNode] of r.entries(value, 'expect.attributes')) {
        for (const [keyId, attrsNode] of r.entries(keysNode, `expect.attributes.${group}`)) {
          for (const [attribute, v] of r.entries(attrsNode, `expect.attributes.${group}.${keyId}`)) {
            out.attributes.push({ group, key: keyId, attribute, value: toValue(r.json(v)), location: r.at(v ?? attrsNode) });
          }
        }
      }
    } else if (key === 'segments') {
      for (const [name, membersNode] of r.entries(value, 'expect.segments')) {
        const members = r.list(membersNode, `expect.segments.${name}`).map((m) => r.string(m, 'a segment member')).filter((m): m is string => m !== undefined);
        out.segments.push({ name, members, location: r.at(membersNode) });
      }
    } else if (key === 'interventions') {
      for (const [name, firingsNode] of r.entries(value, 'expect.interventions')) {
        const firings: ExpectedFiring[] = [];
        for (const item of r.list(firingsNode, `expect.interventions.${name}`)) {
          if (isScalar(item)) {
            const target = r.string(item, 'a firing target');
            if (target !== undefined) firings.push({ target, location: r.at(item) });
            continue;
          }
          const firing: Partial<ExpectedFiring> = { location: r.at(item) };
          for (const [fk, fv] of r.entries(item, 'a firing', FIRING_KEYS)) {
            if (fk === 'at') {
              const v = r.json(fv);
              if (typeof v === 'string' || typeof v === 'number') firing.at = v;
              else r.error(fv, 'golden-type', 'at must be a time or an offset from now');
            } else {
              const v = r.string(fv, fk);
              if (v !== undefined) firing[fk as 'target' | 'key'] = v;
            }
          }
          if (firing.target === undefined) r.error(item, 'golden-missing-field', 'a firing needs target: (the key id)');
          else firings.push(firing as ExpectedFiring);
        }
        out.interventions.push({ name, firings, location: r.at(firingsNode) });
      }
    }
  }
  return out;
}
