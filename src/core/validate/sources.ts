/**
 * The whole offline check of definition sources: YAML syntax → schema → normalisation →
 * semantic rules, every diagnostic placed at file:line:column and sorted.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Definition } from '../model.js';
import { locateIssues, parseDefinitionSources, type DefinitionSource, type DefinitionStub } from '../definitions/parse.js';
import { validateDefinitions } from './index.js';

export interface CheckedDefinitions {
  definitions: Definition[];
  diagnostics: Diagnostic[];
  stubs: DefinitionStub[];
}

export function validateDefinitionSources(sources: readonly DefinitionSource[]): CheckedDefinitions {
  const parsed = parseDefinitionSources(sources);
  // A document read without its unknown keys already has errors; warnings about it could come
  // from the missing keys (a misspelt events list reads as "all events"), so only errors count.
  const issues = validateDefinitions(parsed.definitions, { source: 'files', unparsed: parsed.stubs }).filter(
    (issue) => issue.severity === 'error' || !parsed.recovered.has(parsed.definitions[issue.definition] as Definition),
  );
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...locateIssues(parsed, parsed.definitions, issues)]);
  return { definitions: parsed.definitions, diagnostics, stubs: parsed.stubs };
}
