import { FeatureError } from '@emissions/service-kit';
import type { ListSitesQuery, SiteList } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SITE_COLUMNS, type SiteRow, toSiteDto } from '../site-row';

/** Keyset pagination on the unique lower(name) index: stable under inserts, no OFFSET scans. Archived sites only on request. */
@Injectable()
export class ListSitesHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: ListSitesQuery): Promise<SiteList> {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const rows = await this.em.fork().execute<SiteRow[]>(
      `SELECT ${SITE_COLUMNS} FROM sites s WHERE (?::text IS NULL OR lower(s.name) > ?::text) AND (? OR s.archived_at IS NULL)
         ORDER BY lower(s.name) LIMIT ?`,
      [after, after, query.include_archived, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const data = page.map(toSiteDto);
    if (rows.length <= query.limit) return { data };
    return { data, next_cursor: encodeCursor(page[page.length - 1].name.toLowerCase()) };
  }
}

function encodeCursor(lowerName: string): string {
  return Buffer.from(JSON.stringify({ after: lowerName }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'after' in parsed && typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through to the validation error
  }
  throw new FeatureError('validation_failed', 'cursor: is not a cursor this API issued');
}
