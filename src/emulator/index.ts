export { startEmulator, isLoopback, type EmulatorOptions, type RunningEmulator, type RecordedRequest, type EmulatorRequestLog } from './server.js';
export { AttributeStore, type AttributeValue, type AttributeValuesSnapshot } from './attribute-store.js';
export { Registry, type Reply } from './registry.js';
export type { SemanticCheck } from './validation.js';
