/**
 * Helpers for the live-loop tests: publishing definitions into an emulator, sending events to
 * its ingest endpoint, and an SSE subscriber that collects what the emulator delivers.
 */
import path from 'node:path';
import { expandInterventionSegments } from '../../src/app/plan.js';
import { generateEventLines } from '../../src/core/generate/index.js';
import type { Definition, RemoteKind } from '../../src/core/model.js';
import type { RemoteDefinition } from '../../src/core/wire.js';
import { loadDefinitions } from '../../src/io/definitions.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { repoRoot } from '../helpers/shared-data.js';

const ORDER: RemoteKind[] = ['AttributeKey', 'AttributeGroup', 'Service', 'Intervention'];

/** Creates (or updates) every definition but segments, keys first, as apply would. */
export async function publish(emu: TestEmulator, definitions: readonly Definition[]): Promise<void> {
  const client = emu.client();
  const remote = definitions.filter((d): d is RemoteDefinition => d.kind !== 'Segment');
  for (const kind of ORDER) for (const d of remote.filter((x) => x.kind === kind)) await client.upsert(d);
}

/** A template's definitions, validated, with segment references expanded. */
export async function templateDefinitions(template: string): Promise<Definition[]> {
  const loaded = await loadDefinitions({ cwd: repoRoot, paths: [path.join(repoRoot, 'templates', template, 'definitions')] });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`template ${template} has invalid definitions: ${errors.map((e) => e.message).join('; ')}`);
  return expandInterventionSegments(loaded.definitions);
}

export function generatedEvents(template: string, sessions: number, format: 'ndjson' | 'tsv' = 'ndjson', seed = 'live-loop'): string {
  return [...generateEventLines({ template, sessions, seed, start: Date.parse('2026-01-05T09:00:00Z'), format })].join('\n') + '\n';
}

export async function postEvents(emu: { url: string }, body: string | Uint8Array, headers: Record<string, string> = {}, token = 'test-sandbox-token'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu.url}/emulator/events`, { method: 'POST', headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers }, body });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

export async function pushDirect(emu: { url: string }, query: string, body: unknown, token = 'test-sandbox-token'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu.url}/api/v1/interventions?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A Server-Sent Events subscriber: collects `data:` payloads and comments as they arrive. */
export class Subscription {
  readonly messages: any[] = [];
  readonly comments: string[] = [];
  status = 0;
  contentType = '';
  /** Resolves when the server ends the stream. */
  ended!: Promise<void>;
  private readonly abort = new AbortController();
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  static async open(url: string, query: string): Promise<Subscription> {
    const s = new Subscription();
    const res = await fetch(`${url}/api/v1/interventions?${query}`, { headers: { Accept: 'text/event-stream' }, signal: s.abort.signal });
    s.status = res.status;
    s.contentType = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !res.body) {
      s.messages.push(await res.json());
      s.ended = Promise.resolve();
      return s;
    }
    s.ended = s.read(res.body);
    // The first comment confirms the subscription is registered.
    await s.until(() => s.comments.length > 0);
    return s;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) this.messages.push(JSON.parse(line.slice(6)));
            else if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
          }
          this.wake();
        }
      }
    } catch {
      // aborted by close()
    }
    this.wake();
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }

  /** Waits until `test` holds (the test's own timeout bounds it). */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Messages of one intervention name. */
  named(name: string): any[] {
    return this.messages.filter((m) => m.name === name);
  }

  close(): void {
    this.abort.abort();
  }
}
