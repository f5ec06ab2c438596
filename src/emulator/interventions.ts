/**
 * Intervention delivery, as Signals does it: subscribers hold `GET /api/v1/interventions?<key>=<id>`
 * open as Server-Sent Events (`data: {InterventionInstance}` then a blank line) and receive every
 * intervention whose target is one of their (attribute key, id) pairs, once per intervention id
 * even when several of their targets are hit. Rule firings come from the live engine; direct
 * interventions from `POST /api/v1/interventions?<key>=<id>`. Comments keep idle streams alive
 * and every stream is ended cleanly when the emulator stops.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FiringEvent } from '../core/simulate/types.js';
import type { Value } from '../core/simulate/values.js';

export interface TargetKey {
  name: string;
  id: string;
}

/** The payload Signals delivers (`InterventionInstance`). */
export interface InterventionInstance {
  intervention_id: string;
  name: string;
  version: number;
  target_attribute_key: TargetKey;
  attributes: Record<string, Value>;
}

export type QueryResult = { ok: true; targets: TargetKey[] } | { ok: false; status: number; error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME = /^[A-Za-z0-9_]{1,128}$/;
/** Intervention ids a subscriber remembers to drop duplicates. */
const REMEMBERED_IDS = 256;

/**
 * `?domain_userid=<uuid>&domain_sessionid=<uuid>` (keys may repeat) → targets. Ids must be UUIDs,
 * as Signals requires (they are not enumerable); keys must exist.
 */
export function parseTargets(query: URLSearchParams, keyExists: (name: string) => boolean): QueryResult {
  const targets: TargetKey[] = [];
  for (const [name, id] of query) {
    if (!NAME.test(name)) return { ok: false, status: 400, error: `${JSON.stringify(name)} is not an attribute key name` };
    if (!keyExists(name)) return { ok: false, status: 400, error: `unknown attribute key ${name}` };
    if (!UUID.test(id)) return { ok: false, status: 400, error: 'only UUIDs allowed as attribute key values' };
    if (!targets.some((t) => t.name === name && t.id === id.toLowerCase())) targets.push({ name, id: id.toLowerCase() });
  }
  if (targets.length === 0) return { ok: false, status: 400, error: 'give at least one attribute key and id, e.g. ?domain_userid=<uuid>' };
  return { ok: true, targets };
}

class Subscriber {
  private readonly recent: string[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly targets: readonly TargetKey[],
    readonly res: ServerResponse,
  ) {}

  matches(target: TargetKey): boolean {
    return this.targets.some((t) => t.name === target.name && t.id === target.id.toLowerCase());
  }

  /** Writes the intervention unless this subscriber already got this intervention id. */
  send(instance: InterventionInstance): boolean {
    if (this.seen.has(instance.intervention_id)) return false;
    this.seen.add(instance.intervention_id);
    this.recent.push(instance.intervention_id);
    if (this.recent.length > REMEMBERED_IDS) this.seen.delete(this.recent.shift() as string);
    this.res.write(`data: ${JSON.stringify(instance)}\n\n`);
    return true;
  }
}

export interface HubOptions {
  /** Milliseconds between keep-alive comments on idle streams. Default 15 000. */
  heartbeatMs?: number;
}

export class InterventionHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeat: NodeJS.Timeout;
  private lastFiring: { key: string; id: string } | undefined;
  /** Interventions delivered to at least one subscriber, and those that reached nobody. */
  readonly stats = { delivered: 0, undelivered: 0 };

  constructor(options: HubOptions = {}) {
    this.heartbeat = setInterval(() => {
      for (const s of this.subscribers) s.res.write(': keep-alive\n\n');
    }, options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Starts an event stream for `targets` on `res`; it ends when the client goes or the hub closes. */
  subscribe(req: IncomingMessage, res: ServerResponse, targets: readonly TargetKey[]): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`: subscribed to ${targets.map((t) => `${t.name}=${t.id}`).join(', ')}\n\n`);
    const subscriber = new Subscriber(targets, res);
    this.subscribers.add(subscriber);
    const drop = () => this.subscribers.delete(subscriber);
    req.on('close', drop);
    res.on('close', drop);
  }

  /** Delivers to every subscriber of `target`; returns how many received it. */
  deliver(instance: InterventionInstance): number {
    let reached = 0;
    for (const s of this.subscribers) if (s.matches(instance.target_attribute_key) && s.send(instance)) reached++;
    if (reached > 0) this.stats.delivered++;
    else this.stats.undelivered++;
    return reached;
  }

  /**
   * A rule firing from the engine. One event fires once per target; those firings share one
   * intervention id, so a subscriber of several of the targets receives it once.
   */
  fire(firing: FiringEvent): number {
    const key = `${firing.intervention.name}@${firing.intervention.version}\u0000${firing.at}\u0000${firing.event_id ?? ''}`;
    if (this.lastFiring?.key !== key) this.lastFiring = { key, id: randomUUID() };
    return this.deliver({
      intervention_id: this.lastFiring.id,
      name: firing.intervention.name,
      version: firing.intervention.version,
      target_attribute_key: { name: firing.target.name, id: firing.target.id },
      attributes: payloadAttributes(firing.attributes),
    });
  }

  /** Ends every stream (the emulator is stopping). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
  }
}

/**
 * The engine names payload values `group_vN:attribute`; Signals delivers plain attribute names
 * (its docs show `{"cart_value": 250.0}`). A name two payload groups share stays qualified.
 */
export function payloadAttributes(qualified: Record<string, Value>): Record<string, Value> {
  const plain = (name: string) => name.slice(name.indexOf(':') + 1);
  const counts = new Map<string, number>();
  for (const name of Object.keys(qualified)) counts.set(plain(name), (counts.get(plain(name)) ?? 0) + 1);
  const out: Record<string, Value> = {};
  for (const [name, value] of Object.entries(qualified)) out[(counts.get(plain(name)) ?? 0) > 1 ? name : plain(name)] = value;
  return out;
}

export type PushResult = { ok: true; status: 'success' | 'undelivered'; reached: number } | { ok: false; status: number; error: string };

/** `POST /api/v1/interventions?<key>=<id>`: a direct intervention, validated like Signals validates it. */
export function pushIntervention(hub: InterventionHub, targets: readonly TargetKey[], body: unknown): PushResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, status: 400, error: 'request body must be a JSON object (an InterventionInstance)' };
  const b = body as Record<string, unknown>;
  if (typeof b['name'] !== 'string' || !NAME.test(b['name'])) return { ok: false, status: 400, error: 'name is required: 1-128 letters, digits or underscores' };
  if (typeof b['version'] !== 'number' || !Number.isInteger(b['version'])) return { ok: false, status: 400, error: 'version is required and must be an integer' };
  const id = b['intervention_id'];
  if (id !== undefined && id !== null && (typeof id !== 'string' || !UUID.test(id))) return { ok: false, status: 400, error: 'intervention_id must be a UUID' };
  const attributes = b['attributes'] ?? {};
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) return { ok: false, status: 400, error: 'attributes must be an object' };
  const interventionId = typeof id === 'string' ? id : randomUUID();
  let reached = 0;
  for (const target of targets) {
    reached += hub.deliver({ intervention_id: interventionId, name: b['name'], version: b['version'], target_attribute_key: target, attributes: attributes as Record<string, Value> });
  }
  return { ok: true, status: reached > 0 ? 'success' : 'undelivered', reached };
}
