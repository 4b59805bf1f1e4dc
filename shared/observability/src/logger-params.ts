import type { Params } from 'nestjs-pino';
import type { DestinationStream, Level, LoggerOptions } from 'pino';

export type LogLevel = Level | 'silent';

/**
 * nestjs-pino settings every service uses: one JSON object per line (no pretty printing), tagged
 * `service` so the logs of all processes can be merged and grepped by `request_id`. Tests pass a
 * destination to capture the lines.
 */
export function loggerParams(service: string, level: LogLevel, destination?: DestinationStream): Params {
  const options: LoggerOptions = { level, base: { service } };
  return { pinoHttp: destination ? [options, destination] : options };
}
