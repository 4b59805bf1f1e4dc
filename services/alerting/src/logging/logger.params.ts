import type { Params } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { AlertingEnv } from '../config/env';

export type LogLevel = AlertingEnv['LOG_LEVEL'];

/**
 * nestjs-pino settings: one JSON object per line (no pretty printing), tagged `service` so logs of every
 * process can be merged and grepped by `request_id`. Tests pass a destination to capture the lines.
 */
export function loggerParams(level: LogLevel, destination?: DestinationStream): Params {
  const options: LoggerOptions = { level, base: { service: 'alerting' } };
  return { pinoHttp: destination ? [options, destination] : options };
}
