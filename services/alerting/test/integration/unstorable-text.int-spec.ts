import { RpcException } from '@nestjs/microservices';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRpc } from '../../src/alerts/rpc-failure';

/** The backstop behind the shared schemas: PostgreSQL's refusal of unstorable text is a validation failure. */
describe('unstorable text refused by PostgreSQL', () => {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => db.connect());
  afterAll(() => db.end());

  it('answers validation_failed for a NUL in text (22021), a \\u0000 (22P05) and an unpaired surrogate (22P02) in jsonb', async () => {
    for (const [sql, value] of [
      ['SELECT $1::text', 'a\u0000b'],
      ['SELECT $1::jsonb', JSON.stringify({ note: 'a\u0000b' })],
      ['SELECT $1::jsonb', JSON.stringify({ note: 'x\ud800' })],
    ]) {
      const failure = await answerRpc(() => db.query(sql, [value])).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(RpcException);
      expect((failure as RpcException).getError()).toMatchObject({ code: 'validation_failed' });
    }
  });
});
