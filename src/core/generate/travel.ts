/**
 * The travel demo site (Snowplow's travel personalization tutorial): destination and experience
 * pages carrying a `content` entity with a primary tag, tag filters, experience-length filters,
 * price sorting and filters, and trip-planner schedule updates. Visitors follow one of the five
 * traveller personas (or browse without a clear preference, or bounce), so every attribute,
 * segment and intervention of `definitions/` has data.
 */
import { schemaRef, type SelfDescribing } from './event.js';
import type { Random } from './random.js';
import type { Scenario } from './timeline.js';
import type { WebSession } from './web-session.js';

const VENDOR = 'com.snowplowanalytics.accelerators.travel';
export const TRAVEL_SCHEMAS = {
  filterTagApplied: schemaRef(VENDOR, 'filter_tag_applied', '1-0-0'),
  content: schemaRef(VENDOR, 'content', '1-0-0'),
  experienceFilter: schemaRef(VENDOR, 'experience_filter', '1-0-0'),
  sortChange: schemaRef(VENDOR, 'sort_change', '1-0-0'),
  destinationFilter: schemaRef(VENDOR, 'destination_filter', '1-0-0'),
  scheduleUpdate: schemaRef(VENDOR, 'schedule_update', '1-0-0'),
} as const;

/** The tutorial's tag lists (tranquil_seeker lists `wellness` once). */
export const TRAVELLER_TAGS = {
  cultural_explorer: ['culture', 'history', 'heritage', 'ancient', 'temples', 'art', 'traditional'],
  modern_urbanite: ['urban', 'nightlife', 'shopping', 'modern', 'architecture'],
  tranquil_seeker: ['nature', 'peaceful', 'wellness', 'beaches', 'mountains', 'river'],
  family_fun: ['family-friendly', 'beaches', 'nature', 'food', 'mountains', 'culture'],
  culinary_tourist: ['food', 'street food', 'multicultural', 'traditional', 'urban', 'shopping'],
} as const;
export type TravellerType = keyof typeof TRAVELLER_TAGS;
export const TRAVELLER_TYPES = Object.keys(TRAVELLER_TAGS) as TravellerType[];

/** Tags that belong to one traveller type only: a persona mostly browses these. */
const DISTINCT_TAGS: Record<TravellerType, string[]> = Object.fromEntries(
  TRAVELLER_TYPES.map((t) => [t, TRAVELLER_TAGS[t].filter((tag) => TRAVELLER_TYPES.every((o) => o === t || !(TRAVELLER_TAGS[o] as readonly string[]).includes(tag)))]),
) as Record<TravellerType, string[]>;

interface Content {
  slug: string;
  name: string;
  primaryTag: string;
  tags: string[];
}

const D = (slug: string, name: string, primaryTag: string, ...tags: string[]): Content => ({ slug, name, primaryTag, tags: [primaryTag, ...tags] });

const DESTINATIONS: readonly Content[] = [
  D('kyoto', 'Kyoto, Japan', 'temples', 'culture', 'traditional'),
  D('rome', 'Rome, Italy', 'ancient', 'history', 'food'),
  D('athens', 'Athens, Greece', 'ancient', 'history', 'heritage'),
  D('cusco', 'Cusco, Peru', 'heritage', 'mountains', 'history'),
  D('florence', 'Florence, Italy', 'art', 'culture', 'food'),
  D('istanbul', 'Istanbul, Türkiye', 'history', 'multicultural', 'food'),
  D('luang-prabang', 'Luang Prabang, Laos', 'temples', 'river', 'peaceful'),
  D('petra', 'Petra, Jordan', 'ancient', 'heritage'),
  D('varanasi', 'Varanasi, India', 'culture', 'river', 'traditional'),
  D('marrakech', 'Marrakech, Morocco', 'traditional', 'shopping', 'street food'),
  D('tokyo', 'Tokyo, Japan', 'modern', 'urban', 'food'),
  D('new-york', 'New York City, USA', 'urban', 'nightlife', 'shopping'),
  D('berlin', 'Berlin, Germany', 'nightlife', 'art', 'history'),
  D('dubai', 'Dubai, UAE', 'architecture', 'luxury', 'shopping'),
  D('singapore', 'Singapore', 'shopping', 'street food', 'modern'),
  D('seoul', 'Seoul, South Korea', 'modern', 'nightlife', 'street food'),
  D('hong-kong', 'Hong Kong', 'urban', 'architecture', 'food'),
  D('bali', 'Bali, Indonesia', 'wellness', 'beaches', 'temples'),
  D('queenstown', 'Queenstown, New Zealand', 'mountains', 'nature'),
  D('maldives', 'The Maldives', 'beaches', 'luxury', 'peaceful'),
  D('banff', 'Banff, Canada', 'nature', 'mountains', 'peaceful'),
  D('lake-bled', 'Lake Bled, Slovenia', 'peaceful', 'nature', 'mountains'),
  D('mekong-delta', 'Mekong Delta, Vietnam', 'river', 'nature', 'food'),
  D('kerala', 'Kerala, India', 'wellness', 'river', 'nature'),
  D('lofoten', 'Lofoten Islands, Norway', 'nature', 'mountains', 'peaceful'),
  D('orlando', 'Orlando, USA', 'family-friendly', 'beaches'),
  D('copenhagen', 'Copenhagen, Denmark', 'family-friendly', 'food', 'architecture'),
  D('gold-coast', 'Gold Coast, Australia', 'family-friendly', 'beaches', 'nature'),
  D('algarve', 'Algarve, Portugal', 'beaches', 'family-friendly', 'food'),
  D('costa-rica', 'Costa Rica', 'nature', 'family-friendly', 'wellness'),
  D('bangkok', 'Bangkok, Thailand', 'street food', 'temples', 'nightlife'),
  D('mexico-city', 'Mexico City, Mexico', 'food', 'art', 'urban'),
  D('penang', 'Penang, Malaysia', 'street food', 'multicultural', 'heritage'),
  D('lyon', 'Lyon, France', 'food', 'traditional', 'river'),
  D('toronto', 'Toronto, Canada', 'multicultural', 'urban', 'food'),
  D('london', 'London, UK', 'multicultural', 'history', 'shopping'),
  D('oaxaca', 'Oaxaca, Mexico', 'traditional', 'food', 'art'),
  D('lima', 'Lima, Peru', 'food', 'history', 'beaches'),
  D('lisbon', 'Lisbon, Portugal', 'budget-friendly', 'history', 'food'),
  D('hanoi', 'Hanoi, Vietnam', 'budget', 'street food', 'culture'),
  D('krakow', 'Kraków, Poland', 'affordable', 'history', 'nightlife'),
  D('monaco', 'Monaco', 'luxury', 'nightlife', 'architecture'),
  D('st-moritz', 'St. Moritz, Switzerland', 'high-end', 'mountains', 'wellness'),
  D('bora-bora', 'Bora Bora, French Polynesia', 'luxury', 'beaches', 'peaceful'),
];

const EXPERIENCES: readonly Content[] = [
  D('sunrise-temple-walk', 'Sunrise temple walk', 'temples'),
  D('ancient-ruins-guided-tour', 'Ancient ruins guided tour', 'ancient', 'history'),
  D('museum-pass', 'City museum pass', 'art', 'culture'),
  D('old-town-heritage-trail', 'Old town heritage trail', 'heritage', 'history'),
  D('rooftop-bar-crawl', 'Rooftop bar crawl', 'nightlife', 'urban'),
  D('architecture-boat-tour', 'Architecture boat tour', 'architecture', 'modern'),
  D('designer-outlet-day', 'Designer outlet shopping day', 'shopping', 'urban'),
  D('forest-bathing-retreat', 'Forest bathing retreat', 'wellness', 'nature', 'peaceful'),
  D('river-kayak-trip', 'River kayak trip', 'river', 'nature'),
  D('alpine-hut-hike', 'Alpine hut hike', 'mountains', 'nature'),
  D('theme-park-tickets', 'Theme park tickets', 'family-friendly'),
  D('aquarium-and-beach-day', 'Aquarium and beach day', 'family-friendly', 'beaches'),
  D('night-market-food-tour', 'Night market food tour', 'street food', 'food'),
  D('cooking-class', 'Local cooking class', 'food', 'traditional'),
  D('neighbourhood-food-crawl', 'Multicultural neighbourhood food crawl', 'multicultural', 'food'),
  D('hostel-hopper-pass', 'Hostel hopper pass', 'budget-friendly'),
  D('free-walking-tour', 'Free walking tour', 'affordable', 'history'),
  D('private-yacht-charter', 'Private yacht charter', 'luxury', 'beaches'),
  D('michelin-tasting-menu', 'Michelin tasting menu', 'high-end', 'food'),
];

const EXPERIENCE_LENGTHS = ['half-day', 'full-day', 'multi-day', 'week-long'] as const;
const CATEGORY_FILTERS = ['adventure', 'relaxed', 'guided', 'self-guided'] as const;
const BLOG_POSTS = ['/blog/packing-light', '/blog/travel-insurance-explained', '/blog/best-time-to-visit-japan', '/blog/eating-on-a-budget'] as const;

function contentEntity(item: Content, type: 'destination' | 'experience'): SelfDescribing {
  return { schema: TRAVEL_SCHEMAS.content, data: { id: item.slug, type, primary_tag: item.primaryTag } };
}

/** Tags a persona looks for: mostly the ones that only its type has, sometimes shared ones. */
function personaTag(rng: Random, type: TravellerType): string {
  const distinct = DISTINCT_TAGS[type];
  return rng.chance(0.8) && distinct.length > 0 ? rng.pick(distinct) : rng.pick(TRAVELLER_TAGS[type]);
}

function pickContent(rng: Random, items: readonly Content[], wanted: string | undefined): Content {
  if (wanted !== undefined) {
    const matching = items.filter((i) => i.primaryTag === wanted);
    if (matching.length > 0) return rng.pick(matching);
  }
  return rng.pick(items);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

class TravelVisit {
  private readonly types: TravellerType[];
  constructor(
    private readonly rng: Random,
    private readonly s: WebSession,
    private readonly profile: Readonly<Record<string, string>>,
  ) {
    const p = profile['persona'] ?? 'browser';
    const first = profile['first'] as TravellerType;
    if (p in TRAVELLER_TAGS) this.types = [p as TravellerType];
    else if (p === 'browser') this.types = [first, profile['second'] as TravellerType];
    else this.types = [first];
  }

  /** The tag this visitor is after right now, or undefined for casual browsing. */
  private wantedTag(): string | undefined {
    if (this.rng.chance(0.2)) return undefined;
    const budget = this.profile['budget'];
    if (budget === 'budget' && this.rng.chance(0.15)) return this.rng.pick(['budget', 'budget-friendly', 'affordable']);
    if (budget === 'luxury' && this.rng.chance(0.15)) return this.rng.pick(['luxury', 'high-end']);
    return personaTag(this.rng, this.rng.pick(this.types));
  }

  private think(min: number, max: number): void {
    this.s.dwell(this.rng.int(min, max), { maxPings: 1 });
  }

  destination(): void {
    const d = pickContent(this.rng, DESTINATIONS, this.wantedTag());
    this.s.pageView(`/destinations/${d.slug}`, d.name, { contexts: [contentEntity(d, 'destination')] });
    this.think(6, 40);
  }

  experience(): void {
    const e = pickContent(this.rng, EXPERIENCES, this.wantedTag());
    this.s.pageView(`/experiences/${e.slug}`, e.name, { contexts: [contentEntity(e, 'experience')] });
    this.think(6, 35);
  }

  listing(path: '/destinations' | '/experiences'): void {
    this.s.pageView(path, path === '/destinations' ? 'Destinations' : 'Experiences');
    this.think(3, 15);
  }

  filterTags(): void {
    this.listing('/destinations');
    const n = this.rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const family = this.types.includes('family_fun') && this.rng.chance(0.45);
      const tag = family ? 'Family' : personaTag(this.rng, this.rng.pick(this.types));
      this.s.track(TRAVEL_SCHEMAS.filterTagApplied, { tag_name: tag });
      this.s.wait(this.rng.int(1500, 9000));
    }
  }

  experienceFilter(): void {
    this.listing('/experiences');
    if (this.rng.chance(0.25)) {
      this.s.track(TRAVEL_SCHEMAS.experienceFilter, { filter_type: 'category', filter_value: this.rng.pick(CATEGORY_FILTERS) });
      this.s.wait(this.rng.int(1500, 6000));
    }
    const length = this.rng.chance(0.75) ? (this.profile['length'] ?? 'full-day') : this.rng.pick(EXPERIENCE_LENGTHS);
    this.s.track(TRAVEL_SCHEMAS.experienceFilter, { filter_type: 'duration', filter_value: length });
    this.s.wait(this.rng.int(1500, 8000));
  }

  sortOrPrice(): void {
    this.listing('/destinations');
    const budget = this.profile['budget'];
    const option =
      budget === 'budget' ? 'price-low' : budget === 'luxury' ? 'price-high' : this.rng.pick(['popularity', 'rating', 'price-low', 'price-high']);
    this.s.track(TRAVEL_SCHEMAS.sortChange, { sort_option: option });
    this.s.wait(this.rng.int(2000, 10_000));
    if (this.rng.chance(0.5)) {
      const value = budget === 'budget' ? 'budget' : budget === 'luxury' ? 'luxury' : 'mid-range';
      this.s.track(TRAVEL_SCHEMAS.destinationFilter, { filter_type: 'price_range', filter_value: value });
      this.s.wait(this.rng.int(2000, 9000));
    }
  }

  plan(): void {
    this.s.pageView('/trip-planner', 'Trip planner');
    this.think(5, 20);
    const updates = this.rng.int(1, 2);
    for (let i = 0; i < updates; i++) {
      const from = this.s.now + this.rng.int(14, 180) * 86_400_000;
      const nights = this.rng.int(2, 14);
      this.s.track(TRAVEL_SCHEMAS.scheduleUpdate, { schedule: `${isoDate(from)}/${isoDate(from + nights * 86_400_000)}` });
      this.s.wait(this.rng.int(3000, 20_000));
    }
  }

  other(): void {
    const path = this.rng.chance(0.5) ? this.rng.pick(BLOG_POSTS) : this.rng.pick(['/about', '/deals', '/faq']);
    this.s.pageView(path, 'Travel');
    this.think(5, 30);
  }
}

export const travelScenario: Scenario = {
  name: 'travel',
  appId: 'travel-demo',
  host: 'travel.example.com',
  campaigns: ['spring_getaways', 'winter_sun', 'city_breaks', 'family_summer'],
  meanArrivalGapSeconds: 20,

  pickProfile(rng) {
    const persona = rng.weighted<string>([
      ['cultural_explorer', 15],
      ['modern_urbanite', 14],
      ['tranquil_seeker', 14],
      ['family_fun', 14],
      ['culinary_tourist', 14],
      ['browser', 14],
      ['bouncer', 15],
    ]);
    const first = rng.pick(TRAVELLER_TYPES);
    const second = rng.pick(TRAVELLER_TYPES.filter((t) => t !== first));
    return {
      persona,
      first,
      second,
      budget: rng.weighted([['budget', 30], ['luxury', 15], ['any', 55]] as const),
      length: rng.pick(EXPERIENCE_LENGTHS),
      planner: rng.chance(0.35) ? 'yes' : 'no',
    };
  },

  pickReturnVisits(rng) {
    return rng.weighted([[0, 70], [1, 20], [2, 7], [3, 3]] as const);
  },

  playSession(rng, s) {
    const profile = s.info.visitor.profile;
    const visit = new TravelVisit(rng, s, profile);
    const landing = rng.weighted([['home', 45], ['destinations', 20], ['destination', 25], ['blog', 10]] as const);
    if (landing === 'home') {
      s.pageView('/', 'Find your next trip');
      s.dwell(rng.int(4, 20), { maxPings: 1 });
    } else if (landing === 'destinations') visit.listing('/destinations');
    else if (landing === 'destination') visit.destination();
    else visit.other();
    if (profile['persona'] === 'bouncer') return;

    const steps = rng.int(2, 7);
    const planner = profile['planner'] === 'yes';
    for (let i = 0; i < steps; i++) {
      const action = rng.weighted([
        ['destination', 9],
        ['experience', 3],
        ['filter', 3],
        ['length', 1.5],
        ['price', profile['budget'] === 'any' ? 0.7 : 2],
        ['plan', planner ? 1.2 : 0.1],
        ['other', 0.8],
      ] as const);
      if (action === 'destination') visit.destination();
      else if (action === 'experience') visit.experience();
      else if (action === 'filter') visit.filterTags();
      else if (action === 'length') visit.experienceFilter();
      else if (action === 'price') visit.sortOrPrice();
      else if (action === 'plan') visit.plan();
      else visit.other();
    }
  },
};
