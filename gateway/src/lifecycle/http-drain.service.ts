import type { Server } from 'node:http';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';

/**
 * Nest closes the HTTP server only after every shutdown hook, i.e. after the ingestion client and Redis
 * are closed, which would fail in-flight requests with 503. This stops accepting connections first and
 * waits for in-flight requests (up to SHUTDOWN_GRACE_MS) before those hooks run.
 */
@Injectable()
export class HttpDrainService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpDrainService.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server: Server | undefined = this.adapterHost.httpAdapter?.getHttpServer();
    if (!server?.listening) return;
    await new Promise<void>((resolve) => {
      const forced = setTimeout(() => {
        this.logger.warn(`in-flight requests still open after ${this.env.SHUTDOWN_GRACE_MS} ms; closing them`);
        server.closeAllConnections();
      }, this.env.SHUTDOWN_GRACE_MS);
      forced.unref();
      // close() stops accepting, closes idle keep-alive sockets (Node >= 19) and calls back when the last request ends.
      server.close(() => {
        clearTimeout(forced);
        resolve();
      });
    });
  }
}
