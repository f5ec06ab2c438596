/**
 * The Signals quick start: a content website with page views and pings only. The YAUAA
 * enrichment derives the browser (`nl.basjes/yauaa_context`) from the useragent; visitors
 * arrive from search, social, email and direct.
 */
import { SCHEMAS } from './event.js';
import type { Scenario } from './timeline.js';

const ARTICLES = [
  ['/blog/what-is-behavioral-data', 'What is behavioral data?'],
  ['/blog/real-time-personalization', 'Real-time personalization, explained'],
  ['/blog/session-attributes', 'Session attributes in practice'],
  ['/blog/data-contracts', 'Why data contracts matter'],
  ['/blog/ai-agents-need-context', 'AI agents need context'],
  ['/docs/getting-started', 'Getting started'],
  ['/docs/tracking/web', 'Web tracking'],
  ['/docs/signals/attributes', 'Defining attributes'],
  ['/pricing', 'Pricing'],
  ['/customers', 'Customers'],
  ['/about', 'About us'],
] as const;

export const quickstartScenario: Scenario = {
  name: 'quickstart',
  appId: 'website',
  host: 'www.example.com',
  campaigns: ['product_launch', 'monthly_digest', 'webinar'],
  meanArrivalGapSeconds: 20,

  pickProfile(rng) {
    return { persona: rng.weighted<string>([['bouncer', 35], ['reader', 45], ['engaged', 20]]) };
  },

  pickReturnVisits(rng) {
    return rng.weighted([[0, 70], [1, 20], [2, 10]] as const);
  },

  playSession(rng, s) {
    const persona = s.info.visitor.profile['persona'] ?? 'reader';
    const yauaa = { schema: SCHEMAS.yauaa, data: { ...s.info.visitor.device.yauaa } };
    const pages = persona === 'bouncer' ? 1 : persona === 'reader' ? rng.int(2, 4) : rng.int(5, 10);
    for (let i = 0; i < pages; i++) {
      const [path, title] = i === 0 && rng.chance(0.4) ? (['/', 'Home'] as const) : rng.pick(ARTICLES);
      s.pageView(path, title);
      s.deriveContext(yauaa);
      // Engaged readers move quickly between pages, so a 15-minute window sees all of them.
      s.dwell(persona === 'engaged' ? rng.int(5, 70) : rng.int(5, 150), { maxPings: persona === 'bouncer' ? 1 : 3 });
    }
  },
};
