import { once } from 'node:events';
import type { ExportedReading, ReadingsExportQuery } from '@emissions/contracts';
import type { ServerResponse } from 'node:http';
import type { IngestionClient } from '../clients/ingestion.client';
import { csvLine } from './csv';

export const READINGS_CSV_HEADER = ['measured_at', 'sensor_id', 'mass_kg', 'rate_kg_h', 'duration_s', 'batch_id'] as const;
/** Rows fetched per keyset page while streaming CSV: memory holds one page, whatever the range. */
const CSV_PAGE = 5_000;

const rowOf = (r: ExportedReading) => csvLine([r.measured_at, r.sensor_id, r.mass_kg, r.rate_kg_h, r.duration_s, r.batch_id]);

/**
 * Streams every reading of the range as CSV, page by page over the RPC: the next page is asked for only
 * once the previous one is written and the socket has drained (backpressure), and a client that goes away
 * stops the loop, so no further query runs. The first page is fetched before any byte is sent, so an
 * unknown site is still a problem response.
 */
export async function streamReadingsCsv(
  ingestion: IngestionClient,
  siteId: string,
  query: ReadingsExportQuery,
  res: ServerResponse,
): Promise<void> {
  const range = { id: siteId, from: query.from ?? null, to: query.to ?? null, limit: CSV_PAGE };
  let page = await ingestion.readingsPage({ ...range, cursor: null });
  let gone = false;
  // The response closes before it ends only when the client went away.
  res.once('close', () => {
    gone = !res.writableFinished;
  });
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="readings-${siteId}.csv"`);
  res.write(csvLine([...READINGS_CSV_HEADER]));
  try {
    for (;;) {
      if (!res.write(page.data.map(rowOf).join('')) && !gone) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (gone || page.next_cursor === null) break;
      page = await ingestion.readingsPage({ ...range, cursor: page.next_cursor });
    }
  } catch {
    // Headers are sent: a failure mid-stream can only cut the download short, never pass as complete.
    res.destroy();
    return;
  }
  res.end();
}
