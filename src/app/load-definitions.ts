/**
 * The project's definitions for commands that need valid ones (plan, simulate, test...): loaded
 * from the settings' definitions path and checked; errors become one FailureError (exit 1) that
 * carries every diagnostic, warnings are returned for the caller to show.
 */
import { sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { FailureError } from '../errors.js';
import { loadDefinitions, type LoadedDefinitions } from '../io/definitions.js';
import type { Settings } from './settings.js';

export class InvalidDefinitionsError extends FailureError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    super(
      'definitions-invalid',
      `the definitions have ${errors.length} error${errors.length === 1 ? '' : 's'}${first ? `; the first: ${first.file ?? ''}${first.line !== undefined ? `:${first.line}:${first.column ?? 1}` : ''} ${first.message}` : ''}`,
      { hint: 'run signals validate to see every problem' },
    );
    this.diagnostics = sortDiagnostics(diagnostics);
  }
}

/** Definitions of the project, or InvalidDefinitionsError when any has an error. */
export async function loadValidDefinitions(settings: Pick<Settings, 'cwd' | 'definitions'>, paths?: readonly string[]): Promise<LoadedDefinitions> {
  const loaded = await loadDefinitions({ cwd: settings.cwd, paths: paths ?? settings.definitions });
  if (loaded.diagnostics.some((d) => d.severity === 'error')) throw new InvalidDefinitionsError(loaded.diagnostics);
  return loaded;
}
