/** The shape of ajv's standalone validator and its errors, without importing ajv. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** The schema object holding the failed keyword (ajv `verbose`). */
  parentSchema?: Record<string, unknown>;
}

export interface DocumentValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export interface DefinitionSchemaModule {
  validate: DocumentValidator;
}

/** ajv options for the definition validator, shared by the build and the pre-build fallback. */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true } as const;
