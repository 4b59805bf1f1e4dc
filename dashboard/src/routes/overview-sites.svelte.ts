import { ExactDecimal, type SiteSummary, type SiteUpdatedEvent } from '@emissions/contracts';
import type { ApiClient } from '$lib/api/api.client';
import { describeApiError } from '$lib/api/api-errors';

export type OverviewSitesApi = Pick<ApiClient, 'listSites'>;

/** What a live update did: changed a row, was older than the row, or named a site this page has not seen. */
export type UpdateOutcome = { kind: 'applied'; before: SiteSummary; after: SiteSummary } | { kind: 'stale' } | { kind: 'unknown' };

/**
 * Every site of the overview. Rows come whole from the stream's snapshot or from one list load, and live
 * events change them in place: nothing here requests anything per site or per event. List loads are
 * single-flight: asking while one runs queues exactly one more (it may hold sites created meanwhile).
 */
export class OverviewSites {
  // Raw (not deeply reactive): thousands of rows are replaced, never mutated, so there is nothing to track inside.
  sites = $state.raw<SiteSummary[] | null>(null);
  loadError = $state<string | null>(null);
  loadedAt = $state<Date | null>(null);
  private positions = new Map<string, number>();
  private inFlight: Promise<void> | null = null;
  private again = false;

  constructor(private readonly api: OverviewSitesApi) {}

  replaceAll(sites: SiteSummary[]): void {
    this.sites = sites;
    this.positions = new Map(sites.map((s, i) => [s.id, i]));
    this.loadedAt = new Date();
    this.loadError = null;
  }

  applyUpdate(event: SiteUpdatedEvent): UpdateOutcome {
    const index = this.positions.get(event.site_id);
    if (!this.sites || index === undefined) return { kind: 'unknown' };
    const before = this.sites[index];
    // Totals only grow; workers may deliver two updates of one site out of order, so keep the larger.
    if (new ExactDecimal(event.total_emissions_to_date).lessThan(before.total_emissions_to_date)) return { kind: 'stale' };
    const after: SiteSummary = event.site ?? {
      ...before,
      total_emissions_to_date: event.total_emissions_to_date,
      compliance_status: event.compliance_status,
    };
    this.sites = this.sites.with(index, after);
    this.loadedAt = new Date();
    return { kind: 'applied', before, after };
  }

  /** Loads the whole list (single-flight, see the class comment). */
  load(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.loadOnce().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        void this.load();
      }
    });
    return this.inFlight;
  }

  private async loadOnce(): Promise<void> {
    try {
      this.replaceAll(await this.api.listSites());
    } catch (error) {
      this.loadError = describeApiError(error);
    }
  }
}
