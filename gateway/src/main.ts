import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createGatewayApp } from './app.setup';
import { DEVELOPMENT_ADMIN_API_KEY, loadEnv } from './config/env';

async function main(): Promise<void> {
  const env = loadEnv();
  const app = await createGatewayApp(env);
  await app.listen(env.PORT, env.HOST);
  const logger = app.get(Logger);
  logger.log(`gateway listening on http://${env.HOST}:${env.PORT}`, 'Bootstrap');
  if (env.ADMIN_API_KEY === DEVELOPMENT_ADMIN_API_KEY) {
    // Only possible in development (production refuses this key at boot); `npm start` uses a per-checkout key instead.
    logger.warn(
      'ADMIN_API_KEY is unset: the published development default is in use; set your own, or run `npm start` (per-checkout key)',
      'Bootstrap',
    );
  }
  if (env.ANONYMOUS_LOOPBACK)
    logger.warn(
      'ANONYMOUS_LOOPBACK: requests from this machine naming it in Host (and, to change state, from its own page) act as the operator',
      'Bootstrap',
    );
}

main().catch((error: unknown) => {
  // Boot failures (bad environment, port in use) are one readable line, not a stack.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
