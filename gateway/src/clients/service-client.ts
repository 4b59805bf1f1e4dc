import { AuthenticatedTcpClient } from '@emissions/service-auth';
import { Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { z } from 'zod';
import { GATEWAY_ENV, type GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import { problemFromRpcError } from './rpc-failure';

/** The services behind the gateway, by the name their problems and log lines use. */
export type ServiceName = 'ingestion' | 'alerting';

const PingSchema = z.object({ status: z.literal('ok') });

/** `quiet`: a failure is an expected answer (a readiness probe while a service is down), logged at debug only. */
export type CallOptions = { quiet?: boolean };

/**
 * The shell every typed service client shares: one request/response call with a timeout, the answer validated
 * with the shared schema, transport and service failures leaving as ProblemErrors that name this service (never
 * another), and the connection closed at shutdown. Subclasses add only the typed methods.
 */
export abstract class ServiceClient implements OnApplicationShutdown {
  protected readonly logger: Logger;

  protected constructor(
    readonly service: ServiceName,
    private readonly pingPattern: string,
    protected readonly proxy: ClientProxy,
    protected readonly env: GatewayEnv,
  ) {
    this.logger = new Logger(this.constructor.name);
  }

  /** Readiness: the service answers and can reach its database. */
  async ping(timeoutMs = this.env.HEALTH_TIMEOUT_MS): Promise<void> {
    await this.call(this.pingPattern, {}, PingSchema, timeoutMs, { quiet: true });
  }

  /** Runs after the HTTP server has drained (lifecycle/http-drain.service.ts), so no in-flight call is cut. */
  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }

  /** An answer outside the shared schema is an internal error, never passed on. */
  protected async call<S extends z.ZodType>(
    pattern: string,
    payload: unknown,
    schema: S,
    timeoutMs = this.env.RPC_TIMEOUT_MS,
    { quiet = false }: CallOptions = {},
  ): Promise<z.output<S>> {
    let answer: unknown;
    try {
      answer = await firstValueFrom(this.proxy.send<unknown>(pattern, payload).pipe(timeout(timeoutMs)));
    } catch (error) {
      const problem = problemFromRpcError(error, this.service);
      if (problem.status >= 500) {
        const failed = { err: error, pattern };
        if (quiet) this.logger.debug(failed, `${this.service} call failed: ${problem.code}`);
        else this.logger.warn(failed, `${this.service} call failed: ${problem.code}`);
      }
      throw problem;
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      this.logger.error({ pattern, issues: parsed.error.issues }, `${this.service} service answered outside the contract`);
      throw new ProblemError('internal_error', `The ${this.service} service gave an invalid answer`);
    }
    return parsed.data;
  }
}

/**
 * The signed TCP connection to a service. ClientTCP connects lazily on first send and, after the socket closes
 * (service restart), reconnects on the next send; every request is signed with SERVICE_AUTH_SECRET and every
 * answer must be (shared/service-auth).
 */
export function serviceProxy(token: symbol, address: (env: GatewayEnv) => { host: string; port: number }): Provider {
  return {
    provide: token,
    inject: [GATEWAY_ENV],
    useFactory: (env: GatewayEnv) => new AuthenticatedTcpClient(address(env), { secret: env.SERVICE_AUTH_SECRET }),
  };
}
