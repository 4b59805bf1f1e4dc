import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { RelayEnv } from './config/env';
import { loggerParams } from '@emissions/observability';
import { OutboxModule } from './outbox/outbox.module';

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class AppModule {
  /** `logDestination` (default stdout) lets tests capture the JSON log lines. */
  static forRoot(env: RelayEnv, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [LoggerModule.forRoot(loggerParams('relay', env.LOG_LEVEL, logDestination)), OutboxModule.forRoot(env)],
    };
  }
}
