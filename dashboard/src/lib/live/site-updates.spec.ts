import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followSiteUpdates, type LiveMode } from './site-updates';

/** Just enough of EventSource to dispatch the events the browser would. */
class FakeEventSource extends EventTarget {
  closed = false;
  readyState = 0;
  emit(type: string, data?: string) {
    this.dispatchEvent(data === undefined ? new Event(type) : new MessageEvent(type, { data }));
  }
  close() {
    this.closed = true;
  }
}

const SITE = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
let source: FakeEventSource;
let polls: number;
let modes: LiveMode[];
let updates: unknown[];
let sessionChecks: number;
let stop: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  polls = 0;
  modes = [];
  updates = [];
  sessionChecks = 0;
  stop = followSiteUpdates({
    checkSession: async () => sessionChecks++,
    onUpdate: (e) => updates.push(e),
    onPoll: () => polls++,
    onModeChange: (m) => modes.push(m),
    pollMs: 1_000,
    createEventSource: () => {
      source = new FakeEventSource();
      return source as unknown as EventSource;
    },
  });
});
afterEach(() => vi.useRealTimers());

describe('followSiteUpdates', () => {
  it('passes on valid site.updated events and ignores malformed ones', () => {
    source.emit('open');
    source.emit('site.updated', JSON.stringify({ site_id: SITE, total_emissions_to_date: '5', compliance_status: 'Within Limit' }));
    source.emit('site.updated', '{not json');
    source.emit('site.updated', JSON.stringify({ site_id: SITE, total_emissions_to_date: 5 }));
    expect(updates).toEqual([{ site_id: SITE, total_emissions_to_date: '5', compliance_status: 'Within Limit' }]);
  });

  it('polls while the stream is down and stops, after one catch-up, when it is back', () => {
    source.emit('open');
    source.emit('error');
    vi.advanceTimersByTime(3_000);
    expect(polls).toBe(3);
    source.emit('open');
    expect(polls).toBe(4);
    vi.advanceTimersByTime(3_000);
    expect(polls).toBe(4);
    expect(modes).toEqual(['live', 'polling', 'live']);
  });

  it('closes the stream and the poller when stopped', () => {
    source.emit('error');
    stop();
    vi.advanceTimersByTime(3_000);
    expect(source.closed).toBe(true);
    expect(polls).toBe(0);
  });

  it('asks who we are when the browser gives the stream up (a 401), not while it reconnects by itself', () => {
    source.emit('open');
    source.readyState = 0; // a dropped connection: EventSource retries on its own
    source.emit('error');
    source.emit('error');
    expect(sessionChecks).toBe(0);
    source.readyState = 2; // an HTTP error such as 401: closed for good
    source.emit('error');
    expect(sessionChecks).toBe(1);
    expect(modes).toEqual(['live', 'polling']);
  });
});

describe('followSiteUpdates with a snapshot', () => {
  it('holds the opening snapshot until it is whole, then hands every site over at once; live events pass on', () => {
    const snapshots: unknown[][] = [];
    let unavailable = 0;
    let stream!: FakeEventSource;
    const live: unknown[] = [];
    const stopSnapshot = followSiteUpdates({
      onUpdate: (e) => live.push(e),
      onSnapshot: (sites) => snapshots.push(sites),
      onSnapshotUnavailable: () => unavailable++,
      onPoll: () => undefined,
      createEventSource: () => {
        stream = new FakeEventSource();
        return stream as unknown as EventSource;
      },
    });
    const whole = {
      id: SITE,
      name: 'Pad 7',
      emission_limit: '100',
      metadata: {},
      total_emissions_to_date: '5',
      compliance_status: 'Within Limit',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      last_measured_at: null,
    };
    stream.emit('open');
    stream.emit(
      'site.updated',
      JSON.stringify({ site_id: SITE, total_emissions_to_date: '5', compliance_status: 'Within Limit', site: whole }),
    );
    expect(snapshots).toEqual([]);
    stream.emit('snapshot.complete', JSON.stringify({ sites: 1 }));
    expect(snapshots).toEqual([[whole]]);
    stream.emit('site.updated', JSON.stringify({ site_id: SITE, total_emissions_to_date: '6', compliance_status: 'Within Limit' }));
    expect(live).toHaveLength(1);
    stream.emit('snapshot.unavailable', '{}');
    expect(unavailable).toBe(1);
    stopSnapshot();
  });
});
