import type { Session } from '@emissions/contracts';

/**
 * Who is using the dashboard, as `GET /api/v1/session` last answered, shared by every page.
 * `null` until known, and again after sign-out or a 401.
 */
class SessionState {
  current = $state<Session | null>(null);

  get isOperator(): boolean {
    return this.current?.kind === 'operator';
  }

  /** Development access from the local machine: nobody signed in, so there is nothing to sign out of. */
  get isLoopback(): boolean {
    return this.current?.via === 'loopback';
  }

  set(session: Session | null): void {
    this.current = session;
  }
}

export const session = new SessionState();
