import { goto } from '$app/navigation';
import { isSignInPath, SIGN_IN_PATH, signInPathFor } from './next-path';
import { session } from './session.svelte';

let redirecting = false;

/**
 * The API said 401: the session is gone (expired, signed out elsewhere, secret rotated). Go to the
 * sign-in page, which brings the user back here afterwards. Several requests failing at once go once.
 */
export function goToSignIn(where: Pick<Location, 'pathname' | 'search'> = location): void {
  session.set(null);
  if (isSignInPath(where.pathname)) return;
  void leaveFor(signInPathFor(where));
}

/** After sign-out: to the plain sign-in page, whatever 401s the page still collects on its way out. */
export async function leaveAfterSignOut(): Promise<void> {
  await leaveFor(SIGN_IN_PATH);
  session.set(null);
}

async function leaveFor(path: string): Promise<void> {
  if (redirecting) return;
  redirecting = true;
  try {
    // Replace: Back after signing in should not land on the sign-in page again.
    await goto(path, { replaceState: true });
  } finally {
    redirecting = false;
  }
}
