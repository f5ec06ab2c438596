/**
 * Editing a definition document in place for `pull`, keeping the author's comments, key order
 * and shorthands. The edits are driven by the plan's field diff: for each changed path the
 * existing YAML node is found (named list items by name, `travel_view@1` scalars by group name)
 * and only that node changes: a scalar gets its new value in place (its comments stay), a node
 * of another shape is replaced by the freshly formatted one, a removed field is deleted.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type ParsedNode } from 'yaml';
import type { FieldChange } from './types.js';

type Step = { key: string } | { name: string } | { index: number };

/** `attributes[x].criteria.all[0].value` → key, name, key, key, index, key steps. */
export function parseFieldPath(path: string): Step[] {
  const steps: Step[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push(/^\d+$/.test(m[2]) ? { index: Number(m[2]) } : { name: m[2] });
  }
  return steps;
}

interface Slot {
  get(): Node | undefined;
  set(node: Node | undefined): void;
}

/** Whether a list item is the named one: a map with that `name`, or a `name` / `name@version` scalar. */
function isNamedItem(item: unknown, name: string): boolean {
  if (isMap(item)) {
    const n = item.get('name');
    return n === name;
  }
  if (isScalar(item) && typeof item.value === 'string') return item.value === name || item.value.startsWith(`${name}@`);
  return false;
}

function child(node: Node | undefined | null, step: Step): Node | undefined {
  if (!node) return undefined;
  if ('key' in step) return isMap(node) ? ((node.get(step.key, true) as Node | undefined) ?? undefined) : undefined;
  if (!isSeq(node)) return undefined;
  if ('index' in step) return (node.items[step.index] as Node | undefined) ?? undefined;
  return node.items.find((item) => isNamedItem(item, step.name)) as Node | undefined;
}

function slotIn(node: Node | undefined, step: Step): Slot | undefined {
  if (!node) return undefined;
  if ('key' in step) {
    if (!isMap(node)) return undefined;
    return {
      get: () => (node.get(step.key, true) as Node | undefined) ?? undefined,
      set: (value) => (value === undefined ? node.delete(step.key) : node.set(step.key, value)),
    };
  }
  if (!isSeq(node)) return undefined;
  if ('index' in step) {
    if (step.index >= node.items.length) return undefined;
    return {
      get: () => node.items[step.index] as Node | undefined,
      set: (value) => (value === undefined ? node.items.splice(step.index, 1) : (node.items[step.index] = value)),
    };
  }
  return {
    get: () => node.items.find((item) => isNamedItem(item, step.name)) as Node | undefined,
    set: (value) => {
      const i = node.items.findIndex((item) => isNamedItem(item, step.name));
      if (value === undefined) {
        if (i >= 0) node.items.splice(i, 1);
      } else if (i >= 0) node.items[i] = value;
      else node.items.push(value);
    },
  };
}

/** Puts `next` where `slot` points, keeping what can be kept of the node that was there. */
function replace(slot: Slot, next: Node | undefined): void {
  const current = slot.get();
  if (next === undefined) {
    slot.set(undefined);
    return;
  }
  if (isScalar(current) && isScalar(next)) {
    current.value = next.value;
    return;
  }
  const copy = next.clone() as Node;
  if (current) {
    if (current.commentBefore && !copy.commentBefore) copy.commentBefore = current.commentBefore;
    if (current.comment && !copy.comment) copy.comment = current.comment;
  }
  slot.set(copy);
}

/**
 * Applies one field change to `doc`, taking new values from `formatted` (the target's
 * definition formatted as a fresh document).
 */
export function applyFieldChange(doc: Document, formatted: Document, change: FieldChange): void {
  const steps = parseFieldPath(change.path);
  let slot: Slot = { get: () => (doc.contents as Node | null) ?? undefined, set: (n) => (doc.contents = (n ?? null) as ParsedNode | null) };
  let fresh: Node | undefined = (formatted.contents as Node | null) ?? undefined;
  for (const step of steps) {
    const inner = slotIn(slot.get(), step);
    // The file writes this part in another shape (a shorthand scalar for an object): replace it whole.
    if (!inner) {
      replace(slot, fresh);
      return;
    }
    const next = child(fresh, step);
    // The file does not have this part yet: add the formatted one.
    if (inner.get() === undefined) {
      replace(inner, next);
      return;
    }
    slot = inner;
    fresh = next;
  }
  replace(slot, fresh);
}

/** Sets or clears `is_published` (absent means published in a definition file). */
export function applyPublished(doc: Document, published: boolean): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  if (published) {
    if (root.has('is_published')) root.delete('is_published');
    return;
  }
  const node = root.get('is_published', true);
  if (isScalar(node)) node.value = false;
  else root.set('is_published', false);
}
