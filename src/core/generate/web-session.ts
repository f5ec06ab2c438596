/**
 * One browser session on a website, as the JavaScript tracker and the enrichment pipeline would
 * record it: page views, activity pings and self-describing events with entities, each with the
 * session's atomic fields, a web_page entity and timestamps that increase through the session.
 */
import { F, SCHEMAS, type AtomicValue, type GeneratedEvent, type SchemaRef, type SelfDescribing } from './event.js';
import type { Random } from './random.js';
import type { Acquisition, Visitor } from './visitors.js';

export interface SessionInfo {
  appId: string;
  /** Site host, e.g. `travel.example.com`. */
  host: string;
  visitor: Visitor;
  sessionId: string;
  /** 1 for the visitor's first session. */
  sessionIdx: number;
  /** Session start, epoch milliseconds. */
  start: number;
  acquisition: Acquisition;
}

interface PageState {
  url: string;
  path: string;
  query?: string;
  title: string;
  referrer?: string;
  internalReferrer: boolean;
  docHeight: number;
  campaign?: Acquisition['campaign'];
  maxScroll: number;
}

const MIN_GAP = 350;

export class WebSession {
  readonly events: GeneratedEvent[] = [];
  private cursor: number;
  private readonly base: (AtomicValue | undefined)[];
  private page: PageState | undefined;
  private pageCount = 0;

  constructor(
    private readonly rng: Random,
    readonly info: SessionInfo,
  ) {
    this.cursor = info.start;
    const v = info.visitor;
    const b: (AtomicValue | undefined)[] = new Array<AtomicValue | undefined>(131);
    b[F.app_id] = info.appId;
    b[F.platform] = 'web';
    b[F.domain_userid] = v.domainUserid;
    b[F.domain_sessionidx] = info.sessionIdx;
    b[F.geo_country] = v.place.country;
    b[F.useragent] = v.device.useragent;
    b[F.br_lang] = v.place.lang;
    b[F.domain_sessionid] = info.sessionId;
    if (v.userId !== undefined) b[F.user_id] = v.userId;
    this.base = b;
  }

  /** Current session time, epoch milliseconds. */
  get now(): number {
    return this.cursor;
  }

  get pagesViewed(): number {
    return this.pageCount;
  }

  /** Lets time pass (at least a few hundred milliseconds, so event times stay strictly ordered). */
  wait(ms: number): void {
    this.cursor += Math.max(MIN_GAP, Math.round(ms));
  }

  /** The visitor signs in: later events carry user_id. */
  signIn(userId: string): void {
    this.info.visitor.userId = userId;
    this.base[F.user_id] = userId;
  }

  /** A page view of `path` on the site, with optional entities (besides web_page). */
  pageView(path: string, title: string, options: { query?: string; contexts?: SelfDescribing[] } = {}): void {
    const first = this.page === undefined;
    const acq = this.info.acquisition;
    let query = options.query;
    let campaign: Acquisition['campaign'];
    if (first && acq.campaign) {
      campaign = acq.campaign;
      const utm = `utm_source=${campaign.source}&utm_medium=${campaign.medium}&utm_campaign=${campaign.name}`;
      query = query ? `${query}&${utm}` : utm;
    }
    const url = `https://${this.info.host}${path}${query ? `?${query}` : ''}`;
    const referrer = first ? acq.referrer : this.page?.url;
    const page: PageState = {
      url,
      path,
      title,
      internalReferrer: !first,
      docHeight: this.rng.int(18, 60) * 100,
      maxScroll: 0,
    };
    if (query !== undefined) page.query = query;
    if (referrer !== undefined) page.referrer = referrer;
    if (campaign !== undefined) page.campaign = campaign;
    this.page = page;
    this.pageCount++;
    const e = this.newEvent('page_view', SCHEMAS.pageView);
    e.contexts.push(...(options.contexts ?? []));
  }

  /**
   * The visitor stays on the page for `seconds`: the tracker sends a page ping every 10 seconds
   * of activity after the first 10, scrolling further down the page as time goes on.
   */
  dwell(seconds: number, options: { maxPings?: number } = {}): void {
    const page = this.page;
    const end = this.cursor + seconds * 1000;
    const maxPings = options.maxPings ?? 12;
    let pings = 0;
    let t = this.cursor + 10_000;
    while (page && t < end && pings < maxPings) {
      this.cursor = t + this.rng.int(0, 900);
      const viewport = this.info.visitor.device.viewport[1];
      const scrollLimit = Math.max(0, page.docHeight - viewport);
      const next = Math.min(scrollLimit, page.maxScroll + this.rng.int(0, 1400));
      const e = this.newEvent('page_ping', SCHEMAS.pagePing);
      e.fields[F.pp_xoffset_min] = 0;
      e.fields[F.pp_xoffset_max] = 0;
      e.fields[F.pp_yoffset_min] = page.maxScroll;
      e.fields[F.pp_yoffset_max] = next;
      page.maxScroll = next;
      pings++;
      t += 10_000;
    }
    this.cursor = Math.max(this.cursor + MIN_GAP, end);
  }

  /** A self-describing event on the current page, with optional entities (besides web_page). */
  track(schema: SchemaRef, data: Record<string, unknown>, contexts: SelfDescribing[] = []): void {
    const e = this.newEvent('unstruct', schema);
    e.unstruct = { schema, data };
    e.contexts.push(...contexts);
  }

  /** Adds an enrichment-derived entity to the most recent event. */
  deriveContext(context: SelfDescribing): void {
    this.events[this.events.length - 1]?.derivedContexts.push(context);
  }

  private newEvent(event: string, schema: SchemaRef): GeneratedEvent {
    const f = this.base.slice();
    const rng = this.rng;
    const created = this.cursor;
    const sendDelay = event === 'page_ping' ? rng.int(2, 30) : rng.int(5, 400);
    const latency = rng.int(40, 240);
    const skew = this.info.visitor.clockSkew;
    const collector = created + sendDelay + latency;
    const derived = created + latency;
    f[F.dvce_created_tstamp] = created + skew;
    f[F.collector_tstamp] = collector;
    f[F.derived_tstamp] = derived;
    f[F.event] = event;
    f[F.event_id] = rng.uuid();
    f[F.event_vendor] = schema.vendor;
    f[F.event_name] = schema.name;
    f[F.event_format] = 'jsonschema';
    f[F.event_version] = schema.version;
    const page = this.page;
    if (page) {
      f[F.page_url] = page.url;
      f[F.page_title] = page.title;
      f[F.page_urlhost] = this.info.host;
      f[F.page_urlpath] = page.path;
      if (page.query !== undefined) f[F.page_urlquery] = page.query;
      if (page.referrer !== undefined) this.setReferrer(f, page);
      if (page.campaign) {
        f[F.mkt_medium] = page.campaign.medium;
        f[F.mkt_source] = page.campaign.source;
        f[F.mkt_campaign] = page.campaign.name;
      }
    }
    const generated: GeneratedEvent = { time: derived, fields: f, contexts: [], derivedContexts: [] };
    this.events.push(generated);
    this.cursor += MIN_GAP;
    return generated;
  }

  private setReferrer(f: (AtomicValue | undefined)[], page: PageState): void {
    const ref = page.referrer!;
    f[F.page_referrer] = ref;
    // The enrichment parses external referrers only; internal navigation keeps just page_referrer.
    if (page.internalReferrer) return;
    const m = /^https?:\/\/([^/?#]+)/.exec(ref);
    if (m) f[F.refr_urlhost] = m[1];
    const acq = this.info.acquisition;
    if (acq.medium) f[F.refr_medium] = acq.medium;
    if (acq.source) f[F.refr_source] = acq.source;
    if (acq.term) f[F.refr_term] = acq.term;
  }
}
