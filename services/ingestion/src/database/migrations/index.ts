import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000_initial } from './Migration20261127000000_initial';
import { Migration20261127010000_partition_measurements } from './Migration20261127010000_partition_measurements';
import { Migration20261127020000_ingest_batch_function } from './Migration20261127020000_ingest_batch_function';
import { Migration20261127030000_site_scoped_keys } from './Migration20261127030000_site_scoped_keys';
import { Migration20261127040000_device_keys } from './Migration20261127040000_device_keys';
import { Migration20261127050000_client_scoped_ledger } from './Migration20261127050000_client_scoped_ledger';
import { Migration20261202020000_ingest_command_in_typescript } from './Migration20261202020000_ingest_command_in_typescript';
import { Migration20261202060000_rate_readings } from './Migration20261202060000_rate_readings';
import { Migration20261202080000_compliance_settings } from './Migration20261202080000_compliance_settings';
import { Migration20261202100000_sensor_monthly_totals } from './Migration20261202100000_sensor_monthly_totals';
import { Migration20261203100000_rollup_fillfactor } from './Migration20261203100000_rollup_fillfactor';
import { Migration20261203110000_readings_site_guard } from './Migration20261203110000_readings_site_guard';
import { Migration20261206000000_rollup_days_with_data } from './Migration20261206000000_rollup_days_with_data';
import { Migration20261206010000_site_hourly_totals } from './Migration20261206010000_site_hourly_totals';

/** In order of application; listed explicitly because globbing .ts files fails under vitest and tsx. */
export const ingestionMigrations: MigrationObject[] = [
  { name: 'Migration20261127000000_initial', class: Migration20261127000000_initial },
  { name: 'Migration20261127010000_partition_measurements', class: Migration20261127010000_partition_measurements },
  { name: 'Migration20261127020000_ingest_batch_function', class: Migration20261127020000_ingest_batch_function },
  { name: 'Migration20261127030000_site_scoped_keys', class: Migration20261127030000_site_scoped_keys },
  { name: 'Migration20261127040000_device_keys', class: Migration20261127040000_device_keys },
  { name: 'Migration20261127050000_client_scoped_ledger', class: Migration20261127050000_client_scoped_ledger },
  { name: 'Migration20261202020000_ingest_command_in_typescript', class: Migration20261202020000_ingest_command_in_typescript },
  { name: 'Migration20261202060000_rate_readings', class: Migration20261202060000_rate_readings },
  { name: 'Migration20261202080000_compliance_settings', class: Migration20261202080000_compliance_settings },
  { name: 'Migration20261202100000_sensor_monthly_totals', class: Migration20261202100000_sensor_monthly_totals },
  { name: 'Migration20261203100000_rollup_fillfactor', class: Migration20261203100000_rollup_fillfactor },
  { name: 'Migration20261203110000_readings_site_guard', class: Migration20261203110000_readings_site_guard },
  { name: 'Migration20261206000000_rollup_days_with_data', class: Migration20261206000000_rollup_days_with_data },
  { name: 'Migration20261206010000_site_hourly_totals', class: Migration20261206010000_site_hourly_totals },
];
