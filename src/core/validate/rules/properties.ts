/** Properties: atomic names that exist, schema references and paths Signals can read. */
import { ATOMIC_FIELDS, isAtomicField } from '../../atomic.js';
import { didYouMean } from '../../diagnostics.js';
import type { RuleContext } from '../context.js';
import { propertiesOf } from '../walk.js';

const SCHEMA_NAME = /^[a-zA-Z0-9-_]+$/;
const BAD_PATH = /^\$$|\[['"]/;

/** unknown-atomic-property, invalid-property */
export function properties(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    for (const { property, path } of propertiesOf(d)) {
      if (property.type === 'atomic') {
        if (isAtomicField(property.name)) continue;
        const guess = didYouMean(property.name, ATOMIC_FIELDS);
        let hint = guess ? `did you mean ${guess}?` : 'see the list of atomic fields in docs/definitions.md';
        if (/^(contexts|unstruct_event)_/.test(property.name)) {
          hint = 'entity and event fields are written entity:vendor/name/MAJOR:path or event:vendor/name/MAJOR:path';
        }
        ctx.report(def, [...path, 'name'], 'unknown-atomic-property', `${property.name} is not an atomic event field`, { hint });
        continue;
      }
      const what = property.type === 'event' ? 'event property' : 'entity property';
      if (property.vendor.length === 0) ctx.report(def, [...path, 'vendor'], 'invalid-property', `the ${what} has an empty vendor`);
      if (!SCHEMA_NAME.test(property.name) || property.name.length > 128) {
        ctx.report(def, [...path, 'name'], 'invalid-property', `${what} schema name ${JSON.stringify(property.name)} may only contain letters, digits, hyphens and underscores`);
      }
      if (!Number.isInteger(property.major_version) || property.major_version < 1) {
        ctx.report(def, [...path, 'major_version'], 'invalid-property', `major_version must be a whole number of at least 1, not ${property.major_version}`, {
          hint: 'the major version is the first number of the schema version: 1 for 1-0-0',
        });
      }
      if (property.path.length === 0 || BAD_PATH.test(property.path)) {
        ctx.report(def, [...path, 'path'], 'invalid-property-path', `${what} path ${JSON.stringify(property.path)} cannot be read`, {
          hint: "use dots and [n] indexes, e.g. price or items[0].sku; not $ alone or ['quoted'] access",
        });
      }
      if (property.type === 'entity' && (!Number.isInteger(property.index) || property.index < 0)) {
        ctx.report(def, [...path, 'index'], 'invalid-property', `entity index must be 0 or more, not ${property.index}`);
      }
    }
  });
}
