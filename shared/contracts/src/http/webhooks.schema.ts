import { z } from 'zod';
import { AlertSchema } from './alerts.schema';
import { storableText, UuidSchema } from './fields.schema';

/** What a webhook can subscribe to: an alert being raised, acknowledged or resolved. */
export const WEBHOOK_EVENT_TYPES = ['alert.raised', 'alert.acknowledged', 'alert.resolved'] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` });
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

export const WEBHOOK_URL_MAX = 2048;

/** An absolute http(s) URL without credentials; whether its host may be reached is decided by the alerting service. */
export const WebhookUrlSchema = storableText(
  z.string({ error: 'must be a string' }).max(WEBHOOK_URL_MAX, { error: `must be at most ${WEBHOOK_URL_MAX} characters` }),
).refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'must be an absolute http or https URL without credentials' },
);

export const CreateWebhookRequestSchema = z.strictObject(
  {
    url: WebhookUrlSchema,
    event_types: z
      .array(WebhookEventTypeSchema, { error: 'must be an array of event types' })
      .min(1, { error: 'must name at least one event type' })
      .transform((types) => [...new Set(types)].sort()),
    description: storableText(z.string().trim().max(200, { error: 'must be at most 200 characters' })).optional(),
  },
  { error: 'must be an object' },
);
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequestSchema>;

export const WebhookSchema = z.object({
  id: UuidSchema,
  url: z.string(),
  event_types: z.array(WebhookEventTypeSchema),
  description: z.string().nullable(),
  created_at: z.string(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

/** The 201 answer: the signing secret appears here and nowhere else, ever. */
export const CreatedWebhookSchema = WebhookSchema.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhookSchema>;

export const WebhookListSchema = z.object({ data: z.array(WebhookSchema) });
export type WebhookList = z.infer<typeof WebhookListSchema>;

export const WebhookIdParamsSchema = z.object({ id: UuidSchema });

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const WebhookDeliverySchema = z.object({
  /** The delivery id, sent as `Emissions-Delivery`: the same on every attempt, so receivers can deduplicate. */
  id: UuidSchema,
  webhook_id: UuidSchema,
  event_type: WebhookEventTypeSchema,
  alert_id: UuidSchema,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int().nonnegative(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  last_attempt_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListSchema = z.object({ data: z.array(WebhookDeliverySchema) });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;

export const ListWebhookDeliveriesQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be >= 1' })
    .max(500, { error: 'must be <= 500' })
    .default(100),
});

/** The JSON body a receiver gets (identical on every attempt of one delivery). */
export const WebhookPayloadSchema = z.object({
  id: UuidSchema,
  type: WebhookEventTypeSchema,
  created_at: z.string(),
  data: z.object({ alert: AlertSchema }),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
