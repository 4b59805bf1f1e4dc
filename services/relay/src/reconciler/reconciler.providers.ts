import { InboxReconciler } from './inbox-reconciler';
import { ReconcilerMetrics } from './reconciler.metrics';
import { RedisDurabilityCheck } from './redis-durability.check';
import { UnprocessedEventRepository } from './unprocessed-event.repository';

/** The reconciler's part of the relay (registered by OutboxModule, whose configuration and metrics it uses). */
export const reconcilerProviders = [UnprocessedEventRepository, ReconcilerMetrics, InboxReconciler, RedisDurabilityCheck];
