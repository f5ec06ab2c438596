/** Group references of services and intervention payloads. */
import { didYouMean } from '../../diagnostics.js';
import type { GroupLink } from '../../model.js';
import type { RuleContext } from '../context.js';
import type { Path } from '../walk.js';

export const MAX_SERVICE_GROUPS = 100;

/**
 * unknown-group (warning for local files, error for a registry), unknown-group-version.
 * A group defined here must resolve here; one defined nowhere here may exist in Signals.
 */
export function checkGroupLink(ctx: RuleContext, def: number, path: Path, link: GroupLink): void {
  const { lookup } = ctx;
  const versions = lookup.groups.get(link.name);
  if (!versions) {
    if (lookup.isUnparsed('AttributeGroup', link.name)) return;
    const guess = didYouMean(link.name, lookup.groups.keys());
    if (ctx.source === 'registry') {
      ctx.report(def, path, 'unknown-group', `attribute group ${link.name} does not exist`, guess ? { hint: `did you mean ${guess}?` } : {});
    } else {
      ctx.report(def, path, 'unknown-group', `attribute group ${link.name} is not defined here`, {
        severity: 'warning',
        hint: guess ? `did you mean ${guess}? (plan checks that it exists in Signals)` : 'plan checks that it exists in Signals',
      });
    }
    return;
  }
  if (versions.some((g) => g.spec.version === link.version)) return;
  if (lookup.unparsed.some((r) => r.kind === 'AttributeGroup' && r.name === link.name && (r.version ?? 1) === link.version)) return;
  ctx.report(def, path, 'unknown-group-version', `attribute group ${link.name} has no version ${link.version}`, {
    hint: `versions defined: ${versions.map((g) => `${link.name}@${g.spec.version}`).join(', ')}`,
  });
}

/** empty-service, too-many-groups, duplicate-service-group, plus group resolution */
export function serviceGroups(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    if (d.kind !== 'Service') return;
    const links = d.spec.attribute_groups;
    if (links.length === 0) {
      ctx.report(def, ['attribute_groups'], 'empty-service', `service ${d.spec.name} serves no attribute groups`, { hint: 'list at least one group, e.g. attribute_groups: [my_group@1]' });
    }
    if (links.length > MAX_SERVICE_GROUPS) {
      ctx.report(def, ['attribute_groups'], 'too-many-groups', `service ${d.spec.name} lists ${links.length} groups; the limit is ${MAX_SERVICE_GROUPS}`);
    }
    const seen = new Map<string, number>();
    links.forEach((link, i) => {
      const path = ['attribute_groups', i];
      checkGroupLink(ctx, def, path, link);
      const other = seen.get(link.name);
      if (other !== undefined) {
        const same = links[other]?.version === link.version;
        ctx.report(def, path, 'duplicate-service-group', same ? `${link.name}@${link.version} is listed twice` : `service ${d.spec.name} serves two versions of ${link.name}`, {
          severity: same ? 'warning' : 'error',
          hint: same ? 'remove the repeated group' : 'attribute names of the versions would collide: keep one version',
        });
      }
      seen.set(link.name, i);
    });
  });
}

/** service-pins-old-version (warning) */
export function servicePins(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    if (d.kind !== 'Service') return;
    d.spec.attribute_groups.forEach((link, i) => {
      const versions = ctx.lookup.groups.get(link.name);
      const newest = versions?.[versions.length - 1];
      const servesNewer = d.spec.attribute_groups.some((other) => other.name === link.name && other.version > link.version);
      if (newest && !servesNewer && newest.spec.version > link.version && versions?.some((g) => g.spec.version === link.version)) {
        ctx.report(def, ['attribute_groups', i], 'service-pins-old-version', `service ${d.spec.name} serves ${link.name}@${link.version}, but ${link.name}@${newest.spec.version} is defined`, {
          severity: 'warning',
          hint: `serve ${link.name}@${newest.spec.version} when it is ready`,
        });
      }
    });
  });
}

/** Group resolution for payload_attribute_groups. */
export function payloadGroups(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    if (d.kind !== 'Intervention') return;
    (d.spec.payload_attribute_groups ?? []).forEach((link, i) => checkGroupLink(ctx, def, ['payload_attribute_groups', i], link));
  });
}
