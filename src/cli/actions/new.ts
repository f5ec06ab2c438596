import { createDefinitionFile } from '../../app/new-definition.js';
import type { CliContext } from '../context.js';

export interface NewFlags {
  out?: string;
  force?: boolean;
}

export default async function run(ctx: CliContext, kind: string, name: string, flags: NewFlags): Promise<number> {
  const { out, globals } = ctx;
  const result = await createDefinitionFile({
    cwd: ctx.cwd,
    env: ctx.env,
    kind,
    name,
    force: flags.force === true,
    ...(flags.out !== undefined ? { out: flags.out } : {}),
    ...(globals.config !== undefined ? { configFlag: globals.config } : {}),
    ...(globals.definitions !== undefined ? { definitionsFlag: globals.definitions } : {}),
  });
  if (out.json) {
    out.document({ schema_version: 1, ok: true, ...result });
    return 0;
  }
  out.result(`${result.overwritten ? 'Overwrote' : 'Wrote'} ${result.file} (${result.kind} ${result.name})`);
  out.info('Edit it, then run `signals validate`.');
  return 0;
}
