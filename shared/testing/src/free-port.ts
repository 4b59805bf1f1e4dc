import { closeSync, mkdirSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOW = 20_000;
const HIGH = 32_000;
/** Long enough for any suite to bind what it was given; an older reservation belongs to a finished run. */
const RESERVATION_TTL_MS = 20 * 60_000;

/**
 * A TCP port for a service a test starts. Chosen below the kernel's ephemeral range (32768–60999 here),
 * never with `listen(0)`: a port from that range can be taken by any outgoing connection (a database or
 * Redis client) between this check and the moment the service binds it, which made starts flaky.
 * Each port is also reserved across processes (`reservePort`): suites run in parallel workers, and two of them
 * picking the same free port before either bound it made a service fail with EADDRINUSE.
 */
export async function freePort(reservations = join(tmpdir(), 'emissions-test-ports')): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (reservePort(reservations, port) && (await canListen(port))) return port;
  }
  throw new Error(`no free TCP port between ${LOW} and ${HIGH}`);
}

/**
 * Claims `port` for this process with a file created exclusively (`wx`): of two processes only one creates it.
 * A reservation older than RESERVATION_TTL_MS is taken over by renaming it away first, which only one process
 * can do. Reservations are never released early: a port given out stays out of the draw for the TTL.
 */
export function reservePort(dir: string, port: number, now = Date.now()): boolean {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, String(port));
  if (createExclusively(file)) return true;
  try {
    if (now - statSync(file).mtimeMs < RESERVATION_TTL_MS) return false;
    const stale = `${file}.stale-${process.pid}-${now}`;
    renameSync(file, stale);
    unlinkSync(stale);
  } catch {
    return false; // another process took it over (or released it) first
  }
  return createExclusively(file);
}

function createExclusively(file: string): boolean {
  try {
    closeSync(openSync(file, 'wx'));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
