import { IngestionPatterns } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { IngestionMetrics } from '../metrics/ingestion.metrics';
import { OutboxRepository } from '../outbox/outbox.repository';

@Controller()
export class HealthRpcController {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxRepository,
    private readonly metrics: IngestionMetrics,
  ) {}

  /** Answers only when PostgreSQL does: the gateway's readiness depends on it. */
  @MessagePattern(IngestionPatterns.ping)
  async ping(): Promise<{ status: 'ok' }> {
    this.metrics.healthChecks.inc({ check: 'ping' });
    await this.em.fork().execute('SELECT 1');
    return { status: 'ok' };
  }

  @MessagePattern(IngestionPatterns.outboxStats)
  async outboxStats(): Promise<{ pending: number }> {
    this.metrics.healthChecks.inc({ check: 'outbox_stats' });
    return { pending: await this.outbox.pendingCount(this.em.fork()) };
  }
}
