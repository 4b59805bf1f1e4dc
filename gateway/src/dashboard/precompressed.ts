import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Request } from 'express';

export interface DashboardFile {
  path: string;
  /** Content type of the original file (by its extension). */
  type: string;
  encoding: 'br' | 'gzip' | null;
}

/**
 * The file a GET/HEAD for `req.path` should send: its brotli or gzip copy (written at build time) when the
 * browser accepts one, else the file itself. Null when the path names no file of the build (or escapes it).
 */
export function precompressedFile(dashboardDir: string, req: Request): DashboardFile | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  let relativePath: string;
  try {
    relativePath = decodeURIComponent(req.path);
  } catch {
    return null;
  }
  const path = normalize(join(dashboardDir, relativePath === '/' ? 'index.html' : relativePath));
  if (!path.startsWith(normalize(dashboardDir) + sep) || !extname(path) || !isFile(path)) return null;
  const type = extname(path);
  // Brotli first whenever it is accepted at all (smaller), whatever order the browser listed them in.
  if (req.acceptsEncodings('br') === 'br' && isFile(`${path}.br`)) return { path: `${path}.br`, type, encoding: 'br' };
  if (req.acceptsEncodings('gzip') === 'gzip' && isFile(`${path}.gz`)) return { path: `${path}.gz`, type, encoding: 'gzip' };
  return { path, type, encoding: null };
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
