/** Identities: one definition per identity, one attribute per name, built-ins left alone. */
import { definitionAddress, definitionId, type Definition } from '../../model.js';
import type { RuleContext } from '../context.js';

function where(definition: Definition | undefined): string {
  const loc = definition?.location;
  return loc ? `${loc.file}:${loc.line}` : 'another definition';
}

/** duplicate-definition */
export function uniqueIdentities(ctx: RuleContext): void {
  const first = new Map<string, number>();
  ctx.definitions.forEach((d, def) => {
    const key = `${d.kind}/${definitionId(d)}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, def);
      return;
    }
    const versioned = d.kind === 'AttributeGroup' || d.kind === 'Intervention';
    ctx.report(def, ['name'], 'duplicate-definition', `${definitionAddress(d)} is defined twice (first at ${where(ctx.definitions[earlier])})`, {
      hint: versioned ? 'bump version for a new version, or remove one of them' : 'rename or remove one of them',
    });
  });
}

/** reserved-attribute-key */
export function builtinKeysNotRedefined(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    if (d.kind === 'AttributeKey' && ctx.lookup.isBuiltinKey(d.spec.name)) {
      ctx.report(def, ['name'], 'reserved-attribute-key', `${d.spec.name} is a built-in attribute key and cannot be defined`, {
        hint: 'delete this definition: attribute_key: ' + d.spec.name + ' works without it',
      });
    }
  });
}

/** duplicate-attribute */
export function uniqueAttributeNames(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    if (d.kind !== 'AttributeGroup') return;
    for (const list of ['attributes', 'fields'] as const) {
      const seen = new Map<string, number>();
      (d.spec[list] ?? []).forEach((item, i) => {
        const before = seen.get(item.name);
        if (before === undefined) {
          seen.set(item.name, i);
          return;
        }
        ctx.report(def, [list, i, 'name'], 'duplicate-attribute', `${list === 'attributes' ? 'attribute' : 'field'} ${item.name} appears twice in ${d.spec.name}@${d.spec.version}`, {
          hint: 'attribute names become columns: each must be unique within its group',
        });
      });
    }
  });
}
