import type { SiteUpdatedEvent } from '@emissions/contracts';
import type { IngestionClient } from '../clients/ingestion.client';

const PAGE = 500;
const MAX_SITES = 10_000;

/**
 * Every site's current total, as `site.updated` payloads: what a client that connects without
 * Last-Event-ID (or whose id fell out of the stream) needs to start from a consistent picture. Each
 * carries the whole site too (additive), so the dashboard draws its rows from the snapshot alone.
 */
export async function siteSnapshot(ingestion: IngestionClient): Promise<SiteUpdatedEvent[]> {
  const out: SiteUpdatedEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await ingestion.listSites({ limit: PAGE, cursor, include_archived: false });
    for (const s of page.data) {
      out.push({ site_id: s.id, total_emissions_to_date: s.total_emissions_to_date, compliance_status: s.compliance_status, site: s });
    }
    cursor = page.next_cursor;
  } while (cursor && out.length < MAX_SITES);
  return out;
}
