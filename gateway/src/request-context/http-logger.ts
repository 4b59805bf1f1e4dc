import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, pino } from 'pino';
import { type HttpLogger, pinoHttp } from 'pino-http';
import type { GatewayEnv } from '../config/env';

/** Paths polled by machines: logging each poll would drown the request log. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/** Headers that carry a credential (lower case, as Node gives them): their values never reach a log line. */
export const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-metrics-token'] as const;

/** Redaction paths for the request and response headers of every log line (pino-http's `req` and `res`, and `err`). */
export const REDACTED_PATHS = ['req', 'res', 'err.req', 'err.res'].flatMap((owner) =>
  SECRET_HEADERS.map((header) => `${owner}.headers["${header}"]`),
);

export function createRootLogger(env: GatewayEnv): Logger {
  return pino({
    level: env.LOG_LEVEL,
    base: { service: 'gateway' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
