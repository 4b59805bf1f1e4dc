// The development operator key and session secret of this checkout: random, made once by `npm start` and kept
// in .dev-credentials.json (git-ignored, readable by the owner only), so no published default opens a
// developer's gateway. Production never reads this file: it needs ADMIN_API_KEY and SESSION_SECRET of its own.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_CREDENTIALS_FILE = '.dev-credentials.json';

/** What the gateway accepts as a secret (gateway/src/config/env.ts): 32 to 512 visible ASCII characters. */
const SECRET = /^[\x21-\x7E]{32,512}$/;

const fresh = () => randomBytes(32).toString('base64url');

/**
 * Reads the checkout's development credentials, creating the file (mode 0600) on first use or when it is unreadable.
 * Returns them and whether they were just made.
 */
export function loadDevCredentials(root) {
  const file = join(root, DEV_CREDENTIALS_FILE);
  if (existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      if (SECRET.test(saved.admin_api_key) && SECRET.test(saved.session_secret)) return { ...saved, file, created: false };
    } catch {
      // unreadable: replaced below
    }
  }
  const credentials = { admin_api_key: fresh(), session_secret: fresh() };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { ...credentials, file, created: true };
}
