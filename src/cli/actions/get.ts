import { parseGetFlags, readLiveValues, type GetFlags, type LiveValues } from '../../app/get.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';
import { loadCommandSettings, requestHooks } from './plan.js';

/** `signals get`: flags → live values through the official SDK → a table, or one JSON document. */
export default async function run(ctx: CliContext, flags: GetFlags): Promise<number> {
  const selection = parseGetFlags(flags);
  const settings = await loadCommandSettings(ctx);
  const progress = await ctx.out.progress('Reading live values');
  let result: LiveValues;
  try {
    const { onStep: _unused, ...hooks } = requestHooks(ctx, (t) => progress.update(t));
    result = await readLiveValues({ settings, selection, ...hooks });
  } finally {
    progress.stop();
  }
  if (ctx.out.json) {
    ctx.out.document({
      schema_version: 1,
      target: result.target.name,
      api_url: result.target.api_url,
      ...(result.service !== undefined ? { service: result.service } : {}),
      ...(result.group !== undefined ? { group: result.group } : {}),
      attribute_key: result.attribute_key,
      identifier: result.identifier,
      values: result.values,
    });
    return ExitCode.Ok;
  }
  ctx.out.result(renderLiveValues(result, ctx));
  if (Object.values(result.values).every((v) => v === null)) {
    ctx.out.info(`No values for ${result.attribute_key} ${result.identifier}: the target has computed nothing for it (yet).`);
  }
  return ExitCode.Ok;
}

/** A two-column table: attribute → value (strings as they are, everything else as JSON). */
export function renderLiveValues(result: LiveValues, ctx: Pick<CliContext, 'out'>): string {
  const { style } = ctx.out;
  const source = result.service !== undefined ? `service ${result.service}` : `group ${result.group?.name}@${result.group?.version}`;
  const rows = Object.entries(result.values).map(([name, value]) => [name, value === null ? style.dim('null') : typeof value === 'string' ? value : JSON.stringify(value)] as const);
  const width = Math.max('attribute'.length, ...rows.map(([name]) => name.length));
  const lines = [
    `${style.bold(source)} ${style.dim('·')} ${result.attribute_key} ${result.identifier} ${style.dim(`(target ${result.target.name})`)}`,
    '',
    style.dim(`${'attribute'.padEnd(width)}  value`),
    ...rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`),
  ];
  if (rows.length === 0) lines.push(style.dim('(no attributes)'));
  return lines.join('\n');
}
