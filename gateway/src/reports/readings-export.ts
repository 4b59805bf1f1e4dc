import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { READINGS_CSV_CHUNK_MAX, type ReadingsCsvChunk, type ReadingsExportQuery } from '@emissions/contracts';
import type { IngestionClient } from '../clients/ingestion.client';
import { csvLine } from './csv';

export const READINGS_CSV_HEADER = ['measured_at', 'sensor_id', 'mass_kg', 'rate_kg_h', 'duration_s', 'batch_id'] as const;

/**
 * Streams every reading of the range as CSV, chunk by chunk over the RPC: the ingestion service answers each
 * chunk as finished CSV text (thousands of rows per round trip), which is written as it comes. The next chunk
 * is asked for while the current one is written, and the one after only once the socket has drained
 * (backpressure), so memory holds at most two chunks whatever the range; a client that goes away stops the
 * loop, so no further query runs. The first chunk is fetched before any byte is sent, so an unknown site is
 * still a problem response.
 */
export async function streamReadingsCsv(
  ingestion: IngestionClient,
  siteId: string,
  query: ReadingsExportQuery,
  res: ServerResponse,
  chunkRows = READINGS_CSV_CHUNK_MAX,
): Promise<void> {
  const range = { id: siteId, from: query.from ?? null, to: query.to ?? null, limit: chunkRows };
  const chunkAfter = (cursor: string | null) => ingestion.readingsCsvChunk({ ...range, cursor });
  let chunk: ReadingsCsvChunk = await chunkAfter(null);
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
      const next = chunk.next_cursor === null ? null : chunkAfter(chunk.next_cursor);
      // Settled even when the client leaves before it is awaited: the loop then stops without it.
      next?.catch(() => undefined);
      if (chunk.csv.length > 0 && !res.write(chunk.csv) && !gone) await drainedOrClosed(res);
      if (gone || next === null) break;
      chunk = await next;
    }
  } catch {
    // Headers are sent: a failure mid-stream can only cut the download short, never pass as complete.
    res.destroy();
    return;
  }
  res.end();
}

/** Waits for drain or close, then removes the other listener too (one left per wait would pile up over an export). */
async function drainedOrClosed(res: ServerResponse): Promise<void> {
  const waiting = new AbortController();
  try {
    await Promise.race([once(res, 'drain', { signal: waiting.signal }), once(res, 'close', { signal: waiting.signal })]);
  } finally {
    waiting.abort();
  }
}
