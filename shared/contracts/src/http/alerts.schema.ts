import { z } from 'zod';
import { DecimalStringSchema, PeriodFilterSchema, REPORT_LIST_MAX, storableText, UuidSchema } from './fields.schema';
import { ComplianceStatusSchema, SiteSummarySchema } from './sites.schema';

export const ALERT_PAGE_MAX = 500;

export const ALERT_TYPES = ['limit_exceeded', 'annual_limit_exceeded', 'near_limit', 'super_emitter'] as const;
export const AlertTypeSchema = z.enum(ALERT_TYPES, { error: `must be one of ${ALERT_TYPES.join(', ')}` });
export type AlertType = z.infer<typeof AlertTypeSchema>;

export const ALERT_SEVERITIES = ['critical', 'warning'] as const;
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES, { error: `must be one of ${ALERT_SEVERITIES.join(', ')}` });
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

/** The severity each type is raised with (the contract fixes it per type). */
export const SEVERITY_OF: Record<AlertType, AlertSeverity> = {
  limit_exceeded: 'critical',
  annual_limit_exceeded: 'critical',
  near_limit: 'warning',
  super_emitter: 'critical',
};

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES, { error: `must be one of ${ALERT_STATUSES.join(', ')}` });
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

export const ALERT_RESOLUTIONS = ['fixed', 'false_alarm'] as const;
export const AlertResolutionSchema = z.enum(ALERT_RESOLUTIONS, { error: `must be one of ${ALERT_RESOLUTIONS.join(', ')}` });
export type AlertResolution = z.infer<typeof AlertResolutionSchema>;

/** `newest` (the default, as v1 always listed) or `open_first`: open, then acknowledged, then resolved, newest first within each. */
export const AlertOrderSchema = z.enum(['newest', 'open_first'], { error: 'must be newest or open_first' });
export type AlertOrder = z.infer<typeof AlertOrderSchema>;

export const ListAlertsQuerySchema = z.object({
  site_id: UuidSchema.optional(),
  status: AlertStatusSchema.optional(),
  type: AlertTypeSchema.optional(),
  severity: AlertSeveritySchema.optional(),
  order: AlertOrderSchema.default('newest'),
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be >= 1' })
    .max(ALERT_PAGE_MAX, { error: `must be <= ${ALERT_PAGE_MAX}` })
    .default(100),
  /** `next_cursor` of the previous page (same filters and order): the next page after it. */
  cursor: storableText(z.string().max(512)).optional(),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuerySchema>;

/**
 * `alerts.list` on the alerting service: the public query, and for a site report the alerts triggered in its period
 * (`triggered`), up to `REPORT_LIST_MAX`.
 */
export const ListAlertsCommandSchema = ListAlertsQuerySchema.extend({
  limit: z.number().int().min(1).max(REPORT_LIST_MAX).default(100),
  triggered: PeriodFilterSchema.optional(),
});
export type ListAlertsCommand = z.infer<typeof ListAlertsCommandSchema>;

export const AlertSchema = z.object({
  id: UuidSchema,
  site_id: UuidSchema,
  type: AlertTypeSchema,
  severity: AlertSeveritySchema,
  status: AlertStatusSchema,
  resolution: AlertResolutionSchema.nullable(),
  total_at_trigger: DecimalStringSchema,
  emission_limit: DecimalStringSchema,
  triggered_at: z.string(),
  event_id: z.string(),
  /**
   * Additive, `super_emitter` alerts only: the emission event the alert is about. When late readings merge
   * events, it names the event that absorbed the one the alert was raised for.
   */
  emission_event_id: UuidSchema.optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** Alerts per status under the list's filters other than `status` (what an inbox header shows). */
export const AlertCountsSchema = z.object({ open: z.number().int().nonnegative(), acknowledged: z.number().int().nonnegative() });
export type AlertCounts = z.infer<typeof AlertCountsSchema>;

/** A page of alerts; `next_cursor` is present while more alerts follow under the same filters and order. */
export const AlertListSchema = z.object({ data: z.array(AlertSchema), counts: AlertCountsSchema, next_cursor: z.string().optional() });
export type AlertList = z.infer<typeof AlertListSchema>;

export const ALERT_ACTIONS = ['raised', 'acknowledged', 'resolved'] as const;
export const AlertHistoryEntrySchema = z.object({
  at: z.string(),
  /** `"system"` for the raise; `"operator"` or a key id for a person's move. */
  by: z.string(),
  action: z.enum(ALERT_ACTIONS),
  note: z.string().nullable(),
});
export type AlertHistoryEntry = z.infer<typeof AlertHistoryEntrySchema>;

export const AlertDetailSchema = AlertSchema.extend({ history: z.array(AlertHistoryEntrySchema) });
export type AlertDetail = z.infer<typeof AlertDetailSchema>;

export const AlertIdParamsSchema = z.object({ id: UuidSchema });

export const ALERT_NOTE_MAX = 2000;
const NoteSchema = storableText(
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(ALERT_NOTE_MAX, { error: `must be at most ${ALERT_NOTE_MAX} characters` }),
);

export const AcknowledgeAlertRequestSchema = z.strictObject({ note: NoteSchema.optional() }, { error: 'must be an object' });
export type AcknowledgeAlertRequest = z.infer<typeof AcknowledgeAlertRequestSchema>;

export const ResolveAlertRequestSchema = z.strictObject(
  { resolution: AlertResolutionSchema, note: NoteSchema.optional() },
  { error: 'must be an object' },
);
export type ResolveAlertRequest = z.infer<typeof ResolveAlertRequestSchema>;

/** Payload of the `site.updated` server-sent event. */
export const SiteUpdatedEventSchema = z.object({
  site_id: UuidSchema,
  total_emissions_to_date: DecimalStringSchema,
  compliance_status: ComplianceStatusSchema,
  /**
   * Additive, snapshot events only: the site's overview row (name, limit, status, last reading, metadata), so a
   * client can draw it without a request per site. Live events (one per committed batch) do not carry it.
   */
  site: SiteSummarySchema.optional(),
});
export type SiteUpdatedEvent = z.infer<typeof SiteUpdatedEventSchema>;

/** Payload of the `alert.changed` server-sent event: an alert was raised, acknowledged or resolved. */
export const AlertChangedEventSchema = z.object({
  id: UuidSchema,
  site_id: UuidSchema,
  type: AlertTypeSchema,
  status: AlertStatusSchema,
  action: z.enum(ALERT_ACTIONS),
});
export type AlertChangedEvent = z.infer<typeof AlertChangedEventSchema>;

/**
 * Stream events around the snapshot a client without Last-Event-ID receives first: `snapshot.complete`
 * (`{ "sites": n }`) after its last `site.updated`, or `snapshot.unavailable` when the sites could not be
 * read (the client then loads them itself). Additive: clients that do not listen for them ignore them.
 */
export const SNAPSHOT_COMPLETE_EVENT = 'snapshot.complete';
export const SNAPSHOT_UNAVAILABLE_EVENT = 'snapshot.unavailable';
export const SnapshotCompleteSchema = z.object({ sites: z.number().int().nonnegative() });

/**
 * The snapshot as one event, for a client that asks `GET /api/v1/stream?snapshot=single`: every active site's
 * overview row in one `sites.snapshot` event instead of one `site.updated` per site (a browser parses and
 * validates one 1 MB event far faster than 5,000 small ones). `truncated`: the fleet has more active sites than
 * one snapshot carries (SITES_SNAPSHOT_MAX); the client then pages `GET /sites` itself.
 */
export const SITES_SNAPSHOT_EVENT = 'sites.snapshot';
export const SITES_SNAPSHOT_MAX = 50_000;
export const SitesSnapshotSchema = z.object({ sites: z.array(SiteSummarySchema), truncated: z.boolean() });
export type SitesSnapshot = z.infer<typeof SitesSnapshotSchema>;

/** `GET /api/v1/stream` query: how a client without Last-Event-ID receives its opening snapshot (`none`: it needs none). */
export const StreamQuerySchema = z.object({
  snapshot: z.enum(['per-site', 'single', 'none'], { error: 'must be per-site, single or none' }).default('per-site'),
});
export type StreamQuery = z.infer<typeof StreamQuerySchema>;
