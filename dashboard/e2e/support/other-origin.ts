import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtherOrigin {
  /** The page's address under a host name of your choice (`127.0.0.1`, `localhost`): same port, different origins. */
  url(host: string): string;
  close(): Promise<void>;
}

/**
 * A tiny site that is not the dashboard: one empty page on a port of its own, as an attacker's page would be.
 * It listens on every loopback address, so both http://127.0.0.1:<port> and http://localhost:<port> reach it.
 */
export async function startOtherOrigin(): Promise<OtherOrigin> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Another site</title><p>Not the dashboard.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (host) => `http://${host}:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
