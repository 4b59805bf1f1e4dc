import { AlertingPatterns } from '@emissions/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { toRpcException } from '../alerts/rpc-failure';
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
    try {
      await this.em.fork().execute('SELECT 1');
      return { status: 'ok' };
    } catch (err) {
      throw toRpcException(err);
    }
  }
}
