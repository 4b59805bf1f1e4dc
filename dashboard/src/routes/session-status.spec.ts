import { render } from 'svelte/server';
import { describe, expect, it, vi } from 'vitest';

vi.mock('$app/navigation', () => ({ goto: vi.fn(() => Promise.resolve()) }));

const { session } = await import('$lib/auth/session.svelte');
const { default: SessionStatus } = await import('./SessionStatus.svelte');

describe('SessionStatus', () => {
  it('shows who is signed in and a Sign out button', () => {
    session.set({ kind: 'operator', via: 'cookie', site_id: null, expires_at: '2026-01-01T12:00:00Z' });
    const { body } = render(SessionStatus);
    expect(body).toContain('Signed in as operator');
    expect(body).toMatch(/<button[^>]*>Sign out<\/button>/);
  });

  it('shows the local development note instead of Sign out for loopback access', () => {
    session.set({ kind: 'operator', via: 'loopback', site_id: null, expires_at: null });
    const { body } = render(SessionStatus);
    expect(body).toContain('Local development access');
    expect(body).not.toContain('Sign out');
  });

  it('shows nothing while nobody is known to be signed in', () => {
    session.set(null);
    expect(render(SessionStatus).body).not.toMatch(/Signed in|Local development/);
  });
});
