import { type RpcFailure, RpcFailureSchema } from '@emissions/contracts';
import { Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import { isDatabaseUnavailable, isUnstorableText, UNSTORABLE_TEXT_DETAIL } from '../postgres/postgres-failure';
import { errorSummary } from './error-summary';
import { FeatureError } from './feature.error';

/** Seconds a caller should wait after the database was unreachable. */
const DATABASE_RETRY_AFTER_S = 2;

/**
 * The one place a service turns what its handlers throw into RPC failures (install it as the global
 * APP_FILTER): a FeatureError keeps its contract code, database outages become service_unavailable, text
 * PostgreSQL cannot store becomes validation_failed, anything else internal_error. No stack or SQL crosses
 * the wire; the unexpected ones are logged here.
 */
@Catch()
export class RpcFailureFilter implements ExceptionFilter {
  private readonly logger = new Logger('RpcFailure');

  /** `service` names the service in the details the caller reads, e.g. "The alerting database is unavailable". */
  constructor(private readonly service: string) {}

  catch(exception: unknown): Observable<never> {
    return throwError(() => this.toFailure(exception));
  }

  toFailure(exception: unknown): RpcFailure {
    if (exception instanceof RpcException) {
      const failure = RpcFailureSchema.safeParse(exception.getError());
      if (failure.success) return failure.data;
    }
    const feature = exception instanceof FeatureError ? exception : this.databaseFeatureError(exception);
    if (feature) {
      if (feature.code === 'service_unavailable') this.logger.warn(`database unavailable: ${errorSummary(exception).error}`);
      return { code: feature.code, detail: feature.detail, ...(feature.retryAfterS ? { retry_after_s: feature.retryAfterS } : {}) };
    }
    // The summary, not the raw message: a driver error's message starts with the SQL and every parameter.
    const frames = exception instanceof Error ? (exception.stack ?? '').split('\n').slice(1).join('\n') : '';
    this.logger.error(`${errorSummary(exception).error}\n${frames}`);
    return { code: 'internal_error', detail: `The ${this.service} service failed unexpectedly.` };
  }

  private databaseFeatureError(err: unknown): FeatureError | undefined {
    if (isDatabaseUnavailable(err))
      return new FeatureError('service_unavailable', `The ${this.service} database is unavailable; retry shortly.`, DATABASE_RETRY_AFTER_S);
    if (isUnstorableText(err)) return new FeatureError('validation_failed', UNSTORABLE_TEXT_DETAIL);
    return undefined;
  }
}
