/** Estimated bits a production secret must reach: below it, a generator did not make it. */
export const MIN_SECRET_BITS = 80;
export const MIN_DISTINCT_CHARACTERS = 8;

/** The length of the shortest unit the string repeats (`abcabca` → 3); its own length when it does not repeat. */
export function repeatingPeriod(chars: readonly string[]): number {
  for (let period = 1; period < chars.length; period++) {
    let repeats = true;
    for (let i = period; i < chars.length && repeats; i++) repeats = chars[i] === chars[i - period];
    if (repeats) return period;
  }
  return chars.length;
}

/**
 * Shannon entropy of the secret's own character frequencies times the length of its repeating unit: a cheap
 * estimate that refuses repeated or patterned strings (40 × `a`, `passwordpassword…`, `abcdefghij` × 4) and
 * passes generated ones (`openssl rand -base64 32` ≈ 200 bits, `openssl rand -hex 32` ≈ 250 bits). It cannot
 * spot a well-known phrase: it is a floor, not a proof.
 */
export function estimatedBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perCharacter = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    perCharacter -= p * Math.log2(p);
  }
  return perCharacter * repeatingPeriod(chars);
}

/** Why a secret is too weak for production, or null when it passes. */
export function secretWeakness(secret: string): string | null {
  const distinct = new Set(secret).size;
  if (distinct < MIN_DISTINCT_CHARACTERS)
    return `it uses only ${distinct} distinct characters (at least ${MIN_DISTINCT_CHARACTERS}); generate one with \`openssl rand -base64 32\``;
  const bits = Math.floor(estimatedBits(secret));
  if (bits < MIN_SECRET_BITS)
    return `its estimated strength is ${bits} bits (at least ${MIN_SECRET_BITS}); generate one with \`openssl rand -base64 32\``;
  return null;
}
