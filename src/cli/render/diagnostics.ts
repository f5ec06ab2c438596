/**
 * Diagnostics as text: human (grouped by file, with the source line and a caret), GitHub
 * workflow annotations, and the `validate` JSON document (SPEC section 10). Pure string
 * building; the action writes the result through Output.
 */
import type { ChalkInstance } from 'chalk';
import { countBySeverity, type Diagnostic } from '../../core/diagnostics.js';
import type { Definition } from '../../core/model.js';

export interface DiagnosticsReport {
  definitions: readonly Definition[];
  diagnostics: readonly Diagnostic[];
  /** File texts by the name diagnostics use, for code frames. */
  sources: ReadonlyMap<string, string>;
  /** Number of files read. */
  fileCount: number;
  strict: boolean;
  ok: boolean;
}

const FRAME_CONTEXT = 1;
const MAX_LINE = 160;

export function renderDiagnosticsHuman(report: DiagnosticsReport, style: ChalkInstance, options: { quiet?: boolean } = {}): string {
  const lines: string[] = [];
  const shown = options.quiet ? report.diagnostics.filter((d) => d.severity === 'error') : report.diagnostics;
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of shown) {
    const key = d.file ?? '';
    const list = byFile.get(key) ?? [];
    list.push(d);
    byFile.set(key, list);
  }
  for (const [file, list] of byFile) {
    lines.push(style.underline(file || '(no file)'));
    const text = report.sources.get(file);
    const sourceLines = text?.split(/\r?\n/);
    for (const d of list) {
      const where = d.line !== undefined ? `${d.line}:${d.column ?? 1}` : '';
      const severity = d.severity === 'error' ? style.red('error'.padEnd(7)) : style.yellow('warning');
      lines.push(`  ${style.dim(where.padEnd(7))} ${severity}  ${d.message}  ${style.dim(d.code)}`);
      if (sourceLines && d.line !== undefined) lines.push(...codeFrame(sourceLines, d.line, d.column ?? 1, style));
      if (d.hint) lines.push(`          ${style.cyan('hint:')} ${d.hint}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(report, style));
  return lines.join('\n');
}

function codeFrame(source: readonly string[], line: number, column: number, style: ChalkInstance): string[] {
  const out: string[] = [];
  const first = Math.max(1, line - FRAME_CONTEXT);
  const last = Math.min(source.length, line);
  const width = String(last).length;
  for (let n = first; n <= last; n++) {
    const raw = (source[n - 1] ?? '').replace(/\t/g, ' ');
    const { text, shift } = clip(raw, n === line ? column : 1);
    const gutter = `${n === line ? style.red('>') : ' '} ${String(n).padStart(width)} |`;
    out.push(`        ${n === line ? gutter : style.dim(gutter)} ${n === line ? text : style.dim(text)}`);
    if (n === line) {
      const col = Math.max(1, column - shift);
      const token = /^[^\s,:\]}]+/.exec(text.slice(col - 1))?.[0] ?? '';
      const carets = '^'.repeat(Math.max(1, Math.min(token.length, 40)));
      out.push(`        ${style.dim(`  ${' '.repeat(width)} |`)} ${' '.repeat(col - 1)}${style.red(carets)}`);
    }
  }
  return out;
}

/** A long line cut around the column, with how many characters were cut from the start. */
function clip(text: string, column: number): { text: string; shift: number } {
  if (text.length <= MAX_LINE) return { text, shift: 0 };
  const start = Math.max(0, Math.min(column - 1 - 40, text.length - MAX_LINE));
  const body = text.slice(start, start + MAX_LINE);
  return { text: (start > 0 ? '…' : '') + body + (start + MAX_LINE < text.length ? '…' : ''), shift: start > 0 ? start - 1 : 0 };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(report: DiagnosticsReport, style: ChalkInstance): string {
  const { errors, warnings } = countBySeverity(report.diagnostics);
  const filesWithProblems = new Set(report.diagnostics.map((d) => d.file ?? '')).size;
  if (!report.ok) {
    const strict = errors === 0 && report.strict ? ' (--strict)' : '';
    return style.red(`✖ ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${strict} in ${plural(filesWithProblems, 'file')}`);
  }
  const count = report.definitions.length;
  const base = `✔ ${plural(count, 'definition')} valid`;
  const files = ` (${plural(report.fileCount, 'file')})`;
  return warnings > 0 ? style.yellow(`${base}${files}, ${plural(warnings, 'warning')}`) : style.green(`${base}${files}`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: one `::error` / `::warning` line per diagnostic. */
export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [
        d.file !== undefined ? `file=${escapeProperty(d.file)}` : undefined,
        d.line !== undefined ? `line=${d.line}` : undefined,
        d.column !== undefined ? `col=${d.column}` : undefined,
        `title=${escapeProperty(d.code)}`,
      ].filter((p) => p !== undefined);
      const message = d.hint ? `${d.message} (hint: ${d.hint})` : d.message;
      return `::${d.severity} ${props.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}

export interface ValidateDocument {
  schema_version: 1;
  ok: boolean;
  definitions: { kind: string; name: string; version?: number; file: string | null }[];
  diagnostics: { severity: 'error' | 'warning'; code: string; message: string; file: string | null; line: number; column: number; hint?: string }[];
  summary: { errors: number; warnings: number; files: number; definitions: number };
}

/** The `validate` JSON document (SPEC section 10). */
export function validateDocument(report: DiagnosticsReport): ValidateDocument {
  const { errors, warnings } = countBySeverity(report.diagnostics);
  return {
    schema_version: 1,
    ok: report.ok,
    definitions: report.definitions.map((d) => ({
      kind: d.kind,
      name: d.spec.name,
      ...(d.kind === 'AttributeGroup' || d.kind === 'Intervention' ? { version: d.spec.version } : {}),
      file: d.location?.file ?? null,
    })),
    diagnostics: report.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      file: d.file ?? null,
      line: d.line ?? 1,
      column: d.column ?? 1,
      ...(d.hint ? { hint: d.hint } : {}),
    })),
    summary: { errors, warnings, files: report.fileCount, definitions: report.definitions.length },
  };
}
