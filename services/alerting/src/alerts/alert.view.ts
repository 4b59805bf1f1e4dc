import {
  type Alert as AlertView,
  type AlertResolution,
  type AlertSeverity,
  type AlertStatus,
  type AlertType,
  formatMass,
} from '@emissions/contracts';

/** An alerts row as the queries below select it (masses as text, exact). */
export type AlertRow = {
  id: string;
  site_id: string;
  type: AlertType;
  severity: AlertSeverity;
  status: AlertStatus;
  resolution: AlertResolution | null;
  total_at_trigger: string;
  emission_limit: string;
  triggered_at: Date;
  event_id: string;
  emission_event_id: string | null;
};

/** The select list every alert query uses, so each returns an AlertRow. */
export const ALERT_COLUMNS =
  'id, site_id, type, severity, status, resolution, total_at_trigger::text AS total_at_trigger, emission_limit::text AS emission_limit, triggered_at, event_id, emission_event_id';

/** Masses as canonical decimal strings, times in UTC `Z`. */
export function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    site_id: row.site_id,
    type: row.type,
    severity: row.severity,
    status: row.status,
    resolution: row.resolution,
    total_at_trigger: formatMass(row.total_at_trigger),
    emission_limit: formatMass(row.emission_limit),
    triggered_at: new Date(row.triggered_at).toISOString(),
    event_id: row.event_id,
    ...(row.emission_event_id ? { emission_event_id: row.emission_event_id } : {}),
  };
}
