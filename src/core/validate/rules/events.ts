/** Event filters: vendor, name and version in the forms Iglu and Signals accept. */
import type { RuleContext } from '../context.js';
import { eventsOf, groupAttributes } from '../walk.js';

const VENDOR = /^[a-zA-Z0-9-_.]+$/;
const NAME = /^[a-zA-Z0-9-_]+$/;
const VERSION = /^[0-9]+-[0-9]+-[0-9]+$/;

/** invalid-event, invalid-event-version */
export function eventRefs(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    for (const { event, path } of eventsOf(d)) {
      const { vendor, name, version } = event;
      if (vendor !== undefined && (!VENDOR.test(vendor) || vendor.length > 128)) {
        ctx.report(def, [...path, 'vendor'], 'invalid-event', `event vendor ${JSON.stringify(vendor)} may only contain letters, digits, dots, hyphens and underscores`);
      }
      if (name !== undefined && (!NAME.test(name) || name.length > 128)) {
        ctx.report(def, [...path, 'name'], 'invalid-event', `event name ${JSON.stringify(name)} may only contain letters, digits, hyphens and underscores`);
      }
      if (version !== undefined && !VERSION.test(version)) {
        const dotted = /^\d+\.\d+\.\d+$/.test(version);
        ctx.report(def, [...path, 'version'], 'invalid-event-version', `event version ${JSON.stringify(version)} is not a schema version`, {
          hint: dotted ? `schema versions use dashes: ${version.replace(/\./g, '-')}` : 'write MODEL-REVISION-ADDITION, e.g. 1-0-0, or leave the version out to match every version',
        });
      }
    }
  });
}

/** duplicate-event (warning) */
export function duplicateEvents(ctx: RuleContext): void {
  for (const { def, attribute, path } of groupAttributes(ctx.definitions)) {
    const seen = new Set<string>();
    attribute.events.forEach((e, i) => {
      const key = `${e.vendor ?? '*'}/${e.name ?? '*'}/${e.version ?? '*'}`;
      if (seen.has(key)) {
        ctx.report(def, [...path, 'events', i], 'duplicate-event', `attribute ${attribute.name} lists the event ${key} twice`, { severity: 'warning', hint: 'remove the repeated event' });
      }
      seen.add(key);
    });
  }
}
