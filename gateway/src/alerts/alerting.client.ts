import { type AlertList, AlertListSchema, AlertingPatterns, type ListAlertsQuery } from '@emissions/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { z } from 'zod';
import { callService } from '../clients/rpc-call';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';

export const ALERTING_PROXY = Symbol('ALERTING_PROXY');
const PingSchema = z.object({ status: z.literal('ok') });

/** Typed calls to the alerting service; answers validated with the shared schema, failures as problems. */
@Injectable()
export class AlertingClient implements OnApplicationShutdown {
  private readonly logger = new Logger(AlertingClient.name);

  constructor(
    @Inject(ALERTING_PROXY) private readonly proxy: ClientProxy,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  listAlerts(query: ListAlertsQuery): Promise<AlertList> {
    return this.call(AlertingPatterns.listAlerts, query, AlertListSchema);
  }

  async ping(timeoutMs = this.env.HEALTH_TIMEOUT_MS): Promise<void> {
    await this.call(AlertingPatterns.ping, {}, PingSchema, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }

  private call<S extends z.ZodType>(
    pattern: string,
    payload: unknown,
    schema: S,
    timeoutMs = this.env.RPC_TIMEOUT_MS,
  ): Promise<z.output<S>> {
    return callService({ proxy: this.proxy, logger: this.logger, service: 'alerting' }, pattern, payload, schema, timeoutMs);
  }
}
