import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase, uniqueName } from '@emissions/testing';
import { freePort, ServiceProcess } from './service.process';

export { freePort } from './service.process';

/**
 * The services behind the gateway as real child processes on one fresh, migrated database: ingestion,
 * and alerting (which the gateway's readiness and alerts routes need) on its own queue and stream.
 */
export class IngestionServiceProcess {
  private constructor(
    readonly database: TestDatabase,
    private readonly ingestion: ServiceProcess,
    readonly alerting: ServiceProcess,
    /** The services' SERVICE_AUTH_SECRET: only a gateway given gatewayEnv() is heard. */
    readonly serviceAuthSecret: string,
  ) {}

  get port(): number {
    return this.ingestion.port;
  }

  /**
   * `serviceEnv` is added to both services' environment (e.g. the alerting service's webhook policy).
   * `metrics: true` gives each service its own Prometheus port (see metricsUrl), for tests that read their counters.
   */
  static async create(serviceEnv: Record<string, string> = {}, { metrics = false } = {}): Promise<IngestionServiceProcess> {
    const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const database = await createTestDatabase(serverUrl, 'gateway_e2e');
    const serviceAuthSecret = randomBytes(32).toString('base64url');
    const shared = {
      DATABASE_URL: database.url,
      SERVICE_AUTH_SECRET: serviceAuthSecret,
      QUEUE_NAME: uniqueName('batch-ingested'),
      WEBHOOK_QUEUE_NAME: uniqueName('webhook-deliveries'),
      SITE_UPDATES_STREAM: uniqueName('site-updates'),
      METRICS_PORT: '0',
      ...serviceEnv,
    };
    const own = async () => (metrics ? { METRICS_HOST: '127.0.0.1', METRICS_PORT: String(await freePort()) } : {});
    const ingestion = new ServiceProcess(
      { name: 'ingestion', portVariable: 'INGESTION_PORT', env: { ...shared, ...(await own()) } },
      await freePort(),
    );
    const alerting = new ServiceProcess(
      { name: 'alerting', portVariable: 'ALERTING_PORT', env: { ...shared, ...(await own()) } },
      await freePort(),
    );
    await ingestion.migrate();
    await alerting.migrate();
    return new IngestionServiceProcess(database, ingestion, alerting, serviceAuthSecret);
  }

  /** The service's /metrics (created with `metrics: true`). */
  metricsUrl(name: 'ingestion' | 'alerting'): string {
    const port = (name === 'ingestion' ? this.ingestion : this.alerting).env().METRICS_PORT;
    if (!port || port === '0') throw new Error(`the ${name} service runs without a metrics endpoint (create it with metrics: true)`);
    return `http://127.0.0.1:${port}/metrics`;
  }

  /** Gateway settings that point at these services, with their secret. */
  gatewayEnv(): Record<string, string> {
    return {
      INGESTION_PORT: String(this.ingestion.port),
      ALERTING_PORT: String(this.alerting.port),
      SERVICE_AUTH_SECRET: this.serviceAuthSecret,
    };
  }

  async startAll(): Promise<void> {
    await Promise.all([this.ingestion.start(), this.alerting.start()]);
  }

  /** Starts the ingestion service only (the resilience tests take it away and bring it back). */
  start(): Promise<void> {
    return this.ingestion.start();
  }

  stop(): Promise<void> {
    return this.ingestion.stop();
  }

  async dispose(): Promise<void> {
    await Promise.all([this.ingestion.stop(), this.alerting.stop()]);
    await this.database.drop();
  }
}
