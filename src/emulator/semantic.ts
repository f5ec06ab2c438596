/**
 * The rules of `signals validate`, applied by the emulator to every definition it receives,
 * with the registry's current contents as context (`source: 'registry'`: every reference must
 * resolve). Errors become 422 details; warnings are not the API's business.
 */
import { BUILTIN_ATTRIBUTE_KEYS, type Definition, type RemoteKind } from '../core/model.js';
import { validateDefinitions } from '../core/validate/index.js';
import type { SpecOf, WireIssue } from '../core/wire.js';
import type { Registry } from './registry.js';

export function registryRules<K extends RemoteKind>(kind: K, spec: SpecOf<K>, registry: Registry): WireIssue[] {
  // Re-sending a built-in key is harmless in Signals; there is nothing to check.
  if (kind === 'AttributeKey' && (BUILTIN_ATTRIBUTE_KEYS as readonly string[]).includes(spec.name)) return [];
  const version = (spec as { version?: number }).version;
  const same = (d: Definition) => d.kind === kind && d.spec.name === spec.name && (d.spec as { version?: number }).version === version;
  const subject = { kind, spec, protect: false } as Definition;
  const context = registry.definitions().filter((d) => !same(d));
  return validateDefinitions([subject, ...context], { source: 'registry', subjects: [0] })
    .filter((issue) => issue.severity === 'error')
    // Hints speak the YAML shorthand of definition files; an API answer keeps to the message.
    .map((issue) => ({ loc: ['body', ...issue.path], msg: issue.message, type: issue.code }));
}
