import { METRICS_ENDPOINT, METRICS_REGISTRY, type MetricsEndpoint, MetricsEndpointServer } from '@emissions/observability';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { IngestionMetrics } from './ingestion.metrics';

/** The process's metrics registry for every feature; the endpoint is left out by one-shot scripts (seed). */
@Global()
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class MetricsModule {
  static forRoot(endpoint: MetricsEndpoint | null): DynamicModule {
    const server = endpoint
      ? [
          { provide: METRICS_ENDPOINT, useValue: endpoint },
          { provide: METRICS_REGISTRY, inject: [IngestionMetrics], useFactory: (m: IngestionMetrics) => m.registry },
          MetricsEndpointServer,
        ]
      : [];
    return {
      module: MetricsModule,
      providers: [IngestionMetrics, ...server],
      exports: [IngestionMetrics],
    };
  }
}
