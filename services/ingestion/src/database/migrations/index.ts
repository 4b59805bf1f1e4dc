import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000_initial } from './Migration20261127000000_initial';

export const ingestionMigrations: MigrationObject[] = [{ name: 'Migration20261127000000_initial', class: Migration20261127000000_initial }];
