import { SITES_SNAPSHOT_MAX, type SitesSnapshot } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SITE_SUMMARY_COLUMNS, type SiteSummaryRow, toSiteSummary } from '../site-row';

/**
 * Every active site's overview row in one statement and one answer: what the live stream's opening snapshot
 * sends a dashboard. One sequential read of `sites` instead of a page of `GET /sites` per 500 sites.
 */
@Injectable()
export class SiteSnapshotHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(): Promise<SitesSnapshot> {
    const rows = await this.em
      .fork()
      .execute<SiteSummaryRow[]>(`SELECT ${SITE_SUMMARY_COLUMNS} FROM sites s WHERE s.archived_at IS NULL ORDER BY lower(s.name) LIMIT ?`, [
        SITES_SNAPSHOT_MAX + 1,
      ]);
    return { sites: rows.slice(0, SITES_SNAPSHOT_MAX).map(toSiteSummary), truncated: rows.length > SITES_SNAPSHOT_MAX };
  }
}
