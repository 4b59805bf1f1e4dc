import { createHash } from 'node:crypto';

/** The part of knex's client a prepared statement needs: a pg connection, borrowed and given back. */
type ConnectionSource = {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
};
type PgConnection = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };

/** What a prepared statement needs of MikroORM's EntityManager (structural, so this package does not depend on MikroORM). */
export type PreparingEntityManager = {
  getTransactionContext<T>(): T | undefined;
  getConnection(): { getKnex(): { client: unknown } };
};

/** `$n` placeholders for MikroORM's `?` ones (the text must not hold a literal `?`). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** One numbered text and name per statement text: hot statements are composed afresh on every call. */
const prepared = new Map<string, { text: string; name: string }>();
const MAX_PREPARED_TEXTS = 500;

function preparedFor(text: string): { text: string; name: string } {
  let entry = prepared.get(text);
  if (!entry) {
    const numbered = numberedPlaceholders(text);
    // A statement name per text: the same text is one prepared statement on each connection, whoever runs it.
    entry = { text: numbered, name: `r_${createHash('sha1').update(numbered).digest('hex').slice(0, 20)}` };
    if (prepared.size >= MAX_PREPARED_TEXTS) prepared.clear();
    prepared.set(text, entry);
  }
  return entry;
}

/**
 * Runs a hot statement (`?` placeholders, as for `em.execute`) as a named prepared statement: inside a unit
 * of work, on the transaction's own connection (so it is part of it); otherwise on a connection of
 * MikroORM's pool. `em.execute` interpolates the parameters into the text, so PostgreSQL parses and plans
 * every call again; a prepared statement is planned once per connection, and PostgreSQL re-plans it by
 * itself when a table it reads changes (a migration, a new partition). Only for statements whose text is
 * fixed: each distinct text stays prepared on every connection that ran it.
 */
export async function preparedStatement<T>(em: PreparingEntityManager, text: string, params: readonly unknown[]): Promise<T[]> {
  const trx = em.getTransactionContext<{ client: ConnectionSource }>();
  const source = (trx ? trx.client : em.getConnection().getKnex().client) as ConnectionSource;
  const statement = preparedFor(text);
  const connection = await source.acquireConnection();
  try {
    const { rows } = await connection.query({ name: statement.name, text: statement.text, values: [...params] });
    return rows as T[];
  } finally {
    await source.releaseConnection(connection);
  }
}
