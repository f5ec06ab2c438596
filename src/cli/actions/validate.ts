import { validateProject } from '../../app/validate.js';
import { loadSettings } from '../../app/settings.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';
import { renderDiagnosticsGithub, renderDiagnosticsHuman, summaryLine, validateDocument, type DiagnosticsReport } from '../render/diagnostics.js';

export interface ValidateOptions {
  format?: 'human' | 'json' | 'github';
  strict?: boolean;
}

export default async function run(ctx: CliContext, paths: string[], opts: ValidateOptions): Promise<number> {
  const format = ctx.globals.json ? 'json' : (opts.format ?? 'human');
  let targets: readonly string[] = paths;
  if (paths.length === 0) {
    const settings = await loadSettings({
      cwd: ctx.cwd,
      env: ctx.env,
      ...(ctx.globals.config !== undefined ? { configFlag: ctx.globals.config } : {}),
      ...(ctx.globals.definitions !== undefined ? { definitionsFlag: ctx.globals.definitions } : {}),
    });
    targets = settings.definitions;
  }
  const result = await validateProject({ cwd: ctx.cwd, paths: targets, strict: opts.strict === true });
  const report: DiagnosticsReport = {
    definitions: result.definitions,
    diagnostics: result.diagnostics,
    sources: new Map(result.files.map((f) => [f.file, f.text])),
    fileCount: result.files.length,
    strict: result.strict,
    ok: result.ok,
  };
  if (format === 'json') {
    ctx.out.document(validateDocument(report));
  } else if (format === 'github') {
    ctx.out.raw(renderDiagnosticsGithub(result.diagnostics));
    ctx.out.info(summaryLine(report, ctx.out.style));
  } else {
    ctx.out.result(renderDiagnosticsHuman(report, ctx.out.style, { quiet: ctx.globals.quiet }));
  }
  return result.ok ? ExitCode.Ok : ExitCode.Failure;
}
