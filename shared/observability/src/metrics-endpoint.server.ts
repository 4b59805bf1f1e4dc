import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';

/** Where a service serves `GET /metrics` (its METRICS_HOST:METRICS_PORT; port 0 disables it). */
export type MetricsEndpoint = { host: string; port: number };
export const METRICS_ENDPOINT = Symbol('METRICS_ENDPOINT');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * A bare Prometheus endpoint for services that speak TCP or nothing at all over the network. A port
 * in use is logged, never fatal: metrics are not worth losing writes for.
 */
@Injectable()
export class MetricsEndpointServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsEndpointServer.name);
  private server: Server | undefined;

  constructor(
    @Inject(METRICS_ENDPOINT) private readonly endpoint: MetricsEndpoint,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.endpoint.port === 0) return;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    this.server = server;
    await new Promise<void>((resolve) => {
      server.once('listening', resolve);
      server.on('error', (err) => {
        this.logger.warn(`metrics endpoint: ${err.message}`);
        resolve();
      });
      server.listen(this.endpoint.port, this.endpoint.host);
    });
  }

  /** The bound port, once listening. */
  port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server?.listening ? this.server.close(() => resolve()) : resolve()));
  }
}
