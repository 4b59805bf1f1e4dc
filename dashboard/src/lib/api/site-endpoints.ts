import {
  EmissionEventListSchema,
  type PatchSiteInput,
  ReadingsPageSchema,
  SiteChangeListSchema,
  SiteMetricsSchema,
  SiteReportSchema,
  SiteSchema,
  SensorBreakdownSchema,
} from '@emissions/contracts';
import type { RequestFn } from './api.client';

const sitePath = (id: string) => `/api/v1/sites/${encodeURIComponent(id)}`;

/** A site's settings, change log, readings pages and emission events (compliance accounting). */
export function siteEndpoints(request: RequestFn) {
  return {
    /** Metrics with CO2e under the named GWP set (the server's default when none is given). */
    getSiteMetricsIn: (id: string, gwp: string | undefined, signal?: AbortSignal) =>
      request({ path: `${sitePath(id)}/metrics${gwp ? `?gwp=${encodeURIComponent(gwp)}` : ''}`, schema: SiteMetricsSchema, signal }).then(
        (r) => r.data,
      ),
    patchSite: (id: string, body: PatchSiteInput) =>
      request({ method: 'PATCH', path: sitePath(id), schema: SiteSchema, body }).then((r) => r.data),
    archiveSite: (id: string) =>
      request({ method: 'POST', path: `${sitePath(id)}/archive`, schema: SiteSchema, body: {} }).then((r) => r.data),
    listSiteChanges: (id: string, signal?: AbortSignal) =>
      request({ path: `${sitePath(id)}/changes`, schema: SiteChangeListSchema, signal }).then((r) => r.data.data),
    /** One JSON page of readings, oldest first; pass the previous page's `next_cursor` for the next. */
    readingsPage: (id: string, cursor: string | null, limit = 50, signal?: AbortSignal) => {
      const query = new URLSearchParams({ format: 'json', limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      return request({ path: `${sitePath(id)}/readings?${query}`, schema: ReadingsPageSchema, signal }).then((r) => r.data);
    },
    /** The site's figures for the reporting year that starts in `year` (JSON), CO2e under `gwp`. */
    getSiteReport: (id: string, year: number, gwp: string | undefined, signal?: AbortSignal) => {
      const query = new URLSearchParams({ year: String(year), format: 'json' });
      if (gwp) query.set('gwp', gwp);
      return request({ path: `${sitePath(id)}/report?${query}`, schema: SiteReportSchema, signal }).then((r) => r.data);
    },
    /** Per-sensor totals over local months [from, to) of the site's zone, largest first. */
    getSiteSensors: (id: string, range: { from?: string; to?: string }, signal?: AbortSignal) => {
      const query = new URLSearchParams({ limit: '20' });
      if (range.from) query.set('from', range.from);
      if (range.to) query.set('to', range.to);
      return request({ path: `${sitePath(id)}/sensors?${query}`, schema: SensorBreakdownSchema, signal }).then((r) => r.data);
    },
    listEmissionEvents: (id: string, signal?: AbortSignal) =>
      request({ path: `${sitePath(id)}/events`, schema: EmissionEventListSchema, signal }).then((r) => r.data.data),
  };
}
