import type { ExportedReading, ReadingsPage } from '@emissions/contracts';
import { describeApiError } from '$lib/api/api-errors';

export type FetchReadingsPage = (cursor: string | null) => Promise<ReadingsPage>;

/** The site's readings, oldest first, one JSON page at a time ("Load more" follows `next_cursor`). */
export class ReadingsPager {
  rows = $state<ExportedReading[] | null>(null);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The cursor the last page shown was fetched with, and where its rows start: what `refresh` fetches again. */
  private tail: { cursor: string | null; start: number } = { cursor: null, start: 0 };

  constructor(private readonly fetchPage: FetchReadingsPage) {}

  get hasMore(): boolean {
    return this.nextCursor !== null;
  }

  /**
   * Fetches the last page shown again (the first page when none is shown yet), so new readings after it appear
   * and every page already loaded stays: a live update must not fold the user's table back to its first page.
   * A late reading older than that page shows once the page is opened again.
   */
  async refresh(): Promise<void> {
    if (this.loading) return;
    await this.load(this.tail.cursor, this.tail.start);
  }

  async loadMore(): Promise<void> {
    if (this.nextCursor === null || this.loading || this.rows === null) return;
    await this.load(this.nextCursor, this.rows.length);
  }

  private async load(cursor: string | null, start: number): Promise<void> {
    this.loading = true;
    try {
      const page = await this.fetchPage(cursor);
      this.rows = [...(this.rows ?? []).slice(0, start), ...page.data];
      this.tail = { cursor, start };
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
