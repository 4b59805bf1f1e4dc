import type { ExportedReading, ReadingsPage } from '@emissions/contracts';
import { describeApiError } from '$lib/api/api-errors';

export type FetchReadingsPage = (cursor: string | null) => Promise<ReadingsPage>;

/** The site's readings, oldest first, one JSON page at a time ("Load more" follows `next_cursor`). */
export class ReadingsPager {
  rows = $state<ExportedReading[] | null>(null);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly fetchPage: FetchReadingsPage) {}

  get hasMore(): boolean {
    return this.nextCursor !== null;
  }

  /** Starts again from the first page (after new readings arrive, say). */
  async reload(): Promise<void> {
    await this.load(null, true);
  }

  async loadMore(): Promise<void> {
    if (this.nextCursor === null || this.loading) return;
    await this.load(this.nextCursor, false);
  }

  private async load(cursor: string | null, fresh: boolean): Promise<void> {
    this.loading = true;
    try {
      const page = await this.fetchPage(cursor);
      this.rows = fresh || this.rows === null ? page.data : [...this.rows, ...page.data];
      this.nextCursor = page.next_cursor;
      this.error = null;
    } catch (error) {
      // Rows already shown stay: they are still true, only the next page failed.
      this.error = describeApiError(error);
    } finally {
      this.loading = false;
    }
  }
}
