import {
  type AlertResolution,
  AlertDetailSchema,
  AlertListSchema,
  type AlertSeverity,
  type AlertStatus,
  type AlertType,
} from '@emissions/contracts';
import type { RequestFn } from './api.client';

export type AlertFilters = { site_id?: string; status?: AlertStatus; type?: AlertType; severity?: AlertSeverity };

const alertPath = (id: string) => `/api/v1/alerts/${encodeURIComponent(id)}`;

/** The alerts inbox: the fleet-wide list with its counts, one alert's history, and the two moves. */
export function alertEndpoints(request: RequestFn) {
  return {
    /** Open first, then acknowledged, then resolved; `counts` follow the filters other than status. */
    listAlertInbox: (filters: AlertFilters, limit = 200, signal?: AbortSignal) => {
      const query = new URLSearchParams({ order: 'open_first', limit: String(limit) });
      for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
      return request({ path: `/api/v1/alerts?${query}`, schema: AlertListSchema, signal }).then((r) => r.data);
    },
    getAlert: (id: string, signal?: AbortSignal) => request({ path: alertPath(id), schema: AlertDetailSchema, signal }).then((r) => r.data),
    acknowledgeAlert: (id: string, note?: string) =>
      request({ method: 'POST', path: `${alertPath(id)}/acknowledge`, schema: AlertDetailSchema, body: note ? { note } : {} }).then(
        (r) => r.data,
      ),
    resolveAlert: (id: string, resolution: AlertResolution, note?: string) =>
      request({
        method: 'POST',
        path: `${alertPath(id)}/resolve`,
        schema: AlertDetailSchema,
        body: note ? { resolution, note } : { resolution },
      }).then((r) => r.data),
  };
}
