import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IngestionMetrics } from './ingestion.metrics';

/** Where GET /metrics is served (METRICS_HOST:METRICS_PORT in production). */
export type MetricsEndpoint = { port: number; host: string };
export const METRICS_ENDPOINT = Symbol('METRICS_ENDPOINT');

/** A bare `GET /metrics` endpoint for Prometheus (the service speaks TCP otherwise). */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | undefined;

  constructor(
    @Inject(METRICS_ENDPOINT) private readonly endpoint: MetricsEndpoint,
    private readonly metrics: IngestionMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.metrics.registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    this.server = server;
    // A port in use must not take ingestion down: metrics are not worth losing writes for.
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
