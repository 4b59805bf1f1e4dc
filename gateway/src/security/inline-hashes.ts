import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `'sha256-…'`, the CSP source expression that allows exactly this inline text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const INLINE_STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
/** Inert script types: the browser neither runs them nor checks them against script-src. */
const DATA_TYPE = /\btype\s*=\s*["']?(application\/(ld\+)?json|text\/template)/i;

/**
 * Hashes of the inline `<script>` elements of a page, as the browser hashes them: the exact text between
 * the tags. External scripts (`src=`) are covered by 'self' and data blocks are never executed.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes, body] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes) || DATA_TYPE.test(attributes)) continue;
    hashes.push(cspHash(body));
  }
  return hashes;
}

/** Hashes of the inline `<style>` elements of a page. */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(INLINE_STYLE)].map(([, body]) => cspHash(body));
}

/** Every `.html` file below `dir`; none when it does not exist (no dashboard build). */
function htmlFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.html'))
      .map((file) => join(dir, file));
  } catch {
    return [];
  }
}

/**
 * Distinct, sorted hashes of the inline scripts of every page of the dashboard build. Read once at boot:
 * each build changes the bootstrap scripts (their chunk names), so the hashes cannot be written down.
 */
export function dashboardScriptHashes(dashboardDir: string): string[] {
  const hashes = new Set<string>();
  for (const file of htmlFilesIn(dashboardDir)) {
    for (const hash of inlineScriptHashes(readFileSync(file, 'utf8'))) hashes.add(hash);
  }
  return [...hashes].sort();
}
