import type { AlertResolution, AlertSeverity, AlertStatus, AlertType } from '@emissions/contracts';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export const LIMIT_EXCEEDED = 'limit_exceeded' satisfies AlertType;
export const NEAR_LIMIT = 'near_limit' satisfies AlertType;
export const ANNUAL_LIMIT_EXCEEDED = 'annual_limit_exceeded' satisfies AlertType;
/** The alert types raised by a limit crossing (super_emitter alerts belong to emission events). */
export type LimitAlertType = typeof LIMIT_EXCEEDED | typeof NEAR_LIMIT | typeof ANNUAL_LIMIT_EXCEEDED;

/** One alert per crossing or event (unique on site, type, limit and limit revision for limit crossings; see the migrations). */
@Entity({ tableName: 'alerts', schema: 'alerting' })
export class Alert {
  @PrimaryKey({ type: 'uuid' })
  siteId!: string;

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  type!: AlertType;

  @Property({ type: 'text' })
  severity!: AlertSeverity;

  /** Moves only through the lifecycle rule (lifecycle/alert-transition.ts); each move is in alert_history. */
  @Property({ type: 'text' })
  status: AlertStatus & Opt = 'open';

  @Property({ type: 'text', nullable: true })
  resolution: AlertResolution | null = null;

  /** NUMERIC comes back as a string: exact, never a float. */
  @Property({ type: 'decimal', precision: 30, scale: 6 })
  totalAtTrigger!: string;

  @Property({ type: 'decimal', precision: 19, scale: 6 })
  emissionLimit!: string;

  /** The site's limit revision the crossing was judged under (each revision is its own crossing). */
  @Property({ type: 'integer', default: 0 })
  limitRevision: number & Opt = 0;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  triggeredAt!: Date;

  @Property({ type: 'text' })
  eventId!: string;

  @Property({ type: 'uuid' })
  batchId!: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  /** `annual_limit_exceeded` only: the UTC instant the crossed reporting year starts (its unique key, with the revision). */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  periodStart?: Date | null;

  /** `super_emitter` only: the sensor and the start of the emission event the alert was raised for (its unique key). */
  @Property({ type: 'text', nullable: true })
  sensorId?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  eventStartedAt?: Date | null;

  /** `super_emitter` only: the event that now holds `eventStartedAt` (moves when late readings merge events). */
  @Property({ type: 'uuid', nullable: true })
  emissionEventId?: string | null;
}
