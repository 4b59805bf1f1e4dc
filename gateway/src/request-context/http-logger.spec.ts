import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { accessLevel, createHttpLogger, REDACTED_PATHS } from './http-logger';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Line = {
  level: number;
  msg: string;
  request_id?: string;
  req?: { method: string; url: string; id: string; headers: Record<string, string> };
  res?: { statusCode: number; headers: Record<string, string> };
  err?: unknown;
  responseTime?: unknown;
  step?: string;
};

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real Node server whose only middleware is the access log (after the request id, as in the app). */
async function serve(level: string, handler: Handler) {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const middleware = createHttpLogger(logger);
  server = createServer((req, res) => {
    req.id = `id-${req.url}`;
    middleware(req, res, () => handler(req, res));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', path, headers: { authorization: 'Bearer secret-value' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  // The line is written on 'finish', which may follow the client's end by a tick.
  const settled = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { lines, get, settled };
}

const answer =
  (status: number): Handler =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader('set-cookie', 'session=secret-cookie');
    res.end('x');
  };

describe('access log', () => {
  it('writes one line per request with request_id, the request and response (credentials censored) and the time taken', async () => {
    const { lines, get, settled } = await serve('info', answer(200));
    expect(await get('/api/v1/sites?limit=1')).toBe(200);
    await settled();
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 30, msg: 'request completed', request_id: 'id-/api/v1/sites?limit=1' });
    expect(line.req).toMatchObject({ method: 'GET', url: '/api/v1/sites?limit=1', id: 'id-/api/v1/sites?limit=1' });
    expect(line.req?.headers.authorization).toBe('[redacted]');
    expect(line.res).toMatchObject({ statusCode: 200 });
    expect(line.res?.headers['set-cookie']).toBe('[redacted]');
    expect(typeof line.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/secret-value|secret-cookie/);
  });

  it('logs a 4xx at warn and a 5xx at error with an err', async () => {
    const statuses = [404, 503];
    const { lines, get, settled } = await serve('info', (req, res) => answer(statuses[Number(req.url?.slice(1))])(req, res));
    await get('/0');
    await get('/1');
    await settled();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'request completed'],
      [50, 'request errored'],
    ]);
    expect(lines[1].err).toMatchObject({ message: 'failed with status code 503' });
  });

  it('writes nothing for the polled paths', async () => {
    const { lines, get, settled } = await serve('info', answer(200));
    await get('/health/live');
    await get('/metrics');
    await get('/health/ready?x=1');
    await settled();
    expect(lines).toHaveLength(0);
  });

  it('under a higher level, writes only the lines that level keeps', async () => {
    const statuses = [200, 404];
    const { lines, get, settled } = await serve('warn', (req, res) => answer(statuses[Number(req.url?.slice(1))])(req, res));
    await get('/0');
    await get('/1');
    await settled();
    expect(lines.map((l) => [l.level, l.res?.statusCode])).toEqual([[40, 404]]);
  });

  it('binds request_id to req.log, the logger used while the request is handled', async () => {
    const { lines, get, settled } = await serve('info', (req, res) => {
      req.log?.info({ step: 'handler' }, 'working');
      answer(201)(req, res);
    });
    await get('/api/v1/ingest');
    await settled();
    expect(lines[0]).toMatchObject({ msg: 'working', step: 'handler', request_id: 'id-/api/v1/ingest' });
    expect(lines[1]).toMatchObject({ msg: 'request completed', request_id: 'id-/api/v1/ingest' });
  });
});

describe('accessLevel', () => {
  it.each([
    [200, undefined, 'info'],
    [304, undefined, 'info'],
    [400, undefined, 'warn'],
    [429, undefined, 'warn'],
    [500, undefined, 'error'],
    [200, new Error('aborted'), 'error'],
  ] as const)('%i (error: %s) is %s', (status, err, level) => {
    expect(accessLevel(status, err)).toBe(level);
  });
});
