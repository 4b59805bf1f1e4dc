import 'reflect-metadata';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticatedTcpClient, AuthenticatedTcpServer } from './authenticated-tcp';
import { MessageSeal } from './message-seal';

const SECRET = 'a-test-secret-of-more-than-32-characters!';
let server: Server | undefined;
afterEach(() => server?.close());

/** A fake service on loopback that answers every request id with `answer(id)` as raw frame text. */
async function fakeService(answer: (id: string) => string): Promise<number> {
  server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const id = /"id":"([^"]+)"/.exec(buffer)?.[1];
      if (id) socket.write(answer(id));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

const frame = (text: string) => `${text.length}#${text}`;

describe('AuthenticatedTcpClient', () => {
  it('accepts an answer sealed with the shared secret', async () => {
    const seal = new MessageSeal({ secret: SECRET });
    const port = await fakeService((id) => frame(seal.seal('response', JSON.stringify({ id, response: { ok: 1 }, isDisposed: true }))));
    const client = new AuthenticatedTcpClient({ host: '127.0.0.1', port }, { secret: SECRET });
    await expect(firstValueFrom(client.send('ping', {}))).resolves.toEqual({ ok: 1 });
    client.close();
  });

  it('accepts a large answer (4 MiB) and drops the connection on one announcing more than the cap', async () => {
    const seal = new MessageSeal({ secret: SECRET });
    const big = 'x'.repeat(4 * 1024 * 1024);
    const port = await fakeService((id) => frame(seal.seal('response', JSON.stringify({ id, response: big, isDisposed: true }))));
    const client = new AuthenticatedTcpClient({ host: '127.0.0.1', port }, { secret: SECRET });
    await expect(firstValueFrom(client.send('list', {}))).resolves.toHaveLength(big.length);
    client.close();
    server?.close();
    const capped = await fakeService(() => `${16 * 1024 * 1024 + 1}#v1.`);
    const refusing = new AuthenticatedTcpClient({ host: '127.0.0.1', port: capped }, { secret: SECRET });
    await expect(firstValueFrom(refusing.send('list', {}))).rejects.toThrow('Connection closed');
    refusing.close();
  });

  it('drops the connection on an unsigned or forged answer: the call fails instead of taking a spoofed result', async () => {
    const forger = new MessageSeal({ secret: `${SECRET}-not` });
    for (const answer of [
      (id: string) => frame(JSON.stringify({ id, response: { spoofed: true }, isDisposed: true })),
      (id: string) => frame(forger.seal('response', JSON.stringify({ id, response: { spoofed: true }, isDisposed: true }))),
    ]) {
      server?.close();
      const port = await fakeService(answer);
      const client = new AuthenticatedTcpClient({ host: '127.0.0.1', port }, { secret: SECRET });
      await expect(firstValueFrom(client.send('ping', {}))).rejects.toThrow('Connection closed');
      client.close();
    }
  });
});

describe('AuthenticatedTcpServer', () => {
  it('closes a connection that sends nothing, and keeps one that proved itself with a signed message', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const nest = new AuthenticatedTcpServer({ host: '127.0.0.1', port }, { secret: SECRET, firstMessageWithinMs: 200 });
    await new Promise<void>((resolve) => nest.listen(() => resolve()));
    try {
      const idle = connect(port, '127.0.0.1');
      await once(idle, 'close');
      const client = new AuthenticatedTcpClient({ host: '127.0.0.1', port }, { secret: SECRET });
      // No handler is registered: the service answers (signed) that none matches, on the same connection each time.
      await expect(firstValueFrom(client.send('unknown', {}))).rejects.toMatch(/no matching message handler/i);
      const proven = client.unwrap();
      await new Promise((r) => setTimeout(r, 400));
      await expect(firstValueFrom(client.send('unknown', {}))).rejects.toMatch(/no matching message handler/i);
      // A closed connection would have been replaced by a new one for the second call.
      expect(client.unwrap()).toBe(proven);
      client.close();
    } finally {
      nest.close();
    }
  });
});
