import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { INGESTION_ENV, type IngestionEnv } from '../config/env';
import { RepeatingTask } from '../database/repeating-task';

/**
 * Drops hourly rollup rows no window reads any more (older than 32 days), at boot and then with the partition
 * maintenance: the rollup holds about a month of hours per site instead of growing with its history (ADR-7).
 * Safe with several instances: a delete of rows nobody writes or reads.
 */
@Injectable()
export class HourlyRollupPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HourlyRollupPruner.name);
  private readonly task = new RepeatingTask('hourly rollup pruning', this.logger, () => this.run());

  constructor(
    private readonly em: EntityManager,
    @Inject(INGESTION_ENV) private readonly env: IngestionEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.task.start(this.env.PARTITION_MAINTENANCE_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  /** Returns how many rows were dropped. */
  async run(): Promise<number> {
    const rows = await this.em
      .fork()
      .execute<{ n: number }[]>(
        `WITH dropped AS (DELETE FROM site_hourly_totals WHERE hour < now() - interval '32 days' RETURNING 1) SELECT count(*)::int AS n FROM dropped`,
      );
    return rows[0].n;
  }
}
