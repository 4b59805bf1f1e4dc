/**
 * Whether the API answered the last request, shared by every page. A failed request flips it to
 * unreachable (the banner appears, shown data is marked stale); any answer, even an error, flips it back.
 */
class ConnectionStatus {
  reachable = $state(true);
  /** When data last arrived from the API, for the "stale since" label. */
  lastSuccessAt = $state<Date | null>(null);
  /** Bumped by the banner's Retry button; pages reload when it changes. */
  retryRequests = $state(0);

  report(reachable: boolean): void {
    if (reachable) this.lastSuccessAt = new Date();
    if (this.reachable !== reachable) this.reachable = reachable;
  }

  requestRetry(): void {
    this.retryRequests += 1;
  }
}

export const connectionStatus = new ConnectionStatus();
