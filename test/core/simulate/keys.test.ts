import { describe, expect, it } from 'vitest';
import { atomic, attribute, entityProp, group, key, pageView, rowOf, simulate, withEntity } from './builders.js';

const T = Date.UTC(2025, 0, 1);

describe('attribute keys', () => {
  it('skip events whose key is null or empty for that group only', () => {
    const defs = [
      group({ name: 'by_session', attributes: [attribute({ name: 'n' })] }),
      group({ name: 'by_user', attribute_key: { name: 'user_id' }, attributes: [attribute({ name: 'n' })] }),
    ];
    const events = [pageView(T, { user_id: 'alice' }), pageView(T + 1, { domain_sessionid: '', user_id: 'alice' }), pageView(T + 2, { domain_sessionid: undefined, user_id: 'alice' })];
    const result = simulate(defs, events);
    expect(rowOf(result, 'by_session', 's1')).toEqual({ n: 1 });
    expect(result.groups.find((g) => g.name === 'by_session')?.rows).toHaveLength(1);
    expect(rowOf(result, 'by_user', 'alice')).toEqual({ n: 3 });
  });

  it('read custom keys through their property', () => {
    const defs = [
      key({ name: 'account_id', property: entityProp('com.example', 'account', 'account_id') }),
      group({ name: 'accounts', attribute_key: { name: 'account_id' }, attributes: [attribute({ name: 'users', aggregation: 'approx_count_distinct', type: 'int64', property: atomic('domain_userid') })] }),
    ];
    const events = [
      withEntity(pageView(T, { domain_userid: 'u1' }), 'com.example/account/1-0-0', [{ account_id: 42 }]),
      withEntity(pageView(T + 1, { domain_userid: 'u2' }), 'com.example/account/1-0-0', [{ account_id: 42 }]),
      pageView(T + 2, { domain_userid: 'u3' }),
    ];
    const result = simulate(defs, events);
    expect(result.groups[0]?.attribute_key).toBe('account_id');
    expect(result.groups[0]?.rows).toEqual([{ key: '42', attributes: { users: 2 } }]);
  });

  it('understand the legacy key names user and session', () => {
    const result = simulate([group({ name: 'g', attribute_key: { name: 'user' }, attributes: [attribute({ name: 'n' })] })], [pageView(T)]);
    expect(result.groups[0]?.attribute_key).toBe('domain_userid');
    expect(rowOf(result, 'g', 'u1')).toEqual({ n: 1 });
  });

  it('report external groups and keys with no event property as skipped', () => {
    const external = group({
      name: 'warehouse',
      offline: true,
      fields: [{ name: 'LTV', type: 'double' }],
      batch_source: { name: 'src', database: 'db', schema: 's', table: 't', timestamp_field: 'UPDATED_AT' },
      attributes: [],
    });
    const columnKey = key({ name: 'CUSTOMER_ID', external_column: 'CUSTOMER_ID' });
    const byColumn = group({ name: 'by_column', attribute_key: { name: 'CUSTOMER_ID' }, attributes: [attribute({ name: 'n' })] });
    const result = simulate([external, columnKey, byColumn], [pageView(T)]);
    expect(result.groups).toEqual([]);
    expect(result.skipped_groups.map((g) => g.name)).toEqual(['by_column', 'warehouse']);
    expect(result.skipped_groups[1]?.reason).toMatch(/external/);
  });

  it('skip a group whose property path is outside the supported subset', () => {
    const bad = group({ name: 'bad', attributes: [attribute({ name: 'x', aggregation: 'last', type: 'string', property: entityProp('com.acme', 'thing', '$..deep') })] });
    const result = simulate([bad], [pageView(T)]);
    expect(result.skipped_groups[0]?.reason).toMatch(/unsupported property path/);
  });

  it('match events by wildcards: any version, any event of a vendor, all events', () => {
    const click = (name: string, version: string) => ({ ...pageView(T), event_vendor: 'com.acme', event_name: name, event_version: version });
    const defs = [
      group({
        name: 'g',
        attributes: [
          attribute({ name: 'any_version', events: [{ vendor: 'com.acme', name: 'click' }] }),
          attribute({ name: 'vendor', events: [{ vendor: 'com.acme' }] }),
          attribute({ name: 'all', events: [] }),
          attribute({ name: 'exact', events: [{ vendor: 'com.acme', name: 'click', version: '2-0-0' }] }),
        ],
      }),
    ];
    const result = simulate(defs, [click('click', '1-0-0'), click('click', '2-0-0'), click('scroll', '1-0-0'), pageView(T)]);
    expect(rowOf(result, 'g', 's1')).toEqual({ any_version: 2, vendor: 3, all: 4, exact: 1 });
  });

  it('derive the event identity from the event column when event_name is missing', () => {
    const bare = { event: 'page_view', domain_sessionid: 's1', derived_tstamp: new Date(T).toISOString() };
    expect(rowOf(simulate([group({ name: 'g', attributes: [attribute({ name: 'n' })] })], [bare]), 'g', 's1')).toEqual({ n: 1 });
  });
});
