import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createGatewayApp } from './app.setup';
import { loadEnv } from './config/env';

async function main(): Promise<void> {
  const env = loadEnv();
  const app = await createGatewayApp(env);
  await app.listen(env.PORT, env.HOST);
  app.get(Logger).log(`gateway listening on http://${env.HOST}:${env.PORT}`, 'Bootstrap');
}

main().catch((error: unknown) => {
  // Boot failures (bad environment, port in use) are one readable line, not a stack.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
