import { METRICS_ENDPOINT, METRICS_REGISTRY, MetricsEndpointServer } from '@emissions/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { RELAY_ENV, type RelayEnv } from '../config/env';
import { RelayMetrics } from '../metrics/relay.metrics';
import { InboxReconciler } from '../reconciler/inbox-reconciler';
import { reconcilerProviders } from '../reconciler/reconciler.providers';
import { RedisDurabilityCheck } from '../reconciler/redis-durability.check';
import { BatchIngestedPublisher } from './batch-ingested.publisher';
import { OutboxEventRepository } from './outbox-event.repository';
import { OutboxRelayHooks } from './outbox-relay.hooks';
import { OutboxRelayRunner } from './outbox-relay.runner';
import { OutboxWakeupListener } from './outbox-wakeup.listener';
import { OutboxWakeupSignal } from './outbox-wakeup.signal';
import { OutboxRelay } from './outbox.relay';

const dataAccess = [OutboxEventRepository, BatchIngestedPublisher];
const relaying = [OutboxRelay, OutboxRelayHooks, OutboxRelayRunner];
const wakeup = [OutboxWakeupSignal, OutboxWakeupListener];
const observability = [
  RelayMetrics,
  { provide: METRICS_REGISTRY, inject: [RelayMetrics], useFactory: (m: RelayMetrics) => m.registry },
  { provide: METRICS_ENDPOINT, inject: [RELAY_ENV], useFactory: (env: RelayEnv) => ({ host: env.METRICS_HOST, port: env.METRICS_PORT }) },
  MetricsEndpointServer,
];

/** The outbox relay: claim committed events, enqueue them, mark them published. */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a decorated class with a static forRoot
export class OutboxModule {
  static forRoot(env: RelayEnv): DynamicModule {
    return {
      module: OutboxModule,
      providers: [{ provide: RELAY_ENV, useValue: env }, ...dataAccess, ...relaying, ...wakeup, ...observability, ...reconcilerProviders],
      exports: [OutboxRelay, OutboxWakeupListener, InboxReconciler, RedisDurabilityCheck],
    };
  }
}
