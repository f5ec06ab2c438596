import { runGoldenTests } from '../../app/golden-tests.js';
import { loadSettings } from '../../app/settings.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';
import { goldenDocument, renderGoldenHuman } from '../render/golden.js';

export default async function run(ctx: CliContext, files: string[], _opts: unknown): Promise<number> {
  const settings = await loadSettings({
    cwd: ctx.cwd,
    env: ctx.env,
    ...(ctx.globals.config !== undefined ? { configFlag: ctx.globals.config } : {}),
    ...(ctx.globals.definitions !== undefined ? { definitionsFlag: ctx.globals.definitions } : {}),
  });
  const report = await runGoldenTests({ settings, files, signal: ctx.stopSignal });
  if (ctx.globals.json) ctx.out.document(goldenDocument(report));
  else ctx.out.result(renderGoldenHuman(report, ctx.out.style, { quiet: ctx.globals.quiet }));
  return report.failed > 0 ? ExitCode.Failure : ExitCode.Ok;
}
