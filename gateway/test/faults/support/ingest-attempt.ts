import { randomInt } from 'node:crypto';
import { operatorAuthorization } from './operator-credential';

export type Attempt = {
  baseUrl: string;
  adminKey: string;
  key: string;
  body: unknown;
  abortChance: number;
  /** The ingest route; /api/v1/ingest when absent. */
  path?: string;
  /** The gateway itself may be down (a scenario kills it): a refused connection is then worth a retry, not a finding. */
  gatewayMayBeDown?: boolean;
};

export type AttemptOutcome = {
  /** acknowledged: 201; retry: worth sending again; rejected: a 4xx that retrying cannot fix. */
  kind: 'acknowledged' | 'retry' | 'rejected' | 'aborted' | 'network';
  /** Short name of the outcome for the figures: "201", "503 service_unavailable", "aborted"… */
  label: string;
  body?: unknown;
  replayed?: boolean;
  retryAfterS?: number;
  /** Set when a well-behaved client should never have seen this answer. */
  unexpected?: string;
};

const RETRYABLE = new Set([409, 429, 503]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function classify(res: Response, text: string): AttemptOutcome {
  const body = parseJson(text);
  if (res.status === 201) return { kind: 'acknowledged', label: '201', body, replayed: res.headers.get('idempotent-replayed') === 'true' };
  const code = body && typeof body === 'object' && 'code' in body ? String(body.code) : 'none';
  const label = `${res.status} ${code}`;
  const isProblem = (res.headers.get('content-type') ?? '').startsWith('application/problem+json');
  const retryAfter = res.headers.get('retry-after');
  const retryAfterS = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  if (RETRYABLE.has(res.status)) {
    const ok = isProblem && retryAfterS !== undefined;
    return {
      kind: 'retry',
      label,
      retryAfterS,
      unexpected: ok ? undefined : `${label} without problem+json and Retry-After: ${text.slice(0, 200)}`,
    };
  }
  const unexpected = `${label} ${isProblem ? '' : '(not problem+json) '}${text.slice(0, 200)}`;
  return { kind: res.status >= 500 ? 'retry' : 'rejected', label, unexpected };
}

/** One POST to `attempt.path` (default /api/v1/ingest); with probability `abortChance` the client hangs up after a random 1–40 ms. */
export async function sendIngest(attempt: Attempt): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const timer = Math.random() < attempt.abortChance ? setTimeout(() => controller.abort(), randomInt(1, 41)) : undefined;
  try {
    const res = await fetch(`${attempt.baseUrl}${attempt.path ?? '/api/v1/ingest'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': attempt.key, ...operatorAuthorization(attempt.adminKey) },
      body: JSON.stringify(attempt.body),
      signal: controller.signal,
    });
    return classify(res, await res.text());
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'aborted', label: 'aborted' };
    const message = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
    return { kind: 'network', label: 'network', unexpected: attempt.gatewayMayBeDown ? undefined : `network error: ${message}` };
  } finally {
    clearTimeout(timer);
  }
}
