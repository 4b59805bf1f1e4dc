import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ThrowawayRedis } from './throwaway-redis';

/** One inline Redis command over a plain socket, answered with the first reply line(s). */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${line}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

describe('ThrowawayRedis', () => {
  let redis: ThrowawayRedis | undefined;
  afterEach(async () => {
    await redis?.dispose();
    redis = undefined;
  });

  it('keeps its data across a restart when durable, and loses it after wipe()', async () => {
    redis = await ThrowawayRedis.start();
    expect(await command(redis.port, 'SET k kept')).toBe('+OK\r\n');
    await redis.stop();
    await expect(command(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    await redis.restart();
    expect(await command(redis.port, 'GET k')).toBe('$4\r\nkept\r\n');
    await redis.stop();
    redis.wipe();
    await redis.restart();
    expect(await command(redis.port, 'GET k')).toBe('$-1\r\n');
  });

  it('comes back empty after a crash when not durable', async () => {
    redis = await ThrowawayRedis.start({ durable: false });
    expect(await command(redis.port, 'SET k lost')).toBe('+OK\r\n');
    await redis.stop('SIGKILL');
    await redis.restart();
    expect(await command(redis.port, 'GET k')).toBe('$-1\r\n');
  });
});
