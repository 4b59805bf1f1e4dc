import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, pino } from 'pino';
import { type HttpLogger, pinoHttp } from 'pino-http';
import type { GatewayEnv } from '../config/env';

/** Paths polled by machines: logging each poll would drown the request log. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

export function createRootLogger(env: GatewayEnv): Logger {
  return pino({
    level: env.LOG_LEVEL,
    base: { service: 'gateway' },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  });
}

/** Access log middleware; reuses the id set by requestContextMiddleware so logs and responses agree. */
export function createHttpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => req.id ?? '',
    // `request_id` on every line about the request (access line and req.log), the field the services use too.
    customProps: (req: IncomingMessage) => ({ request_id: req.id }),
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => {
      if (err || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
  });
}
