import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { RELAY_ENV, type RelayEnv } from '../config/env';
import { OutboxWakeupSignal } from './outbox-wakeup.signal';

/** Channel the ingest transaction notifies (`SELECT pg_notify('outbox_events', '')`) when it commits. */
export const OUTBOX_CHANNEL = 'outbox_events';

/**
 * Holds one dedicated connection in LISTEN mode and turns notifications into wake-ups. NOTIFY is only a
 * latency optimisation: if the connection is lost the relay still polls, and this reconnects with backoff.
 */
@Injectable()
export class OutboxWakeupListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWakeupListener.name);
  private client: Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    @Inject(RELAY_ENV) private readonly env: RelayEnv,
    private readonly signal: OutboxWakeupSignal,
  ) {}

  onApplicationBootstrap(): void {
    void this.connect();
  }

  /** True while the LISTEN connection is established (exposed for health and tests). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.env.DATABASE_URL, application_name: 'relay-listener' });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', () => this.signal.notify());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) return void client.end().catch(() => undefined);
      this.client = client;
      this.failures = 0;
      // Rows committed while we were not listening would otherwise wait for the poll.
      this.signal.notify();
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  private lost(client: Client, err: Error): void {
    if (this.client === client) this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (this.stopped || this.reconnectTimer) return;
    this.failures++;
    const delay = Math.min(250 * 2 ** Math.min(this.failures, 7), 30_000);
    this.logger.warn(`LISTEN connection lost (${err.message}); reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
