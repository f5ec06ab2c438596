/**
 * `scope:` globs name the remote objects a repository manages; `--prune` only touches those.
 * A glob is matched against the object name (`travel_*`), or against `Kind/name` when it
 * contains a slash (`AttributeGroup/travel_*`). `*` matches any run of characters, `?` one
 * character. A leading `!` excludes: `['*', '!legacy_*']`.
 */
import type { RemoteKind } from '../model.js';

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether an object is in scope. An empty scope contains nothing. */
export function inScope(scope: readonly string[], kind: RemoteKind, name: string): boolean {
  let included = false;
  for (const raw of scope) {
    const negated = raw.startsWith('!');
    const glob = negated ? raw.slice(1) : raw;
    const subject = glob.includes('/') ? `${kind}/${name}` : name;
    if (!globToRegExp(glob).test(subject)) continue;
    if (negated) return false;
    included = true;
  }
  return included;
}
