import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '../../../src/core/validate/index.js';
import type { Definition } from '../../../src/core/model.js';
import { check, codes } from '../definitions/helpers.js';

const groups = `kind: AttributeGroup
name: travel_view
version: 1
attribute_key: domain_sessionid
attributes:
  - { name: page_view_count, type: int32, aggregation: counter, events: [page_view] }
---
kind: AttributeGroup
name: travel_view
version: 2
attribute_key: domain_sessionid
attributes:
  - { name: family_fun, type: int32, aggregation: counter, events: [page_view] }
---
kind: AttributeGroup
name: users
attribute_key: domain_userid
attributes:
  - { name: purchases, type: int32, aggregation: counter, events: [structured] }
---
`;

function intervention(criteria: string, extra = '') {
  return check(`${groups}kind: Intervention\nname: i\n${extra}criteria: ${criteria}\n`).diagnostics;
}

describe('attribute references', () => {
  it('resolves an attribute in any local version of the group', () => {
    expect(intervention('{ all: [{ attribute: "travel_view:page_view_count", operator: ">", value: 1 }, { attribute: "travel_view:family_fun", operator: ">", value: 1 }] }')).toEqual([]);
  });

  it('reports an attribute no local version has, with a suggestion', () => {
    expect(intervention('{ attribute: "travel_view:family_fn", operator: ">", value: 1 }')).toMatchObject([
      { severity: 'error', code: 'unknown-attribute', message: 'attribute group travel_view has no attribute family_fn', hint: 'did you mean travel_view:family_fun?', line: 23, column: 24 },
    ]);
  });

  it('warns about a group defined nowhere here', () => {
    expect(intervention('{ attribute: "checkout:cart_value", operator: ">", value: 1 }')).toMatchObject([
      { severity: 'warning', code: 'unknown-group', hint: 'plan checks that it exists in Signals' },
    ]);
  });

  it('reports malformed references, with a hint for versioned ones', () => {
    expect(intervention('{ attribute: "travel_view@1:page_view_count", operator: ">", value: 1 }')).toMatchObject([
      { code: 'invalid-attribute-reference', hint: 'criteria name the group without a version: travel_view:page_view_count' },
    ]);
    expect(codes(intervention('{ attribute: "travel_view_v1:page_view_count", operator: ">", value: 1 }'))).toEqual(['invalid-attribute-reference']);
    expect(codes(intervention('{ attribute: "page_view_count", operator: ">", value: 1 }'))).toEqual(['invalid-attribute-reference']);
  });

  it('checks target attribute keys', () => {
    expect(intervention('{ attribute: "users:purchases", operator: ">", value: 1 }', 'target_attribute_keys: [domain_userid]\n')).toEqual([]);
    expect(codes(intervention('{ attribute: "users:purchases", operator: ">", value: 1 }', 'target_attribute_keys: [domain_usrid]\n'))).toEqual(['unknown-attribute-key']);
  });
});

describe('mixed-attribute-keys', () => {
  it('reports criteria over groups keyed differently', () => {
    expect(intervention('{ all: [{ attribute: "travel_view:family_fun", operator: ">", value: 1 }, { attribute: "users:purchases", operator: ">", value: 1 }] }')).toMatchObject([
      { code: 'mixed-attribute-keys', message: 'the criteria of intervention i mix attribute keys (travel_view on domain_sessionid; users on domain_userid)', line: 23, column: 11 },
    ]);
  });

  it('sees through segments', () => {
    const { diagnostics } = check(`${groups}kind: Segment
name: buyers
criteria: { attribute: "users:purchases", operator: ">", value: 0 }
---
kind: Intervention
name: i
criteria: { all: [{ segment: buyers }, { attribute: "travel_view:family_fun", operator: ">", value: 1 }] }
`);
    expect(codes(diagnostics)).toEqual(['mixed-attribute-keys']);
  });

  it('applies to segments too', () => {
    const { diagnostics } = check(`${groups}kind: Segment\nname: s\ncriteria: { any: [{ attribute: "users:purchases", operator: ">", value: 0 }, { attribute: "travel_view:family_fun", operator: ">", value: 1 }] }\n`);
    expect(codes(diagnostics)).toEqual(['mixed-attribute-keys']);
  });
});

describe('segments', () => {
  it('resolves segment references', () => {
    const { diagnostics } = check(`${groups}kind: Segment\nname: fans\ncriteria: { attribute: "travel_view:family_fun", operator: ">=", value: 3 }\n---\nkind: Intervention\nname: i\ncriteria: { segment: fans }\n`);
    expect(diagnostics).toEqual([]);
  });

  it('reports an unknown segment with a suggestion', () => {
    const { diagnostics } = check(`${groups}kind: Segment\nname: fans\ncriteria: { attribute: "travel_view:family_fun", operator: ">=", value: 3 }\n---\nkind: Intervention\nname: i\ncriteria: { segment: fan }\n`);
    expect(diagnostics).toMatchObject([{ code: 'unknown-segment', hint: 'did you mean fans?', line: 27, column: 22 }]);
  });

  it('reports cycles of one, two and three segments once each', () => {
    const seg = (name: string, ref: string) => `kind: Segment\nname: ${name}\ncriteria: { all: [{ segment: ${ref} }] }\n`;
    expect(codes(check(seg('a', 'a')).diagnostics)).toEqual(['segment-cycle']);
    const two = check(`${seg('a', 'b')}---\n${seg('b', 'a')}`).diagnostics;
    expect(two).toMatchObject([{ code: 'segment-cycle', message: 'segments reference each other in a loop: a → b → a' }]);
    expect(codes(check(`${seg('a', 'b')}---\n${seg('b', 'c')}---\n${seg('c', 'a')}`).diagnostics)).toEqual(['segment-cycle']);
  });

  it('allows protect on segments', () => {
    expect(check(`${groups}kind: Segment\nname: s\nprotect: true\ncriteria: { attribute: "users:purchases", operator: ">", value: 0 }\n`).diagnostics).toEqual([]);
  });
});

describe('registry mode (objects of a Signals registry, as the emulator validates them)', () => {
  const group: Definition = {
    kind: 'AttributeGroup',
    protect: false,
    spec: { name: 'g', version: 1, attribute_key: { name: 'domain_userid' }, online: true, offline: false, attributes: [{ name: 'a', type: 'int32', events: [{ name: 'x' }], aggregation: 'counter' }], is_published: false },
  };
  const service = (version: number): Definition => ({ kind: 'Service', protect: false, spec: { name: 's', attribute_groups: [{ name: 'other', version }], is_published: false } });

  it('makes unknown groups errors', () => {
    expect(validateDefinitions([service(1)], { source: 'registry' })).toMatchObject([{ severity: 'error', code: 'unknown-group', path: ['attribute_groups', 0] }]);
    expect(validateDefinitions([service(1)], { source: 'files' })).toMatchObject([{ severity: 'warning', code: 'unknown-group' }]);
  });

  it('refuses segment leaves', () => {
    const intervention: Definition = { kind: 'Intervention', protect: false, spec: { name: 'i', version: 1, criteria: { all: [{ segment: 'x' }] }, is_published: false } };
    expect(validateDefinitions([group, intervention], { source: 'registry' })).toMatchObject([{ code: 'segment-in-registry', definition: 1, path: ['criteria', 'all', 0, 'segment'] }]);
  });

  it('treats unparsed definitions as existing', () => {
    expect(validateDefinitions([service(1)], { unparsed: [{ kind: 'AttributeGroup', name: 'other', version: 1 }] })).toEqual([]);
  });
});
