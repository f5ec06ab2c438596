/** What a simulation produces, and the options that shape it. */
import type { SnowplowEvent } from '../events/event.js';
import type { SkippedGroup } from './compile.js';
import type { Value } from './values.js';

export type FiringMode = 'once-per-target' | 'every-edge';

export interface SimulatorOptions {
  /**
   * Fixed evaluation time (epoch ms or ISO 8601). Events after it are ignored (they have not
   * happened yet). Default: the latest event time seen.
   */
  now?: number | string;
  /** Ignore events before this time. */
  since?: number | string;
  /** Only events of these app_ids. */
  appIds?: readonly string[];
  /**
   * Events held back to restore event-time order before they are applied (0: apply in arrival
   * order, as a live emulator does). Input out of order by less than this many events gives the
   * same result as sorted input.
   */
  reorderBuffer?: number;
  /**
   * How late (behind the latest event seen) an event may arrive and still be applied in order.
   * `unbounded` (default): hold events until the buffer is full. `adaptive`: start at zero and
   * grow to twice the largest delay seen, so that sorted input is never held back and unsorted
   * input is reordered after its first few late events.
   */
  reorderLateness?: 'unbounded' | 'adaptive';
  /** Keep at most this many events per key in a rolling window (the legacy stream cap was 100). */
  capWindowEvents?: number;
  /** Interventions without `changed`: once per (intervention, target) (default) or on every false→true edge. */
  firing?: FiringMode;
  /** Record a timeline of the changes of this key's attributes. */
  explainKey?: string;
  /** Most timeline entries kept for `explainKey` (default 10,000). */
  explainLimit?: number;
  /** Called for each intervention firing, in event-time order. */
  onFiring?: (firing: FiringEvent) => void;
  /** Default TTL of stream lifetime values (default 7 days). */
  defaultStreamTtlMs?: number;
  /** Default TTL of batch values (default 365 days). */
  defaultBatchTtlMs?: number;
  /** Applied events between sweeps that drop keys whose every value has expired (default 50,000). */
  sweepEvery?: number;
  /** Most event ids remembered for the batch engine's de-duplication (default 2,000,000). */
  dedupeCapacity?: number;
}

export type IngestOutcome = 'used' | 'unmatched' | 'no-timestamp' | 'before-since' | 'after-now' | 'app-id' | 'duplicate';

export interface SimulationStats {
  /** Events given to `ingest`. */
  ingested: number;
  /** Events that updated at least one attribute key of a group. */
  used: number;
  skipped: {
    no_timestamp: number;
    before_since: number;
    after_now: number;
    app_id: number;
    duplicate: number;
    unmatched: number;
  };
  /** Events applied after a later event had already been applied (beyond the reorder buffer). */
  late: number;
  /** Earliest and latest event time considered (ISO 8601), null without events. */
  first_event_at: string | null;
  last_event_at: string | null;
}

export interface Target {
  name: string;
  id: string;
}

export interface Firing {
  target: Target;
  /** Event time of the triggering event, ISO 8601. */
  at: string;
  event_id: string | null;
}

export interface FiringEvent extends Firing {
  intervention: { name: string; version: number };
  /** Current values of the payload groups (or the referenced groups) for the target, as `group_vN:attribute`. */
  attributes: Record<string, Value>;
}

export interface GroupRow {
  key: string;
  attributes: Record<string, Value>;
}

export interface GroupResult {
  name: string;
  version: number;
  source: 'stream' | 'batch';
  attribute_key: string;
  attributes: string[];
  rows: GroupRow[];
}

export interface SegmentResult {
  name: string;
  attribute_key: string | null;
  /** Keys with values in the groups the segment reads. */
  scanned: number;
  count: number;
  members: string[];
}

export interface InterventionResult {
  name: string;
  version: number;
  attribute_key: string | null;
  firings: Firing[];
}

export interface ExplainEntry {
  at: string;
  event_id: string | null;
  event: string;
  group: string;
  version: number;
  attribute: string;
  before: Value;
  after: Value;
}

export interface ExplainResult {
  key: string;
  entries: ExplainEntry[];
  truncated: boolean;
}

export interface SimulationResult {
  /** Evaluation time (ISO 8601); null when there was no event and no `now`. */
  now: string | null;
  groups: GroupResult[];
  skipped_groups: SkippedGroup[];
  segments: SegmentResult[];
  interventions: InterventionResult[];
  explain: ExplainResult | null;
  stats: SimulationStats;
  warnings: string[];
}

export interface Simulator {
  /** Feed one event (lossy JSON). */
  ingest(event: SnowplowEvent): IngestOutcome;
  /** Apply every event still held in the reorder buffer. */
  flush(): void;
  /**
   * Current values of one group for one key at `now` (default: the latest event time), with
   * default values applied; undefined when the group is not computed here. Reads see applied
   * events only (see `reorderBuffer`).
   */
  read(group: string | { name: string; version?: number }, keyId: string, now?: number): Record<string, Value> | undefined;
  /** Keys that currently have state in a group. */
  keys(group: string | { name: string; version?: number }): string[];
  /** Flush and compute the final report at `now` (default: the fixed `now`, else the latest event time). */
  finish(now?: number): SimulationResult;
  stats(): SimulationStats;
  readonly warnings: readonly string[];
}
