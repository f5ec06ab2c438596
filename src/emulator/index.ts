export { startEmulator, isLoopback, type EmulatorOptions, type RunningEmulator, type RecordedRequest, type EmulatorRequestLog } from './server.js';
export { AttributeStore, type AttributeValue, type AttributeValuesSnapshot } from './attribute-store.js';
export { Registry, type Reply } from './registry.js';
export { LiveValues, liveDefinitions, type LiveNow, type LiveStats } from './live.js';
export { InterventionHub, type InterventionInstance, type TargetKey } from './interventions.js';
export { EventIngestor, type IngestResult } from './ingest.js';
export type { SemanticCheck } from './validation.js';
