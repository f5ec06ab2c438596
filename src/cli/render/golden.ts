/**
 * `signals test` output: a line per case, a readable diff per failure (expected vs actual per
 * path), a summary line; and the JSON document of SPEC section 10.
 */
import type { ChalkInstance } from 'chalk';
import type { GoldenTestsReport } from '../../app/golden-tests.js';
import type { GoldenFailure } from '../../core/golden/format.js';

function compact(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function failureLines(f: GoldenFailure, style: ChalkInstance): string[] {
  const where = f.line !== undefined ? style.dim(` (line ${f.line})`) : '';
  const lines = [`    ${f.path ? `${style.bold(f.path)}: ` : ''}${f.message}${where}`];
  if ('expected' in f || 'actual' in f) {
    lines.push(`      ${style.green('expected')} ${compact(f.expected)}`);
    lines.push(`      ${style.red('actual  ')} ${compact(f.actual)}`);
  }
  return lines;
}

export function renderGoldenHuman(report: GoldenTestsReport, style: ChalkInstance, options: { quiet?: boolean } = {}): string {
  const lines: string[] = [];
  for (const c of report.cases) {
    if (c.ok) {
      if (!options.quiet) lines.push(`${style.green('✓')} ${style.dim(`${c.file} ›`)} ${c.name}`);
      continue;
    }
    lines.push(`${style.red('✗')} ${style.dim(`${c.file} ›`)} ${c.name}`);
    for (const f of c.failures) lines.push(...failureLines(f, style));
  }
  const files = report.files.length;
  const summary = `${report.cases.length} case${report.cases.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ${report.passed} passed, ${report.failed} failed`;
  if (lines.length > 0) lines.push('');
  lines.push(report.failed > 0 ? style.red(summary) : style.green(summary));
  return lines.join('\n') + '\n';
}

export function goldenDocument(report: GoldenTestsReport): Record<string, unknown> {
  return {
    schema_version: 1,
    passed: report.passed,
    failed: report.failed,
    cases: report.cases.map((c) => ({ file: c.file, name: c.name, ok: c.ok, failures: c.failures })),
    files: report.files,
  };
}
