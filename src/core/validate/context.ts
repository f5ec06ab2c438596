/**
 * What every semantic rule sees: the definitions, lookups over them, the options, and `report`.
 * Rules are small functions `(ctx) => void`, each owning a few codes.
 */
import type { DefinitionIssue, Severity } from '../diagnostics.js';
import {
  BUILTIN_ATTRIBUTE_KEYS,
  type AttributeGroup,
  type Definition,
  type DefinitionKind,
  type Segment,
} from '../model.js';

export interface DefinitionRef {
  kind: DefinitionKind;
  name: string;
  version?: number;
}

export interface ValidateOptions {
  /**
   * `files` (default): definitions kept in local files; a reference to a group defined nowhere
   * here is a warning, since it may exist in Signals. `registry`: the complete state of a Signals
   * registry (the emulator); every reference must resolve and segment leaves are not allowed.
   */
  source?: 'files' | 'registry';
  /** Definitions that exist but could not be parsed: references to them are not reported. */
  unparsed?: readonly DefinitionRef[];
  /** Report issues only about these definitions (indices); the others are context. */
  subjects?: readonly number[];
}

export interface RuleContext {
  readonly definitions: readonly Definition[];
  readonly source: 'files' | 'registry';
  readonly lookup: DefinitionLookup;
  report(definition: number, path: readonly (string | number)[], code: string, message: string, extra?: { hint?: string; severity?: Severity }): void;
}

export type Rule = (ctx: RuleContext) => void;

export interface IndexedGroup {
  index: number;
  spec: AttributeGroup;
}

/** Lookups over the definitions, built once per run. */
export class DefinitionLookup {
  /** Group versions by name, ascending by version. */
  readonly groups = new Map<string, IndexedGroup[]>();
  readonly keys = new Map<string, number>();
  readonly segments = new Map<string, { index: number; spec: Segment }>();
  readonly unparsed: readonly DefinitionRef[];

  constructor(definitions: readonly Definition[], unparsed: readonly DefinitionRef[]) {
    this.unparsed = unparsed;
    definitions.forEach((def, index) => {
      if (def.kind === 'AttributeGroup') {
        const list = this.groups.get(def.spec.name) ?? [];
        list.push({ index, spec: def.spec });
        this.groups.set(def.spec.name, list);
      } else if (def.kind === 'AttributeKey') {
        if (!this.keys.has(def.spec.name)) this.keys.set(def.spec.name, index);
      } else if (def.kind === 'Segment') {
        if (!this.segments.has(def.spec.name)) this.segments.set(def.spec.name, { index, spec: def.spec });
      }
    });
    for (const list of this.groups.values()) list.sort((a, b) => a.spec.version - b.spec.version);
  }

  isBuiltinKey(name: string): boolean {
    return (BUILTIN_ATTRIBUTE_KEYS as readonly string[]).includes(name);
  }

  /** Known attribute key names: built-ins and local AttributeKeys. */
  keyNames(): string[] {
    return [...BUILTIN_ATTRIBUTE_KEYS, ...this.keys.keys()];
  }

  isUnparsed(kind: DefinitionKind, name: string): boolean {
    return this.unparsed.some((r) => r.kind === kind && r.name === name);
  }

  group(name: string, version: number): IndexedGroup | undefined {
    return this.groups.get(name)?.find((g) => g.spec.version === version);
  }

  /** The newest local version of `group` that has `attribute`, as Signals resolves criteria. */
  groupWithAttribute(group: string, attribute: string): IndexedGroup | undefined {
    const versions = this.groups.get(group) ?? [];
    for (let i = versions.length - 1; i >= 0; i--) {
      const g = versions[i];
      if (g && (g.spec.attributes ?? []).some((a) => a.name === attribute) ) return g;
      if (g && (g.spec.fields ?? []).some((f) => f.name === attribute)) return g;
    }
    return undefined;
  }
}

export function createContext(definitions: readonly Definition[], options: ValidateOptions, issues: DefinitionIssue[]): RuleContext {
  const subjects = options.subjects ? new Set(options.subjects) : undefined;
  const seen = new Set<string>();
  return {
    definitions,
    source: options.source ?? 'files',
    lookup: new DefinitionLookup(definitions, options.unparsed ?? []),
    report(definition, path, code, message, extra = {}) {
      if (subjects && !subjects.has(definition)) return;
      const key = `${definition}|${path.join('.')}|${code}|${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      issues.push({
        severity: extra.severity ?? 'error',
        code,
        message,
        ...(extra.hint ? { hint: extra.hint } : {}),
        definition,
        path: [...path],
      });
    },
  };
}
