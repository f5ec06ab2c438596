/**
 * What the target holds, read through the Signals client and converted to the canonical model
 * the planner compares against. Objects the wire layer cannot read are reported, not dropped
 * silently: a plan that would overwrite one of them is blocked.
 */
import { REMOTE_KINDS } from '../core/model.js';
import type { Finding, RemoteObject, RemoteState } from '../core/plan/types.js';
import type { InvalidRemote, SignalsClient } from '../io/signals-client.js';

export interface RemoteSnapshot {
  state: RemoteState;
  /** Objects the target returned that could not be read. */
  invalid: InvalidRemote[];
  /** Unknown fields the target returned (`Kind/name: path`), ignored like the API ignores them. */
  ignored: string[];
}

/** Every attribute key (but the built-ins), group version, service and intervention version of the target. */
export async function fetchRemoteState(client: Pick<SignalsClient, 'fetchAllDefinitions'>): Promise<RemoteSnapshot> {
  const listing = await client.fetchAllDefinitions();
  const objects: RemoteObject[] = listing.definitions.map((d) => ({ kind: d.kind, spec: d.spec, protect: d.protect }));
  const rank = (o: RemoteObject) => REMOTE_KINDS.indexOf(o.kind);
  objects.sort((a, b) => rank(a) - rank(b) || a.spec.name.localeCompare(b.spec.name) || versionOf(a) - versionOf(b));
  return { state: { objects }, invalid: listing.invalid, ignored: listing.ignored };
}

function versionOf(object: RemoteObject): number {
  return 'version' in object.spec ? object.spec.version : 0;
}

export function invalidAddress(invalid: InvalidRemote): string {
  const versioned = invalid.kind === 'AttributeGroup' || invalid.kind === 'Intervention';
  return `${invalid.kind}/${invalid.name ?? '?'}${versioned && invalid.version !== undefined ? `@${invalid.version}` : ''}`;
}

/**
 * Findings for objects the target returned but this tool cannot read: a warning each, and an
 * error when a local definition has the same identity (the plan cannot tell what would change).
 */
export function unreadableFindings(invalid: readonly InvalidRemote[], localAddresses: ReadonlySet<string>): Finding[] {
  return invalid.map((item) => {
    const address = invalidAddress(item);
    const why = item.issues
      .slice(0, 3)
      .map((i) => `${i.loc.join('.')}: ${i.msg}`)
      .join('; ');
    const clash = localAddresses.has(address);
    return {
      severity: clash ? 'error' : 'warning',
      code: 'unreadable-remote',
      message: `${address} in the target could not be read (${why})${clash ? ', so the plan cannot tell what applying its definition would change' : ' and is left out of the plan'}`,
      hint: clash ? 'check the object in Console, or upgrade signals-as-code' : 'upgrade signals-as-code if the target uses newer Signals features',
    } satisfies Finding;
  });
}
