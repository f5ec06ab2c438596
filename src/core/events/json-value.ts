/**
 * One parsed JSON value (an NDJSON line, or an element of a JSON array) to events. Recognises:
 * - a lossy event (Analytics SDK, Micro `--output-json`, `/micro/events` items);
 * - a lossless event (`contexts`/`derived_contexts`/`unstruct_event` fields present);
 * - a Snowplow Micro good event `{event: <lossless>, rawEvent, ...}` (unwrapped);
 * - a Micro bad event `{errors: [...], rawEvent|collectorPayload}` (reported as a bad line);
 * - a wrapper `{events: [...]}` (Micro `POST /micro/events`) or a list, whose items are events.
 */
import { quote } from './atomic-types.js';
import type { SnowplowEvent } from './event.js';
import { completeEvent, type UnstructIdentity } from './identity.js';
import { convertLosslessEvent } from './lossless.js';
import { LossyNormaliser, normaliseTimestamps } from './lossy.js';

/** Where parsed events and bad lines go. `line` is the line or record number. */
export interface EventSink {
  event(event: SnowplowEvent, line: number): void;
  bad(line: number, reason: string): void;
}

export class JsonEventConverter {
  private readonly lossy = new LossyNormaliser();

  constructor(private readonly sink: EventSink) {}

  /** Convert one JSON value found at `line`. */
  convert(value: unknown, line: number): void {
    this.convertValue(value, line, 0);
  }

  private convertValue(value: unknown, line: number, depth: number): void {
    if (Array.isArray(value)) {
      if (depth > 1) return this.sink.bad(line, 'a list nested in a list is not an event');
      for (const item of value) this.convertValue(item, line, depth + 1);
      return;
    }
    if (value === null || typeof value !== 'object') {
      return this.sink.bad(line, `not an event object: ${quote(JSON.stringify(value) ?? String(value))}`);
    }
    const obj = value as Record<string, unknown>;
    const inner = obj['event'];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      if (obj['incomplete'] === true) {
        return this.sink.bad(line, 'Snowplow Micro marks this event incomplete (it failed validation)');
      }
      return this.convertEvent(inner as Record<string, unknown>, line);
    }
    if (Array.isArray(obj['events']) && obj['event_id'] === undefined) {
      if (depth > 1) return this.sink.bad(line, 'an events list nested in a list is not an event');
      for (const item of obj['events']) this.convertValue(item, line, depth + 1);
      return;
    }
    if (Array.isArray(obj['errors']) && ('rawEvent' in obj || 'collectorPayload' in obj)) {
      const first: unknown = obj['errors'][0];
      const text = typeof first === 'string' ? first : JSON.stringify(first ?? 'no error message');
      return this.sink.bad(line, `Snowplow Micro bad event: ${quote(text, 160)}`);
    }
    this.convertEvent(obj, line);
  }

  private convertEvent(obj: Record<string, unknown>, line: number): void {
    let event: SnowplowEvent;
    let unstruct: UnstructIdentity | undefined;
    if (obj['contexts'] !== undefined || obj['unstruct_event'] !== undefined || obj['derived_contexts'] !== undefined) {
      const converted = convertLosslessEvent(obj);
      if (!converted.ok) return this.sink.bad(line, converted.reason);
      event = converted.event;
      unstruct = converted.unstruct;
      const bad = normaliseTimestamps(event);
      if (bad !== undefined) return this.sink.bad(line, bad);
    } else {
      const normalised = this.lossy.normalise(obj);
      if (!normalised.ok) return this.sink.bad(line, normalised.reason);
      event = normalised.event;
    }
    const reason = completeEvent(event, unstruct);
    if (reason !== undefined) return this.sink.bad(line, reason);
    this.sink.event(event, line);
  }
}
