import { type SensorBreakdown, type SensorBreakdownQuery, SensorBreakdownQuerySchema, SiteIdParamsSchema } from '@emissions/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { Allow } from '../auth/access.decorator';
import { IngestionClient } from '../clients/ingestion.client';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';

/**
 * A site's per-sensor breakdown over local months, read from the ingestion service's per-sensor rollup.
 * A site read like metrics: operators, or a device key for its own site. v1, and unversioned as v1.
 */
@Controller(['api/v1/sites', 'api/sites'])
export class SensorsController {
  constructor(private readonly ingestion: IngestionClient) {}

  @Get(':id/sensors')
  @Allow('site')
  breakdown(
    @Param(new ZodValidationPipe(SiteIdParamsSchema)) params: { id: string },
    @Query(new ZodValidationPipe(SensorBreakdownQuerySchema)) query: SensorBreakdownQuery,
  ): Promise<SensorBreakdown> {
    return this.ingestion.siteSensors({ id: params.id, from: query.from ?? null, to: query.to ?? null, limit: query.limit });
  }
}
