import { randomUUID } from 'node:crypto';
import { SiteSchema } from '@emissions/contracts';
import { type ApiTarget, operatorAuthorization } from './operator-credential';

/**
 * Limits in kg for the sites of a load run. A batch adds about 5,000 kg, so the small limits are crossed
 * during the load (the first by the first batch), and the last two never are.
 */
export const LOAD_SITE_LIMITS = ['2000', '20000', '60000', '120000', '1000000000000', '1000000000000'];

/** Creates one site per limit through the API, as the operator, and returns their ids. */
export async function createSites({ baseUrl, adminKey }: ApiTarget, limits: string[] = LOAD_SITE_LIMITS): Promise<string[]> {
  const ids: string[] = [];
  for (const limit of limits) {
    const res = await fetch(`${baseUrl}/api/v1/sites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...operatorAuthorization(adminKey) },
      body: JSON.stringify({ name: `Fault site ${randomUUID()}`, emission_limit: limit }),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`creating a site answered ${res.status}: ${text}`);
    ids.push(SiteSchema.parse(JSON.parse(text)).id);
  }
  return ids;
}

/** True when `/health/ready` answers 200 within `timeoutMs`. */
export async function becomesReady(baseUrl: string, timeoutMs = 15_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(`${baseUrl}/health/ready`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
