/**
 * Semantic validation on the canonical model. It knows nothing of YAML: issues carry the index
 * of the definition and a canonical field path, and the caller places them (the file loader maps
 * them to line and column; the emulator turns them into 422 details). Every rule is a small
 * function; the codes are listed in docs/diagnostics.md.
 */
import type { DefinitionIssue } from '../diagnostics.js';
import type { Definition } from '../model.js';
import { createContext, type Rule, type ValidateOptions } from './context.js';
import { aggregationProperty, aggregationTypes, dateParts, defaultValues, timeUnits } from './rules/aggregations.js';
import { attributeCriteriaShape, attributeCriteriaValues } from './rules/criteria.js';
import { durations, ttlOrPeriod } from './rules/durations.js';
import { duplicateEvents, eventRefs } from './rules/events.js';
import { backfillTimestamps, broadCounters, groupKeys, groupShape } from './rules/groups.js';
import { builtinKeysNotRedefined, uniqueAttributeNames, uniqueIdentities } from './rules/identity.js';
import { singleAttributeKey } from './rules/keys.js';
import { namesAndVersions } from './rules/names.js';
import { properties } from './rules/properties.js';
import { ruleLeaves, ruleShape, segmentCycles, segmentReferences } from './rules/rule-trees.js';
import { payloadGroups, serviceGroups, servicePins } from './rules/services.js';
import { owners, publishedDependencies } from './rules/style.js';

export type { DefinitionRef, ValidateOptions } from './context.js';

export const RULES: readonly Rule[] = [
  namesAndVersions,
  uniqueIdentities,
  builtinKeysNotRedefined,
  uniqueAttributeNames,
  durations,
  ttlOrPeriod,
  eventRefs,
  duplicateEvents,
  properties,
  aggregationTypes,
  aggregationProperty,
  timeUnits,
  dateParts,
  defaultValues,
  attributeCriteriaShape,
  attributeCriteriaValues,
  groupShape,
  groupKeys,
  broadCounters,
  backfillTimestamps,
  serviceGroups,
  servicePins,
  payloadGroups,
  ruleShape,
  ruleLeaves,
  segmentReferences,
  segmentCycles,
  singleAttributeKey,
  owners,
  publishedDependencies,
];

export function validateDefinitions(definitions: readonly Definition[], options: ValidateOptions = {}): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const ctx = createContext(definitions, options, issues);
  for (const rule of RULES) rule(ctx);
  return issues;
}
