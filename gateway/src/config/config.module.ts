import { type DynamicModule, Global, Module } from '@nestjs/common';
import { GATEWAY_ENV, type GatewayEnv } from './env';

/** Provides the parsed environment everywhere; tests pass their own instead of touching process.env. */
@Global()
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class ConfigModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: GATEWAY_ENV, useValue: env }], exports: [GATEWAY_ENV] };
  }
}
