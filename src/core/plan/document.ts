/**
 * The plan as the JSON document of SPEC section 10 (`signals plan --json`), and the summary
 * line every renderer closes with.
 */
import type { ChangeReplay, ReplayInput } from '../replay/types.js';
import type { Finding, Plan, PlanSummary } from './types.js';

export interface PlanTargetInfo {
  name: string;
  api_url: string;
}

export interface PlanChangeDocument {
  action: string;
  kind: string;
  name: string;
  version?: number;
  address: string;
  fields: { path: string; before?: unknown; after?: unknown }[];
  /** A new version's fields are relative to this version. */
  based_on?: string;
  warnings: Finding[];
  depends_on: string[];
  id: string;
  file?: string;
  line?: number;
  /** `plan --replay`: the behaviour change on the replayed events. */
  replay?: ChangeReplay;
}

export interface PlanDocument {
  schema_version: 1;
  target: string;
  api_url: string;
  fingerprint: string;
  changes: PlanChangeDocument[];
  summary: PlanSummary;
  notes: Finding[];
  blocked: boolean;
  /** `plan --replay`: what was replayed. */
  replay?: ReplayInput;
}

export function planDocument(plan: Plan, target: PlanTargetInfo): PlanDocument {
  return {
    schema_version: 1,
    target: target.name,
    api_url: target.api_url,
    fingerprint: plan.fingerprint,
    changes: plan.changes.map((c) => {
      const doc: PlanChangeDocument = { action: c.action, kind: c.kind, name: c.name, address: c.address, id: c.id, fields: c.fields, warnings: c.warnings, depends_on: c.depends_on };
      if (c.version !== undefined) doc.version = c.version;
      if (c.based_on !== undefined) doc.based_on = c.based_on;
      if (c.location) {
        doc.file = c.location.file;
        doc.line = c.location.line;
      }
      if (c.replay) doc.replay = c.replay;
      return doc;
    }),
    summary: plan.summary,
    notes: plan.notes,
    blocked: plan.blocked,
    ...(plan.replay ? { replay: plan.replay } : {}),
  };
}

export function summaryLine(summary: PlanSummary): string {
  return `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.publish} to publish, ${summary.unpublish} to unpublish, ${summary.delete} to delete.`;
}

export function changeCount(summary: PlanSummary): number {
  return summary.create + summary.update + summary.publish + summary.unpublish + summary.delete;
}

export const NO_CHANGES = 'No changes. Signals matches the definitions.';
