import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ALERTING_ENV, type AlertingEnv } from '../config/env';
import { AlertingMetrics } from './alerting.metrics';

/** A bare `GET /metrics` endpoint for Prometheus (alerting speaks TCP otherwise); METRICS_PORT=0 disables it. */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | undefined;

  constructor(
    @Inject(ALERTING_ENV) private readonly env: AlertingEnv,
    private readonly metrics: AlertingMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.METRICS_PORT === 0) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.metrics.registry.metrics().then(
        (body) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    this.server.on('error', (err) => this.logger.warn(`metrics endpoint: ${err.message}`));
    this.server.listen(this.env.METRICS_PORT, this.env.METRICS_HOST);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
