// The supervisor's Prometheus endpoint: how often each service was restarted and whether it is up now.
import { createServer } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';

export class SupervisorMetrics {
  registry = new Registry();
  restarts = new Counter({
    name: 'supervisor_restarts_total',
    help: 'Restarts of a service after it exited unexpectedly',
    labelNames: ['service'],
    registers: [this.registry],
  });
  up = new Gauge({
    name: 'supervisor_service_up',
    help: '1 while the service process runs, 0 while it is down (exited, waiting for its restart)',
    labelNames: ['service'],
    registers: [this.registry],
  });
  /** @type {import('node:http').Server | undefined} */
  server;

  /** Serves GET /metrics on `host:port`; port 0 serves nothing. */
  listen(host, port) {
    if (port === 0) return Promise.resolve();
    this.server = createServer(async (req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': this.registry.contentType }).end(await this.registry.metrics());
    });
    return new Promise((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, () => resolve());
    });
  }

  close() {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
