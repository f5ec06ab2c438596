/** Style and risk warnings that never fail a run unless --strict. */
import type { RuleContext } from '../context.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** owner-not-email (warning) */
export function owners(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    const owner = (d.spec as { owner?: string }).owner;
    if (owner !== undefined && d.kind !== 'AttributeKey' && !EMAIL.test(owner)) {
      ctx.report(def, ['owner'], 'owner-not-email', `owner ${JSON.stringify(owner)} is not an email address`, {
        severity: 'warning',
        hint: 'the Signals SDKs require owner to be an email address',
      });
    }
  });
}

/** unpublished-dependency (warning) */
export function publishedDependencies(ctx: RuleContext): void {
  const { lookup } = ctx;
  ctx.definitions.forEach((d, def) => {
    if (d.kind === 'Service' && d.spec.is_published) {
      d.spec.attribute_groups.forEach((link, i) => {
        const g = lookup.group(link.name, link.version);
        if (g && !g.spec.is_published) {
          ctx.report(def, ['attribute_groups', i], 'unpublished-dependency', `published service ${d.spec.name} serves ${link.name}@${link.version}, which is not published`, {
            severity: 'warning',
            hint: `publish ${link.name}@${link.version} or set is_published: false on the service`,
          });
        }
      });
    }
    if (d.kind === 'AttributeGroup' && d.spec.is_published) {
      const key = lookup.keys.get(d.spec.attribute_key.name);
      const keyDef = key === undefined ? undefined : ctx.definitions[key];
      if (keyDef?.kind === 'AttributeKey' && !keyDef.spec.is_published) {
        ctx.report(def, ['attribute_key', 'name'], 'unpublished-dependency', `published group ${d.spec.name}@${d.spec.version} is keyed on ${keyDef.spec.name}, which is not published`, {
          severity: 'warning',
        });
      }
    }
  });
}
