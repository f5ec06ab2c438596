/** Attribute groups: the shape each source needs, the key they are computed on, broad counters. */
import { didYouMean } from '../../diagnostics.js';
import type { RuleContext } from '../context.js';
import { groupAttributes } from '../walk.js';

/** group-without-attributes, external-group-attributes, external-group-needs-batch-source, external-group-needs-fields, stream-group-fields */
export function groupShape(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    if (d.kind !== 'AttributeGroup') return;
    const g = d.spec;
    const id = `${g.name}@${g.version}`;
    const hasAttributes = (g.attributes?.length ?? 0) > 0;
    if (!g.offline) {
      if (g.fields !== undefined) {
        ctx.report(def, ['fields'], 'stream-group-fields', `stream group ${id} cannot have fields`, { hint: 'fields belong to source: external groups' });
      }
      if (g.batch_source !== undefined) {
        ctx.report(def, ['batch_source'], 'stream-group-fields', `stream group ${id} cannot have a batch_source`, { hint: 'batch_source belongs to source: external groups' });
      }
    }
    if (g.fields !== undefined) {
      if (g.attributes !== undefined) {
        ctx.report(def, ['attributes'], 'external-group-attributes', `external group ${id} has both fields and attributes`, {
          hint: 'an external group syncs fields from a table; computed attributes belong in a stream or batch group',
        });
      }
      if (g.fields.length === 0) ctx.report(def, ['fields'], 'external-group-needs-fields', `external group ${id} lists no fields`, { hint: 'list the columns to sync' });
      if (g.offline && g.batch_source === undefined) {
        ctx.report(def, ['fields'], 'external-group-needs-batch-source', `external group ${id} needs a batch_source`, {
          hint: 'add batch_source: {name, database, schema, table, timestamp_field}',
        });
      }
    } else if (!hasAttributes) {
      if (g.offline && g.batch_source !== undefined && g.attributes === undefined) {
        ctx.report(def, ['batch_source'], 'external-group-needs-fields', `external group ${id} needs fields`, { hint: 'list the columns to sync under fields' });
      } else {
        ctx.report(def, g.attributes === undefined ? ['name'] : ['attributes'], 'group-without-attributes', `group ${id} has no attributes`, {
          hint: 'add attributes (or fields and batch_source for source: external)',
        });
      }
    }
  });
}

/** unknown-attribute-key */
export function groupKeys(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    if (d.kind === 'AttributeGroup') checkKey(ctx, def, ['attribute_key', 'name'], d.spec.attribute_key.name);
    if (d.kind === 'Intervention') {
      (d.spec.target_attribute_keys ?? []).forEach((k, i) => checkKey(ctx, def, ['target_attribute_keys', i, 'name'], k.name));
    }
  });
}

function checkKey(ctx: RuleContext, def: number, path: readonly (string | number)[], name: string): void {
  const { lookup } = ctx;
  if (lookup.isBuiltinKey(name) || lookup.keys.has(name) || lookup.isUnparsed('AttributeKey', name)) return;
  const guess = didYouMean(name, lookup.keyNames());
  ctx.report(def, path, 'unknown-attribute-key', `unknown attribute key ${name}`, {
    hint: guess ? `did you mean ${guess}?` : `use a built-in key (domain_userid, domain_sessionid, network_userid, user_id) or define kind: AttributeKey with name: ${name}`,
  });
}

/** broad-counter (warning) */
export function broadCounters(ctx: RuleContext): void {
  for (const { def, attribute: a, path } of groupAttributes(ctx.definitions)) {
    if (a.aggregation !== 'counter' || a.criteria !== undefined) continue;
    if (a.events.length === 0 || a.events.some((e) => e.name === undefined)) {
      ctx.report(def, path, 'broad-counter', `${a.name} counts every event, with no event filter or criteria`, {
        severity: 'warning',
        hint: 'list the events to count, or add criteria',
      });
    } else if (a.events.some((e) => e.vendor === 'com.snowplowanalytics.snowplow' && e.name === 'page_ping')) {
      ctx.report(def, path, 'broad-counter', `${a.name} counts page pings, which fire every few seconds while a page is open`, {
        severity: 'warning',
        hint: 'count page_view instead, or add criteria',
      });
    }
  }
}

/** invalid-timestamp */
export function backfillTimestamps(ctx: RuleContext): void {
  ctx.definitions.forEach((d, def) => {
    if (d.kind !== 'AttributeGroup' || d.spec.backfill_since_tstamp === undefined) return;
    const text = d.spec.backfill_since_tstamp;
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(Date.parse(text))) {
      ctx.report(def, ['backfill_since_tstamp'], 'invalid-timestamp', `backfill_since_tstamp ${JSON.stringify(text)} is not an ISO 8601 date-time`, {
        hint: 'write e.g. 2026-01-01T00:00:00Z',
      });
    }
  });
}
