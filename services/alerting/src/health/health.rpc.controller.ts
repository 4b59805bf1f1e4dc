import { AlertingPatterns } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AlertingMetrics } from '../metrics/alerting.metrics';

/** Readiness as the gateway sees it: answering at all, and able to reach its database. */
@Controller()
export class HealthRpcController {
  constructor(
    private readonly em: EntityManager,
    private readonly metrics: AlertingMetrics,
  ) {}

  @MessagePattern(AlertingPatterns.ping)
  async ping(): Promise<{ status: 'ok' }> {
    this.metrics.healthChecks.inc({ check: 'ping' });
    // A database that cannot be reached answers service_unavailable (the RPC failure filter).
    await this.em.fork().execute('SELECT 1');
    return { status: 'ok' };
  }
}
