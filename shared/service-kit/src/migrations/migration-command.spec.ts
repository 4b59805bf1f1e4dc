import { describe, expect, it, vi } from 'vitest';
import { migrationCommand, type MigratableOrm, parseMigrationDirection, runMigrations } from './migration-command';

function fakeOrm(executed: string[], pending: string[]) {
  const orm = {
    closed: false,
    getMigrator: () => ({
      up: async () => pending.map((name) => ({ name })),
      down: async () => executed.slice(-1).map((name) => ({ name })),
      getExecutedMigrations: async () => executed.map((name) => ({ name })),
    }),
    close: async () => {
      orm.closed = true;
    },
  };
  return orm satisfies MigratableOrm;
}

describe('runMigrations', () => {
  it('runs the direction asked for and closes the ORM', async () => {
    const orm = fakeOrm(['M1'], ['M2', 'M3']);
    expect(await runMigrations(orm, 'up')).toEqual(['M2', 'M3']);
    expect(orm.closed).toBe(true);
    expect(await runMigrations(fakeOrm(['M1', 'M2'], []), 'down')).toEqual(['M2']);
    expect(await runMigrations(fakeOrm(['M1', 'M2'], []), 'list')).toEqual(['M1', 'M2']);
  });

  it('closes the ORM when a migration fails', async () => {
    const orm = fakeOrm([], []);
    orm.getMigrator = () => ({ ...fakeOrm([], []).getMigrator(), up: async () => Promise.reject(new Error('boom')) });
    await expect(runMigrations(orm, 'up')).rejects.toThrow('boom');
    expect(orm.closed).toBe(true);
  });
});

describe('migrationCommand', () => {
  it('defaults to up and says what ran', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const migrate = vi.fn(async () => ['M1']);
    await migrationCommand('alerting', [], migrate);
    expect(migrate).toHaveBeenCalledWith('up');
    expect(log).toHaveBeenCalledWith('alerting migrations up: M1');
    await migrationCommand('alerting', ['list'], async () => []);
    expect(log).toHaveBeenLastCalledWith('alerting migrations list: nothing to do');
    log.mockRestore();
  });

  it('refuses an unknown direction and sets exit code 1', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const migrate = vi.fn(async () => []);
    await migrationCommand('ingestion', ['sideways'], migrate);
    expect(migrate).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^ingestion migrations failed: unknown direction "sideways"/));
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    error.mockRestore();
    expect(() => parseMigrationDirection('down')).not.toThrow();
  });
});
