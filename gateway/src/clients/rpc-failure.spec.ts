import 'reflect-metadata';
import { TimeoutError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { problemFromRpcError, TRANSPORT_RETRY_AFTER_S } from './rpc-failure';

describe('problemFromRpcError', () => {
  it('keeps the contract code, detail and Retry-After of a service failure', () => {
    const problem = problemFromRpcError(
      { code: 'idempotency_request_in_progress', detail: 'still running', retry_after_s: 2 },
      'ingestion',
    );
    expect(problem).toMatchObject({ code: 'idempotency_request_in_progress', status: 409, detail: 'still running' });
    expect(problem.options.retryAfterS).toBe(2);
    expect(problemFromRpcError({ code: 'site_not_found', detail: 'no site' }, 'ingestion').status).toBe(404);
  });

  it('gives a 503 from the service a Retry-After even when it sent none', () => {
    expect(problemFromRpcError({ code: 'service_unavailable', detail: 'db down' }, 'ingestion').options.retryAfterS).toBe(
      TRANSPORT_RETRY_AFTER_S,
    );
  });

  it('turns transport failures into 503 without their details', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:4001'), { code: 'ECONNREFUSED' });
    for (const error of [refused, new Error('Connection closed'), new TimeoutError()]) {
      const problem = problemFromRpcError(error, 'ingestion');
      expect(problem).toMatchObject({ code: 'service_unavailable', status: 503 });
      expect(problem.detail).not.toMatch(/10\.0\.0\.7|ECONNREFUSED/);
      expect(problem.options.retryAfterS).toBe(TRANSPORT_RETRY_AFTER_S);
    }
  });

  it('treats anything else, such as an unhandled service exception, as an internal error', () => {
    expect(problemFromRpcError({ status: 'error', message: 'Internal server error' }, 'ingestion').code).toBe('internal_error');
    expect(problemFromRpcError({ code: 'not_a_code', detail: 'x' }, 'ingestion').code).toBe('internal_error');
  });

  it('names the service that failed, never another', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4002'), { code: 'ECONNREFUSED' });
    expect(problemFromRpcError(refused, 'alerting').detail).toBe('The alerting service is temporarily unreachable; retry later');
    expect(problemFromRpcError({ status: 'error' }, 'alerting').detail).toBe('The alerting service failed unexpectedly; retry later');
    expect(problemFromRpcError(refused, 'ingestion').detail).toMatch(/^The ingestion service/);
  });
});
