import { z } from 'zod';

/** Answers of the health routes, as schemas so the OpenAPI document is generated from the same source. */
export const CheckStateSchema = z.enum(['up', 'down']);
export type CheckState = z.infer<typeof CheckStateSchema>;

export const HealthLiveSchema = z.object({ status: z.literal('ok') });
export type HealthLive = z.infer<typeof HealthLiveSchema>;

export const HealthChecksSchema = z.object({ ingestion: CheckStateSchema, alerting: CheckStateSchema, redis: CheckStateSchema });
export type HealthChecks = z.infer<typeof HealthChecksSchema>;

export const HealthReadySchema = z.object({ status: z.literal('ok'), checks: HealthChecksSchema });
export type HealthReady = z.infer<typeof HealthReadySchema>;
