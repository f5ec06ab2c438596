/** The JSON Schema of definition files, as shipped in the package (`schema/signals.schema.json`). */
import { readFile } from 'node:fs/promises';

export const DEFINITION_SCHEMA_URL = new URL('../../schema/signals.schema.json', import.meta.url);

export async function readDefinitionSchemaText(): Promise<string> {
  return readFile(DEFINITION_SCHEMA_URL, 'utf8');
}
