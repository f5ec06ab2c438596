/**
 * `signals validate`: load the definition files under the given paths (or the project's
 * definitions path) and check them offline. Returns data; the CLI renders it.
 */
import { countBySeverity, type Diagnostic } from '../core/diagnostics.js';
import type { Definition } from '../core/model.js';
import { loadDefinitions, type DefinitionFile } from '../io/definitions.js';

export interface ValidateRequest {
  cwd: string;
  /** Files, directories or globs; relative to cwd or absolute. */
  paths: readonly string[];
  /** Warnings fail the run too. */
  strict: boolean;
}

export interface ValidateResult {
  ok: boolean;
  strict: boolean;
  definitions: Definition[];
  diagnostics: Diagnostic[];
  files: DefinitionFile[];
  errors: number;
  warnings: number;
}

export async function validateProject(request: ValidateRequest): Promise<ValidateResult> {
  const loaded = await loadDefinitions({ cwd: request.cwd, paths: request.paths });
  const { errors, warnings } = countBySeverity(loaded.diagnostics);
  return {
    ok: errors === 0 && (!request.strict || warnings === 0),
    strict: request.strict,
    definitions: loaded.definitions,
    diagnostics: loaded.diagnostics,
    files: loaded.files,
    errors,
    warnings,
  };
}
