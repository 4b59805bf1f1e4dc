import { PROBLEM_CODES, type ProblemCode } from '@emissions/contracts';

/** What a client should do about each problem; shown on the page its `type` URI points to. */
const ADVICE: Record<ProblemCode, string> = {
  validation_failed:
    'Fix the fields listed in the errors member (each has a path such as readings[3].value) and send the request again. The same Idempotency-Key may be reused: 400 answers are not stored.',
  malformed_json:
    'Send a syntactically valid JSON object with Content-Type: application/json; with Content-Encoding, a valid gzip, deflate or br stream of one.',
  idempotency_key_invalid:
    'Send an Idempotency-Key header of 1 to 255 visible ASCII characters (a UUID is a good choice). It is required on /api/v2/ingest.',
  unauthorized:
    'Send an API key as "Authorization: Bearer <key>" (an operator key, or a device key made for the site), or sign in to the dashboard. A revoked key stays refused.',
  forbidden:
    'This credential may not do this: device keys may only ingest into (and read) their own site; sites and keys are managed with an operator key. A request signed in by cookie must come from the dashboard itself.',
  api_key_not_found: 'Check the key id and the site: a key is listed under the site it was made for (GET /api/v1/sites/{id}/keys).',
  site_not_found: 'Check the site id. Create the site first with POST /api/v1/sites.',
  route_not_found: 'Check the path and the API version (/api/v1/... or /api/v2/...).',
  alert_not_found: 'Check the alert id: GET /api/v1/alerts lists the alerts of every site.',
  webhook_not_found: 'Check the webhook id: GET /api/v1/webhooks lists the registered webhooks.',
  alert_state_conflict:
    'Alerts move open → acknowledged → resolved, or open → resolved, and never back. Read the alert (GET /api/v1/alerts/{id}) to see its status and history.',
  site_has_readings:
    "A site's time zone decides which local month and reporting year each stored reading belongs to, so it can change only while the site has no readings. Create a new site for another zone.",
  site_archived: 'An archived site keeps its history readable but takes no new readings. Send them to an active site.',
  method_not_allowed: 'Use one of the methods listed in the Allow response header.',
  site_name_taken: 'Site names are unique regardless of case. Choose another name or use the existing site.',
  idempotency_request_in_progress:
    'A request with this key is still being processed. Retry with the same key and payload after the Retry-After delay: you will receive its stored result.',
  payload_too_large:
    'Bodies are limited to 256 KiB, counted after decompression (a gzip body may not inflate past it). Split the readings into smaller batches (at most 100 readings each).',
  unsupported_media_type: 'Send the body as JSON with Content-Type: application/json, encoded as UTF-8.',
  idempotency_key_reused:
    'This key was already used for a different payload on this site. Use a new key for a new batch; retry with the original payload to get the original result.',
  rate_limited: 'Slow down and retry after the Retry-After delay.',
  internal_error: 'Something went wrong on our side. Retry later with the same Idempotency-Key; if it persists, report the request_id.',
  service_unavailable:
    'A service behind the API is temporarily unreachable. Retry with the same Idempotency-Key after the Retry-After delay; nothing was lost.',
};

/** Maps a type URI slug (`validation-failed`) back to its code. */
export function codeFromSlug(slug: string): ProblemCode | null {
  const code = slug.replaceAll('-', '_');
  return Object.hasOwn(PROBLEM_CODES, code) ? (code as ProblemCode) : null;
}

/** A short static page; all text comes from the tables above, so nothing needs escaping. */
export function renderProblemPage(code: ProblemCode): string {
  const { title, status } = PROBLEM_CODES[code];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:0 .2rem}</style>
</head><body>
<h1>${title}</h1>
<p>HTTP status <strong>${status}</strong> · code <code>${code}</code></p>
<h2>What to do</h2>
<p>${ADVICE[code]}</p>
<p>Problem responses follow RFC 9457 (<code>application/problem+json</code>) and carry a <code>request_id</code> to quote when reporting an issue.</p>
</body></html>
`;
}
