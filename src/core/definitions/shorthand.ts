/**
 * The string shorthands of definition files (SPEC section 2) and their inverse. Parsing returns
 * either the canonical object or a reason; formatting returns the preferred shorthand, or
 * undefined when only the long form can say it.
 */
import {
  PAGE_PING_EVENT,
  PAGE_VIEW_EVENT,
  STRUCTURED_EVENT,
  type EventRef,
  type GroupLink,
  type Property,
} from '../model.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; hint?: string };

const EVENT_ALIASES: Readonly<Record<string, Readonly<EventRef>>> = {
  page_view: PAGE_VIEW_EVENT,
  page_ping: PAGE_PING_EVENT,
  structured: STRUCTURED_EVENT,
};

const IGLU_EVENT = /^iglu:([^/\s]+)\/([^/\s]+)\/jsonschema\/([^/\s]+)$/;
const PATH_EVENT = /^([^/\s:]+)\/([^/\s]+?)(?:\/([^/\s]+))?$/;

/** `page_view`, `vendor/name`, `vendor/name/1-0-0` or `iglu:vendor/name/jsonschema/1-0-0`. */
export function parseEventShorthand(text: string): Parsed<EventRef> {
  const alias = EVENT_ALIASES[text];
  if (alias) return { ok: true, value: { ...alias } };
  const iglu = IGLU_EVENT.exec(text);
  if (iglu) return { ok: true, value: { vendor: iglu[1] ?? '', name: iglu[2] ?? '', version: iglu[3] ?? '' } };
  const m = PATH_EVENT.exec(text);
  if (m && !text.startsWith('iglu:')) {
    const event: EventRef = { vendor: m[1] ?? '', name: m[2] ?? '' };
    if (m[3] !== undefined) event.version = m[3];
    return { ok: true, value: event };
  }
  return {
    ok: false,
    message: `${JSON.stringify(text)} is not an event`,
    hint: 'write vendor/name/1-0-0, vendor/name (any version), iglu:vendor/name/jsonschema/1-0-0, page_view, page_ping or structured',
  };
}

/** The preferred shorthand of an event, or undefined when it needs the long form. */
export function formatEventShorthand(event: EventRef): string | undefined {
  const { vendor, name, version } = event;
  if (vendor === undefined || name === undefined) return undefined;
  for (const [alias, ref] of Object.entries(EVENT_ALIASES)) {
    if (ref.vendor === vendor && ref.name === name && ref.version === version) return alias;
  }
  const safe = (s: string) => s !== '' && !/[/\s]/.test(s);
  if (!safe(vendor) || !safe(name) || vendor.includes(':')) return undefined;
  if (version === undefined) return `${vendor}/${name}`;
  if (!safe(version)) return undefined;
  return `${vendor}/${name}/${version}`;
}

const EVENT_PROPERTY = /^event:([^/\s]+)\/([^/\s]+)\/(\d+):(.+)$/;
const ENTITY_PROPERTY = /^entity:([^/\s]+)\/([^/\s]+)\/(\d+)(?:\[(\d+)\])?:(.+)$/;
const PROPERTY_FORMS =
  'write an atomic field (page_urlpath or atomic:page_urlpath), event:vendor/name/MAJOR:path, entity:vendor/name/MAJOR:path or entity:vendor/name/MAJOR[INDEX]:path';

/** `page_urlpath`, `atomic:x`, `event:vendor/name/MAJOR:path`, `entity:vendor/name/MAJOR[INDEX]:path`. */
export function parsePropertyShorthand(text: string): Parsed<Property> {
  if (text.startsWith('atomic:')) {
    const name = text.slice('atomic:'.length);
    if (name === '') return { ok: false, message: `${JSON.stringify(text)} names no atomic field`, hint: PROPERTY_FORMS };
    return { ok: true, value: { type: 'atomic', name } };
  }
  if (text.startsWith('event:')) {
    const m = EVENT_PROPERTY.exec(text);
    if (!m) return { ok: false, message: `${JSON.stringify(text)} is not an event property`, hint: 'write event:vendor/name/MAJOR:path, e.g. event:com.acme/checkout/1:total' };
    return {
      ok: true,
      value: { type: 'event', vendor: m[1] ?? '', name: m[2] ?? '', major_version: Number(m[3]), path: m[4] ?? '' },
    };
  }
  if (text.startsWith('entity:')) {
    const m = ENTITY_PROPERTY.exec(text);
    if (!m) {
      return {
        ok: false,
        message: `${JSON.stringify(text)} is not an entity property`,
        hint: 'write entity:vendor/name/MAJOR:path or entity:vendor/name/MAJOR[INDEX]:path, e.g. entity:com.acme/product/1:price',
      };
    }
    return {
      ok: true,
      value: {
        type: 'entity',
        vendor: m[1] ?? '',
        name: m[2] ?? '',
        major_version: Number(m[3]),
        path: m[5] ?? '',
        index: m[4] === undefined ? 0 : Number(m[4]),
      },
    };
  }
  if (text.includes(':') || text.includes('/')) {
    return { ok: false, message: `${JSON.stringify(text)} is not a property`, hint: PROPERTY_FORMS };
  }
  if (text === '') return { ok: false, message: 'the property is empty', hint: PROPERTY_FORMS };
  return { ok: true, value: { type: 'atomic', name: text } };
}

/** The preferred shorthand of a property (date_part is not part of it), or undefined. */
export function formatPropertyShorthand(property: Property): string | undefined {
  const plain = (s: string) => s !== '' && !/[/\s:[\]]/.test(s);
  switch (property.type) {
    case 'atomic':
      return /^[A-Za-z0-9_]+$/.test(property.name) ? property.name : undefined;
    case 'event':
      if (!plain(property.vendor) || !plain(property.name) || !isCanonicalMajor(property.major_version) || !validPath(property.path)) return undefined;
      return `event:${property.vendor}/${property.name}/${property.major_version}:${property.path}`;
    case 'entity': {
      if (!plain(property.vendor) || !plain(property.name) || !isCanonicalMajor(property.major_version) || !validPath(property.path)) return undefined;
      if (!Number.isInteger(property.index) || property.index < 0) return undefined;
      const index = property.index === 0 ? '' : `[${property.index}]`;
      return `entity:${property.vendor}/${property.name}/${property.major_version}${index}:${property.path}`;
    }
  }
}

function isCanonicalMajor(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && String(n) === `${n}`;
}

function validPath(path: string): boolean {
  return path !== '' && !/^\s|\s$/.test(path);
}

const GROUP_REF = /^([A-Za-z0-9_]+)(?:@(\d+))?$/;

/** `name@version`, or `name` alone (version resolved by the caller). */
export function parseGroupShorthand(text: string): Parsed<{ name: string; version?: number }> {
  const m = GROUP_REF.exec(text);
  if (!m) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} is not a group reference`,
      hint: 'write group_name@version (e.g. travel_view@1), or group_name for the highest version defined here',
    };
  }
  const name = m[1] ?? '';
  return { ok: true, value: m[2] === undefined ? { name } : { name, version: Number(m[2]) } };
}

export function formatGroupShorthand(link: GroupLink): string | undefined {
  return /^[A-Za-z0-9_]+$/.test(link.name) && Number.isInteger(link.version) && link.version >= 0
    ? `${link.name}@${link.version}`
    : undefined;
}
