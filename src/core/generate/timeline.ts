/**
 * Schedules sessions on a timeline and merges their events into one stream ordered by
 * derived_tstamp. New visitors arrive at random (a Poisson process); some come back later for
 * more sessions. Memory is bounded by the sessions in flight, not by the number generated.
 */
import type { GeneratedEvent } from './event.js';
import { MinHeap } from './heap.js';
import type { Random } from './random.js';
import { WebSession } from './web-session.js';
import { createVisitor, pickAcquisition, type Visitor } from './visitors.js';

export interface Scenario {
  name: string;
  appId: string;
  host: string;
  /** Campaign names used in utm parameters. */
  campaigns: readonly string[];
  /** Mean seconds between two new visitors. */
  meanArrivalGapSeconds: number;
  /** The traits of a new visitor (persona, preferences), kept for all of its sessions. */
  pickProfile(rng: Random): Record<string, string>;
  /** How many more sessions a new visitor will have. */
  pickReturnVisits(rng: Random, visitor: Visitor): number;
  /** Plays one session: page views, pings and events, through the WebSession. */
  playSession(rng: Random, session: WebSession): void;
}

export interface TimelineOptions {
  sessions: number;
  /** Epoch milliseconds of the first session. */
  start: number;
}

/** Returning visitors come back within this many seconds of their first session. */
const RETURN_WINDOW_SECONDS = 2 * 86_400;

interface PendingSession {
  time: number;
  visitor: Visitor & { sessionCount: number };
  seq: number;
}

interface ActiveSession {
  events: GeneratedEvent[];
  pos: number;
  seq: number;
}

/** Events of `options.sessions` sessions, in non-decreasing derived_tstamp order. */
export function* playTimeline(scenario: Scenario, rng: Random, options: TimelineOptions): Generator<GeneratedEvent> {
  const total = options.sessions;
  let scheduled = 0;
  let seq = 0;
  let nextArrival = options.start;
  const pending = new MinHeap<PendingSession>((a, b) => a.time < b.time || (a.time === b.time && a.seq < b.seq));
  const active = new MinHeap<ActiveSession>((a, b) => {
    const ta = a.events[a.pos]!.time;
    const tb = b.events[b.pos]!.time;
    return ta < tb || (ta === tb && a.seq < b.seq);
  });

  const start = (visitor: PendingSession['visitor'], time: number) => {
    visitor.sessionCount++;
    const session = new WebSession(rng, {
      appId: scenario.appId,
      host: scenario.host,
      visitor,
      sessionId: rng.uuid(),
      sessionIdx: visitor.sessionCount,
      start: time,
      acquisition: pickAcquisition(rng, scenario.campaigns),
    });
    scenario.playSession(rng, session);
    if (session.events.length > 0) active.push({ events: session.events, pos: 0, seq: seq++ });
  };

  for (;;) {
    const canArrive = scheduled < total;
    const nextPending = pending.peek();
    const arrivalTime = canArrive ? nextArrival : Infinity;
    const pendingTime = nextPending ? nextPending.time : Infinity;
    const top = active.peek();
    const eventTime = top ? top.events[top.pos]!.time : Infinity;
    const startTime = Math.min(arrivalTime, pendingTime);
    if (startTime === Infinity && eventTime === Infinity) return;

    if (startTime <= eventTime) {
      if (nextPending && pendingTime <= arrivalTime) {
        pending.pop();
        start(nextPending.visitor, nextPending.time);
        continue;
      }
      scheduled++;
      const visitor = { ...createVisitor(rng, scenario.pickProfile(rng)), sessionCount: 0 };
      // Return visits fall within two days of the first, at least 45 minutes apart.
      const returns = scenario.pickReturnVisits(rng, visitor);
      const offsets: number[] = [];
      for (let i = 0; i < returns && scheduled < total; i++) {
        scheduled++;
        offsets.push(Math.round(rng.float(45 * 60, RETURN_WINDOW_SECONDS) * 1000));
      }
      offsets.sort((a, b) => a - b);
      let previous = nextArrival;
      for (const offset of offsets) {
        previous = Math.max(nextArrival + offset, previous + 45 * 60_000);
        pending.push({ time: previous, visitor, seq: seq++ });
      }
      start(visitor, nextArrival);
      nextArrival += Math.max(1000, Math.round(rng.exponential(scenario.meanArrivalGapSeconds * 1000)));
      continue;
    }

    const current = top!;
    yield current.events[current.pos]!;
    current.pos++;
    if (current.pos < current.events.length) active.updateTop();
    else active.pop();
  }
}
