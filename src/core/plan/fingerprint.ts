/**
 * The fingerprint of the remote state a plan was made against: a stable hash of the normalised
 * remote objects the plan depends on. `apply plan.json` recomputes it and refuses a stale plan,
 * naming the objects whose hash changed.
 */
import { createHash } from 'node:crypto';
import { definitionAddress, type Definition } from '../model.js';
import { comparableSpec, stableStringify } from './normalize.js';
import { inScope } from './scope.js';
import type { FingerprintScope, RemoteObject } from './types.js';

export interface RemoteFingerprint {
  fingerprint: string;
  hashes: Record<string, string>;
}

export function remoteAddress(object: RemoteObject): string {
  return definitionAddress(object as Definition);
}

/** `Kind/name` without the version: the unit of the fingerprint's name list. */
export function remoteKindName(object: RemoteObject): string {
  return `${object.kind}/${object.spec.name}`;
}

export function coversObject(fpScope: FingerprintScope, object: RemoteObject): boolean {
  if (fpScope.scope.length === 0) return true;
  return fpScope.names.includes(remoteKindName(object)) || inScope(fpScope.scope, object.kind, object.spec.name);
}

export function hashObject(object: RemoteObject): string {
  const text = stableStringify({ spec: comparableSpec(object.kind, object.spec), is_published: object.spec.is_published });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function fingerprintRemote(objects: readonly RemoteObject[], fpScope: FingerprintScope): RemoteFingerprint {
  const hashes: Record<string, string> = {};
  for (const object of objects) {
    if (coversObject(fpScope, object)) hashes[remoteAddress(object)] = hashObject(object);
  }
  const sorted = Object.keys(hashes).sort();
  const text = sorted.map((address) => `${address}=${hashes[address]}`).join('\n');
  const ordered: Record<string, string> = {};
  for (const address of sorted) ordered[address] = hashes[address] ?? '';
  return { fingerprint: `sha256:${createHash('sha256').update(text).digest('hex')}`, hashes: ordered };
}

export interface FingerprintDrift {
  changed: string[];
  added: string[];
  removed: string[];
}

/** What differs between the hashes saved with a plan and the current ones. */
export function compareFingerprints(saved: Record<string, string>, current: Record<string, string>): FingerprintDrift {
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [address, hash] of Object.entries(current)) {
    if (!(address in saved)) added.push(address);
    else if (saved[address] !== hash) changed.push(address);
  }
  for (const address of Object.keys(saved)) if (!(address in current)) removed.push(address);
  return { changed: changed.sort(), added: added.sort(), removed: removed.sort() };
}
