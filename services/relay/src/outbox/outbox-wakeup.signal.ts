import { Injectable } from '@nestjs/common';

/**
 * A level-triggered wake-up: a notify that arrives while nobody waits is remembered, so an event
 * committed during a publish round is not left for the next poll.
 */
@Injectable()
export class OutboxWakeupSignal {
  private pending = false;
  private waiter: (() => void) | undefined;

  notify(): void {
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = undefined;
      wake();
    } else {
      this.pending = true;
    }
  }

  /** Resolves on the next notify or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve();
      }, ms);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
