import { Injectable } from '@nestjs/common';
import type { PendingOutboxEvent } from './outbox-event.repository';

/**
 * Extension point between "jobs added" and "rows marked published". It does nothing in production;
 * tests replace it to simulate a relay that dies at the worst moment (after addBulk, before commit).
 */
@Injectable()
export class OutboxRelayHooks {
  async afterPublish(_events: PendingOutboxEvent[]): Promise<void> {}
}
