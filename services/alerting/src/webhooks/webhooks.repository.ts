import type { Webhook, WebhookEventType } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

type WebhookRow = Omit<Webhook, 'created_at'> & { created_at: Date };
const COLUMNS = 'id, url, event_types, description, created_at';

const toView = (row: WebhookRow): Webhook => ({ ...row, created_at: new Date(row.created_at).toISOString() });

/** Every query of `alerting.webhooks`. A deleted webhook keeps its row (its delivery log stays readable). */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly em: EntityManager) {}

  async insert(hook: {
    id: string;
    url: string;
    eventTypes: WebhookEventType[];
    description: string | null;
    secret: string;
  }): Promise<Webhook> {
    const rows = await this.em
      .fork()
      .execute<WebhookRow[]>(
        `INSERT INTO alerting.webhooks (id, url, event_types, description, secret) VALUES (?, ?, ?::text[], ?, ?) RETURNING ${COLUMNS}`,
        [hook.id, hook.url, `{${hook.eventTypes.join(',')}}`, hook.description, hook.secret],
        'all',
      );
    return toView(rows[0]);
  }

  async list(): Promise<Webhook[]> {
    const rows = await this.em
      .fork()
      .execute<WebhookRow[]>(`SELECT ${COLUMNS} FROM alerting.webhooks WHERE deleted_at IS NULL ORDER BY created_at, id`, [], 'all');
    return rows.map(toView);
  }

  /** Live or deleted: null only when no webhook ever had this id. */
  async find(id: string): Promise<Webhook | null> {
    const rows = await this.em.fork().execute<WebhookRow[]>(`SELECT ${COLUMNS} FROM alerting.webhooks WHERE id = ?`, [id], 'all');
    return rows[0] ? toView(rows[0]) : null;
  }

  /** Idempotent: deleting twice keeps the first deletion time. Returns false for an unknown or deleted id. */
  async softDelete(id: string): Promise<boolean> {
    const rows = await this.em
      .fork()
      .execute<{ id: string }[]>(
        'UPDATE alerting.webhooks SET deleted_at = now() WHERE id = ? AND deleted_at IS NULL RETURNING id',
        [id],
        'all',
      );
    return rows.length > 0;
  }
}
