/**
 * Field-level diff of two definitions in their comparable form (normalize.ts). Unchanged
 * fields are hidden; named list items (attributes, fields, pinned groups) are matched by name,
 * so removing one attribute is one change; lists of scalars (an `in` value, event filters) are
 * compared whole.
 */
import type { RemoteKind } from '../model.js';
import { comparableSpec, deepEqual, Keyed, plainValue, type Comparable } from './normalize.js';
import type { FieldChange, RemoteSpec } from './types.js';

/** Fields that identify the object: shown in the change header, never as field lines. */
const IDENTITY_FIELDS = new Set(['name', 'version']);

/** Changes turning `before` into `after`, in the field order of `after`. */
export function diffSpecs(kind: RemoteKind, before: RemoteSpec, after: RemoteSpec): FieldChange[] {
  const changes: FieldChange[] = [];
  const a = comparableSpec(kind, before);
  const b = comparableSpec(kind, after);
  for (const key of unionKeys(a, b)) {
    if (IDENTITY_FIELDS.has(key)) continue;
    diffValue(key, a[key], b[key], changes);
  }
  return changes;
}

/** Every field of a new object as an addition; named list items one line each. */
export function describeCreate(kind: RemoteKind, spec: RemoteSpec): FieldChange[] {
  const changes: FieldChange[] = [];
  const b = comparableSpec(kind, spec);
  for (const [key, value] of Object.entries(b)) {
    if (IDENTITY_FIELDS.has(key)) continue;
    if (value instanceof Keyed) {
      for (const [name, item] of value.entries) changes.push({ path: `${key}[${name}]`, after: plainValue(item) });
    } else {
      changes.push({ path: key, after: plainValue(value) });
    }
  }
  return changes;
}

function diffValue(path: string, a: Comparable | undefined, b: Comparable | undefined, out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path, after: plainValue(b) });
    return;
  }
  if (b === undefined) {
    out.push({ path, before: plainValue(a) });
    return;
  }
  if (a instanceof Keyed && b instanceof Keyed) {
    const keys = [...b.entries.keys(), ...[...a.entries.keys()].filter((k) => !b.entries.has(k))];
    for (const key of keys) {
      diffValue(`${path}[${key}]`, a.entries.get(key) as Comparable | undefined, b.entries.get(key) as Comparable | undefined, out);
    }
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    // A property object that changes type (atomic → event) is one change, not a field soup.
    if (isPropertyType(a['type']) && isPropertyType(b['type']) && a['type'] !== b['type']) {
      out.push({ path, before: plainValue(a), after: plainValue(b) });
      return;
    }
    for (const key of unionKeys(a, b)) diffValue(`${path}.${key}`, a[key], b[key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.length > 0 && a.every(isRecord) && b.every(isRecord)) {
    a.forEach((item, i) => diffValue(`${path}[${i}]`, item, b[i], out));
    return;
  }
  if (!deepEqual(a, b)) out.push({ path, before: plainValue(a), after: plainValue(b) });
}

function isPropertyType(value: unknown): boolean {
  return value === 'atomic' || value === 'event' || value === 'entity';
}

function isRecord(value: unknown): value is { [key: string]: Comparable } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Keyed);
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
}
