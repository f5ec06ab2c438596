/**
 * The YAML layer: one source text → its documents, with positions, and the syntax problems of
 * each. Guards against inputs that are not text (NUL and other control bytes), duplicate keys,
 * and alias bombs (expansion is capped, so a billion-laughs file fails fast instead of eating
 * memory).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import type { SourceLocation } from '../model.js';

export interface DefinitionSource {
  /** The file name used in diagnostics (relative to the working directory, `/` separators). */
  file: string;
  text: string;
}

export interface SourceDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain data of the document. */
  data: unknown;
  location: SourceLocation;
}

/** Aliases a document may expand; generous for anchored tag lists, fatal for alias bombs. */
export const MAX_ALIAS_COUNT = 1000;
/** Syntax errors reported per file before the rest are summarised. */
const MAX_SYNTAX_ERRORS = 20;

// Control characters other than tab, line feed and carriage return never occur in YAML text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

export function parseYamlSource(source: DefinitionSource): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  const { file } = source;
  const text = source.text.startsWith('\uFEFF') ? source.text.slice(1) : source.text;
  const diagnostics: Diagnostic[] = [];

  const control = CONTROL.exec(text);
  if (control) {
    const { line, column } = offsetToLineColumn(text, control.index);
    const char = control[0];
    const what = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    diagnostics.push({
      severity: 'error',
      code: 'binary-content',
      message: `this is not a YAML text file: it contains the control character ${what}`,
      file,
      line,
      column,
      hint: 'definition files must be UTF-8 YAML; move other files out of the definitions path',
    });
    return { documents: [], diagnostics };
  }

  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const documents: SourceDocument[] = [];
  let syntaxErrors = 0;
  let omitted = 0;

  docs.forEach((doc, index) => {
    for (const warning of doc.warnings) {
      const pos = warning.linePos?.[0];
      diagnostics.push({
        severity: 'warning',
        code: 'yaml-warning',
        message: firstLine(warning.message),
        file,
        line: pos?.line ?? 1,
        column: pos?.col ?? 1,
      });
    }
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        if (syntaxErrors >= MAX_SYNTAX_ERRORS) {
          omitted++;
          continue;
        }
        syntaxErrors++;
        diagnostics.push(syntaxDiagnostic(file, text, error));
      }
      return;
    }
    const contents = doc.contents as Node | null;
    if (contents === null || (isScalar(contents) && contents.value === null && contents.range?.[0] === contents.range?.[1])) return;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const pos = lineCounter.linePos(contents.range?.[0] ?? 0);
      const aliasBomb = error instanceof ReferenceError && /alias/i.test(error.message);
      diagnostics.push({
        severity: 'error',
        code: aliasBomb ? 'yaml-alias-limit' : 'yaml-syntax',
        message: aliasBomb
          ? `this document expands more than ${MAX_ALIAS_COUNT} aliases; that is refused as a resource-exhaustion attack`
          : firstLine(error instanceof Error ? error.message : String(error)),
        file,
        line: pos.line,
        column: pos.col,
        ...(aliasBomb ? { hint: 'use fewer nested aliases' } : {}),
      });
      return;
    }
    const pos = lineCounter.linePos(contents.range?.[0] ?? 0);
    documents.push({ file, index, doc, lineCounter, data, location: { file, line: pos.line, column: pos.col } });
  });

  if (omitted > 0) {
    diagnostics.push({
      severity: 'error',
      code: 'yaml-syntax',
      message: `${omitted} more YAML syntax errors not shown`,
      file,
      line: lineCounter.linePos(text.length).line,
      column: 1,
    });
  }
  if (docs.length === 0 || (documents.length === 0 && diagnostics.length === 0)) {
    diagnostics.push({
      severity: 'warning',
      code: 'empty-file',
      message: 'the file holds no definitions',
      file,
      line: 1,
      column: 1,
      hint: 'add a definition with a kind, or delete the file',
    });
  }
  return { documents, diagnostics };
}

const YAML_CODES: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'duplicate-key',
  TAB_AS_INDENT: 'yaml-tab-indent',
  BAD_INDENT: 'yaml-indentation',
  MISSING_CHAR: 'yaml-syntax',
};

function syntaxDiagnostic(
  file: string,
  text: string,
  error: { code: string; message: string; pos: [number, number]; linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, { line: number; col: number }] },
): Diagnostic {
  const pos = error.linePos?.[0];
  const code = YAML_CODES[error.code] ?? 'yaml-syntax';
  const quote = /Missing closing (["'])quote/.exec(error.message)?.[1];
  if (quote) {
    // Point at the quote that was opened, not at the end of the file where the parser gave up.
    const start = openingQuote(text, error.pos[0], quote);
    const at = offsetToLineColumn(text, start);
    return {
      severity: 'error',
      code,
      message: `this ${quote === '"' ? 'double' : 'single'}-quoted string is never closed`,
      file,
      line: at.line,
      column: at.column,
      hint: `add the closing ${quote}`,
    };
  }
  const line = pos?.line ?? 1;
  const message = firstLine(error.message);
  const d: Diagnostic = { severity: 'error', code, message, file, line, column: pos?.col ?? 1 };
  const sourceLine = text.split(/\r?\n/)[line - 1] ?? '';
  const unclosed = /flow (sequence|mapping)|end with a [\]}]/i.test(message);
  if (/\t/.test(sourceLine.slice(0, sourceLine.length - sourceLine.trimStart().length))) {
    d.code = 'yaml-tab-indent';
    d.hint = 'YAML indentation must use spaces, not tabs';
  } else if (/:\s*[>|][=<>!]/.test(sourceLine)) {
    d.hint = 'quote operators that start with > or |, e.g. operator: ">="';
  } else if (error.code === 'DUPLICATE_KEY') {
    d.hint = 'each key may appear once per mapping';
  } else if (unclosed) {
    d.code = 'yaml-syntax';
    d.hint = 'check for an unclosed bracket [ or brace {';
  } else if (/same column|without - indicator|indent/i.test(message)) {
    d.code = 'yaml-indentation';
    d.hint = 'keys of one mapping start at the same column, and list items with "- " under their key';
  } else if (/followed by map values/i.test(message)) {
    d.hint = 'a key needs a colon and a space after it: key: value';
  }
  return d;
}

/** Offset of the last unescaped `quote` before `end`: the start of an unterminated quoted string. */
function openingQuote(text: string, end: number, quote: string): number {
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"' && text[i - 1] === '\\') continue;
    if (quote === "'" && (text[i - 1] === "'" || text[i + 1] === "'")) {
      i--;
      continue;
    }
    return i;
  }
  return 0;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The YAML node at `path` inside a document, walking as deep as the document goes. With
 * `key: true` and a path that ends on a mapping key, the key node itself is returned.
 */
export function findNode(doc: Document.Parsed, path: readonly (string | number)[], options: { key?: boolean } = {}): { node: Node | null; depth: number } {
  let node = doc.contents as Node | null;
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? node;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      if (!pair) break;
      if (options.key && i === path.length - 1) return { node: pair.key as Node, depth: depth + 1 };
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && /^\d+$/.test(String(segment))) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (item === undefined) break;
      node = item;
    } else {
      break;
    }
    depth++;
  }
  return { node, depth };
}

export function nodeLocation(document: SourceDocument, node: Node | null): SourceLocation {
  const offset = node?.range?.[0];
  if (offset === undefined) return document.location;
  const pos = document.lineCounter.linePos(offset);
  return { file: document.file, line: pos.line, column: pos.col };
}
