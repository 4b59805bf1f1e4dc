import { once } from 'node:events';
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReadingsPage, ReadingsPageQuery } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import type { IngestionClient } from '../clients/ingestion.client';
import { streamReadingsCsv } from './readings-export';

/** An export source that never ends: every page has a next one, so only the client can stop the stream. */
function endlessReadings() {
  const asked: Array<string | null> = [];
  const client = {
    readingsPage: async (q: ReadingsPageQuery): Promise<ReadingsPage> => {
      asked.push(q.cursor);
      const data = Array.from({ length: q.limit }, (_, i) => ({
        measured_at: new Date(Date.UTC(2026, 0, 1) + (asked.length * q.limit + i) * 1000).toISOString(),
        sensor_id: 'sensor-with-a-rather-long-name',
        mass_kg: '123456.123456',
        rate_kg_h: null,
        duration_s: null,
        batch_id: '5f0c6f0e-4d55-4c55-9f55-3e8e7e1b2a10',
      }));
      return { data, next_cursor: `page-${asked.length}` };
    },
  };
  return { client: client as unknown as IngestionClient, asked };
}

describe('streamReadingsCsv', () => {
  it('stops asking for pages once the client disconnects, and asks for the next only after the last one drained', async () => {
    const { client, asked } = endlessReadings();
    let finished: Promise<void> = Promise.resolve();
    const server = createServer((_req, res) => {
      finished = streamReadingsCsv(client, 'site', { format: 'csv', limit: 1000 }, res);
    }).listen(0);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;

    const req = request({ port, path: '/export' });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    // Read nothing more: the socket fills, the stream waits for drain instead of asking for more pages.
    res.pause();
    await new Promise((r) => setImmediate(r));
    const waiting = asked.length;
    req.destroy();
    await finished; // resolves only because the loop stopped: the source never ends by itself
    expect(asked.length).toBeLessThanOrEqual(waiting + 1);
    server.close();
  });
});
