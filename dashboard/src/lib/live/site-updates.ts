import {
  type AlertChangedEvent,
  AlertChangedEventSchema,
  SITES_SNAPSHOT_EVENT,
  type SiteSummary,
  SitesSnapshotSchema,
  SNAPSHOT_UNAVAILABLE_EVENT,
  type SiteUpdatedEvent,
  SiteUpdatedEventSchema,
} from '@emissions/contracts';

// EventSource.CLOSED, spelled out: the constant is not there in Node, where the tests run.
const CLOSED = 2;

export type LiveMode = 'connecting' | 'live' | 'polling';

export interface SiteUpdatesOptions {
  onUpdate: (event: SiteUpdatedEvent) => void;
  /** An alert was raised, acknowledged or resolved (the `alert.changed` event of the same stream). */
  onAlertChanged?: (event: AlertChangedEvent) => void;
  /** Every active site's row, from the stream's opening snapshot (one event: the page replaces its rows in one step). */
  onSnapshot?: (sites: SiteSummary[]) => void;
  /** The server could not send a whole snapshot: the page loads the sites itself. */
  onSnapshotUnavailable?: () => void;
  /** Called every `pollMs` while the stream is down, and once when it (re)opens to catch up. */
  onPoll: () => void;
  /**
   * Called each time the stream opens. The gateway subscribes a client before its response headers leave, so
   * a read made now misses no batch that the stream will not bring: a page that loads one site needs no snapshot.
   */
  onOpen?: () => void;
  onModeChange?: (mode: LiveMode) => void;
  /**
   * Called when the browser gives the stream up (an HTTP error such as 401 closes it for good): asks the
   * API who we are, so that a lost session leads to the sign-in page instead of polling into 401s.
   */
  checkSession?: () => Promise<unknown>;
  pollMs?: number;
  url?: string;
  /** Injected in tests. */
  createEventSource?: (url: string) => EventSource;
}

/**
 * Follows `site.updated` server-sent events. While the stream is down (EventSource reconnects on
 * its own) it falls back to polling, so totals keep moving either way. Returns a stop function.
 */
export function followSiteUpdates(options: SiteUpdatesOptions): () => void {
  // A page that draws no rows from the opening snapshot asks for none (it would be every site, about 1 MB at 5,000).
  const { pollMs = 5_000, url = `/api/v1/stream?snapshot=${options.onSnapshot ? 'single' : 'none'}` } = options;
  const source = (options.createEventSource ?? ((u) => new EventSource(u)))(url);
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let mode: LiveMode = 'connecting';

  const setMode = (next: LiveMode) => {
    if (next === mode) return;
    mode = next;
    options.onModeChange?.(next);
    if (next === 'polling' && pollTimer === null) pollTimer = setInterval(options.onPoll, pollMs);
    if (next !== 'polling' && pollTimer !== null) {
      clearInterval(pollTimer);
      pollTimer = null;
    }
  };

  source.addEventListener('open', () => {
    // After an outage, fetch once to catch the updates sent while we were not listening.
    const wasDown = mode === 'polling';
    setMode('live');
    options.onOpen?.();
    if (wasDown) options.onPoll();
  });
  source.addEventListener('error', () => {
    setMode('polling');
    // A dropped connection is retried by EventSource itself (readyState CONNECTING); only a refused one
    // is CLOSED, once, so this asks once per refusal and never loops.
    if (source.readyState === CLOSED) void options.checkSession?.().catch(() => undefined);
  });
  const handle = (message: Event) => {
    const parsed = SiteUpdatedEventSchema.safeParse(safeJson((message as MessageEvent<string>).data));
    // A malformed event is ignored; the next poll or event brings the right figures.
    if (parsed.success) options.onUpdate(parsed.data);
  };
  source.addEventListener(SITES_SNAPSHOT_EVENT, (message: Event) => {
    const parsed = SitesSnapshotSchema.safeParse(safeJson((message as MessageEvent<string>).data));
    if (parsed.success && !parsed.data.truncated) options.onSnapshot?.(parsed.data.sites);
    else options.onSnapshotUnavailable?.();
  });
  source.addEventListener(SNAPSHOT_UNAVAILABLE_EVENT, () => options.onSnapshotUnavailable?.());
  // The contract names the event `site.updated`; an unnamed event with the same payload is accepted too.
  source.addEventListener('site.updated', handle);
  source.addEventListener('message', handle);
  source.addEventListener('alert.changed', (message: Event) => {
    const parsed = AlertChangedEventSchema.safeParse(safeJson((message as MessageEvent<string>).data));
    if (parsed.success) options.onAlertChanged?.(parsed.data);
  });

  return () => {
    source.close();
    if (pollTimer !== null) clearInterval(pollTimer);
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
