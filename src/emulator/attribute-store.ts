/**
 * Attribute values served by `get-online-attributes`: one profile per group version and key
 * identifier, holding a value per attribute. Empty until something fills it (tests today, event
 * ingestion later); changes are reported so the server can persist them.
 */
import { groupFullName, type GroupLink } from '../core/model.js';

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** `{ "travel_view_v1": { "<key id>": { "page_view_count": 3 } } }` */
export type AttributeValuesSnapshot = Record<string, Record<string, Record<string, AttributeValue>>>;

export class AttributeStore {
  private readonly values = new Map<string, Map<string, Map<string, AttributeValue>>>();
  /** Called after every change. */
  onChange: (() => void) | undefined;

  /** Sets one attribute of one profile. */
  set(group: GroupLink, keyId: string, attribute: string, value: AttributeValue): void {
    this.profileMap(group, keyId).set(attribute, value);
    this.onChange?.();
  }

  /** Merges several attributes into one profile in one change. */
  setProfile(group: GroupLink, keyId: string, values: Record<string, AttributeValue>): void {
    const profile = this.profileMap(group, keyId);
    for (const [attribute, value] of Object.entries(values)) profile.set(attribute, value);
    this.onChange?.();
  }

  /** The stored value, or undefined when the profile has none. */
  get(group: GroupLink, keyId: string, attribute: string): AttributeValue | undefined {
    return this.values.get(groupFullName(group))?.get(keyId)?.get(attribute);
  }

  /** Every attribute stored for one profile. */
  profile(group: GroupLink, keyId: string): Record<string, AttributeValue> {
    return Object.fromEntries(this.values.get(groupFullName(group))?.get(keyId) ?? []);
  }

  /** Forgets every value of a group version (when it is deleted). */
  deleteGroup(group: GroupLink): void {
    if (this.values.delete(groupFullName(group))) this.onChange?.();
  }

  clear(): void {
    this.values.clear();
    this.onChange?.();
  }

  get size(): number {
    let n = 0;
    for (const profiles of this.values.values()) n += profiles.size;
    return n;
  }

  toJSON(): AttributeValuesSnapshot {
    const out: AttributeValuesSnapshot = {};
    for (const [group, profiles] of [...this.values].sort(([a], [b]) => a.localeCompare(b))) {
      out[group] = {};
      for (const [id, attrs] of [...profiles].sort(([a], [b]) => a.localeCompare(b))) out[group][id] = Object.fromEntries(attrs);
    }
    return out;
  }

  load(snapshot: AttributeValuesSnapshot): void {
    this.values.clear();
    for (const [group, profiles] of Object.entries(snapshot)) {
      const map = new Map<string, Map<string, AttributeValue>>();
      for (const [id, attrs] of Object.entries(profiles)) map.set(id, new Map(Object.entries(attrs)));
      this.values.set(group, map);
    }
  }

  private profileMap(group: GroupLink, keyId: string): Map<string, AttributeValue> {
    const name = groupFullName(group);
    let profiles = this.values.get(name);
    if (!profiles) this.values.set(name, (profiles = new Map()));
    let profile = profiles.get(keyId);
    if (!profile) profiles.set(keyId, (profile = new Map()));
    return profile;
  }
}
