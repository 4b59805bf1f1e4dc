import type { SitesSnapshot, SiteUpdatedEvent } from '@emissions/contracts';

/** The snapshot as `site.updated` payloads, one per site, for clients that follow only that event. */
export function snapshotEvents(snapshot: SitesSnapshot): SiteUpdatedEvent[] {
  return snapshot.sites.map((site) => ({
    site_id: site.id,
    total_emissions_to_date: site.total_emissions_to_date,
    compliance_status: site.compliance_status,
    site,
  }));
}
