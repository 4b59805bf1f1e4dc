import {
  AlertCountsSchema,
  AlertListSchema,
  type CreateSiteInput,
  IngestResponseSchema,
  ProblemSchema,
  SiteListSchema,
  SiteMetricsSchema,
  SiteSchema,
  type Site,
} from '@emissions/contracts';
import { z } from 'zod';
import { ApiContractError, ApiNetworkError, ApiProblemError, parseRetryAfterMs } from './api-errors';
import { alertEndpoints } from './alert-endpoints';
import { authEndpoints } from './auth-endpoints';
import { siteEndpoints } from './site-endpoints';

/** The overview's tally needs the counts only: they cover every matching alert, whatever the page size. */
const AlertTallySchema = z.object({ counts: AlertCountsSchema });

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  fetch: FetchLike;
  baseUrl?: string;
  timeoutMs?: number;
  /** Told after every request whether the API answered at all (drives the "unreachable" banner). */
  onReachability?: (reachable: boolean) => void;
  /** Told when the API answers `401`: the caller is signed out (the dashboard goes to its sign-in page). */
  onUnauthorized?: (problem: ApiProblemError) => void;
}

export interface RequestOptions<S extends z.ZodType> {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  schema: S;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** `false` where a 401 is an answer to show, not a sign-out (a wrong key on the sign-in form). */
  signedOutOn401?: boolean;
}

export interface ApiResult<T> {
  data: T;
  status: number;
  headers: Headers;
}

export type IngestV2Body = { site_id: string; readings: Array<{ sensor_id: string; measured_at: string; value: string; unit: string }> };

export function createApiClient(options: ApiClientOptions) {
  const { fetch: doFetch, baseUrl = '', timeoutMs = 10_000, onReachability, onUnauthorized } = options;

  /**
   * The one fetch wrapper: timeout, problem details → ApiProblemError, body parsed with the shared schema.
   * A 401 also tells `onUnauthorized` (then throws like any problem, so the caller stops where it is).
   */
  async function request<S extends z.ZodType>(req: RequestOptions<S>): Promise<ApiResult<z.infer<S>>> {
    const response = await send(req);
    onReachability?.(true);
    if (!response.ok) {
      const problem = await toProblem(response);
      if (problem.status === 401 && req.signedOutOn401 !== false) onUnauthorized?.(problem);
      throw problem;
    }
    const parsed = req.schema.safeParse(await readJson(response));
    if (!parsed.success) throw new ApiContractError(req.path, parsed.error.message);
    return { data: parsed.data, status: response.status, headers: response.headers };
  }

  async function send(req: RequestOptions<z.ZodType>): Promise<Response> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await doFetch(`${baseUrl}${req.path}`, {
        method: req.method ?? 'GET',
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal,
      });
    } catch (cause) {
      // A caller's own abort is not an outage; rethrow it untouched.
      if (req.signal?.aborted) throw cause;
      onReachability?.(false);
      throw new ApiNetworkError(timeout.signal.aborted ? 'timeout' : 'network', cause);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    request,
    async listSites(signal?: AbortSignal): Promise<Site[]> {
      const sites: Site[] = [];
      let cursor: string | undefined;
      do {
        const query = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const { data } = await request({ path: `/api/v1/sites${query}`, schema: SiteListSchema, signal });
        sites.push(...data.data);
        cursor = data.next_cursor;
      } while (cursor);
      return sites;
    },
    getSite: (id: string, signal?: AbortSignal) =>
      request({ path: `/api/v1/sites/${encodeURIComponent(id)}`, schema: SiteSchema, signal }).then((r) => r.data),
    getSiteMetrics: (id: string, signal?: AbortSignal) =>
      request({ path: `/api/v1/sites/${encodeURIComponent(id)}/metrics`, schema: SiteMetricsSchema, signal }).then((r) => r.data),
    listAlerts: (siteId: string, limit = 10, signal?: AbortSignal) =>
      request({ path: `/api/v1/alerts?site_id=${encodeURIComponent(siteId)}&limit=${limit}`, schema: AlertListSchema, signal }).then(
        (r) => r.data.data,
      ),
    /** How many alerts are open, for the overview's tile. */
    openAlertCount: (signal?: AbortSignal) =>
      request({ path: '/api/v1/alerts?limit=1', schema: AlertTallySchema, signal }).then(({ data }) => data.counts.open),
    createSite: (body: CreateSiteInput) => request({ method: 'POST', path: '/api/v1/sites', schema: SiteSchema, body }).then((r) => r.data),
    /** v2 ingest; `replayed` is true when the server answered from its idempotency record. */
    async ingestV2(body: IngestV2Body, idempotencyKey: string, extraHeaders: Record<string, string> = {}) {
      const headers = { 'Idempotency-Key': idempotencyKey, ...extraHeaders };
      const result = await request({ method: 'POST', path: '/api/v2/ingest', schema: IngestResponseSchema, body, headers });
      return { response: result.data, replayed: result.headers.get('Idempotent-Replayed') === 'true' };
    },
    ...authEndpoints(request),
    ...alertEndpoints(request),
    ...siteEndpoints(request),
  };
}

export type RequestFn = <S extends z.ZodType>(req: RequestOptions<S>) => Promise<ApiResult<z.infer<S>>>;
export type ApiClient = ReturnType<typeof createApiClient>;

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function toProblem(response: Response): Promise<ApiProblemError> {
  const retryAfterMs = parseRetryAfterMs(response.headers.get('Retry-After'));
  const parsed = ProblemSchema.safeParse(await readJson(response));
  if (!parsed.success) {
    return new ApiProblemError(response.status, 'unexpected_response', response.statusText, '', [], null, retryAfterMs);
  }
  const p = parsed.data;
  return new ApiProblemError(p.status, p.code, p.title, p.detail, p.errors ?? [], p.request_id, retryAfterMs);
}
