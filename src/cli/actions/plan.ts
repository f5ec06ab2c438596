import { appendFile } from 'node:fs/promises';
import { DefinitionsInvalidError, makePlan, writePlanFile, type PlanRequest } from '../../app/plan.js';
import { loadSettings, type Settings } from '../../app/settings.js';
import { changeCount, planDocument } from '../../core/plan/document.js';
import { ExitCode, UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { renderPlanGithub } from '../render/plan-github.js';
import { renderPlanHuman } from '../render/plan-human.js';
import { reportDefinitionProblems, reportDefinitionWarnings } from '../render/plan-diagnostics.js';
import { renderPlanMarkdown } from '../render/plan-markdown.js';

export interface PlanOptions {
  out?: string;
  detailedExitcode?: boolean;
  prune?: boolean;
  replay?: string[];
  format?: 'human' | 'json' | 'github' | 'markdown';
}

export function loadCommandSettings(ctx: CliContext): Promise<Settings> {
  return loadSettings({
    cwd: ctx.cwd,
    env: ctx.env,
    requireTarget: true,
    ...(ctx.globals.config !== undefined ? { configFlag: ctx.globals.config } : {}),
    ...(ctx.globals.definitions !== undefined ? { definitionsFlag: ctx.globals.definitions } : {}),
    ...(ctx.globals.target !== undefined ? { targetFlag: ctx.globals.target } : {}),
  });
}

/** The hooks every plan/apply/pull run gives the app layer: secrets, request logging, spinner text. */
export function requestHooks(ctx: CliContext, onStep: (text: string) => void): Pick<PlanRequest, 'onSecrets' | 'onRequest' | 'onStep' | 'signal' | 'version'> {
  return {
    version: ctx.version,
    signal: ctx.stopSignal,
    onSecrets: (secrets) => secrets.forEach((s) => ctx.out.addSecret(s)),
    onRequest: (e) => ctx.out.debug(`${e.method} ${e.path} → ${e.status ?? e.error ?? '?'} in ${e.ms} ms${e.willRetry ? ' (retrying)' : ''}`),
    onStep,
  };
}

export default async function run(ctx: CliContext, opts: PlanOptions): Promise<number> {
  if (opts.replay !== undefined) {
    throw new UsageError('replay-not-supported', '`signals plan --replay` is not supported yet', {
      hint: 'run `signals plan` without --replay; `signals simulate` shows what definitions compute on sample events',
    });
  }
  const format = ctx.globals.json ? 'json' : (opts.format ?? 'human');
  const settings = await loadCommandSettings(ctx);
  const progress = await ctx.out.progress('Planning');
  let result;
  try {
    result = await makePlan({ settings, prune: opts.prune === true, ...requestHooks(ctx, (t) => progress.update(t)) });
  } catch (error) {
    progress.stop();
    if (error instanceof DefinitionsInvalidError) return reportDefinitionProblems(ctx, error, format === 'json');
    throw error;
  }
  progress.stop();
  reportDefinitionWarnings(ctx, result.diagnostics);
  for (const field of result.ignoredRemoteFields) ctx.out.debug(`ignored unknown field from the target: ${field}`);

  const { plan, targetInfo } = result;
  if (format === 'json') ctx.out.document(planDocument(plan, targetInfo));
  else if (format === 'github') ctx.out.raw(renderPlanGithub(plan, targetInfo));
  else if (format === 'markdown') ctx.out.raw(renderPlanMarkdown(plan, targetInfo));
  else ctx.out.result(renderPlanHuman(plan, targetInfo, ctx.out.style));

  const summaryFile = ctx.env['GITHUB_STEP_SUMMARY'];
  if ((format === 'github' || format === 'markdown') && summaryFile) {
    try {
      await appendFile(summaryFile, ctx.out.redact(renderPlanMarkdown(plan, targetInfo)) + '\n', 'utf8');
    } catch (error) {
      ctx.out.warn(`cannot append the plan to GITHUB_STEP_SUMMARY: ${(error as Error).message}`);
    }
  }
  if (opts.out !== undefined) {
    await writePlanFile(opts.out, ctx.cwd, result, { version: ctx.version, now: ctx.clock(), prune: opts.prune === true, redact: (t) => ctx.out.redact(t) });
    ctx.out.info(`Saved the plan to ${opts.out}. Apply exactly this plan with: signals apply ${opts.out}`);
  }
  if (plan.blocked) return ExitCode.Failure;
  if (opts.detailedExitcode && changeCount(plan.summary) > 0) return ExitCode.Changes;
  return ExitCode.Ok;
}
