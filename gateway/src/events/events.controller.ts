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
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

/**
 * A site's emission events (derived by the alerting service), under v1, v2 and the unversioned alias. The
 * site is looked up beside the events (both RPCs at once), so an unknown site is `404 site_not_found`
 * rather than an empty list. Operators, or a device key for its own site.
 */
@ApiTag('Sites')
@Controller(['api/v1/sites', 'api/v2/sites', 'api/sites'])
export class EventsController {
  constructor(
    private readonly alerting: AlertingClient,
    private readonly ingestion: IngestionClient,
  ) {}

  @ApiOperation('listEmissionEventsV1', 'Emission events of a site (v1)', {
    description:
      'Consecutive rate readings of one sensor at or above the site’s `super_emitter_kg_h`, each starting at most 3600 s after ' +
      'the event so far ended, form one event; a below-threshold reading or a longer gap ends it. Events are derived from the stored ' +
      'readings alone, so late readings may split or merge them. Newest first (`limit` up to 500, default 100; `next_cursor`, passed as ' +
      '`cursor`, gives the next page); `mass_kg` is the exact ' +
      'sum of its readings’ masses; `open` is true while the sensor’s latest reading belongs to the event and ended less than 3600 s ago. ' +
      'Each event raises one `super_emitter` alert. Also served unversioned under `/api/sites`.',
    success: { description: 'The site’s emission events.', schema: 'EmissionEventList' },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
    variants: { '/api/v2/sites/{id}/events': { id: 'listEmissionEventsV2', summary: 'Emission events of a site (v2)' } },
  })
  @Get(':id/events')
  @Allow('site')
  async list(
    @Param(new ZodValidationPipe(SiteIdParamsSchema)) params: { id: string },
    @Query(new ZodValidationPipe(ListEmissionEventsQuerySchema)) query: ListEmissionEventsQuery,
  ): Promise<EmissionEventList> {
    const [, events] = await Promise.all([
      this.ingestion.getSite(params.id),
      this.alerting.listEmissionEvents({ site_id: params.id, limit: query.limit, cursor: query.cursor }),
    ]);
    return events;
  }
}
