/** Raw HTTP calls for emulator tests: what any client (SDK, curl) would send. */
export interface RawResponse {
  status: number;
  body: any;
  headers: Headers;
}

export function rawClient(baseUrl: string, token = 'test-sandbox-token') {
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
    const init: RequestInit = {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
}

export const group = (name: string, version = 1, extra: Record<string, unknown> = {}) => ({
  name,
  version,
  attribute_key: { name: 'domain_sessionid' },
  online: true,
  offline: false,
  attributes: [
    { name: 'page_views', type: 'int32', events: [{ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }], aggregation: 'counter' },
    { name: 'last_url', type: 'string', events: [], aggregation: 'last', property: { type: 'atomic', name: 'page_url' } },
  ],
  is_published: false,
  ...extra,
});

export const service = (name: string, groups: { name: string; version: number }[], extra: Record<string, unknown> = {}) => ({
  name,
  attribute_groups: groups,
  is_published: true,
  ...extra,
});

export const intervention = (name: string, version = 1, extra: Record<string, unknown> = {}) => ({
  name,
  version,
  criteria: { attribute: 'sessions:page_views', operator: '>=', value: 3 },
  target_attribute_keys: [{ name: 'domain_sessionid' }],
  is_published: false,
  ...extra,
});
