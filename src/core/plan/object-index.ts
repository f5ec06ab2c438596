/** A set of remote-kind objects indexed by address and by kind/name, for planning. */
import { isVersionedKind, type AttributeGroup, type RemoteKind } from '../model.js';
import { remoteAddress } from './fingerprint.js';
import type { RemoteObject } from './types.js';

export class ObjectIndex {
  private readonly byAddress = new Map<string, RemoteObject>();
  private readonly byName = new Map<string, RemoteObject[]>();

  constructor(objects: Iterable<RemoteObject> = []) {
    for (const object of objects) this.add(object);
  }

  add(object: RemoteObject): void {
    const address = remoteAddress(object);
    const previous = this.byAddress.get(address);
    this.byAddress.set(address, object);
    const key = `${object.kind}/${object.spec.name}`;
    const list = (this.byName.get(key) ?? []).filter((o) => o !== previous);
    list.push(object);
    list.sort((a, b) => versionOf(a) - versionOf(b));
    this.byName.set(key, list);
  }

  remove(address: string): void {
    const object = this.byAddress.get(address);
    if (!object) return;
    this.byAddress.delete(address);
    const key = `${object.kind}/${object.spec.name}`;
    this.byName.set(key, (this.byName.get(key) ?? []).filter((o) => o !== object));
  }

  getAddress(address: string): RemoteObject | undefined {
    return this.byAddress.get(address);
  }

  get(kind: RemoteKind, name: string, version?: number): RemoteObject | undefined {
    if (version === undefined || !isVersionedKind(kind)) return this.versions(kind, name).at(-1);
    return this.byAddress.get(`${kind}/${name}@${version}`);
  }

  /** Every version of a name, lowest first. */
  versions(kind: RemoteKind, name: string): RemoteObject[] {
    return this.byName.get(`${kind}/${name}`) ?? [];
  }

  /** Published group versions of a name that define the attribute. */
  publishedGroupsWith(name: string, attribute: string): AttributeGroup[] {
    return this.versions('AttributeGroup', name)
      .map((o) => o.spec as AttributeGroup)
      .filter((g) => g.is_published && [...(g.attributes ?? []), ...(g.fields ?? [])].some((a) => a.name === attribute));
  }

  all(kind?: RemoteKind): RemoteObject[] {
    const list = [...this.byAddress.values()];
    return kind === undefined ? list : list.filter((o) => o.kind === kind);
  }

  names(kind: RemoteKind): string[] {
    return [...new Set(this.all(kind).map((o) => o.spec.name))].sort();
  }
}

export function versionOf(object: RemoteObject): number {
  return isVersionedKind(object.kind) ? (object.spec as { version: number }).version : 0;
}
