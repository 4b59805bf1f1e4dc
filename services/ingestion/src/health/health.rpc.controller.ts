import { IngestionPatterns } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { OutboxRepository } from '../outbox/outbox.repository';

@Controller()
export class HealthRpcController {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Answers only when PostgreSQL does: the gateway's readiness depends on it. */
  @MessagePattern(IngestionPatterns.ping)
  async ping(): Promise<{ status: 'ok' }> {
    await this.em.fork().execute('SELECT 1');
    return { status: 'ok' };
  }

  @MessagePattern(IngestionPatterns.outboxStats)
  async outboxStats(): Promise<{ pending: number }> {
    return { pending: await this.outbox.pendingCount(this.em.fork()) };
  }
}
