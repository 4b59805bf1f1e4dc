import { Check, Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** A named set of methane GWP factors (seeded by migration; a programme's change is a new row, not a code change). */
@Entity({ tableName: 'gwp_sets' })
@Check({ name: 'gwp_sets_factor_check', expression: 'factor > 0' })
@Index({ name: 'gwp_sets_one_default', expression: 'CREATE UNIQUE INDEX gwp_sets_one_default ON gwp_sets (is_default) WHERE is_default' })
export class GwpSet {
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: 'decimal', precision: 8, scale: 3 })
  factor!: string;

  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'boolean', defaultRaw: 'false' })
  isDefault: boolean & Opt = false;
}
