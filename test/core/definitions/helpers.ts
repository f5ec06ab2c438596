/** Small helpers for definition tests: parse or fully check YAML text held in the test. */
import type { Diagnostic } from '../../../src/core/diagnostics.js';
import type { Definition } from '../../../src/core/model.js';
import { parseDefinitionSources } from '../../../src/core/definitions/parse.js';
import { validateDefinitionSources } from '../../../src/core/validate/sources.js';

export function parse(text: string, file = 'defs.yaml') {
  return parseDefinitionSources([{ file, text }]);
}

/** YAML syntax, schema, normalisation and semantic rules, as `signals validate` runs them. */
export function check(text: string, file = 'defs.yaml') {
  return validateDefinitionSources([{ file, text }]);
}

export function codes(diagnostics: readonly Diagnostic[], severity?: 'error' | 'warning'): string[] {
  return diagnostics.filter((d) => severity === undefined || d.severity === severity).map((d) => d.code);
}

export function withoutLocation(definitions: readonly Definition[]): Omit<Definition, 'location'>[] {
  return definitions.map(({ location: _location, ...rest }) => rest);
}

/** One stream group keyed on domain_userid with the given attribute list (YAML, indented by 2). */
export function groupWith(attributes: string, extra = ''): string {
  return `kind: AttributeGroup\nname: g\nattribute_key: domain_userid\n${extra}attributes:\n${attributes}`;
}
