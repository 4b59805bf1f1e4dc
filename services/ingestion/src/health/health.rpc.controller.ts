import { IngestionPatterns } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

@Controller()
export class HealthRpcController {
  constructor(private readonly em: EntityManager) {}

  /** Answers only when PostgreSQL does: the gateway's readiness depends on it. */
  @MessagePattern(IngestionPatterns.ping)
  async ping(): Promise<{ status: 'ok' }> {
    await this.em.fork().execute('SELECT 1');
    return { status: 'ok' };
  }

  @MessagePattern(IngestionPatterns.outboxStats)
  async outboxStats(): Promise<{ pending: number }> {
    const [row] = await this.em
      .fork()
      .execute<{ pending: string }[]>('SELECT count(*)::text AS pending FROM outbox_events WHERE published_at IS NULL');
    return { pending: Number(row.pending) };
  }
}
