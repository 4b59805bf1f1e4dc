import { createServer } from 'node:net';

const LOW = 20_000;
const HIGH = 32_000;

/**
 * A TCP port for a service a test starts. Chosen below the kernel's ephemeral range (32768–60999 here),
 * never with `listen(0)`: a port from that range can be taken by any outgoing connection (a database or
 * Redis client) between this check and the moment the service binds it, which made starts flaky.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free TCP port between ${LOW} and ${HIGH}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
