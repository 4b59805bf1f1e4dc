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
    // Only reachable in development (production refuses this key at boot): say how to get in.
    logger.warn(
      `development operator key in use: sign in at http://localhost:${env.PORT}/sign-in with ${DEVELOPMENT_ADMIN_API_KEY}`,
      'Bootstrap',
    );
  }
  if (env.ANONYMOUS_LOOPBACK)
    logger.warn('ANONYMOUS_LOOPBACK: requests from this machine without a credential act as the operator', 'Bootstrap');
}

main().catch((error: unknown) => {
  // Boot failures (bad environment, port in use) are one readable line, not a stack.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
