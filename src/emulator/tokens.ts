/**
 * The emulator's console token endpoint: HS256 JWTs with `iat`/`exp`, signed with a key made at
 * start-up, so the API side can tell its own tokens (and their expiry) from anything else.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenCheck = 'valid' | 'expired' | 'foreign';

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export class TokenIssuer {
  private readonly key = randomBytes(32);
  /** Tokens issued so far. */
  issued = 0;

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(subject: string): string {
    const iat = Math.floor(this.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ iss: 'signals-emulator', sub: subject, iat, exp: iat + this.lifetimeSeconds }));
    this.issued++;
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  check(token: string): TokenCheck {
    const [header, payload, signature] = token.split('.');
    if (header === undefined || payload === undefined || signature === undefined) return 'foreign';
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'foreign';
    try {
      const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number };
      return typeof exp === 'number' && this.now() / 1000 < exp ? 'valid' : 'expired';
    } catch {
      return 'foreign';
    }
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}
