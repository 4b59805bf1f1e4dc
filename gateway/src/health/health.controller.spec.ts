import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertingClient } from '../alerts/alerting.client';
import type { IngestionClient } from '../clients/ingestion.client';
import type { RedisClient } from '../clients/redis.client';
import type { GatewayEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import { HealthController } from './health.controller';

/** A controller whose dependencies answer as `up` says, and the lines it logs by level. */
function probedController() {
  const up = { ingestion: true, alerting: true, redis: true };
  const ping = (name: keyof typeof up) => () => (up[name] ? Promise.resolve() : Promise.reject(new Error(`${name} down`)));
  const controller = new HealthController(
    { ping: ping('ingestion') } as unknown as IngestionClient,
    { ping: ping('alerting') } as unknown as AlertingClient,
    { ping: ping('redis') } as unknown as RedisClient,
    { HEALTH_CACHE_MS: 0, HEALTH_TIMEOUT_MS: 1000 } as GatewayEnv,
  );
  const lines: Record<'log' | 'warn' | 'error', string[]> = { log: [], warn: [], error: [] };
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(Logger.prototype, level).mockImplementation((message: unknown) => void lines[level].push(String(message)));
  }
  const probe = () =>
    controller.ready().then(
      () => 200,
      (err: ProblemError) => err,
    );
  return { up, lines, probe };
}

describe('HealthController readiness', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers 503 as an expected problem, so the problem filter does not log each probe', async () => {
    const { up, probe } = probedController();
    up.alerting = false;
    const answer = await probe();
    expect(answer).toBeInstanceOf(ProblemError);
    expect((answer as ProblemError).code).toBe('service_unavailable');
    expect((answer as ProblemError).options.expected).toBe(true);
  });

  it('logs a change of readiness once, not every probe; waiting at start-up is info, a loss after ready a warning', async () => {
    const { up, lines, probe } = probedController();
    up.alerting = false;
    await probe();
    await probe();
    expect(lines).toEqual({ log: ['not ready yet: alerting unavailable'], warn: [], error: [] });

    up.alerting = true;
    expect(await probe()).toBe(200);
    expect(await probe()).toBe(200);
    up.redis = false;
    await probe();
    await probe();
    up.ingestion = false;
    await probe();
    expect(lines).toEqual({
      log: ['not ready yet: alerting unavailable', 'ready: every dependency answers'],
      warn: ['not ready: redis unavailable', 'not ready: ingestion, redis unavailable'],
      error: [],
    });
  });
});
