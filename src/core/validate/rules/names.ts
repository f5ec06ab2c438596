/** Names and versions: the patterns and bounds Signals enforces on every identifier. */
import type { RuleContext } from '../context.js';
import type { Path } from '../walk.js';
import { nameProblem } from '../../names.js';

const WAREHOUSE = /^[A-Za-z0-9_]+$/;
const DATABASE = /^[A-Za-z0-9_-]+$/;
export const MAX_VERSION = 1_000_000;

function checkName(ctx: RuleContext, def: number, path: Path, what: string, name: string): void {
  const problem = nameProblem(name);
  if (problem) {
    ctx.report(def, path, 'invalid-name', `${what} ${JSON.stringify(name)} ${problem.message}`, problem.hint ? { hint: problem.hint } : {});
  }
}

function checkVersion(ctx: RuleContext, def: number, path: Path, what: string, version: number): void {
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
    ctx.report(def, path, 'invalid-version', `${what} ${version} is not a version: versions are whole numbers from 1 to ${MAX_VERSION}`, {
      hint: version <= 0 ? 'versions start at 1' : undefined,
    });
  }
}

/** invalid-name, invalid-version, invalid-batch-source, external-column-mismatch */
export function namesAndVersions(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    checkName(ctx, def, ['name'], `${d.kind} name`, d.spec.name);
    switch (d.kind) {
      case 'AttributeKey': {
        const column = d.spec.external_column;
        if (column !== undefined && column !== d.spec.name) {
          ctx.report(def, ['external_column'], 'external-column-mismatch', `external_column ${JSON.stringify(column)} must equal the key name ${d.spec.name}`, {
            hint: 'Signals requires the attribute key to be named after the warehouse column',
          });
        }
        break;
      }
      case 'AttributeGroup': {
        const g = d.spec;
        checkVersion(ctx, def, ['version'], 'version', g.version);
        checkName(ctx, def, ['attribute_key', 'name'], 'attribute key', g.attribute_key.name);
        (g.attributes ?? []).forEach((a, i) => checkName(ctx, def, ['attributes', i, 'name'], 'attribute name', a.name));
        (g.fields ?? []).forEach((f, i) => checkName(ctx, def, ['fields', i, 'name'], 'field name', f.name));
        const source = g.batch_source;
        if (source) {
          checkName(ctx, def, ['batch_source', 'name'], 'batch source name', source.name);
          const parts = [
            ['database', source.database, DATABASE],
            ['schema', source.schema, WAREHOUSE],
            ['table', source.table, WAREHOUSE],
            ['timestamp_field', source.timestamp_field, WAREHOUSE],
          ] as const;
          for (const [field, value, pattern] of parts) {
            if (!pattern.test(value)) {
              ctx.report(def, ['batch_source', field], 'invalid-batch-source', `batch_source.${field} ${JSON.stringify(value)} may only contain letters, digits${field === 'database' ? ', hyphens' : ''} and underscores`);
            }
          }
        }
        break;
      }
      case 'Service':
        d.spec.attribute_groups.forEach((link, i) => {
          checkName(ctx, def, ['attribute_groups', i, 'name'], 'group', link.name);
          checkVersion(ctx, def, ['attribute_groups', i, 'version'], `group ${link.name} version`, link.version);
        });
        break;
      case 'Intervention':
        checkVersion(ctx, def, ['version'], 'version', d.spec.version);
        (d.spec.target_attribute_keys ?? []).forEach((k, i) => checkName(ctx, def, ['target_attribute_keys', i, 'name'], 'attribute key', k.name));
        (d.spec.payload_attribute_groups ?? []).forEach((link, i) => {
          checkName(ctx, def, ['payload_attribute_groups', i, 'name'], 'group', link.name);
          checkVersion(ctx, def, ['payload_attribute_groups', i, 'version'], `group ${link.name} version`, link.version);
        });
        break;
      case 'Segment':
        break;
    }
  });
}
