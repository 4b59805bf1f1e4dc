import { z } from 'zod';
import { AcknowledgeAlertRequestSchema, ResolveAlertRequestSchema } from '../http/alerts.schema';
import { storableText, UuidSchema } from '../http/fields.schema';
import { CreateWebhookRequestSchema, ListWebhookDeliveriesQuerySchema } from '../http/webhooks.schema';

/** Who moved an alert: `operator` or a key id, as the gateway recognised the caller. */
const ActorSchema = storableText(z.string().min(1).max(64));

/** `alerts.get`: one alert with its history. */
export const GetAlertQuerySchema = z.object({ id: UuidSchema });

/** `alerts.acknowledge`: open → acknowledged. */
export const AcknowledgeAlertCommandSchema = AcknowledgeAlertRequestSchema.extend({ id: UuidSchema, by: ActorSchema });
export type AcknowledgeAlertCommand = z.infer<typeof AcknowledgeAlertCommandSchema>;

/** `alerts.resolve`: open or acknowledged → resolved. */
export const ResolveAlertCommandSchema = ResolveAlertRequestSchema.extend({ id: UuidSchema, by: ActorSchema });
export type ResolveAlertCommand = z.infer<typeof ResolveAlertCommandSchema>;

/** `webhooks.create`: the URL's host is checked against the private-address policy by the alerting service. */
export const CreateWebhookCommandSchema = CreateWebhookRequestSchema;

/** `webhooks.delete` (idempotent) and `webhooks.deliveries`. */
export const WebhookRefSchema = z.object({ id: UuidSchema });
export const ListWebhookDeliveriesCommandSchema = ListWebhookDeliveriesQuerySchema.extend({ id: UuidSchema });
export type ListWebhookDeliveriesCommand = z.infer<typeof ListWebhookDeliveriesCommandSchema>;
