/** The dashboard's sign-in page; a signed-out request anywhere else is sent here with `?next=`. */
export const SIGN_IN_PATH = '/sign-in';

// Only for parsing: a relative path resolved against it must keep this origin to be ours.
const PROBE_ORIGIN = 'http://dashboard.invalid';

/**
 * Where to go after sign-in. Only a same-site path is accepted (one leading `/`, no scheme, no host,
 * no backslash or control character); anything else, and the sign-in page itself, becomes `/`.
 * The answer is re-serialised from the parsed URL, so what was checked is what is navigated to.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//')) return '/';
  // Browsers read `\` as `/` and drop tabs and newlines, which turns `/\evil.example` into a host.
  if (hasBackslashOrControl(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== PROBE_ORIGIN) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into `//host` (e.g. `/.//evil.example`): protocol-relative, so refused.
  if (path.startsWith('//') || isSignInPath(url.pathname)) return '/';
  return path;
}

export function isSignInPath(pathname: string): boolean {
  return pathname === SIGN_IN_PATH || pathname.startsWith(`${SIGN_IN_PATH}/`);
}

/** The sign-in page that brings the user back to `current` (path + query) afterwards. */
export function signInPathFor(current: { pathname: string; search: string }): string {
  const next = safeNextPath(`${current.pathname}${current.search}`);
  return next === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`;
}

function hasBackslashOrControl(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '\\' || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
