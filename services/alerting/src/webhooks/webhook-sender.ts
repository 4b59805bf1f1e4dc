import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import type { ResolvedTarget, WebhookTargetPolicy } from './webhook-target.policy';

export type WebhookRequest = { url: string; secret: string; deliveryId: string; eventType: string; body: string };
/** `status` is the receiver's HTTP status, or null when no answer came (refused, timeout, policy). */
export type WebhookAttempt = { ok: boolean; status: number | null; error: string | null };

/** A lookup that always answers the address the policy already judged: no second DNS answer is ever used. */
function pinnedLookup(target: ResolvedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
}

/** One POST of a signed delivery; 2xx is success, anything else (or no answer) a failure to retry. */
export async function sendWebhook(policy: WebhookTargetPolicy, req: WebhookRequest, timeoutMs: number): Promise<WebhookAttempt> {
  const url = new URL(req.url);
  let target: ResolvedTarget;
  try {
    target = await policy.resolve(url.hostname);
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message };
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookAttempt>((done) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        lookup: pinnedLookup(target),
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(req.body),
          'user-agent': 'emissions-engine-webhooks/1',
          [DELIVERY_HEADER]: req.deliveryId,
          [EVENT_HEADER]: req.eventType,
          [SIGNATURE_HEADER]: signatureHeader(req.secret, req.body),
        },
      },
      (res) => {
        // The body is not needed; draining it frees the socket.
        res.resume();
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        done({ ok, status, error: ok ? null : `receiver answered ${status}` });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, status: null, error: err.code ?? err.message }));
    outgoing.end(req.body);
  });
}
