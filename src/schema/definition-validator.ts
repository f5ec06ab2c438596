/**
 * The precompiled definition-document validator. The build writes it next to this module's
 * output (`../generated/definition-schema.cjs`), so the CLI never compiles a schema at start-up.
 * In a checkout that has not been built yet (tests run straight from `src/`), it is compiled once
 * from the committed `schema/signals.schema.json` instead; a test keeps the two identical.
 */
import { createRequire } from 'node:module';
import { AJV_OPTIONS, type DefinitionSchemaModule, type DocumentValidator } from './validator-types.js';

const require = createRequire(import.meta.url);

let cached: DefinitionSchemaModule | undefined;

export function definitionSchemaModule(): DefinitionSchemaModule {
  if (cached) return cached;
  try {
    cached = { validate: require('../generated/definition-schema.cjs') as DocumentValidator };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    cached = compileFromCommittedSchema();
  }
  return cached;
}

/** The validator compiled from the committed JSON Schema: the fallback before a build, and a check for tests. */
export function compileFromCommittedSchema(): DefinitionSchemaModule {
  const schema = require('../../schema/signals.schema.json') as Record<string, unknown>;
  const { Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv({ ...AJV_OPTIONS });
  return { validate: ajv.compile(schema) as unknown as DocumentValidator };
}
