import type { MalformedRequest } from './malformed-request.arbitrary';
import { type ApiTarget, operatorAuthorization } from './operator-credential';

export type MalformedRun = {
  /** Answers per `<request kind>: <status> <problem code>`. */
  outcomes: Record<string, number>;
  /**
   * Answers the contract forbids: any 5xx or 2xx, a non-2xx that is not a problem matching its status, a dropped
   * connection; and 401/403/429, which would mean the request was turned away before validation judged it.
   */
  violations: string[];
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const NOT_VALIDATION = new Set([401, 403, 429]);

async function send({ baseUrl, adminKey }: ApiTarget, request: MalformedRequest, run: MalformedRun): Promise<void> {
  const what = `${request.kind} POST ${request.path} ${JSON.stringify(request.headers)} ${request.body.slice(0, 160)}`;
  // The operator's valid credential: validation, not authentication, is what turns these requests away.
  const headers = { ...request.headers, ...operatorAuthorization(adminKey) };
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${baseUrl}${request.path}`, { method: 'POST', headers, body: request.body });
    text = await res.text();
  } catch (error) {
    run.violations.push(`no answer (${error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)}): ${what}`);
    return;
  }
  const body = parseJson(text);
  const code = body && typeof body === 'object' && 'code' in body ? String(body.code) : 'none';
  const outcome = `${request.kind}: ${res.status} ${code}`;
  run.outcomes[outcome] = (run.outcomes[outcome] ?? 0) + 1;
  const isProblem = (res.headers.get('content-type') ?? '').startsWith('application/problem+json');
  const statusMatches = body && typeof body === 'object' && 'status' in body && body.status === res.status;
  if (res.status >= 500 || res.status < 300) run.violations.push(`${res.status} ${text.slice(0, 200)} for ${what}`);
  else if (NOT_VALIDATION.has(res.status)) run.violations.push(`${res.status} before validation ${text.slice(0, 200)} for ${what}`);
  else if (!isProblem || !statusMatches)
    run.violations.push(`${res.status} not a problem (${res.headers.get('content-type')}) ${text.slice(0, 200)} for ${what}`);
}

/** Sends every request as the operator, `concurrency` at a time, and classifies the answers. */
export async function sendMalformed(api: ApiTarget, requests: MalformedRequest[], concurrency: number): Promise<MalformedRun> {
  const run: MalformedRun = { outcomes: {}, violations: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) await send(api, requests[next++], run);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return run;
}
