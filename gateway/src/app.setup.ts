import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { GatewayEnv } from './config/env';
import { mountDashboard } from './dashboard/dashboard.static';
import { createEdgeRateLimit } from './edge/edge-rate-limit.middleware';
import { createJsonBodyParser } from './edge/json-body.parser';
import { createHttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';
import { bodyParserErrorTranslator } from './problems/body-parser-errors';
import { RouteCatalog } from './problems/route-catalog';
import { createHttpLogger, createRootLogger } from './request-context/http-logger';
import { requestContextMiddleware } from './request-context/request-context.middleware';
import { createCorsMiddleware } from './security/cors.middleware';
import { createJsonDepthLimit } from './security/json-depth-limit.middleware';
import { contentSecurityPoliciesAtBoot, createSecurityHeadersMiddleware } from './security/security-headers.middleware';

/**
 * Builds the gateway (not listening). Used by main.ts and the e2e tests, so both run the same app.
 * Middleware order matters: security headers → request id → metrics → access log → CORS → address limit
 * (every path, before anything costly) → dashboard → JSON parser (only on routes that take a body;
 * depth-checked before parsing) → its error translators → depth check of the parsed body → Nest routes;
 * everything before the parser sees requests the parser rejects.
 */
export async function createGatewayApp(env: GatewayEnv): Promise<NestExpressApplication> {
  const logger = createRootLogger(env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env, logger), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // A hop count or the proxies' addresses (never `true`): req.ip is then the address the last trusted proxy saw.
  if (env.TRUST_PROXY !== false) app.set('trust proxy', env.TRUST_PROXY);
  const policies = contentSecurityPoliciesAtBoot(env.DASHBOARD_DIR);
  app.use(createSecurityHeadersMiddleware({ production: env.APP_ENV === 'production', policies }));
  app.use(requestContextMiddleware);
  app.use(createHttpMetricsMiddleware(app.get(MetricsService), app.get(RouteCatalog)));
  app.use(createHttpLogger(logger));
  app.use(createCorsMiddleware(env.CORS_ORIGINS));
  app.use(createEdgeRateLimit(env));
  const dashboard = mountDashboard(app, env.DASHBOARD_DIR, { demoFaults: env.DEMO_FAULTS });
  const depthLimit = createJsonDepthLimit(env.JSON_MAX_DEPTH);
  app.use(createJsonBodyParser(app.get(RouteCatalog), depthLimit));
  app.use(depthLimit.translateVerifyFailure);
  app.use(bodyParserErrorTranslator);
  app.use(depthLimit.checkParsedBody);
  app.enableShutdownHooks();

  logger.info({ dashboardDir: env.DASHBOARD_DIR, served: dashboard }, dashboard ? 'serving the dashboard' : 'no dashboard build found');
  if (env.DEMO_FAULTS) {
    logger.warn('DEMO_FAULTS is on: ingest requests with X-Demo-Drop-Response: 1 are committed and then their connection is dropped');
  }
  return app;
}
