/**
 * The emulator's registry: attribute keys, attribute group versions, services and intervention
 * versions, with Signals' lifecycle rules. Every operation is synchronous and returns the HTTP
 * reply, so concurrent requests can never interleave inside one read-modify-write.
 */
import {
  BUILTIN_ATTRIBUTE_KEYS,
  REMOTE_KINDS,
  type AttributeGroup,
  type AttributeKey,
  type Definition,
  type GroupLink,
  type Intervention,
  type RemoteKind,
  type Service,
} from '../core/model.js';
import { fromWire, specToWire, type JsonRecord, type SpecOf, type WireIssue } from '../core/wire.js';
import { responseFor } from './responses.js';
import { checkDefinition, definitionChanged, ruleAttributes, type SemanticCheck } from './validation.js';

export interface Reply {
  status: number;
  body: unknown;
  /** Whether the registry changed (and must be persisted before answering). */
  changed?: boolean;
}

export interface RegistrySnapshot {
  attribute_keys: JsonRecord[];
  attribute_groups: JsonRecord[];
  services: JsonRecord[];
  interventions: JsonRecord[];
}

type AnySpec = AttributeKey | AttributeGroup | Service | Intervention;

const LABEL: Record<RemoteKind, string> = {
  AttributeKey: 'attribute key',
  AttributeGroup: 'attribute group',
  Service: 'service',
  Intervention: 'intervention',
};

const BUILTIN_DESCRIPTIONS: Record<string, string> = {
  domain_userid: 'The domain user ID for the user.',
  domain_sessionid: 'The domain session ID for the session.',
  network_userid: 'The network user ID for the user.',
  user_id: 'The user ID for the user.',
};

export const SELECTION_FIELDS: Record<string, RemoteKind> = {
  attribute_keys: 'AttributeKey',
  attribute_groups: 'AttributeGroup',
  services: 'Service',
  interventions: 'Intervention',
};

const versioned = (kind: RemoteKind) => kind === 'AttributeGroup' || kind === 'Intervention';
const detail = (status: number, message: string): Reply => ({ status, body: { detail: message } });
const invalid = (issues: WireIssue[]): Reply => ({ status: 422, body: { detail: issues } });

function describe(kind: RemoteKind, name: string, version?: number): string {
  return `${LABEL[kind]} ${name}${versioned(kind) && version !== undefined ? ` version ${version}` : ''}`;
}

export class Registry {
  private readonly items: Record<RemoteKind, Map<string, AnySpec>> = {
    AttributeKey: new Map(),
    AttributeGroup: new Map(),
    Service: new Map(),
    Intervention: new Map(),
  };

  constructor(private readonly semanticCheck?: SemanticCheck) {
    this.seedBuiltins();
  }

  private seedBuiltins(): void {
    for (const name of BUILTIN_ATTRIBUTE_KEYS) {
      this.items.AttributeKey.set(name, { name, description: BUILTIN_DESCRIPTIONS[name] ?? name, is_published: true });
    }
  }

  // ---------------------------------------------------------------- lookups

  all<K extends RemoteKind>(kind: K): SpecOf<K>[] {
    return [...this.items[kind].values()] as SpecOf<K>[];
  }

  find<K extends RemoteKind>(kind: K, name: string, version?: number): SpecOf<K> | undefined {
    if (versioned(kind) && version === undefined) return this.latest(kind, name);
    return this.items[kind].get(this.id(kind, name, version)) as SpecOf<K> | undefined;
  }

  latest<K extends RemoteKind>(kind: K, name: string): SpecOf<K> | undefined {
    let best: (AnySpec & { version?: number }) | undefined;
    for (const spec of this.items[kind].values() as IterableIterator<AnySpec & { version?: number }>) {
      if (spec.name === name && (best === undefined || (spec.version ?? 0) > (best.version ?? 0))) best = spec;
    }
    return best as SpecOf<K> | undefined;
  }

  /** Every stored definition but the built-in keys, as canonical definitions. */
  definitions(): Definition[] {
    const builtin = BUILTIN_ATTRIBUTE_KEYS as readonly string[];
    return REMOTE_KINDS.flatMap((kind) =>
      (this.all(kind) as AnySpec[])
        .filter((spec) => kind !== 'AttributeKey' || !builtin.includes(spec.name))
        .map((spec) => ({ kind, spec, protect: false }) as Definition),
    );
  }

  key(name: string): AttributeKey | undefined {
    return this.items.AttributeKey.get(name) as AttributeKey | undefined;
  }

  private id(kind: RemoteKind, name: string, version?: number): string {
    return versioned(kind) ? `${name}@${version ?? 1}` : name;
  }

  private specId(kind: RemoteKind, spec: AnySpec): string {
    return this.id(kind, spec.name, (spec as { version?: number }).version);
  }

  private respond<K extends RemoteKind>(kind: K, spec: SpecOf<K>): JsonRecord {
    return responseFor(kind, spec, (name) => this.key(name));
  }

  // ---------------------------------------------------------------- reads

  list(kind: RemoteKind, query: URLSearchParams): Reply {
    let specs = this.all(kind) as AnySpec[];
    if (kind === 'AttributeGroup') {
      const flag = (name: string) => (query.has(name) ? query.get(name) === 'true' : undefined);
      const online = flag('online');
      const offline = flag('offline');
      const applied = flag('applied');
      const keyName = query.get('attribute_key_or_name');
      specs = (specs as AttributeGroup[]).filter(
        (g) =>
          (online === undefined || g.online === online) &&
          (offline === undefined || g.offline === offline) &&
          (applied === undefined || g.is_published === applied) &&
          (keyName === null || g.attribute_key.name === keyName),
      );
    }
    const sorted = [...specs].sort((a, b) => a.name.localeCompare(b.name) || ((a as { version?: number }).version ?? 0) - ((b as { version?: number }).version ?? 0));
    return { status: 200, body: sorted.map((s) => this.respond(kind, s as SpecOf<typeof kind>)) };
  }

  get(kind: RemoteKind, name: string, version?: number): Reply {
    const spec = this.find(kind, name, version);
    if (!spec) return detail(404, `${describe(kind, name, version)} not found`);
    return { status: 200, body: this.respond(kind, spec) };
  }

  // ---------------------------------------------------------------- writes

  private parse<K extends RemoteKind>(kind: K, body: unknown): { spec: SpecOf<K> } | { reply: Reply } {
    const parsed = fromWire(kind, body, ['body']);
    if (parsed.issues.length > 0 || parsed.spec === undefined) return { reply: invalid(parsed.issues) };
    const issues = checkDefinition(kind, parsed.spec, this, this.semanticCheck);
    if (issues.length > 0) return { reply: invalid(issues) };
    return { spec: parsed.spec };
  }

  create(kind: RemoteKind, body: unknown): Reply {
    // An existing identity answers 400 before anything else, so SDKs fall back to PUT.
    const raw = body as { name?: unknown; version?: unknown } | null;
    if (raw && typeof raw === 'object' && typeof raw.name === 'string') {
      const version = typeof raw.version === 'number' ? raw.version : 1;
      if (this.items[kind].has(this.id(kind, raw.name, version))) return detail(400, `${describe(kind, raw.name, version)} already exists`);
    }
    const parsed = this.parse(kind, body);
    if ('reply' in parsed) return parsed.reply;
    this.items[kind].set(this.specId(kind, parsed.spec), parsed.spec);
    return { status: 200, body: this.respond(kind, parsed.spec), changed: true };
  }

  update(kind: RemoteKind, name: string, version: number | undefined, body: unknown): Reply {
    const existing = this.items[kind].get(this.id(kind, name, version)) as AnySpec | undefined;
    if (!existing) return detail(404, `${describe(kind, name, version)} not found`);
    const raw = body as { name?: unknown; version?: unknown } | null;
    if (raw && typeof raw === 'object') {
      if (typeof raw.name === 'string' && raw.name !== name) return detail(400, `the body names ${raw.name} but the path names ${name}`);
      if (versioned(kind) && typeof raw.version === 'number' && raw.version !== version) {
        return detail(400, `the body is version ${raw.version} but the path is version ${version}`);
      }
    }
    const parsed = this.parse(kind, body);
    if ('reply' in parsed) return parsed.reply;
    const spec = parsed.spec;
    if (versioned(kind) && existing.is_published && definitionChanged(kind, existing, spec)) {
      return detail(
        400,
        `${describe(kind, name, version)} is published and its definition cannot be changed in place; unpublish it first, or publish the change as a new version (version ${(version ?? 1) + 1})`,
      );
    }
    this.items[kind].set(this.specId(kind, spec), spec);
    return { status: 200, body: this.respond(kind, spec), changed: true };
  }

  remove(kind: RemoteKind, name: string, version?: number): Reply {
    const id = this.id(kind, name, version);
    const existing = this.items[kind].get(id);
    if (!existing) return detail(404, `${describe(kind, name, version)} not found`);
    const blocker = this.deleteBlocker(kind, existing);
    if (blocker) return detail(400, `cannot delete ${describe(kind, name, version)}: ${blocker}`);
    this.items[kind].delete(id);
    return { status: 200, body: { ok: true }, changed: true };
  }

  private deleteBlocker(kind: RemoteKind, spec: AnySpec): string | undefined {
    if (kind === 'AttributeKey') {
      if ((BUILTIN_ATTRIBUTE_KEYS as readonly string[]).includes(spec.name)) return 'it is a built-in attribute key';
      const group = this.all('AttributeGroup').find((g) => g.attribute_key.name === spec.name);
      if (group) return `it is the attribute key of attribute group ${group.name} version ${group.version}`;
      const target = this.all('Intervention').find((i) => i.target_attribute_keys?.some((k) => k.name === spec.name));
      if (target) return `intervention ${target.name} version ${target.version} targets it`;
      return undefined;
    }
    if (kind === 'AttributeGroup') {
      const group = spec as AttributeGroup;
      if (group.is_published) return 'it is published; unpublish it first';
      const pins = (l: GroupLink) => l.name === group.name && l.version === group.version;
      const service = this.all('Service').find((s) => s.attribute_groups.some(pins));
      if (service) return `service ${service.name} uses it; remove it from the service first`;
      const payload = this.all('Intervention').find((i) => i.payload_attribute_groups?.some(pins));
      if (payload) return `intervention ${payload.name} version ${payload.version} sends it as payload`;
      return undefined;
    }
    if (kind === 'Intervention' && spec.is_published) return 'it is published; unpublish it first';
    return undefined;
  }

  /** `engines/publish` and `engines/unpublish`. */
  setPublished(body: unknown, published: boolean): Reply {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return invalid([{ loc: ['body'], msg: 'Input should be a valid dictionary or object', type: 'dict_type' }]);
    }
    const targets: { kind: RemoteKind; id: string }[] = [];
    const issues: WireIssue[] = [];
    const missing: string[] = [];
    for (const [field, kind] of Object.entries(SELECTION_FIELDS)) {
      const list = (body as Record<string, unknown>)[field];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        issues.push({ loc: ['body', field], msg: 'Input should be a valid list', type: 'list_type' });
        continue;
      }
      list.forEach((ref: unknown, i) => {
        const r = ref as { name?: unknown; version?: unknown } | null;
        if (!r || typeof r.name !== 'string') {
          issues.push({ loc: ['body', field, i, 'name'], msg: 'Field required', type: 'missing' });
          return;
        }
        const version = typeof r.version === 'number' ? r.version : 1;
        const id = this.id(kind, r.name, version);
        if (!this.items[kind].has(id)) missing.push(describe(kind, r.name, version));
        else targets.push({ kind, id });
      });
    }
    if (issues.length > 0) return invalid(issues);
    if (missing.length > 0) return detail(404, `not found: ${missing.join(', ')}`);
    let changed = 0;
    for (const { kind, id } of targets) {
      const spec = this.items[kind].get(id)!;
      if (spec.is_published !== published) {
        this.items[kind].set(id, { ...spec, is_published: published });
        changed++;
      }
    }
    const verb = published ? 'publish' : 'unpublish';
    return { status: 200, body: { status: changed > 0 ? `${verb}ed` : `nothing to ${verb}` }, changed: changed > 0 };
  }

  /** Whether some version of `group` has `attribute`. */
  hasGroupAttribute(group: string, attribute: string): boolean {
    return this.all('AttributeGroup').some((g) => g.name === group && (g.attributes ?? g.fields ?? []).some((a) => a.name === attribute));
  }

  // ---------------------------------------------------------------- persistence

  snapshot(): RegistrySnapshot {
    const wire = <K extends RemoteKind>(kind: K) =>
      (this.all(kind) as AnySpec[])
        .filter((s) => kind !== 'AttributeKey' || !(BUILTIN_ATTRIBUTE_KEYS as readonly string[]).includes(s.name) || JSON.stringify(s) !== JSON.stringify(this.builtin(s.name)))
        .sort((a, b) => this.specId(kind, a).localeCompare(this.specId(kind, b)))
        .map((s) => specToWire(kind, s as SpecOf<K>));
    return {
      attribute_keys: wire('AttributeKey'),
      attribute_groups: wire('AttributeGroup'),
      services: wire('Service'),
      interventions: wire('Intervention'),
    };
  }

  private builtin(name: string): AttributeKey {
    return { name, description: BUILTIN_DESCRIPTIONS[name] ?? name, is_published: true };
  }

  /** Replaces the registry with a snapshot; returns problems as readable strings (nothing loaded then). */
  load(snapshot: Partial<RegistrySnapshot>): string[] {
    const problems: string[] = [];
    const loaded: Record<RemoteKind, Map<string, AnySpec>> = { AttributeKey: new Map(), AttributeGroup: new Map(), Service: new Map(), Intervention: new Map() };
    for (const name of BUILTIN_ATTRIBUTE_KEYS) loaded.AttributeKey.set(name, this.builtin(name));
    for (const [field, kind] of Object.entries(SELECTION_FIELDS)) {
      const list = (snapshot as Record<string, unknown>)[field] ?? [];
      if (!Array.isArray(list)) {
        problems.push(`${field} is not a list`);
        continue;
      }
      list.forEach((body, i) => {
        const parsed = fromWire(kind, body, [field, i]);
        if (parsed.issues.length > 0 || !parsed.spec) problems.push(...parsed.issues.map((x) => `${x.loc.join('.')}: ${x.msg}`));
        else loaded[kind].set(this.specId(kind, parsed.spec), parsed.spec);
      });
    }
    if (problems.length === 0) for (const kind of REMOTE_KINDS) this.items[kind] = loaded[kind];
    return problems;
  }

  /** Attributes (`group:attribute`) an intervention's criteria read. */
  static criteriaAttributes(intervention: Intervention): string[] {
    return ruleAttributes(intervention.criteria);
  }
}
