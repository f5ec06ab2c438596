/** Durations: parseable, positive, and never both a period and a ttl on one attribute. */
import { durationHint, humanDuration, parseDuration } from '../../duration.js';
import type { RuleContext } from '../context.js';
import { durationsOf, groupAttributes } from '../walk.js';

/** invalid-duration */
export function durations(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    for (const { value, path } of durationsOf(d)) {
      const seconds = parseDuration(value);
      const field = String(path[path.length - 1]);
      if (seconds === undefined) {
        ctx.report(def, path, 'invalid-duration', `${field} ${JSON.stringify(value)} is not a duration`, { hint: durationHint(value) });
      } else if (seconds <= 0) {
        ctx.report(def, path, 'invalid-duration', `${field} must be longer than zero, not ${humanDuration(seconds)}`);
      }
    }
  });
}

/** ttl-with-period */
export function ttlOrPeriod(ctx: RuleContext): void {
  for (const { def, attribute, path } of groupAttributes(ctx.definitions)) {
    if (attribute.ttl !== undefined && attribute.period !== undefined) {
      ctx.report(def, [...path, 'ttl'], 'ttl-with-period', `attribute ${attribute.name} has both a period and a ttl`, {
        hint: 'period is a rolling window; ttl expires a lifetime attribute. Keep one',
      });
    }
  }
}
