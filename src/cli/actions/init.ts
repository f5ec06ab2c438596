import { initProject } from '../../app/init.js';
import type { CliContext } from '../context.js';

export interface InitFlags {
  template: string;
  force?: boolean;
}

export default async function run(ctx: CliContext, dir: string, flags: InitFlags): Promise<number> {
  const { out } = ctx;
  const result = await initProject({ cwd: ctx.cwd, dir, template: flags.template, force: flags.force === true });
  if (out.json) {
    out.document({ schema_version: 1, ok: true, ...result });
    return 0;
  }
  const overwritten = new Set(result.overwritten);
  const where = result.dir === '.' ? 'the current directory' : result.dir;
  out.result(`Created a project from the ${out.style.bold(result.template)} template in ${where} (${result.files.length} files):`);
  for (const file of result.files) {
    out.result(`  ${overwritten.has(file) ? out.style.yellow('~') : out.style.green('+')} ${file}`);
  }
  if (!result.schema) {
    out.warn('this installation has no built definitions schema; run `signals schema > schema/signals.schema.json` in the project for editor completion');
  }
  out.result('');
  out.result('Next:');
  for (const step of result.next) out.result(`  ${step}`);
  return 0;
}
