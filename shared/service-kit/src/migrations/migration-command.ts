export const MIGRATION_DIRECTIONS = ['up', 'down', 'list'] as const;
export type MigrationDirection = (typeof MIGRATION_DIRECTIONS)[number];

/** What a MikroORM instance offers for migrations (structural, so the kit needs no ORM of its own). */
export type MigratableOrm = {
  getMigrator(): {
    up(): Promise<{ name: string }[]>;
    down(): Promise<{ name: string }[]>;
    getExecutedMigrations(): Promise<{ name: string }[]>;
  };
  close(force?: boolean): Promise<void>;
};

/** Applies (`up`), reverts the last (`down`) or lists the applied migrations; returns their names and closes the ORM. */
export async function runMigrations(orm: MigratableOrm, direction: MigrationDirection): Promise<string[]> {
  try {
    const migrator = orm.getMigrator();
    if (direction === 'list') return (await migrator.getExecutedMigrations()).map((m) => m.name);
    const ran = direction === 'up' ? await migrator.up() : await migrator.down();
    return ran.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

export function parseMigrationDirection(arg: string | undefined): MigrationDirection {
  const direction = arg ?? 'up';
  if ((MIGRATION_DIRECTIONS as readonly string[]).includes(direction)) return direction as MigrationDirection;
  throw new Error(`unknown direction ${JSON.stringify(direction)}; usage: migrate.js ${MIGRATION_DIRECTIONS.join('|')}`);
}

/**
 * The `node dist/database/migrate.js up|down|list` command line of a service: one line saying what ran,
 * or the reason it failed and exit code 1.
 */
export async function migrationCommand(
  service: string,
  args: string[],
  migrate: (direction: MigrationDirection) => Promise<string[]>,
): Promise<void> {
  try {
    const direction = parseMigrationDirection(args[0]);
    const names = await migrate(direction);
    console.log(`${service} migrations ${direction}: ${names.length ? names.join(', ') : 'nothing to do'}`);
  } catch (err) {
    console.error(`${service} migrations failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
