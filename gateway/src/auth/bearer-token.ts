/** What the Authorization header holds: nothing, a bearer token, or something malformed. */
export type BearerToken = { kind: 'absent' } | { kind: 'token'; token: string } | { kind: 'malformed' };

const BEARER = /^Bearer +([\x21-\x7E]{1,512})$/i;

export function readBearerToken(header: string | string[] | undefined): BearerToken {
  if (header === undefined || header === '') return { kind: 'absent' };
  if (Array.isArray(header)) return { kind: 'malformed' };
  const match = BEARER.exec(header.trim());
  return match ? { kind: 'token', token: match[1] } : { kind: 'malformed' };
}
