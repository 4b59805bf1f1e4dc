import type { RpcFailure } from '@emissions/contracts';
import { Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { toDatabaseFeatureError } from '../errors/database-failure';
import { FeatureError } from '../errors/feature.error';
import { errorSummary } from '../ingestion/ingest-batch.telemetry';

/** The one place the ingestion service turns errors into RPC failures; no stack or SQL crosses the wire. */
@Catch()
export class RpcFailureFilter implements ExceptionFilter {
  private readonly logger = new Logger('RpcFailure');

  catch(exception: unknown): Observable<never> {
    return throwError(() => this.toFailure(exception));
  }

  toFailure(exception: unknown): RpcFailure {
    const feature = exception instanceof FeatureError ? exception : toDatabaseFeatureError(exception);
    if (feature) {
      if (feature.code === 'service_unavailable') this.logger.warn(`database unavailable: ${errorSummary(exception).error}`);
      return { code: feature.code, detail: feature.detail, ...(feature.retryAfterS ? { retry_after_s: feature.retryAfterS } : {}) };
    }
    // The summary, not the raw message: a driver error's message starts with the SQL and every parameter.
    const frames = exception instanceof Error ? (exception.stack ?? '').split('\n').slice(1).join('\n') : '';
    this.logger.error(`${errorSummary(exception).error}\n${frames}`);
    return { code: 'internal_error', detail: 'The ingestion service failed unexpectedly.' };
  }
}
