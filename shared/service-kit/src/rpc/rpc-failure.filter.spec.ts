import 'reflect-metadata';
import { RpcException } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FeatureError } from './feature.error';
import { parsePayload } from './parse-payload';
import { RpcFailureFilter } from './rpc-failure.filter';
import { z } from 'zod';

const filter = new RpcFailureFilter('alerting');
filter['logger'].error = () => undefined;
filter['logger'].warn = () => undefined;

describe('RpcFailureFilter', () => {
  it('passes a FeatureError on with its code, detail and Retry-After', () => {
    expect(filter.toFailure(new FeatureError('alert_not_found', 'No alert with id x.'))).toEqual({
      code: 'alert_not_found',
      detail: 'No alert with id x.',
    });
    expect(filter.toFailure(new FeatureError('idempotency_request_in_progress', 'busy', 1))).toMatchObject({ retry_after_s: 1 });
  });

  it('passes on an RpcException that already carries an RPC failure', () => {
    expect(filter.toFailure(new RpcException({ code: 'validation_failed', detail: 'bad' }))).toEqual({
      code: 'validation_failed',
      detail: 'bad',
    });
  });

  it('answers service_unavailable naming the service when its database is unreachable', () => {
    const down = new Error('insert failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    });
    expect(filter.toFailure(down)).toEqual({
      code: 'service_unavailable',
      detail: 'The alerting database is unavailable; retry shortly.',
      retry_after_s: 2,
    });
  });

  it('answers validation_failed for text PostgreSQL cannot store', () => {
    expect(filter.toFailure({ code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' })).toMatchObject({
      code: 'validation_failed',
    });
  });

  it('hides anything else behind internal_error, without the SQL or the stack', () => {
    const failure = filter.toFailure(new Error('insert into secrets values ($1) - relation "secrets" does not exist'));
    expect(failure).toEqual({ code: 'internal_error', detail: 'The alerting service failed unexpectedly.' });
    // An RpcException whose error is not an RPC failure is not trusted either.
    expect(filter.toFailure(new RpcException('raw text')).code).toBe('internal_error');
  });

  it('answers through an observable that fails with the failure', async () => {
    await expect(firstValueFrom(filter.catch(new FeatureError('site_not_found', 'no site')))).rejects.toEqual({
      code: 'site_not_found',
      detail: 'no site',
    });
  });
});

describe('parsePayload', () => {
  const Schema = z.object({ id: z.uuid(), limit: z.number().int().min(1).default(10) });

  it('returns the parsed payload, treating a missing one as {}', () => {
    expect(parsePayload(Schema.partial(), undefined)).toEqual({ limit: 10 });
    expect(parsePayload(Schema, { id: '6f1c1b9e-1f8e-4c1e-9a43-3f7c2a1d9b10' }).limit).toBe(10);
  });

  it('throws validation_failed naming the first field at fault', () => {
    expect(() => parsePayload(Schema, { id: 'nope' })).toThrow(FeatureError);
    expect(() => parsePayload(Schema, { id: 'nope' })).toThrow(/^validation_failed: id: /);
  });
});
