import type { Client } from 'pg';

/** A node of `EXPLAIN (FORMAT JSON)`, with the fields the plan tests read. */
export type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
};

/** The node and every node under it. */
export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/** One line per node (type, relation or index, index condition), for an assertion's message. */
export const describePlan = (plan: readonly PlanNode[]): string =>
  plan.map((n) => `${n['Node Type']} ${n['Relation Name'] ?? n['Index Name'] ?? ''} ${n['Index Cond'] ?? ''}`).join('\n');

/**
 * The plan of a statement with `?` placeholders, without running it: as a fresh connection plans it with its
 * values (`custom`), or as a kept prepared statement is planned without them (`generic`). In a rolled-back
 * transaction, so a data-modifying statement is safe to explain.
 */
export async function planOf(
  db: Client,
  statement: { text: string; params: readonly (string | number)[] },
  mode: 'custom' | 'generic' = 'custom',
): Promise<PlanNode[]> {
  let n = 0;
  const numbered = statement.text.replace(/\?/g, () => `$${++n}`);
  await db.query('BEGIN');
  try {
    if (mode === 'custom') {
      const { rows } = await db.query(`EXPLAIN (FORMAT JSON) ${numbered}`, [...statement.params]);
      return planNodes(rows[0]['QUERY PLAN'][0].Plan);
    }
    await db.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await db.query(`PREPARE plan_test_statement AS ${numbered}`);
    const literals = statement.params.map((p) => (typeof p === 'number' ? String(p) : `'${p.replace(/'/g, "''")}'`));
    const { rows } = await db.query(`EXPLAIN (FORMAT JSON) EXECUTE plan_test_statement(${literals.join(', ')})`);
    return planNodes(rows[0]['QUERY PLAN'][0].Plan);
  } finally {
    await db.query('ROLLBACK');
  }
}
