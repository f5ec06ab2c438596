/**
 * Deterministic sample events for a template: `generateEvents` yields the events of N sessions
 * in time order, `generateEventLines` the same as NDJSON or enriched-TSV lines. Pure and lazy:
 * nothing is held beyond the sessions in flight, so any number of sessions streams in constant
 * memory.
 */
import { ecommerceScenario } from './ecommerce.js';
import type { GeneratedEvent } from './event.js';
import { formatEvent, type EventFormat } from './format.js';
import { mediaScenario } from './media.js';
import { quickstartScenario } from './quickstart.js';
import { Random } from './random.js';
import { playTimeline, type Scenario } from './timeline.js';
import { travelScenario } from './travel.js';

export type { EventFormat } from './format.js';
export type { GeneratedEvent } from './event.js';

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  travel: travelScenario,
  ecommerce: ecommerceScenario,
  media: mediaScenario,
  quickstart: quickstartScenario,
};

export const GENERATOR_TEMPLATES = Object.keys(SCENARIOS);

export interface GenerateOptions {
  template: string;
  sessions: number;
  seed: string;
  /** Start of the first session, epoch milliseconds. */
  start: number;
}

export function generateEvents(options: GenerateOptions): Generator<GeneratedEvent> {
  const scenario = SCENARIOS[options.template];
  if (!scenario) throw new Error(`no event generator for template ${options.template}`);
  // The template name is part of the seed so two templates never share visitors.
  const rng = new Random(`${options.template}:${options.seed}`);
  return playTimeline(scenario, rng, { sessions: options.sessions, start: options.start });
}

export function* generateEventLines(options: GenerateOptions & { format: EventFormat }): Generator<string> {
  for (const event of generateEvents(options)) yield formatEvent(event, options.format);
}
