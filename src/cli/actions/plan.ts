import { appendFile } from 'node:fs/promises';
import path from 'node:path';
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
  /** Event logs to replay; `true` (the flag without files) means the configured simulate.events. */
  replay?: string[] | boolean;
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

/** The event logs `--replay` names, or the configured simulate.events for a bare `--replay`. */
function replayInputs(replay: PlanOptions['replay'], settings: Settings, cwd: string): string[] | undefined {
  if (replay === undefined || replay === false) return undefined;
  if (Array.isArray(replay) && replay.length > 0) return replay;
  const configured = settings.simulate.events.map((f) => (f === '-' || !path.isAbsolute(f) ? f : path.relative(cwd, f) || f));
  if (configured.length === 0) {
    throw new UsageError('replay-no-events', '--replay has no event logs to replay', {
      hint: 'name them (signals plan --replay events.ndjson) or set simulate.events in signals.config.yaml',
    });
  }
  return configured;
}

export default async function run(ctx: CliContext, opts: PlanOptions): Promise<number> {
  const format = ctx.globals.json ? 'json' : (opts.format ?? 'human');
  const settings = await loadCommandSettings(ctx);
  const replayFiles = replayInputs(opts.replay, settings, ctx.cwd);
  const progress = await ctx.out.progress('Planning');
  let result;
  try {
    result = await makePlan({ settings, prune: opts.prune === true, ...requestHooks(ctx, (t) => progress.update(t)) });
    if (replayFiles !== undefined) {
      progress.update('Replaying events');
      const { replayPlan } = await import('../../app/replay.js');
      result.plan = await replayPlan({
        cwd: ctx.cwd,
        files: replayFiles,
        plan: result.plan,
        local: result.definitions,
        remote: result.remote,
        ...(settings.simulate.now !== undefined ? { now: settings.simulate.now } : {}),
        stdin: ctx.stdin,
        signal: ctx.stopSignal,
        onProgress: (n) => progress.update(`Replaying events… ${n.toLocaleString('en-US')} read`),
      });
    }
  } catch (error) {
    progress.stop();
    if (error instanceof DefinitionsInvalidError) return reportDefinitionProblems(ctx, error, format === 'json');
    throw error;
  }
  progress.stop();
  reportDefinitionWarnings(ctx, result.diagnostics);
  for (const bad of result.plan.replay?.bad_lines.slice(0, 5) ?? []) ctx.out.warn(`${bad.file}:${bad.line}: ${bad.reason}`);
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
