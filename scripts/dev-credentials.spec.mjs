import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS_FILE, loadDevCredentials } from './dev-credentials.mjs';

const checkout = () => mkdtempSync(join(tmpdir(), 'dev-credentials-'));

describe('loadDevCredentials', () => {
  it('makes a random key and session secret once per checkout, readable by the owner only, and keeps them', () => {
    const root = checkout();
    const first = loadDevCredentials(root);
    expect(first.created).toBe(true);
    expect(first.admin_api_key).toMatch(/^[\w-]{43}$/);
    expect(first.session_secret).toMatch(/^[\w-]{43}$/);
    expect(first.session_secret).not.toBe(first.admin_api_key);
    expect(statSync(join(root, DEV_CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);
    const again = loadDevCredentials(root);
    expect(again).toMatchObject({ created: false, admin_api_key: first.admin_api_key, session_secret: first.session_secret });
  });

  it('differs between checkouts', () => {
    expect(loadDevCredentials(checkout()).admin_api_key).not.toBe(loadDevCredentials(checkout()).admin_api_key);
  });

  it('replaces a file that is not valid credentials', () => {
    const root = checkout();
    writeFileSync(join(root, DEV_CREDENTIALS_FILE), '{"admin_api_key":"short"}');
    const made = loadDevCredentials(root);
    expect(made.created).toBe(true);
    expect(JSON.parse(readFileSync(join(root, DEV_CREDENTIALS_FILE), 'utf8')).admin_api_key).toBe(made.admin_api_key);
  });
});
