/**
 * The keys each closed object of the definition schema allows, by JSON pointer of the object
 * schema (`#/definitions/Attribute`). Unknown-key diagnostics use it for "did you mean".
 * Computed at build time into the generated validator module; pure and TypeBox-free.
 */
export type AllowedKeys = Record<string, string[]>;

export function collectAllowedKeys(schema: unknown): AllowedKeys {
  const out: AllowedKeys = {};
  const walk = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${pointer}/${i}`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const props = record['properties'];
    if (record['additionalProperties'] === false && props !== null && typeof props === 'object') {
      out[pointer] = Object.keys(props);
    }
    for (const [key, value] of Object.entries(record)) {
      if (value !== null && typeof value === 'object') walk(value, `${pointer}/${escapePointer(key)}`);
    }
  };
  walk(schema, '#');
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
