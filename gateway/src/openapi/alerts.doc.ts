import { ListWebhookDeliveriesQuerySchema } from '@emissions/contracts';
import { BODY_PROBLEMS, type RouteDoc, UPSTREAM_PROBLEMS } from './route.doc';

const LIFECYCLE =
  'open → acknowledged → resolved and open → resolved are the only moves; any other is 409 alert_state_conflict and changes nothing. ' +
  'Each move is appended to the alert’s history with who made it, when, and the note.';

export const ALERT_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/alerts/{id}',
    operationId: 'getAlert',
    tag: 'Alerts',
    summary: 'One alert with its history',
    description: 'The history starts with the raise (`by: "system"`) and lists every move since, oldest first. It is append-only.',
    version: 1,
    access: 'operator',
    parameters: ['AlertId'],
    success: { status: 200, description: 'The alert.', schema: 'AlertDetail' },
    problems: ['validation_failed', 'alert_not_found', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/{id}/acknowledge',
    operationId: 'acknowledgeAlert',
    tag: 'Alerts',
    summary: 'Acknowledge an open alert',
    description: `The body is optional (\`{ "note"? }\`). ${LIFECYCLE}`,
    version: 1,
    access: 'operator',
    parameters: ['AlertId'],
    body: 'AcknowledgeAlertRequest',
    success: { status: 200, description: 'The acknowledged alert with its history.', schema: 'AlertDetail' },
    problems: [...BODY_PROBLEMS, 'alert_not_found', 'alert_state_conflict', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/{id}/resolve',
    operationId: 'resolveAlert',
    tag: 'Alerts',
    summary: 'Resolve an open or acknowledged alert (fixed or false alarm)',
    description: LIFECYCLE,
    version: 1,
    access: 'operator',
    parameters: ['AlertId'],
    body: 'ResolveAlertRequest',
    success: { status: 200, description: 'The resolved alert with its history.', schema: 'AlertDetail' },
    problems: [...BODY_PROBLEMS, 'alert_not_found', 'alert_state_conflict', ...UPSTREAM_PROBLEMS],
  },
];

const DELIVERY =
  'Each delivery is a POST of a [WebhookPayload](#/components/schemas/WebhookPayload) with headers `Emissions-Delivery` (the delivery id, ' +
  'the same on every attempt: deduplicate by it), `Emissions-Event` and `Emissions-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" ' +
  'keyed with the secret>`. Any answer but 2xx is retried with exponential backoff for 24 hours. Private, loopback and link-local ' +
  'targets are refused (400) unless the alerting service allows them (`WEBHOOK_ALLOWED_PRIVATE_CIDRS`).';

export const WEBHOOK_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/webhooks',
    operationId: 'createWebhook',
    tag: 'Webhooks',
    summary: 'Register a webhook for alert events',
    description: `The answer carries the signing secret; it is never shown again. ${DELIVERY}`,
    version: 1,
    access: 'operator',
    body: 'CreateWebhookRequest',
    success: { status: 201, description: 'The webhook and its secret.', schema: 'CreatedWebhook', headers: ['Location'] },
    problems: [...BODY_PROBLEMS, ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/api/v1/webhooks',
    operationId: 'listWebhooks',
    tag: 'Webhooks',
    summary: 'List the registered webhooks (never their secrets)',
    version: 1,
    access: 'operator',
    success: { status: 200, description: 'The webhooks, oldest first.', schema: 'WebhookList' },
    problems: UPSTREAM_PROBLEMS,
  },
  {
    method: 'delete',
    path: '/api/v1/webhooks/{id}',
    operationId: 'deleteWebhook',
    tag: 'Webhooks',
    summary: 'Delete a webhook',
    description: 'Nothing more is sent to it, pending attempts included. Idempotent; its delivery log stays readable.',
    version: 1,
    access: 'operator',
    parameters: ['WebhookId'],
    success: { status: 200, description: 'The deleted webhook.', schema: 'Webhook' },
    problems: ['validation_failed', 'webhook_not_found', ...UPSTREAM_PROBLEMS],
  },
  {
    method: 'get',
    path: '/api/v1/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    tag: 'Webhooks',
    summary: 'The delivery log of a webhook, newest first',
    description: 'One row per delivery: its status (`pending`, `delivered`, `failed`), attempts, and the last answer or error.',
    version: 1,
    access: 'operator',
    parameters: ['WebhookId'],
    query: ListWebhookDeliveriesQuerySchema,
    success: { status: 200, description: 'The deliveries.', schema: 'WebhookDeliveryList' },
    problems: ['validation_failed', 'webhook_not_found', ...UPSTREAM_PROBLEMS],
  },
];
