/**
 * Definition sources → canonical definitions, purely. Layers: YAML syntax → schema (precompiled
 * ajv) → normalisation. Every problem comes back as a positioned Diagnostic; a document with
 * structural errors yields no definition, but its identity is kept as a stub so references to it
 * do not cascade into "unknown reference" errors.
 */
import type { Diagnostic, DefinitionIssue } from '../diagnostics.js';
import type { Definition, DefinitionKind, SourceLocation } from '../model.js';
import { DEFINITION_KINDS } from '../model.js';
import type { DefinitionDocument } from '../../schema/definition-schema.js';
import { normalizeDocument } from './normalize.js';
import type { NormalizeContext } from './normalize-parts.js';
import { documentPathFor } from './locate.js';
import { checkDocumentSchema } from './schema-diagnostics.js';
import { findNode, nodeLocation, parseYamlSource, type DefinitionSource, type SourceDocument } from './yaml-source.js';

export type { DefinitionSource } from './yaml-source.js';

/** The identity of a document that could not become a definition. */
export interface DefinitionStub {
  kind: DefinitionKind;
  name: string;
  version?: number;
  location: SourceLocation;
}

export interface ParsedDefinitions {
  definitions: Definition[];
  diagnostics: Diagnostic[];
  /** Documents with errors that still name a kind and a name. */
  stubs: DefinitionStub[];
  /** Definitions read from a document after dropping its unknown keys: already in error. */
  recovered: ReadonlySet<Definition>;
  /** Where a field of a parsed definition is written (canonical path → nearest YAML node). */
  locate(definition: Definition, path: readonly (string | number)[]): SourceLocation | undefined;
}

export function parseDefinitionSources(sources: readonly DefinitionSource[]): ParsedDefinitions {
  const diagnostics: Diagnostic[] = [];
  const accepted: { document: SourceDocument; data: DefinitionDocument; recovered: boolean }[] = [];
  const stubs: DefinitionStub[] = [];

  for (const source of sources) {
    const parsed = parseYamlSource(source);
    diagnostics.push(...parsed.diagnostics);
    for (const document of parsed.documents) {
      if (document.data === null || typeof document.data !== 'object' || Array.isArray(document.data)) {
        const what = Array.isArray(document.data) ? 'a list' : `the ${typeof document.data} ${JSON.stringify(document.data)}`;
        diagnostics.push({
          severity: 'error',
          code: 'document-not-mapping',
          message: `a definition must be a mapping with a kind, not ${what}`,
          ...document.location,
          hint: 'start the document with kind: AttributeGroup (or another kind) and its fields',
        });
        continue;
      }
      const check = checkDocumentSchema(document);
      diagnostics.push(...check.diagnostics);
      if (check.rejected) {
        const stub = stubOf(document);
        if (stub) stubs.push(stub);
        continue;
      }
      accepted.push({ document, data: (check.data ?? document.data) as DefinitionDocument, recovered: check.data !== undefined });
    }
  }

  const groupVersions = new Map<string, number>();
  const noteGroup = (name: string, version: number) => {
    if (Number.isInteger(version) && version > (groupVersions.get(name) ?? -Infinity)) groupVersions.set(name, version);
  };
  for (const { data } of accepted) if (data.kind === 'AttributeGroup') noteGroup(data.name, data.version ?? 1);
  for (const stub of stubs) if (stub.kind === 'AttributeGroup') noteGroup(stub.name, stub.version ?? 1);

  const definitions: Definition[] = [];
  const origins = new Map<Definition, SourceDocument>();
  const recovered = new Set<Definition>();
  for (const { document, data, recovered: withoutUnknownKeys } of accepted) {
    const ctx: NormalizeContext = {
      failed: false,
      groupVersions,
      report(path, code, message, hint, severity = 'error') {
        const loc = nodeLocation(document, findNode(document.doc, path).node);
        diagnostics.push({ severity, code, message, file: loc.file, line: loc.line, column: loc.column, ...(hint ? { hint } : {}) });
      },
    };
    const definition = normalizeDocument(ctx, data, document.location);
    if (definition) {
      definitions.push(definition);
      origins.set(definition, document);
      if (withoutUnknownKeys) recovered.add(definition);
    } else {
      const stub = stubOf(document);
      if (stub) stubs.push(stub);
    }
  }

  return {
    definitions,
    diagnostics,
    stubs,
    recovered,
    locate(definition, path) {
      const document = origins.get(definition);
      if (!document) return definition.location;
      const docPath = documentPathFor(document, definition, path);
      return nodeLocation(document, findNode(document.doc, docPath).node);
    },
  };
}

/** Places semantic issues in their files. */
export function locateIssues(parsed: Pick<ParsedDefinitions, 'locate'>, definitions: readonly Definition[], issues: readonly DefinitionIssue[]): Diagnostic[] {
  return issues.map((issue) => {
    const definition = definitions[issue.definition];
    const loc = definition ? (parsed.locate(definition, issue.path) ?? definition.location) : undefined;
    return {
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
      ...(loc ? { file: loc.file, line: loc.line, column: loc.column } : {}),
      ...(issue.hint ? { hint: issue.hint } : {}),
    };
  });
}

function stubOf(document: SourceDocument): DefinitionStub | undefined {
  const data = document.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object') return undefined;
  const kind = data['kind'];
  const name = data['name'];
  if (typeof kind !== 'string' || !(DEFINITION_KINDS as readonly string[]).includes(kind) || typeof name !== 'string') return undefined;
  const version = data['version'];
  const stub: DefinitionStub = { kind: kind as DefinitionKind, name, location: document.location };
  if (kind === 'AttributeGroup' || kind === 'Intervention') stub.version = typeof version === 'number' ? version : 1;
  return stub;
}
