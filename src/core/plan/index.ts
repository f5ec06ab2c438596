export * from './types.js';
export { planChanges, type PlanInput } from './planner.js';
export { diffSpecs, describeCreate } from './field-diff.js';
export { comparableSpec, stableStringify, deepEqual } from './normalize.js';
export { inScope, globToRegExp } from './scope.js';
export { fingerprintRemote, compareFingerprints, coversObject, hashObject, remoteAddress, type FingerprintDrift, type RemoteFingerprint } from './fingerprint.js';
export { stageOf, isRemoval } from './order.js';
export { planDocument, summaryLine, changeCount, NO_CHANGES, type PlanDocument, type PlanChangeDocument, type PlanTargetInfo } from './document.js';
