import type { SqlFragment } from '../../src/database/sql-fragment';
import type { IngestionTestApp } from './ingestion-test-app';

/** A node of `EXPLAIN (FORMAT JSON)`, with the fields the plan tests read. */
export type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
};

/** The node and every node under it. */
export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/** The root of the plan PostgreSQL chooses for a fragment (with `ANALYZE, BUFFERS` when `analyze`: it then runs). */
export async function planOf(app: IngestionTestApp, statement: SqlFragment, analyze = false): Promise<PlanNode> {
  const options = analyze ? '(ANALYZE, BUFFERS, FORMAT JSON)' : '(FORMAT JSON)';
  const [row] = await app.sql<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN ${options} ${statement.text}`, [...statement.params]);
  return row['QUERY PLAN'][0].Plan;
}
