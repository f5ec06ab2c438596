/**
 * Compact, readable forms of canonical values for plan output, in the same shorthands the
 * definition files use: `page_view`, `page_urlpath like "%destinations%"`, `travel_view@1`,
 * `event:com.acme/checkout/1:total`.
 */
import { humanDuration, parseDuration } from '../../core/duration.js';
import { PAGE_PING_EVENT, PAGE_VIEW_EVENT, STRUCTURED_EVENT } from '../../core/model.js';

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const EVENT_ALIASES: [Rec, string][] = [
  [PAGE_VIEW_EVENT as Rec, 'page_view'],
  [PAGE_PING_EVENT as Rec, 'page_ping'],
  [STRUCTURED_EVENT as Rec, 'structured'],
];

function isEventRef(v: Rec): boolean {
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k === 'vendor' || k === 'name' || k === 'version') && keys.every((k) => typeof v[k] === 'string');
}

function formatEvent(v: Rec): string {
  for (const [ref, alias] of EVENT_ALIASES) if (ref['vendor'] === v['vendor'] && ref['name'] === v['name'] && ref['version'] === v['version']) return alias;
  if (typeof v['vendor'] === 'string' && typeof v['name'] === 'string') return `${v['vendor']}/${v['name']}${typeof v['version'] === 'string' ? `/${v['version']}` : ''}`;
  return `{${Object.entries(v).map(([k, x]) => `${k}: ${String(x)}`).join(', ')}}`;
}

function formatProperty(v: Rec): string | undefined {
  const part = v['date_part'] !== undefined ? ` (${String(v['date_part'])})` : '';
  if (v['type'] === 'atomic' && typeof v['name'] === 'string') return `${v['name']}${part}`;
  if ((v['type'] === 'event' || v['type'] === 'entity') && typeof v['vendor'] === 'string') {
    const index = v['type'] === 'entity' && typeof v['index'] === 'number' && v['index'] !== 0 ? `[${v['index']}]` : '';
    return `${String(v['type'])}:${v['vendor']}/${String(v['name'])}/${String(v['major_version'])}${index}:${String(v['path'])}${part}`;
  }
  return undefined;
}

/** Plain identifiers print bare (`int32`, `P7D`); anything that could be misread is quoted. */
function formatScalar(v: unknown): string {
  if (typeof v === 'string') return /^[\w][\w.\-/@]*$/.test(v) && !/^(true|false|null|-?\d+(\.\d+)?)$/.test(v) ? v : JSON.stringify(v);
  if (v === undefined) return '(none)';
  return String(v);
}

function formatCriterion(v: Rec): string | undefined {
  const operator = v['operator'];
  if (typeof operator !== 'string') return undefined;
  let subject: string | undefined;
  if (isRec(v['property'])) subject = formatProperty(v['property']);
  else if (typeof v['attribute'] === 'string') subject = v['attribute'];
  if (subject === undefined) return undefined;
  // Compared values are always quoted when they are strings: `tag_name = "Family"`.
  const value = v['value'];
  const quoted = Array.isArray(value) ? `[${value.map((x) => JSON.stringify(x)).join(', ')}]` : JSON.stringify(value);
  return value === undefined ? `${subject} ${operator}` : `${subject} ${operator} ${quoted}`;
}

/** The field name a value sits under: `events` for `attributes[x].events`. */
export function fieldKey(path: string): string {
  return path.replace(/\[[^\]]*\]$/, '').split('.').at(-1) ?? path;
}

/** One-line form of any plan value; `key` is the field it belongs to (event lists read differently). */
export function formatValue(value: unknown, key = ''): string {
  // Durations read as they are written in definition files (`7d`, `1h30m`); JSON keeps ISO 8601.
  if ((key === 'period' || key === 'ttl') && typeof value === 'string') {
    const seconds = parseDuration(value);
    if (seconds !== undefined && seconds > 0 && Number.isInteger(seconds)) return humanDuration(seconds);
  }
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, key)).join(', ')}]`;
  if (!isRec(value)) return formatScalar(value);
  const property = formatProperty(value);
  if (property !== undefined) return property;
  if (key === 'events' && isEventRef(value)) return formatEvent(value);
  const criterion = formatCriterion(value);
  if (criterion !== undefined) return criterion;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'name' && typeof value['name'] === 'string') return value['name'];
  if (keys.length === 2 && typeof value['name'] === 'string' && typeof value['version'] === 'number') return `${value['name']}@${value['version']}`;
  if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any' || keys[0] === 'none') && Array.isArray(value[keys[0]])) {
    return `${keys[0]}(${(value[keys[0]] as unknown[]).map((v) => formatValue(v)).join(', ')})`;
  }
  if (keys.includes('all') && keys.includes('any')) {
    return `{all(${((value['all'] as unknown[]) ?? []).map((v) => formatValue(v)).join(', ')}), any(${((value['any'] as unknown[]) ?? []).map((v) => formatValue(v)).join(', ')})}`;
  }
  // A named item (attribute, field): its name is in the path already.
  const entries = Object.entries(value).filter(([k]) => !(k === 'name' && typeof value['name'] === 'string'));
  return `{${entries.map(([k, v]) => `${k}: ${formatValue(v, k)}`).join(', ')}}`;
}
