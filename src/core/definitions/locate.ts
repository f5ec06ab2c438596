/**
 * Canonical field path → document path. The canonical model and the file mostly share field
 * names; where a shorthand or an alias changes the shape (a property written as one string,
 * `source` for `offline`, `date_part` beside the property), the path is rewritten and the
 * YAML walk stops at the nearest node that exists.
 */
import type { Definition } from '../model.js';
import type { SourceDocument } from './yaml-source.js';

type Path = readonly (string | number)[];

export function documentPathFor(document: SourceDocument, definition: Definition, path: Path): Path {
  const data = document.data as Record<string, unknown>;
  if (definition.kind === 'AttributeGroup') {
    if (path[0] === 'offline' && data['offline'] === undefined && data['source'] !== undefined) return ['source', ...path.slice(1)];
    if (path[0] === 'attributes' && path[2] === 'property' && path[3] === 'date_part') {
      const attribute = (data['attributes'] as Record<string, unknown>[] | undefined)?.[Number(path[1])];
      if (attribute && attribute['date_part'] !== undefined) return ['attributes', path[1] as number, 'date_part'];
    }
  }
  return path;
}
