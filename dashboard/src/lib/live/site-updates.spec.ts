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
  function follow() {
    const snapshots: unknown[][] = [];
    const live: unknown[] = [];
    const urls: string[] = [];
    let unavailable = 0;
    let stream!: FakeEventSource;
    const stopSnapshot = followSiteUpdates({
      onUpdate: (e) => live.push(e),
      onSnapshot: (sites) => snapshots.push(sites),
      onSnapshotUnavailable: () => unavailable++,
      onPoll: () => undefined,
      createEventSource: (url) => {
        urls.push(url);
        stream = new FakeEventSource();
        return stream as unknown as EventSource;
      },
    });
    return { snapshots, live, urls, stream, unavailable: () => unavailable, stop: stopSnapshot };
  }
  const row = {
    id: SITE,
    name: 'Pad 7',
    emission_limit: '100',
    metadata: { basin: 'Permian' },
    total_emissions_to_date: '5',
    compliance_status: 'Within Limit',
    last_measured_at: null,
    near_limit_pct: 80,
  };

  it('asks for the snapshot as one event and hands every site over at once; live events pass on', () => {
    const f = follow();
    expect(f.urls).toEqual(['/api/v1/stream?snapshot=single']);
    f.stream.emit('open');
    f.stream.emit('sites.snapshot', JSON.stringify({ sites: [row], truncated: false }));
    expect(f.snapshots).toEqual([[row]]);
    f.stream.emit('site.updated', JSON.stringify({ site_id: SITE, total_emissions_to_date: '6', compliance_status: 'Within Limit' }));
    expect(f.live).toHaveLength(1);
    expect(f.unavailable()).toBe(0);
    f.stop();
  });

  it('treats a truncated, malformed or unavailable snapshot as none: the page loads the sites itself', () => {
    const f = follow();
    f.stream.emit('sites.snapshot', JSON.stringify({ sites: [row], truncated: true }));
    f.stream.emit('sites.snapshot', JSON.stringify({ sites: [{ ...row, total_emissions_to_date: 5 }], truncated: false }));
    f.stream.emit('sites.snapshot', '{not json');
    f.stream.emit('snapshot.unavailable', '{}');
    expect(f.snapshots).toEqual([]);
    expect(f.unavailable()).toBe(4);
    f.stop();
  });

  it('asks for no snapshot when the page draws no rows from one, and says each time the stream opens', () => {
    const urls: string[] = [];
    let opened = 0;
    let stream!: FakeEventSource;
    const stopIt = followSiteUpdates({
      onUpdate: () => undefined,
      onPoll: () => undefined,
      onOpen: () => opened++,
      createEventSource: (url) => {
        urls.push(url);
        stream = new FakeEventSource();
        return stream as unknown as EventSource;
      },
    });
    expect(urls).toEqual(['/api/v1/stream?snapshot=none']);
    stream.emit('open');
    stream.emit('error');
    stream.emit('open');
    expect(opened).toBe(2);
    stopIt();
  });
});
