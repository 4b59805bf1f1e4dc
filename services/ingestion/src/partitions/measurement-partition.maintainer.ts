import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { INGESTION_ENV, type IngestionEnv } from '../config/env';
import { RepeatingTask } from '../database/repeating-task';

/**
 * Keeps monthly partitions of measurements created ahead (at boot, then every few hours). Safe with
 * several instances: the SQL function serialises itself with an advisory lock and skips what exists.
 */
@Injectable()
export class MeasurementPartitionMaintainer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MeasurementPartitionMaintainer.name);
  private readonly task = new RepeatingTask('partition maintenance', this.logger, () => this.run());

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

  /** Returns how many partitions were created. */
  async run(): Promise<number> {
    const { PARTITION_MONTHS_AHEAD } = this.env;
    const [row] = await this.em
      .fork()
      .execute<{ created: number }[]>('SELECT ensure_measurement_partitions(?) AS created', [PARTITION_MONTHS_AHEAD]);
    if (row.created > 0) this.logger.log(`created ${row.created} measurement partition(s)`);
    return row.created;
  }
}
