/**
 * What `signals plan --replay` reports: for each attribute group and intervention change of a
 * plan, how its behaviour on the replayed events differs between what the target holds now
 * ("before") and what it will hold once the plan is applied ("after").
 */
import type { Value } from '../simulate/values.js';

/** A summary of an attribute's values across keys (non-null values only). */
export type ValueSummary =
  | { kind: 'none'; keys: 0 }
  | { kind: 'number'; keys: number; mean: number; min: number; max: number }
  | { kind: 'string'; keys: number; distinct: number; top: { value: string; keys: number }[] }
  | { kind: 'boolean'; keys: number; true: number; false: number }
  /** Lists and `category_count` dicts: how long they are, and their most common items. */
  | { kind: 'list'; keys: number; mean_length: number; top: { value: string; keys: number }[] }
  | { kind: 'mixed'; keys: number };

export interface ValueExample {
  key: string;
  before: Value;
  after: Value;
}

export type AttributeStatus = 'changed' | 'unchanged' | 'added' | 'removed';

export interface AttributeReplay {
  name: string;
  status: AttributeStatus;
  /** Keys (with values on either side) whose value differs. */
  keys_changed: number;
  /** Keys with a value in the group on either side. */
  keys_compared: number;
  before: ValueSummary;
  after: ValueSummary;
  /** A few keys whose value changed (first by key order). */
  examples: ValueExample[];
}

export interface SegmentReplay {
  name: string;
  before: number;
  after: number;
  /** Keys that join, and that leave, the segment. */
  joined: number;
  left: number;
  examples: { joined: string[]; left: string[] };
}

export interface FiringExample {
  target: { name: string; id: string };
  at: string;
  event_id: string | null;
}

export interface GroupReplay {
  kind: 'AttributeGroup';
  /** What the change is compared with: the version on the target (`travel_view@1`), or null for a new name. */
  compared_with: string | null;
  /** The version after the plan (null when it is deleted). */
  version_after: string | null;
  published: { before: boolean; after: boolean };
  /** Why the values could not be computed, when they could not (e.g. an external batch source). */
  not_computed?: string;
  keys: { before: number; after: number; gained: number; lost: number };
  attributes: AttributeReplay[];
  /** Segments reading this group whose membership changes. */
  segments: SegmentReplay[];
}

export interface InterventionReplay {
  kind: 'Intervention';
  compared_with: string | null;
  version_after: string | null;
  published: { before: boolean; after: boolean };
  /** Live firings: an unpublished side fires nothing (both unpublished: compared as if published). */
  hypothetical: boolean;
  firings: { before: number; after: number };
  targets: { before: number; after: number; gained: number; lost: number; retimed: number };
  examples: { gained: FiringExample[]; lost: FiringExample[]; retimed: { target: { name: string; id: string }; before: string; after: string }[] };
}

export type ChangeReplay = GroupReplay | InterventionReplay;

/** The replayed input, once per plan. */
export interface ReplayInput {
  files: string[];
  events_read: number;
  /** Events that updated a group, with the target's definitions and with the plan's. */
  events_used: { before: number; after: number };
  bad_line_count: number;
  /** The first bad lines (all are counted). */
  bad_lines: { file: string; line: number; reason: string }[];
  /** The evaluation time (the latest event time, or the configured `simulate.now`). */
  now: string | null;
  /** Every segment whose membership changes. */
  segments: SegmentReplay[];
  /** Interventions the plan does not change that fire differently because groups they read change. */
  affected_interventions: AffectedIntervention[];
}

export interface AffectedIntervention extends InterventionReplay {
  name: string;
  version: number;
}
