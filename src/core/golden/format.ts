/**
 * Golden test files (`*.test.yaml`): cases of events and the attribute values, segment members
 * and intervention firings they must produce. The format is documented in docs/golden-tests.md.
 */
import type { SourceLocation } from '../model.js';
import type { Value } from '../simulate/values.js';

/** An inline event as written: conveniences (`event`, `at`, `data`, `entities`) plus lossy fields. */
export interface GoldenEventSpec {
  /** `page_view`, `page_ping`, `structured`, `vendor/name/1-0-0`, `vendor/name` or an Iglu URI. */
  event?: string;
  /** `-5m` (relative to the case's now), an ISO 8601 time, or absent (one second apart, ending at now). */
  at?: string | number;
  /** Data of the self-describing event. */
  data?: Record<string, unknown>;
  /** Entities by schema: one object or a list. */
  entities?: Record<string, unknown>;
  /** Any other lossy event field (`page_urlpath`, `domain_sessionid`, `contexts_…`). */
  fields: Record<string, unknown>;
  location: SourceLocation;
}

export interface ExpectedFiring {
  target: string;
  /** Target key name (`domain_sessionid`); any when absent. */
  key?: string;
  /** ISO time or offset from now; any time when absent. */
  at?: string | number;
  location: SourceLocation;
}

export interface GoldenExpectations {
  /** group (`name` or `name@version`) → key id → attribute → expected value. */
  attributes: { group: string; key: string; attribute: string; value: Value; location: SourceLocation }[];
  /** segment → exact member list. */
  segments: { name: string; members: string[]; location: SourceLocation }[];
  /** intervention (`name` or `name@version`) → exact firing list. */
  interventions: { name: string; firings: ExpectedFiring[]; location: SourceLocation }[];
}

export interface GoldenCase {
  name: string;
  /** ISO 8601 evaluation time; default: the latest event time. */
  now?: string;
  defaults: Record<string, unknown>;
  events: GoldenEventSpec[];
  /** An event log read in addition to the inline events (path relative to the test file). */
  eventsFile?: string;
  firing?: 'once-per-target' | 'every-edge';
  expect: GoldenExpectations;
  location: SourceLocation;
}

export interface GoldenFile {
  file: string;
  /** Definitions path relative to the test file; default: the project's definitions. */
  definitions?: string;
  cases: GoldenCase[];
}

/** One difference between what a case expects and what the simulation produced. */
export interface GoldenFailure {
  /** Where in the expectations: `attributes.travel_view.s1.page_view_count`, `segments.busy`, `interventions.help`. */
  path: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  line?: number;
  column?: number;
}

export interface GoldenCaseResult {
  file: string;
  name: string;
  ok: boolean;
  failures: GoldenFailure[];
}
