import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateSiteHandler } from '../../src/sites/commands/create-site.handler';
import { type IngestionTestApp, startIngestionTestApp } from '../support/ingestion-test-app';

/**
 * The backstop behind the shared schemas: text PostgreSQL cannot store, reaching a handler without the schema,
 * is a 400 validation_failed, never an internal error, and writes nothing.
 */
describe('unstorable text that slips past the schema', () => {
  let app: IngestionTestApp;
  beforeAll(async () => {
    app = await startIngestionTestApp();
  });
  afterAll(() => app?.close());

  const sitesNamed = async (prefix: string) =>
    (await app.sql<{ n: number }>('SELECT count(*)::int AS n FROM sites WHERE name LIKE ?', [`${prefix}%`]))[0].n;

  it('a NUL in a text column, a \\u0000 and an unpaired surrogate in jsonb answer validation_failed and store no site', async () => {
    const createSite = app.moduleRef.get(CreateSiteHandler);
    const prefix = `Backstop ${randomUUID()}`;
    const inputs = [
      { name: `${prefix} a\u0000b`, emission_limit: '10', metadata: {} },
      { name: `${prefix} jsonb`, emission_limit: '10', metadata: { note: 'a\u0000b' } },
      { name: `${prefix} jsonb key`, emission_limit: '10', metadata: { 'k\u0000': 1 } },
      { name: `${prefix} surrogate`, emission_limit: '10', metadata: { note: 'x\ud800' } },
    ];
    for (const input of inputs) {
      const outcome = await app.attempt(() => createSite.execute(input));
      expect(outcome).toMatchObject({ ok: false, failure: { code: 'validation_failed' } });
    }
    expect(await sitesNamed(prefix)).toBe(0);
  });
});
