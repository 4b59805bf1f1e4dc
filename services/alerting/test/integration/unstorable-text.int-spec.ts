import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcFailureFilter } from '@emissions/service-kit';

/** The backstop behind the shared schemas: PostgreSQL's refusal of unstorable text is a validation failure. */
describe('unstorable text refused by PostgreSQL', () => {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const edge = new RpcFailureFilter('alerting');
  beforeAll(() => db.connect());
  afterAll(() => db.end());

  it('answers validation_failed for a NUL in text (22021), a \\u0000 (22P05) and an unpaired surrogate (22P02) in jsonb', async () => {
    for (const [sql, value] of [
      ['SELECT $1::text', 'a\u0000b'],
      ['SELECT $1::jsonb', JSON.stringify({ note: 'a\u0000b' })],
      ['SELECT $1::jsonb', JSON.stringify({ note: 'x\ud800' })],
    ]) {
      const refusal = await db.query(sql, [value]).then(
        () => expect.unreachable(),
        (err: unknown) => err,
      );
      expect(edge.toFailure(refusal)).toMatchObject({ code: 'validation_failed' });
    }
  });
});
