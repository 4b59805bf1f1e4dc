// Every relative link in the repository's Markdown resolves to a file inside the repository: a newcomer who
// clones it never meets a link to something only its authors had.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(new URL('..', import.meta.url).pathname);
const SKIP = new Set(['node_modules', '.git', 'dist', 'build', '.svelte-kit', '.nx', 'test-artifacts', 'coverage']);

/** @param {string} dir @returns {string[]} */
function markdownFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Link targets of a Markdown text, outside code: `[text](target)` and `[text]: target`. */
function linkTargets(/** @type {string} */ markdown) {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] ?? m[2]);
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(/** @type {string} */ heading) {
  return heading
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown text offers: one per heading (repeats get -1, -2 …), and every `<a id="…">`. */
function anchors(/** @type {string} */ markdown) {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  const seen = new Map();
  const found = new Set([...prose.matchAll(/<a id="([^"]+)">/g)].map((m) => m[1]));
  for (const [, heading] of prose.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = slug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.add(n ? `${base}-${n}` : base);
  }
  return found;
}

const files = markdownFiles(root);

describe('links in the Markdown files', () => {
  it('finds the documents a newcomer reads', () => {
    const names = files.map((f) => relative(root, f));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'ARCHITECTURE.md', 'docs/api.md']));
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s links only to files inside the repository', (_name, file) => {
    const broken = [];
    for (const target of linkTargets(readFileSync(file, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // a URL
      const [pathPart, anchor] = target.split('#');
      const path = pathPart ? resolve(dirname(file), decodeURI(pathPart)) : file;
      if (!path.startsWith(`${root}/`) && path !== root) broken.push(`${target} (outside the repository)`);
      else if (!existsSync(path)) broken.push(`${target} (no such file)`);
      else if (anchor && path.endsWith('.md') && !anchors(readFileSync(path, 'utf8')).has(decodeURIComponent(anchor)))
        broken.push(`${target} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });
});

describe('anchors', () => {
  it('are the headings as GitHub spells them, repeats numbered, and explicit ids; not code', () => {
    const md =
      '# ADR-3 Locking: atomic `x`\n## Trust boundaries: service transport\n## Notes\n## Notes\n<a id="redis-durability"></a>\n```\n# not a heading\n```\n';
    expect([...anchors(md)]).toEqual([
      'redis-durability',
      'adr-3-locking-atomic-x',
      'trust-boundaries-service-transport',
      'notes',
      'notes-1',
    ]);
  });
});

describe('linkTargets', () => {
  it('reads inline and reference links, not code', () => {
    const md = '[a](docs/api.md) and [b](https://x.example) `[c](nope.md)`\n```\n[d](nope.md)\n```\n[e]: ARCHITECTURE.md#x\n';
    expect(linkTargets(md)).toEqual(['docs/api.md', 'https://x.example', 'ARCHITECTURE.md#x']);
  });
});
