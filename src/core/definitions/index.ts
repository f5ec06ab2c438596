/**
 * Definition files ↔ the canonical model: parsing (YAML, schema, shorthands), writing back as
 * shorthand YAML, and segment expansion. Semantic rules are in `../validate/`.
 */
export { parseDefinitionSources, locateIssues, type DefinitionSource, type DefinitionStub, type ParsedDefinitions } from './parse.js';
export { formatDefinitionObject, formatDefinitionYaml, formatDefinitionsYaml, formatDurationShorthand, DEFAULT_SCHEMA_PATH, type FormatOptions } from './format.js';
export { expandSegments, hasSegmentReferences, type SegmentSource } from './segments.js';
export {
  parseEventShorthand,
  parsePropertyShorthand,
  parseGroupShorthand,
  formatEventShorthand,
  formatPropertyShorthand,
  formatGroupShorthand,
} from './shorthand.js';
