import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { ReadingsCsvChunk, ReadingsCsvChunkQuery } from '@emissions/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestionClient } from '../clients/ingestion.client';
import { streamReadingsCsv } from './readings-export';

const line = (n: number) =>
  `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}Z,sensor-with-a-rather-long-name,${n}.5,,,5f0c6f0e-4d55-4c55-9f55-3e8e7e1b2a10\r\n`;

/** An export source of `total` rows (Infinity: never ends, so only the client can stop the stream), in chunks of the asked size. */
function readings(total: number) {
  const asked: Array<string | null> = [];
  const client = {
    readingsCsvChunk: async (q: ReadingsCsvChunkQuery): Promise<ReadingsCsvChunk> => {
      asked.push(q.cursor);
      const start = q.cursor === null ? 0 : Number(q.cursor);
      const rows = Math.max(0, Math.min(q.limit, total - start));
      const csv = Array.from({ length: rows }, (_, i) => line(start + i)).join('');
      return { csv, rows, next_cursor: rows === q.limit ? String(start + rows) : null };
    },
  };
  return { client: client as unknown as IngestionClient, asked };
}

let server: ReturnType<typeof createServer> | undefined;
afterEach(() => server?.close());

async function serve(client: IngestionClient, chunkRows?: number) {
  const done: { finished: Promise<void>; closeListeners: () => number } = { finished: Promise.resolve(), closeListeners: () => 0 };
  server = createServer((_req, res) => {
    done.finished = streamReadingsCsv(client, 'site', { format: 'csv', limit: 1000 }, res, chunkRows);
    done.closeListeners = () => res.listenerCount('close');
  }).listen(0);
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, done };
}

describe('streamReadingsCsv', () => {
  it('stops asking for chunks once the client disconnects, and asks for more only after the last one drained', async () => {
    const { client, asked } = readings(Number.POSITIVE_INFINITY);
    const { port, done } = await serve(client, 1000);
    const req = request({ port, path: '/export' });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    // Read nothing more: the socket fills, the stream waits for drain instead of asking for more chunks.
    res.pause();
    await new Promise((r) => setTimeout(r, 50));
    const waiting = asked.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(asked.length, 'a paused client must hold the export').toBe(waiting);
    req.destroy();
    await done.finished; // resolves only because the loop stopped: the source never ends by itself
    expect(asked.length).toBeLessThanOrEqual(waiting + 1);
  });

  it.each([
    ['one row short of a chunk', 2 * 500 - 1],
    ['exactly two chunks (the last request answers empty)', 2 * 500],
    ['one row over', 2 * 500 + 1],
  ])('writes the header and every row once, in order, at %s', async (_name, total) => {
    const { client, asked } = readings(total);
    const { port } = await serve(client, 500);
    const body = await (await fetch(`http://127.0.0.1:${port}/export`)).text();
    const expected = Array.from({ length: total }, (_, i) => line(i)).join('');
    expect(body).toBe(`measured_at,sensor_id,mass_kg,rate_kg_h,duration_s,batch_id\r\n${expected}`);
    expect(asked).toHaveLength(Math.floor(total / 500) + 1);
  });

  it('leaves no listener behind per chunk that waited for drain (memory stays flat over a long export)', async () => {
    const { client, asked } = readings(300 * 10);
    const res = new SlowResponse();
    await streamReadingsCsv(client, 'site', { format: 'csv', limit: 1000 }, res as unknown as ServerResponse, 10);
    expect(res.drains).toBeGreaterThanOrEqual(300);
    expect(asked).toHaveLength(301);
    expect(res.received.join('')).toContain(line(300 * 10 - 1));
    expect(res.listenerCount('close') + res.listenerCount('drain')).toBeLessThan(5);
  });
});

/** A response whose every write waits for drain (high-water mark of one byte, each write acknowledged later). */
class SlowResponse extends Writable {
  statusCode = 0;
  drains = 0;
  readonly received: string[] = [];
  constructor() {
    super({ highWaterMark: 1, decodeStrings: false });
    this.on('drain', () => this.drains++);
  }
  setHeader(): void {}
  override _write(chunk: string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.received.push(chunk);
    setImmediate(done);
  }
}
