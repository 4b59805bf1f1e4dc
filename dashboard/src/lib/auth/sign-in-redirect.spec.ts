import { afterEach, describe, expect, it, vi } from 'vitest';

const goto = vi.fn((_url: string, _options?: unknown) => Promise.resolve());
vi.mock('$app/navigation', () => ({ goto }));

const { goToSignIn, leaveAfterSignOut } = await import('./sign-in-redirect');
const { session } = await import('./session.svelte');

const home = { pathname: '/', search: '' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(async () => {
  await settle();
  goto.mockClear();
});

describe('goToSignIn', () => {
  it('goes to the sign-in page with the current path and query as next, replacing the history entry', () => {
    session.set({ kind: 'operator', via: 'cookie', site_id: null, expires_at: null });
    goToSignIn({ pathname: '/sites/abc/ingest', search: '?x=1' });
    expect(goto).toHaveBeenCalledWith('/sign-in?next=%2Fsites%2Fabc%2Fingest%3Fx%3D1', { replaceState: true });
    expect(session.current).toBeNull();
  });

  it('goes once when several requests fail together, and again on a later 401', async () => {
    let arrive = () => {};
    goto.mockImplementationOnce(() => new Promise<void>((resolve) => (arrive = resolve)));
    goToSignIn(home);
    goToSignIn(home);
    expect(goto).toHaveBeenCalledTimes(1);
    arrive();
    await settle();
    goToSignIn(home);
    expect(goto).toHaveBeenCalledTimes(2);
  });

  it('stays on the sign-in page when it is already there', () => {
    goToSignIn({ pathname: '/sign-in', search: '?next=%2F' });
    expect(goto).not.toHaveBeenCalled();
  });

  it('signs out to the plain sign-in page, even when the page it leaves collects 401s on its way out', async () => {
    session.set({ kind: 'operator', via: 'cookie', site_id: null, expires_at: null });
    const leaving = leaveAfterSignOut();
    goToSignIn({ pathname: '/sites/abc', search: '' });
    await leaving;
    expect(goto).toHaveBeenCalledTimes(1);
    expect(goto).toHaveBeenCalledWith('/sign-in', { replaceState: true });
    expect(session.current).toBeNull();
  });
});
