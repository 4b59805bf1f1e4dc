import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A piece of SQL with its parameters, written with the `sql` tag so values never touch the text:
 * sql`WHERE id = ${id}` is `WHERE id = ?` with `[id]`. Fragments nest, so each repository writes the SQL
 * of its own tables and a command composes them into one statement (one round trip).
 * The text must not contain a literal `?` (MikroORM's placeholder): no jsonb `?` operators.
 */
export class SqlFragment {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[],
  ) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0];
  const params: unknown[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value instanceof SqlFragment) {
      text += value.text;
      for (const p of value.params) params.push(p);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1];
  }
  return new SqlFragment(text, params);
}

/** `WITH a AS (...), b AS (...) <main>`: one statement, one snapshot, one round trip. */
export function withQueries(ctes: ReadonlyArray<readonly [name: string, body: SqlFragment]>, main: SqlFragment): SqlFragment {
  const parts = ctes.map(([name, body], i) => sql`${raw(i === 0 ? 'WITH ' : ', ')}${raw(name)} AS (${body})`);
  return sql`${join(parts, '\n')}\n${main}`;
}

export function join(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  return new SqlFragment(
    fragments.map((f) => f.text).join(separator),
    fragments.flatMap((f) => f.params),
  );
}

/** Trusted SQL text (identifiers and keywords chosen by the code, never input). */
export function raw(text: string): SqlFragment {
  return new SqlFragment(text, []);
}

/** Runs a fragment on the entity manager's connection — inside `em.transactional`, on its transaction. */
export function query<T>(em: EntityManager, fragment: SqlFragment): Promise<T[]> {
  return em.execute<T[]>(fragment.text, fragment.params as unknown[], 'all');
}
