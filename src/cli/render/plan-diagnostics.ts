/** Definition problems met while planning: printed like `validate` prints them, before nothing is planned. */
import type { DefinitionsInvalidError } from '../../app/plan.js';
import { sortDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';

export function diagnosticLine(d: Diagnostic, ctx: CliContext): string[] {
  const style = ctx.out.style;
  const where = d.file ? `${d.file}${d.line !== undefined ? `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}` : ''} ` : '';
  const tag = d.severity === 'error' ? style.red('error') : style.yellow('warning');
  const lines = [`${where}${tag} ${d.message} ${style.dim(`[${d.code}]`)}`];
  if (d.hint) lines.push(`  ${style.dim('hint:')} ${d.hint}`);
  return lines;
}

/** Prints the diagnostics of invalid definitions (stderr, or one JSON document) and returns exit 1. */
export function reportDefinitionProblems(ctx: CliContext, error: DefinitionsInvalidError, json: boolean): number {
  const diagnostics = sortDiagnostics(error.diagnostics);
  if (json) {
    ctx.out.document({
      schema_version: 1,
      ok: false,
      error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}), exit_code: ExitCode.Failure },
      diagnostics,
    });
    return ExitCode.Failure;
  }
  for (const d of diagnostics) for (const line of diagnosticLine(d, ctx)) ctx.out.error(line);
  ctx.out.error(`${ctx.out.style.red('error')} ${error.message}`);
  if (error.hint) ctx.out.error(`${ctx.out.style.dim('hint:')} ${error.hint}`);
  return ExitCode.Failure;
}

/** Warnings do not stop a plan; they are shown on stderr, one line each. */
export function reportDefinitionWarnings(ctx: CliContext, diagnostics: readonly Diagnostic[]): void {
  const warnings = sortDiagnostics(diagnostics.filter((d) => d.severity === 'warning'));
  for (const d of warnings) for (const line of diagnosticLine(d, ctx)) ctx.out.info(line);
}
