import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { RelayEnv } from './config/env';
import { OutboxModule } from './outbox/outbox.module';

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class AppModule {
  static forRoot(env: RelayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { level: env.LOG_LEVEL, name: 'relay' } }), OutboxModule.forRoot(env)],
    };
  }
}
