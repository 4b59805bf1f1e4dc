import type { Logger } from '@nestjs/common';

/** A maintenance job run at boot and then every `intervalMs` until stopped; a failure waits for the next turn. */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
    private readonly job: () => Promise<unknown>,
  ) {}

  async start(intervalMs: number): Promise<void> {
    await this.job().catch((err: unknown) => this.logger.warn(`${this.name} failed at boot: ${(err as Error).message}`));
    this.timer = setInterval(() => void this.job().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
