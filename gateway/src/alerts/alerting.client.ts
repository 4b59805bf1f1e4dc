import { type AlertList, AlertListSchema, AlertingPatterns, type ListAlertsQuery } from '@emissions/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { z } from 'zod';
import { problemFromRpcError } from '../clients/rpc-failure';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';

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

  private async call<S extends z.ZodType>(
    pattern: string,
    payload: unknown,
    schema: S,
    timeoutMs = this.env.RPC_TIMEOUT_MS,
  ): Promise<z.output<S>> {
    let answer: unknown;
    try {
      answer = await firstValueFrom(this.proxy.send<unknown>(pattern, payload).pipe(timeout(timeoutMs)));
    } catch (error) {
      const problem = problemFromRpcError(error);
      if (problem.status >= 500) this.logger.warn({ err: error, pattern }, `alerting call failed: ${problem.code}`);
      throw problem;
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      this.logger.error({ pattern, issues: parsed.error.issues }, 'alerting service answered outside the contract');
      throw new ProblemError('internal_error', 'The alerting service gave an invalid answer');
    }
    return parsed.data;
  }
}
