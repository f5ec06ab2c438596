/**
 * A video site tracked with the Snowplow media plugin (v2 schemas): play, pause, ping, percent
 * progress and end events, and pre-roll ad breaks (ad_break_start/end, ad_start, ad_quartile,
 * ad_skip, ad_click, ad_complete), each with the media_player and media session entities (plus ad
 * and ad_break entities during ads). Some viewers binge, some skip every ad.
 */
import { schemaRef, type SelfDescribing } from './event.js';
import type { Random } from './random.js';
import type { Scenario } from './timeline.js';
import type { WebSession } from './web-session.js';

const MEDIA = 'com.snowplowanalytics.snowplow.media';
const m = (name: string) => schemaRef(MEDIA, name, '1-0-0');
export const MEDIA_SCHEMAS = {
  player: schemaRef('com.snowplowanalytics.snowplow', 'media_player', '2-0-0'),
  session: m('session'),
  ad: m('ad'),
  adBreak: m('ad_break'),
  play: m('play_event'),
  pause: m('pause_event'),
  ping: m('ping_event'),
  percentProgress: m('percent_progress_event'),
  end: m('end_event'),
  adBreakStart: m('ad_break_start_event'),
  adBreakEnd: m('ad_break_end_event'),
  adStart: m('ad_start_event'),
  adQuartile: m('ad_quartile_event'),
  adSkip: m('ad_skip_event'),
  adClick: m('ad_click_event'),
  adComplete: m('ad_complete_event'),
} as const;

interface Video {
  slug: string;
  label: string;
  duration: number;
}

const VIDEOS: readonly Video[] = [
  { slug: 'big-buck-bunny', label: 'Big Buck Bunny', duration: 596.47 },
  { slug: 'sintel-trailer', label: 'Sintel (trailer)', duration: 52.2 },
  { slug: 'tears-of-steel', label: 'Tears of Steel', duration: 734.1 },
  { slug: 'elephants-dream', label: 'Elephants Dream', duration: 653.8 },
  { slug: 'cosmos-laundromat', label: 'Cosmos Laundromat', duration: 722.3 },
  { slug: 'spring', label: 'Spring', duration: 464.0 },
  { slug: 'agent-327', label: 'Agent 327: Operation Barbershop', duration: 231.5 },
  { slug: 'caminandes', label: 'Caminandes: Llamigos', duration: 150.0 },
  { slug: 'glass-half', label: 'Glass Half', duration: 194.0 },
  { slug: 'charge', label: 'Charge', duration: 230.0 },
  { slug: 'sprite-fright', label: 'Sprite Fright', duration: 629.0 },
  { slug: 'coffee-run', label: 'Coffee Run', duration: 184.0 },
];

const PING_INTERVAL = 30;

/** One media session: one video in one player, with its running statistics. */
class Playback {
  private readonly sessionId: string;
  private readonly startedAt: string;
  private currentTime = 0;
  private paused = true;
  private ended = false;
  private timePlayed = 0;
  private timeSpentAds = 0;
  private ads = 0;
  private adBreaks = 0;
  private adsSkipped = 0;
  private adsClicked = 0;

  constructor(
    private readonly rng: Random,
    private readonly s: WebSession,
    private readonly video: Video,
  ) {
    this.sessionId = rng.uuid();
    this.startedAt = new Date(s.now).toISOString();
  }

  private entities(extra: SelfDescribing[] = []): SelfDescribing[] {
    const session: Record<string, unknown> = {
      mediaSessionId: this.sessionId,
      startedAt: this.startedAt,
      timePlayed: Math.round(this.timePlayed * 1000) / 1000,
      contentWatched: Math.round(this.timePlayed),
    };
    if (this.ads > 0) Object.assign(session, { timeSpentAds: Math.round(this.timeSpentAds * 1000) / 1000, ads: this.ads, adBreaks: this.adBreaks });
    if (this.adsSkipped > 0) session['adsSkipped'] = this.adsSkipped;
    if (this.adsClicked > 0) session['adsClicked'] = this.adsClicked;
    return [
      {
        schema: MEDIA_SCHEMAS.player,
        data: { currentTime: Math.round(this.currentTime * 1000) / 1000, duration: this.video.duration, paused: this.paused, ended: this.ended, label: this.video.label, mediaType: 'video', playerType: 'html5' },
      },
      { schema: MEDIA_SCHEMAS.session, data: session },
      ...extra,
    ];
  }

  private track(schema: (typeof MEDIA_SCHEMAS)[keyof typeof MEDIA_SCHEMAS], data: Record<string, unknown> = {}, extra: SelfDescribing[] = []): void {
    this.s.track(schema, data, this.entities(extra));
  }

  /** A pre-roll break of one or two ads; `skipper` viewers skip whenever they can. */
  adBreak(skipper: boolean): void {
    this.adBreaks++;
    const breakEntity: SelfDescribing = { schema: MEDIA_SCHEMAS.adBreak, data: { breakId: String(this.rng.int(100, 999)), name: 'pre-roll', breakType: 'linear', startTime: 0 } };
    this.track(MEDIA_SCHEMAS.adBreakStart, {}, [breakEntity]);
    const count = this.rng.chance(0.65) ? 1 : 2;
    for (let pod = 1; pod <= count; pod++) {
      this.ads++;
      const skippable = this.rng.chance(0.8);
      const ad: SelfDescribing = { schema: MEDIA_SCHEMAS.ad, data: { adId: String(this.rng.int(1000, 9999)), name: `Ad ${pod}`, creativeId: `creative-${this.rng.int(1, 40)}`, duration: 15, podPosition: pod, skippable } };
      const extra = [ad, breakEntity];
      this.track(MEDIA_SCHEMAS.adStart, {}, extra);
      const skipAt = skippable && (skipper ? this.rng.chance(0.9) : this.rng.chance(0.25)) ? this.rng.pick([25, 50]) : undefined;
      let watched = 0;
      for (const q of [25, 50, 75]) {
        this.s.wait(3750);
        watched += 3.75;
        this.timeSpentAds += 3.75;
        this.track(MEDIA_SCHEMAS.adQuartile, { percentProgress: q }, extra);
        if (q === 25 && this.rng.chance(skipper ? 0.02 : 0.06)) {
          this.adsClicked++;
          this.track(MEDIA_SCHEMAS.adClick, {}, extra);
        }
        if (skipAt === q) break;
      }
      if (skipAt !== undefined) {
        this.adsSkipped++;
        this.track(MEDIA_SCHEMAS.adSkip, {}, extra);
      } else {
        this.s.wait(3750);
        this.timeSpentAds += 15 - watched;
        this.track(MEDIA_SCHEMAS.adComplete, {}, extra);
      }
    }
    this.track(MEDIA_SCHEMAS.adBreakEnd, {}, [breakEntity]);
  }

  /** Plays from the current position for `seconds` (or to the end), with pings and progress events. */
  play(seconds: number): void {
    this.paused = false;
    this.track(MEDIA_SCHEMAS.play);
    const stopAt = Math.min(this.video.duration, this.currentTime + seconds);
    const marks = [25, 50, 75].map((p) => ({ p, at: (this.video.duration * p) / 100 })).filter((mk) => mk.at > this.currentTime && mk.at <= stopAt);
    let nextPing = this.currentTime + PING_INTERVAL;
    for (;;) {
      const nextMark = marks[0];
      const next = Math.min(nextPing, nextMark ? nextMark.at : Infinity, stopAt);
      this.s.wait((next - this.currentTime) * 1000);
      this.timePlayed += next - this.currentTime;
      this.currentTime = next;
      if (next === stopAt) break;
      if (nextMark && next === nextMark.at) {
        marks.shift();
        this.track(MEDIA_SCHEMAS.percentProgress, { percentProgress: nextMark.p });
      } else {
        this.track(MEDIA_SCHEMAS.ping);
        nextPing += PING_INTERVAL;
      }
    }
    if (this.currentTime >= this.video.duration) {
      this.paused = true;
      this.ended = true;
      this.track(MEDIA_SCHEMAS.end);
    } else {
      this.paused = true;
      this.track(MEDIA_SCHEMAS.pause);
    }
  }

  get finished(): boolean {
    return this.ended;
  }
}

export const mediaScenario: Scenario = {
  name: 'media',
  appId: 'media-web',
  host: 'watch.example.com',
  campaigns: ['new_releases', 'weekend_picks', 'animation_week'],
  meanArrivalGapSeconds: 40,

  pickProfile(rng) {
    return {
      persona: rng.weighted<string>([
        ['bouncer', 15],
        ['sampler', 30],
        ['viewer', 30],
        ['binge_watcher', 12],
        ['ad_skipper', 13],
      ]),
    };
  },

  pickReturnVisits(rng, visitor) {
    return visitor.profile['persona'] === 'binge_watcher' ? rng.int(1, 3) : rng.weighted([[0, 65], [1, 25], [2, 10]] as const);
  },

  playSession(rng, s) {
    const persona = s.info.visitor.profile['persona'] ?? 'viewer';
    s.pageView('/', 'Watch');
    s.dwell(rng.int(3, 25), { maxPings: 1 });
    if (persona === 'bouncer') return;
    const videos = persona === 'ad_skipper' ? rng.int(3, 5) : persona === 'binge_watcher' ? rng.int(2, 3) : persona === 'sampler' ? rng.int(1, 3) : rng.int(1, 2);
    for (let i = 0; i < videos; i++) {
      const video = persona === 'binge_watcher' ? rng.pick(VIDEOS.filter((v) => v.duration < 300)) : rng.pick(VIDEOS);
      s.pageView(`/watch/${video.slug}`, video.label);
      s.wait(rng.int(1500, 6000));
      const playback = new Playback(rng, s, video);
      if (rng.chance(0.6)) playback.adBreak(persona === 'ad_skipper');
      if (persona === 'sampler' || persona === 'ad_skipper') {
        playback.play(rng.int(5, persona === 'ad_skipper' ? 45 : 90));
      } else {
        // Watch in one to three stretches, with pauses in between; binge watchers finish.
        const stretches = rng.int(1, 3);
        for (let k = 0; k < stretches && !playback.finished; k++) {
          const last = k === stretches - 1;
          const complete = persona === 'binge_watcher' || (persona === 'viewer' && rng.chance(0.5));
          playback.play(last && complete ? Infinity : rng.int(20, 120));
          if (!playback.finished) s.wait(rng.int(2000, 40_000));
        }
      }
      s.wait(rng.int(2000, 15_000));
    }
  },
};
