import { readDefinitionSchemaText } from '../../io/definition-schema.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';

/** Prints the JSON Schema of definition files; with --json, wrapped in the versioned envelope. */
export default async function run(ctx: CliContext, _opts?: unknown): Promise<number> {
  const text = await readDefinitionSchemaText();
  if (ctx.globals.json) {
    ctx.out.document({ schema_version: 1, schema: JSON.parse(text) as unknown });
  } else {
    ctx.out.raw(text.endsWith('\n') ? text : `${text}\n`);
  }
  return ExitCode.Ok;
}
