import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyFieldChange, applyPublished, parseFieldPath } from '../../../src/core/plan/yaml-edit.js';

const existing = `# Travel group, owned by the web team
kind: AttributeGroup
name: travel_view # keep this name
attribute_key: domain_sessionid
ttl: 7d
attributes:
  # counts every page view
  - name: page_view_count
    type: int32 # 32 bits is plenty
    aggregation: counter
    events: [page_view]
  - name: old_one
    type: int32
    aggregation: counter
    events: [page_view]
  - name: last_page
    type: string
    aggregation: last
    events: [page_view]
    property: page_url # the full URL
`;

const fresh = `kind: AttributeGroup
name: travel_view
attribute_key: domain_userid
attributes:
  - name: page_view_count
    type: int64
    aggregation: counter
    events: [page_view]
    period: 30m
  - name: last_page
    type: string
    aggregation: last
    events: [page_view]
    property: event:com.acme/page/1:url
  - name: added
    type: int32
    aggregation: counter
    events: [page_ping]
`;

function edit(changes: { path: string; before?: unknown; after?: unknown }[], source = existing): string {
  const doc = parseDocument(source);
  const formatted = parseDocument(fresh);
  for (const c of changes) applyFieldChange(doc, formatted, c);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

describe('parseFieldPath', () => {
  it('splits keys, names and indexes', () => {
    expect(parseFieldPath('attributes[x].criteria.all[0].value')).toEqual([{ key: 'attributes' }, { name: 'x' }, { key: 'criteria' }, { key: 'all' }, { index: 0 }, { key: 'value' }]);
  });
});

describe('applyFieldChange', () => {
  it('changes a scalar in place and keeps every comment', () => {
    const out = edit([{ path: 'attributes[page_view_count].type', before: 'int32', after: 'int64' }]);
    expect(out).toContain('    type: int64 # 32 bits is plenty');
    expect(out).toContain('# Travel group, owned by the web team');
    expect(out).toContain('  # counts every page view');
    expect(out).toContain('name: travel_view # keep this name');
  });

  it('adds a missing field to the named item, removes a field and a whole item', () => {
    const out = edit([
      { path: 'attributes[page_view_count].period', after: 'PT30M' },
      { path: 'ttl', before: 'P7D' },
      { path: 'attributes[old_one]', before: {} },
      { path: 'attributes[added]', after: {} },
    ]);
    expect(out).toMatch(/- name: page_view_count\n {4}type: int32 # 32 bits is plenty\n {4}aggregation: counter\n {4}events: \[page_view\]\n {4}period: 30m/);
    expect(out).not.toContain('ttl:');
    expect(out).not.toContain('old_one');
    expect(out).toMatch(/- name: added\n {4}type: int32\n {4}aggregation: counter\n {4}events: \[page_ping\]\n$/);
  });

  it('replaces a shorthand scalar by the new shorthand when a field inside it changed', () => {
    const out = edit([
      { path: 'attributes[last_page].property', before: {}, after: {} },
      { path: 'attribute_key.name', before: 'domain_sessionid', after: 'domain_userid' },
    ]);
    expect(out).toContain('    property: event:com.acme/page/1:url # the full URL');
    expect(out).toContain('attribute_key: domain_userid');
  });

  it('matches group links written as name@version', () => {
    const doc = parseDocument('kind: Service\nname: s\nattribute_groups: [travel_view@1, other@3] # pinned\n');
    const formatted = parseDocument('kind: Service\nname: s\nattribute_groups: [travel_view@2, other@3]\n');
    applyFieldChange(doc, formatted, { path: 'attribute_groups[travel_view].version', before: 1, after: 2 });
    expect(doc.toString({ flowCollectionPadding: false })).toBe('kind: Service\nname: s\nattribute_groups: [travel_view@2, other@3] # pinned\n');
  });
});

describe('applyPublished', () => {
  it('writes is_published: false, and removes it when published', () => {
    const doc = parseDocument('kind: Service\nname: s\n');
    applyPublished(doc, false);
    expect(doc.toString()).toBe('kind: Service\nname: s\nis_published: false\n');
    applyPublished(doc, true);
    expect(doc.toString()).toBe('kind: Service\nname: s\n');
  });
});
