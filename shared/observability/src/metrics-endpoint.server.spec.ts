import 'reflect-metadata';
import { createServer } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsEndpointServer } from './metrics-endpoint.server';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('MetricsEndpointServer', () => {
  const started: MetricsEndpointServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.onApplicationShutdown()));
  });

  it('serves the registry at GET /metrics and 404 elsewhere', async () => {
    const registry = new Registry();
    new Counter({ name: 'probe_total', help: 'probe', registers: [registry] }).inc(3);
    const port = await freePort();
    const server = new MetricsEndpointServer({ host: '127.0.0.1', port }, registry);
    started.push(server);
    await server.onApplicationBootstrap();
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('probe_total 3');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it('keeps the service up when its port is taken', async () => {
    const port = await freePort();
    const first = new MetricsEndpointServer({ host: '127.0.0.1', port }, new Registry());
    const second = new MetricsEndpointServer({ host: '127.0.0.1', port }, new Registry());
    started.push(first, second);
    await first.onApplicationBootstrap();
    await expect(second.onApplicationBootstrap()).resolves.toBeUndefined();
    expect(second.port()).toBeUndefined();
  });

  it('does not listen when the port is 0', async () => {
    const server = new MetricsEndpointServer({ host: '127.0.0.1', port: 0 }, new Registry());
    await server.onApplicationBootstrap();
    expect(server.port()).toBeUndefined();
  });
});
