import 'reflect-metadata';
import type { ClientProxy } from '@nestjs/microservices';
import { of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AlertingClient } from '../alerts/alerting.client';
import { loadEnv } from '../config/env';
import { ProblemError } from '../problems/problem.error';
import { IngestionClient } from './ingestion.client';

const env = loadEnv({});
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4002'), { code: 'ECONNREFUSED' });

/** A proxy whose every send gives `answer` (an observable), as ClientTCP would. */
function proxyAnswering(answer: () => ReturnType<ClientProxy['send']>): ClientProxy {
  return { send: answer, close: async () => undefined } as unknown as ClientProxy;
}

function quiet<T extends AlertingClient | IngestionClient>(client: T): T {
  const logger = (client as unknown as { logger: { warn: () => void; error: () => void } }).logger;
  logger.warn = () => undefined;
  logger.error = () => undefined;
  return client;
}

describe('service clients', () => {
  it('name the alerting service, not ingestion, when alerting is unreachable', async () => {
    const alerting = quiet(
      new AlertingClient(
        proxyAnswering(() => throwError(refused)),
        env,
      ),
    );
    const failure = await alerting.ping().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ProblemError);
    expect(failure).toMatchObject({ code: 'service_unavailable', detail: 'The alerting service is temporarily unreachable; retry later' });
    await expect(alerting.listWebhooks()).rejects.toMatchObject({ detail: expect.stringMatching(/^The alerting service/) });
  });

  it('name the ingestion service when ingestion is unreachable', async () => {
    const ingestion = quiet(
      new IngestionClient(
        proxyAnswering(() => throwError(refused)),
        env,
      ),
    );
    await expect(ingestion.ping()).rejects.toMatchObject({
      code: 'service_unavailable',
      detail: 'The ingestion service is temporarily unreachable; retry later',
    });
  });

  it('refuse an answer outside the shared schema as an internal error of that service', async () => {
    const alerting = quiet(
      new AlertingClient(
        proxyAnswering(() => of({ status: 'maybe' })),
        env,
      ),
    );
    await expect(alerting.ping()).rejects.toMatchObject({ code: 'internal_error', detail: 'The alerting service gave an invalid answer' });
    const healthy = new AlertingClient(
      proxyAnswering(() => of({ status: 'ok' })),
      env,
    );
    await expect(healthy.ping()).resolves.toBeUndefined();
  });
});
