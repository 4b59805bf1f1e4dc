import { z } from 'zod';

/**
 * The BullMQ job the relay publishes per claimed sweep: the outbox events of one claim, in commit order. One job
 * per sweep instead of one per event, because BullMQ's add, move-to-active and move-to-finished cost the relay,
 * alerting and Redis about the same CPU per job whatever the job holds (ARCHITECTURE ADR-32).
 */
export const OUTBOX_EVENTS_JOB = 'outbox.events';

/** At most this many events per job, so a backlog still spreads over alerting's concurrent workers. */
export const MAX_EVENTS_PER_JOB = 25;

/** The envelope only: each event is checked with its own schema by the consumer, one at a time. */
export const OutboxEventsJobSchema = z.object({ events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_JOB) });
export type OutboxEventsJob = z.infer<typeof OutboxEventsJobSchema>;
