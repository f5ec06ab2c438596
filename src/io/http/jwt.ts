/**
 * Reads the claims of a JWT without verifying its signature: the CLI only needs `exp` to know
 * when to fetch a new token, and the server verifies the token anyway.
 */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (part === undefined || part === '') return undefined;
  try {
    const json = Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const claims: unknown = JSON.parse(json);
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The `exp` claim in milliseconds since the epoch, or undefined when absent or unreadable. */
export function jwtExpiryMs(token: string): number | undefined {
  const exp = decodeJwtClaims(token)?.['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
