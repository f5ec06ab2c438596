/** `signals plan --replay`: the behaviour change of a plan on replayed events. See docs/deploying.md. */
export { compareReplays, segmentReadsGroup, type ReplayComparison, type ReplayComparisonInput, type ReplaySide } from './compare.js';
export { summarizeValues, roundForReport } from './summarize.js';
export type * from './types.js';
