import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Level, type Logger, pino, stdSerializers } from 'pino';
import type { GatewayEnv } from '../config/env';

/** Paths polled by machines: logging each poll would drown the request log. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/** Headers that carry a credential (lower case, as Node gives them): their values never reach a log line. */
export const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-metrics-token'] as const;

/** Redaction paths for the request and response headers of every log line (the access line's `req` and `res`, and `err`). */
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

/** 5xx and failures at `error`, other 4xx at `warn`, the rest at `info`. */
export function accessLevel(statusCode: number, err?: Error): Level {
  if (err || statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}

/**
 * The access line (`request completed` / `request errored`, with `req`, `res`, `responseTime`) and `req.log`, a
 * child bound to `request_id` that nestjs-pino hands to every logger used while the request is handled. The
 * line's fields are serialised only when its level is logged: under LOG_LEVEL=warn a 2xx costs a listener and a
 * level check, not a serialised request (pino-http built one per request, eagerly, whatever the level).
 * Runs after requestContextMiddleware, which sets `req.id`.
 */
export function createHttpLogger(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const log = logger.child({ request_id: req.id });
    // Typed by pino-http's augmentation of node:http, which nestjs-pino (reading req.log) brings.
    req.log = log;
    (res as ServerResponse & { log?: Logger }).log = log;
    if (!QUIET_PATHS.has((req.url ?? '').split('?')[0])) {
      const startedAt = Date.now();
      const finished = (err?: Error) => {
        res.off('finish', finished);
        res.off('close', finished);
        res.off('error', finished);
        const failure = err instanceof Error ? err : undefined;
        const level = accessLevel(res.statusCode, failure);
        if (!log.isLevelEnabled(level)) return;
        const line = { req: stdSerializers.req(req), res: stdSerializers.res(res), responseTime: Date.now() - startedAt };
        if (level === 'error') {
          const error = failure ?? new Error(`failed with status code ${res.statusCode}`);
          log.error({ ...line, err: stdSerializers.err(error) }, 'request errored');
        } else log[level](line, 'request completed');
      };
      res.on('finish', finished);
      res.on('close', finished);
      res.on('error', finished);
    }
    next();
  };
}
