/*
 * Depth of JSON: a scalar has depth 0, `{}` and `[]` 1, `[[1]]` 2. Both checks are iterative and stop at
 * the first level too many: a 256 KiB body of `[[[[…` nests ~130 000 levels, enough to overflow any
 * recursive walk (and the recursive validators behind this one).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Scans the raw UTF-8 text, before it is parsed: V8 needed about a second of CPU to parse 1 MiB (the old
 * body limit) of deep nesting (a flat 1 MiB body takes ~10 ms), so hostile bodies must be refused before JSON.parse. Brackets
 * inside strings do not count; in UTF-8 no byte of a multi-byte character can look like one.
 */
export function jsonTextExceedsDepth(utf8: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < utf8.length; i++) {
    const byte = utf8[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/** The same limit on an already parsed value (bodies in other encodings, which the text scan skips). */
export function exceedsJsonDepth(value: unknown, max: number): boolean {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { node, depth } = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}
