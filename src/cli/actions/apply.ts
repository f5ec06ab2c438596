import { applyChanges, checkApplyAllowed, prepareApply, type ApplyResult } from '../../app/apply.js';
import { DefinitionsInvalidError } from '../../app/plan.js';
import { changeCount } from '../../core/plan/document.js';
import { ExitCode, RefusedError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { confirm } from '../prompt.js';
import { applyDocument, renderApplyHuman, renderResultLine, resultLabel } from '../render/apply.js';
import { reportDefinitionProblems, reportDefinitionWarnings } from '../render/plan-diagnostics.js';
import { renderPlanHuman } from '../render/plan-human.js';
import { loadCommandSettings, requestHooks } from './plan.js';

export interface ApplyOptions {
  yes?: boolean;
  prune?: boolean;
  allowDeletes?: boolean;
}

export default async function run(ctx: CliContext, planFile: string | undefined, opts: ApplyOptions): Promise<number> {
  const { out } = ctx;
  const settings = await loadCommandSettings(ctx);
  const progress = await out.progress(planFile ? `Reading ${planFile}` : 'Planning');
  let prepared;
  try {
    prepared = await prepareApply({ settings, planFile, prune: opts.prune === true, cwd: ctx.cwd, ...requestHooks(ctx, (t) => progress.update(t)) });
  } catch (error) {
    progress.stop();
    if (error instanceof DefinitionsInvalidError) return reportDefinitionProblems(ctx, error, out.json);
    throw error;
  }
  progress.stop();
  reportDefinitionWarnings(ctx, prepared.diagnostics);
  const { plan, targetInfo } = prepared;

  if (changeCount(plan.summary) === 0) {
    if (out.json) out.document({ ...applyDocument([], targetInfo), message: 'Nothing to apply' });
    else out.result('Nothing to apply. Signals matches the definitions.');
    return ExitCode.Ok;
  }

  const gate = checkApplyAllowed(prepared, { yes: opts.yes === true, allowDeletes: opts.allowDeletes === true, interactive: ctx.interactive });
  if (!out.json) out.result(renderPlanHuman(plan, targetInfo, out.style) + '\n');
  if (gate.needsConfirmation) {
    const n = plan.changes.length;
    const yes = await confirm(ctx, `Apply ${n} change${n === 1 ? '' : 's'} to target ${targetInfo.name}?`);
    if (!yes) throw new RefusedError('apply-cancelled', 'apply cancelled: nothing was changed');
  }

  const total = plan.changes.length;
  let finished = 0;
  const running = new Set<string>();
  const spinner = await out.progress(`Applying ${total} change${total === 1 ? '' : 's'} to target ${targetInfo.name}`);
  const status = () => `Applying to ${targetInfo.name}: ${finished}/${total} done${running.size ? ` (${[...running].join(', ')})` : ''}`;
  const results: ApplyResult[] = await applyChanges(plan.changes, prepared.client, {
    signal: ctx.stopSignal,
    onStart: (change) => {
      running.add(resultLabel(change));
      spinner.update(status());
    },
    onFinish: (change, result) => {
      running.delete(resultLabel(change));
      finished++;
      spinner.update(status());
      if (!out.spinners) out.info(renderResultLine(result, out.style));
    },
  });
  const failed = results.filter((r) => r.status !== 'done').length;
  if (failed === 0) spinner.succeed(`Applied ${total} change${total === 1 ? '' : 's'} to target ${targetInfo.name}`);
  else spinner.fail(`Apply incomplete on target ${targetInfo.name}`);

  if (out.json) out.document(applyDocument(results, targetInfo));
  else out.result(renderApplyHuman(results, targetInfo, out.style));
  return failed === 0 ? ExitCode.Ok : ExitCode.Remote;
}
