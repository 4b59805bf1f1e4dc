import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cspHash, dashboardScriptHashes, inlineScriptHashes, inlineStyleHashes } from './inline-hashes';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('cspHash', () => {
  it('hashes the exact text, whitespace included, as the browser does', () => {
    // The value the CSP specification gives for `alert('Hello, world.');`.
    expect(cspHash("alert('Hello, world.');")).toBe("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    expect(cspHash('\n  go();\n')).not.toBe(cspHash('go();'));
  });
});

describe('inlineScriptHashes', () => {
  it('hashes inline scripts and skips external ones and data blocks', () => {
    const html = `<head><script src="/a.js"></script><script type="application/json">{"a":1}</script></head>
<body><script>\n  boot();\n</script><SCRIPT type="module">go()</SCRIPT ></body>`;
    expect(inlineScriptHashes(html)).toEqual([sha256('\n  boot();\n'), sha256('go()')]);
  });

  it('finds none in a page without scripts', () => {
    expect(inlineScriptHashes('<p>script</p>')).toEqual([]);
  });
});

describe('inlineStyleHashes', () => {
  it('hashes each inline style element', () => {
    expect(inlineStyleHashes('<style>body{margin:0}</style><style media="print">p{}</style>')).toEqual([
      sha256('body{margin:0}'),
      sha256('p{}'),
    ]);
  });
});

describe('dashboardScriptHashes', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('collects the distinct inline script hashes of every HTML page, nested ones included', () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    mkdirSync(join(dir, 'sites'));
    writeFileSync(join(dir, 'index.html'), '<script>start(1)</script>');
    writeFileSync(join(dir, '200.html'), '<script>start(1)</script>');
    writeFileSync(join(dir, 'sites', 'new.html'), '<script>start(2)</script>');
    writeFileSync(join(dir, 'app.js'), '<script>not a page</script>');
    expect(dashboardScriptHashes(dir)).toEqual([sha256('start(1)'), sha256('start(2)')].sort());
  });

  it('has no hashes when there is no build', () => {
    expect(dashboardScriptHashes(join(tmpdir(), 'no-such-dashboard-build'))).toEqual([]);
  });
});
