/** Durations: parseable, positive, and never both a period and a ttl on one attribute. */
import { humanDuration, parseDuration } from '../../duration.js';
import type { RuleContext } from '../context.js';
import { durationsOf, groupAttributes } from '../walk.js';

const UNIT_WORDS: readonly [RegExp, string][] = [
  [/^sec(ond)?s?$/, 's'],
  [/^min(ute)?s?$/, 'm'],
  [/^h(ou)?rs?$|^hours?$/, 'h'],
  [/^days?$/, 'd'],
  [/^weeks?$/, 'w'],
];

function suggest(text: string): string {
  const m = /^\s*(\d+)\s*([A-Za-z]+)\s*$/.exec(text);
  if (m) {
    const unit = m[2]?.toLowerCase() ?? '';
    const short = UNIT_WORDS.find(([re]) => re.test(unit))?.[1];
    if (short === 'w') return `write ${Number(m[1]) * 7}d or P${m[1]}W`;
    if (short) return `write ${m[1]}${short}`;
  }
  return 'write 30s, 15m, 1h, 7d (or combinations such as 1h30m), or ISO 8601 such as PT15M or P7D';
}

/** invalid-duration */
export function durations(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    for (const { value, path } of durationsOf(d)) {
      const seconds = parseDuration(value);
      const field = String(path[path.length - 1]);
      if (seconds === undefined) {
        ctx.report(def, path, 'invalid-duration', `${field} ${JSON.stringify(value)} is not a duration`, { hint: suggest(value) });
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
