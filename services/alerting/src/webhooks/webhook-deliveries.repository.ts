import { randomUUID } from 'node:crypto';
import type { Alert, WebhookDelivery, WebhookEventType, WebhookPayload } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** What the delivery worker needs for one attempt. */
export type DeliveryToSend = {
  id: string;
  status: 'pending' | 'delivered' | 'failed';
  event_type: WebhookEventType;
  body: string;
  created_at: Date;
  url: string;
  secret: string;
  webhook_deleted: boolean;
};

type DeliveryRow = Omit<WebhookDelivery, 'created_at' | 'last_attempt_at' | 'delivered_at'> & {
  created_at: Date;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Every query of `alerting.webhook_deliveries`. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * A select-list expression (one parameter: the event type) for the ids of the live webhooks subscribed to it,
   * so a statement the caller runs anyway in its transaction reads them and `createForAll` needs no read of its own.
   */
  subscribersOf(): string {
    return 'ARRAY(SELECT id::text FROM alerting.webhooks WHERE deleted_at IS NULL AND ?::text = ANY(event_types) ORDER BY id)';
  }

  /**
   * One delivery per live webhook subscribed to `eventType`, written with the caller's transaction (`em`),
   * so the delivery exists exactly when the alert change it announces committed. Returns the new ids.
   */
  async createFor(em: EntityManager, alert: Alert, eventType: WebhookEventType): Promise<string[]> {
    const [{ hooks }] = await em.execute<{ hooks: string[] }[]>(`SELECT ${this.subscribersOf()} AS hooks`, [eventType], 'all');
    return this.createForAll(em, [alert], eventType, hooks);
  }

  /**
   * `createFor` for several alerts of one event type, one statement for all: `hookIds` are the subscribers
   * (`subscribersOf`) read earlier in the same transaction. Returns the new ids, alert by alert.
   */
  async createForAll(
    em: EntityManager,
    alerts: readonly Alert[],
    eventType: WebhookEventType,
    hookIds: readonly string[],
  ): Promise<string[]> {
    if (alerts.length === 0 || hookIds.length === 0) return [];
    const createdAt = new Date().toISOString();
    const rows = alerts.flatMap((alert) =>
      hookIds.map((hookId) => {
        const id = randomUUID();
        const payload: WebhookPayload = { id, type: eventType, created_at: createdAt, data: { alert } };
        return [id, hookId, alert.site_id, alert.id, eventType, JSON.stringify(payload)];
      }),
    );
    const inserted = new Set(
      (
        await em.execute<{ id: string }[]>(
          `INSERT INTO alerting.webhook_deliveries (id, webhook_id, site_id, alert_id, event_type, body)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING RETURNING id`,
          rows.flat(),
          'all',
        )
      ).map((r) => r.id),
    );
    return rows.map(([id]) => id).filter((id) => inserted.has(id));
  }

  async load(id: string): Promise<DeliveryToSend | null> {
    const rows = await this.em.fork().execute<DeliveryToSend[]>(
      `SELECT d.id, d.status, d.event_type, d.body, d.created_at, w.url, w.secret, w.deleted_at IS NOT NULL AS webhook_deleted
       FROM alerting.webhook_deliveries d JOIN alerting.webhooks w ON w.id = d.webhook_id WHERE d.id = ?`,
      [id],
      'all',
    );
    return rows[0] ?? null;
  }

  /** Records one attempt; only a pending delivery changes, so a late duplicate attempt cannot undo an outcome. */
  async recordAttempt(id: string, outcome: { status: 'pending' | 'delivered' | 'failed'; code: number | null; error: string | null }) {
    await this.em.fork().execute(
      `UPDATE alerting.webhook_deliveries
       SET attempts = attempts + 1, last_attempt_at = now(), last_status_code = ?, last_error = ?, status = ?,
           delivered_at = CASE WHEN ? = 'delivered' THEN now() END
       WHERE id = ? AND status = 'pending'`,
      [outcome.code, outcome.error, outcome.status, outcome.status, id],
      'run',
    );
  }

  /** Deliveries still pending a while after they were created: their job may never have reached the queue. */
  async pendingOlderThan(ageMs: number, limit = 500): Promise<string[]> {
    const rows = await this.em.fork().execute<{ id: string }[]>(
      `SELECT id FROM alerting.webhook_deliveries WHERE status = 'pending' AND created_at < now() - make_interval(secs => ?)
       ORDER BY created_at LIMIT ?`,
      [ageMs / 1000, limit],
      'all',
    );
    return rows.map((r) => r.id);
  }

  /** A webhook's delivery log, newest first. */
  async logOf(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.em.fork().execute<DeliveryRow[]>(
      `SELECT id, webhook_id, event_type, alert_id, status, attempts, last_status_code, last_error, created_at, last_attempt_at, delivered_at
       FROM alerting.webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
      [webhookId, limit],
      'all',
    );
    return rows.map((r) => ({
      ...r,
      created_at: new Date(r.created_at).toISOString(),
      last_attempt_at: iso(r.last_attempt_at),
      delivered_at: iso(r.delivered_at),
    }));
  }
}
