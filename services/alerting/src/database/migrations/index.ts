import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127100000_alerting } from './Migration20261127100000_alerting';
import { Migration20261127110000_site_scoped_keys } from './Migration20261127110000_site_scoped_keys';
import { Migration20261202040000_alert_lifecycle } from './Migration20261202040000_alert_lifecycle';
import { Migration20261202060000_emission_events } from './Migration20261202060000_emission_events';
import { Migration20261202070000_limit_revisions } from './Migration20261202070000_limit_revisions';
import { Migration20261202090000_annual_and_near_limit } from './Migration20261202090000_annual_and_near_limit';
import { Migration20261205010000_alerts_open_first } from './Migration20261205010000_alerts_open_first';
import { Migration20261205020000_emission_events_by_sensor } from './Migration20261205020000_emission_events_by_sensor';
import { Migration20261205030000_emission_events_span } from './Migration20261205030000_emission_events_span';

/** Listed explicitly: globbing .ts migrations fails under vitest and tsx. */
export const alertingMigrations: MigrationObject[] = [
  { name: 'Migration20261127100000_alerting', class: Migration20261127100000_alerting },
  { name: 'Migration20261127110000_site_scoped_keys', class: Migration20261127110000_site_scoped_keys },
  { name: 'Migration20261202040000_alert_lifecycle', class: Migration20261202040000_alert_lifecycle },
  { name: 'Migration20261202060000_emission_events', class: Migration20261202060000_emission_events },
  { name: 'Migration20261202070000_limit_revisions', class: Migration20261202070000_limit_revisions },
  { name: 'Migration20261202090000_annual_and_near_limit', class: Migration20261202090000_annual_and_near_limit },
  { name: 'Migration20261205010000_alerts_open_first', class: Migration20261205010000_alerts_open_first },
  { name: 'Migration20261205020000_emission_events_by_sensor', class: Migration20261205020000_emission_events_by_sensor },
  { name: 'Migration20261205030000_emission_events_span', class: Migration20261205030000_emission_events_span },
];
