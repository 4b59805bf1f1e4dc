import {
  type EmissionEventList,
  type ListEmissionEventsQuery,
  ListEmissionEventsQuerySchema,
  SiteIdParamsSchema,
} from '@emissions/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { AlertingClient } from '../alerts/alerting.client';
import { Allow } from '../auth/access.decorator';
import { IngestionClient } from '../clients/ingestion.client';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';

/**
 * A site's emission events (derived by the alerting service), under v1, v2 and the unversioned alias. The
 * site is looked up beside the events (both RPCs at once), so an unknown site is `404 site_not_found`
 * rather than an empty list. Operators, or a device key for its own site.
 */
@Controller(['api/v1/sites', 'api/v2/sites', 'api/sites'])
export class EventsController {
  constructor(
    private readonly alerting: AlertingClient,
    private readonly ingestion: IngestionClient,
  ) {}

  @Get(':id/events')
  @Allow('site')
  async list(
    @Param(new ZodValidationPipe(SiteIdParamsSchema)) params: { id: string },
    @Query(new ZodValidationPipe(ListEmissionEventsQuerySchema)) query: ListEmissionEventsQuery,
  ): Promise<EmissionEventList> {
    const [, events] = await Promise.all([
      this.ingestion.getSite(params.id),
      this.alerting.listEmissionEvents({ site_id: params.id, limit: query.limit }),
    ]);
    return events;
  }
}
