import { pullDefinitions, type PullResult } from '../../app/pull.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';
import { loadCommandSettings, requestHooks } from './plan.js';

export interface PullOptions {
  out?: string;
  only?: string[];
}

const MARK = { created: '+', updated: '~', unchanged: '=' } as const;

function renderPull(result: PullResult, ctx: CliContext): string {
  const { style } = ctx.out;
  const lines: string[] = [];
  for (const f of result.files) {
    const color = f.status === 'created' ? style.green : f.status === 'updated' ? style.yellow : style.dim;
    lines.push(`${color(`${MARK[f.status]} ${f.file}`)} ${style.dim(`(${f.definitions.join(', ')})`)}`);
  }
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const f of result.files) counts[f.status]++;
  if (lines.length > 0) lines.push('');
  lines.push(
    result.count === 0
      ? `Target ${result.target.name} has no definitions to pull.`
      : `Pulled ${result.count} definition${result.count === 1 ? '' : 's'} from target ${result.target.name} into ${result.out}/: ${counts.created} file${counts.created === 1 ? '' : 's'} created, ${counts.updated} updated, ${counts.unchanged} unchanged.`,
  );
  if (result.localOnly.length > 0) lines.push(style.dim(`Not in the target (left as they are): ${result.localOnly.join(', ')}`));
  return lines.join('\n');
}

export default async function run(ctx: CliContext, opts: PullOptions): Promise<number> {
  const settings = await loadCommandSettings(ctx);
  const progress = await ctx.out.progress('Pulling');
  let result: PullResult;
  try {
    result = await pullDefinitions({ settings, ...(opts.out !== undefined ? { out: opts.out } : {}), ...(opts.only ? { only: opts.only } : {}), ...requestHooks(ctx, (t) => progress.update(t)) });
  } finally {
    progress.stop();
  }
  if (ctx.out.json) {
    ctx.out.document({ schema_version: 1, target: result.target.name, api_url: result.target.api_url, out: result.out, count: result.count, files: result.files, local_only: result.localOnly });
  } else {
    ctx.out.result(renderPull(result, ctx));
  }
  return ExitCode.Ok;
}
