import type { RpcFailure } from '@emissions/contracts';
import { Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { toDatabaseFeatureError } from '../errors/database-failure';
import { FeatureError } from '../errors/feature.error';

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
      if (feature.code === 'service_unavailable') this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return { code: feature.code, detail: feature.detail, ...(feature.retryAfterS ? { retry_after_s: feature.retryAfterS } : {}) };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { code: 'internal_error', detail: 'The ingestion service failed unexpectedly.' };
  }
}
