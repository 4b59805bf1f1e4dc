import { type SqlFragment, sql } from '../database/sql-fragment';

/**
 * LEFT JOIN of `g`, the GWP set a request names, or the default set (the row marked `is_default`). The
 * sets are rows of `gwp_sets` (seeded by migration): `g.name` is null when the named set does not exist.
 */
export function gwpSetJoin(gwp: string | undefined): SqlFragment {
  const name = gwp ?? null;
  return sql`LEFT JOIN gwp_sets g ON (CASE WHEN ${name}::text IS NULL THEN g.is_default ELSE g.name = ${name}::text END)`;
}

/** Decimal text: kg of CH4 × factor ÷ 1000 (as × 0.001: exact, where a numeric division may round first), rounded half-up to 6 digits. */
export function tonnesCo2e(kg: SqlFragment): SqlFragment {
  return sql`trim_scale(round(${kg} * g.factor * 0.001, 6))::text`;
}
