/** The shape of ajv's standalone validator and its errors, without importing ajv. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface DocumentValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export interface DefinitionSchemaModule {
  validate: DocumentValidator;
  allowedKeys: Record<string, string[]>;
}
