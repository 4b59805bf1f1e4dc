import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CODES } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { gatewayRoutes } from './gateway-routes';

/** The rows of docs/api.md's route index: | `GET` | `/path` | access | … |. */
function documentedRoutes(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `([A-Z]+)` \| `([^`]+)` \| (\w+) \|/gm)].map(
    ([, method, path, access]) => `${method} ${path} ${access}`,
  );
}

describe('docs/api.md, the API reference in the repository', () => {
  const markdown = readFileSync(join(__dirname, '../../../docs/api.md'), 'utf8');

  it('lists every documented route once, with the access its controller gives it, and no other', () => {
    const documented = documentedRoutes(markdown);
    expect(new Set(documented).size, 'a route is listed twice').toBe(documented.length);
    expect(documented.sort()).toEqual(
      gatewayRoutes()
        .map((r) => `${r.method.toUpperCase()} ${r.path} ${r.access}`)
        .sort(),
    );
  });

  it('names every problem code the gateway can answer', () => {
    const missing = Object.keys(PROBLEM_CODES).filter((code) => !markdown.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
