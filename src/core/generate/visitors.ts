/** Who visits: devices, places and acquisition channels, with realistic atomic values. */
import type { Random } from './random.js';

export interface Device {
  useragent: string;
  /** What the YAUAA enrichment derives from the useragent. */
  yauaa: { deviceClass: string; agentName: string; agentVersion: string; operatingSystemName: string };
  mobile: boolean;
  screen: [number, number];
  viewport: [number, number];
}

export const DEVICES: readonly (readonly [Device, number])[] = [
  [{ useragent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', yauaa: { deviceClass: 'Desktop', agentName: 'Chrome', agentVersion: '131.0.0.0', operatingSystemName: 'Windows NT' }, mobile: false, screen: [1920, 1080], viewport: [1903, 961] }, 30],
  [{ useragent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', yauaa: { deviceClass: 'Desktop', agentName: 'Safari', agentVersion: '18.1', operatingSystemName: 'Mac OS' }, mobile: false, screen: [1512, 982], viewport: [1512, 859] }, 14],
  [{ useragent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', yauaa: { deviceClass: 'Desktop', agentName: 'Chrome', agentVersion: '131.0.0.0', operatingSystemName: 'Mac OS' }, mobile: false, screen: [1728, 1117], viewport: [1728, 992] }, 10],
  [{ useragent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', yauaa: { deviceClass: 'Desktop', agentName: 'Firefox', agentVersion: '133.0', operatingSystemName: 'Windows NT' }, mobile: false, screen: [1366, 768], viewport: [1349, 657] }, 6],
  [{ useragent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', yauaa: { deviceClass: 'Phone', agentName: 'Safari', agentVersion: '18.1', operatingSystemName: 'iOS' }, mobile: true, screen: [393, 852], viewport: [393, 659] }, 22],
  [{ useragent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', yauaa: { deviceClass: 'Phone', agentName: 'Chrome', agentVersion: '131.0.0.0', operatingSystemName: 'Android' }, mobile: true, screen: [412, 915], viewport: [412, 779] }, 12],
  [{ useragent: 'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1', yauaa: { deviceClass: 'Tablet', agentName: 'Safari', agentVersion: '17.6', operatingSystemName: 'iOS' }, mobile: true, screen: [820, 1180], viewport: [820, 1106] }, 6],
];

export interface Place {
  country: string;
  region: string;
  city: string;
  timezone: string;
  lang: string;
}

export const PLACES: readonly (readonly [Place, number])[] = [
  [{ country: 'GB', region: 'ENG', city: 'London', timezone: 'Europe/London', lang: 'en-GB' }, 16],
  [{ country: 'GB', region: 'SCT', city: 'Edinburgh', timezone: 'Europe/London', lang: 'en-GB' }, 3],
  [{ country: 'US', region: 'NY', city: 'New York', timezone: 'America/New_York', lang: 'en-US' }, 14],
  [{ country: 'US', region: 'CA', city: 'San Francisco', timezone: 'America/Los_Angeles', lang: 'en-US' }, 8],
  [{ country: 'US', region: 'IL', city: 'Chicago', timezone: 'America/Chicago', lang: 'en-US' }, 5],
  [{ country: 'DE', region: 'BE', city: 'Berlin', timezone: 'Europe/Berlin', lang: 'de-DE' }, 7],
  [{ country: 'FR', region: 'IDF', city: 'Paris', timezone: 'Europe/Paris', lang: 'fr-FR' }, 6],
  [{ country: 'NL', region: 'NH', city: 'Amsterdam', timezone: 'Europe/Amsterdam', lang: 'nl-NL' }, 4],
  [{ country: 'ES', region: 'MD', city: 'Madrid', timezone: 'Europe/Madrid', lang: 'es-ES' }, 4],
  [{ country: 'AU', region: 'NSW', city: 'Sydney', timezone: 'Australia/Sydney', lang: 'en-AU' }, 5],
  [{ country: 'CA', region: 'ON', city: 'Toronto', timezone: 'America/Toronto', lang: 'en-CA' }, 4],
  [{ country: 'JP', region: '13', city: 'Tokyo', timezone: 'Asia/Tokyo', lang: 'ja-JP' }, 3],
  [{ country: 'IN', region: 'MH', city: 'Mumbai', timezone: 'Asia/Kolkata', lang: 'en-IN' }, 3],
  [{ country: 'BR', region: 'SP', city: 'São Paulo', timezone: 'America/Sao_Paulo', lang: 'pt-BR' }, 3],
];

/** How a session arrived: the landing page's referrer and campaign parameters. */
export interface Acquisition {
  /** Full referrer URL, absent for direct traffic. */
  referrer?: string;
  medium?: 'search' | 'social' | 'email' | 'unknown';
  source?: string;
  term?: string;
  campaign?: { medium: string; source: string; name: string };
}

const SEARCH: readonly (readonly [string, string, number])[] = [
  ['https://www.google.com/', 'Google', 70],
  ['https://www.bing.com/', 'Bing', 15],
  ['https://duckduckgo.com/', 'DuckDuckGo', 10],
  ['https://search.yahoo.com/', 'Yahoo!', 5],
];
const SOCIAL: readonly (readonly [string, string, number])[] = [
  ['https://www.facebook.com/', 'Facebook', 35],
  ['https://www.instagram.com/', 'Instagram', 30],
  ['https://www.reddit.com/r/travel/', 'Reddit', 20],
  ['https://t.co/', 'Twitter', 15],
];

export function pickAcquisition(rng: Random, campaigns: readonly string[]): Acquisition {
  const channel = rng.weighted([
    ['direct', 30],
    ['search', 35],
    ['social', 15],
    ['email', 8],
    ['paid', 8],
    ['referral', 4],
  ] as const);
  switch (channel) {
    case 'direct':
      return {};
    case 'search': {
      const [url, source] = rng.weighted(SEARCH.map(([u, s, w]) => [[u, s] as const, w] as const));
      return { referrer: url, medium: 'search', source };
    }
    case 'social': {
      const [url, source] = rng.weighted(SOCIAL.map(([u, s, w]) => [[u, s] as const, w] as const));
      return { referrer: url, medium: 'social', source };
    }
    case 'email':
      return { medium: 'email', campaign: { medium: 'email', source: 'newsletter', name: rng.pick(campaigns) } };
    case 'paid': {
      const [url, source] = SEARCH[0]!;
      return { referrer: url, medium: 'search', source, campaign: { medium: 'cpc', source: 'google', name: rng.pick(campaigns) } };
    }
    case 'referral':
      return { referrer: rng.pick(['https://www.lonelyplanet.com/articles', 'https://news.ycombinator.com/', 'https://medium.com/@writer/notes']), medium: 'unknown' };
  }
}

/** A visitor: one browser with its cookies, reused across that visitor's sessions. */
export interface Visitor {
  domainUserid: string;
  device: Device;
  place: Place;
  /** Device clock offset against the collector, in milliseconds. */
  clockSkew: number;
  /** Logged-in user id, when the visitor signs in. */
  userId?: string;
  /** Scenario-specific traits (persona and preferences), fixed for the visitor. */
  profile: Readonly<Record<string, string>>;
}

export function createVisitor(rng: Random, profile: Readonly<Record<string, string>>): Visitor {
  return {
    domainUserid: rng.uuid(),
    device: rng.weighted(DEVICES),
    place: rng.weighted(PLACES),
    clockSkew: rng.chance(0.2) ? rng.int(-4000, 4000) : 0,
    profile,
  };
}
