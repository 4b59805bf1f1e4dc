import { type SensorBreakdown, type SensorBreakdownQuery, SensorBreakdownQuerySchema, SiteIdParamsSchema } from '@emissions/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { Allow } from '../auth/access.decorator';
import { IngestionClient } from '../clients/ingestion.client';
import { ApiOperation, ApiTag, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';

const SENSORS =
  'Each sensor’s exact total, reading count, first and last reading and share of the site’s total (`share_pct`, 2 decimals; ' +
  'null when that total is 0) over calendar months in the site’s zone: `from` inclusive, `to` exclusive (`YYYY-MM`, either left ' +
  'out for an open range; `from` must be before `to`, else 400). Largest total first, ties by sensor id, at most `limit` sensors ' +
  '(default 100, up to 1000); `total_kg`, `readings` and `sensor_count` cover every sensor of the range. Read from a per-sensor, ' +
  'per-local-month rollup kept in the ingest transaction, never from the raw readings; duplicates and replays never count twice. ' +
  'Also served unversioned under `/api/sites`.';

/**
 * A site's per-sensor breakdown over local months, read from the ingestion service's per-sensor rollup.
 * A site read like metrics: operators, or a device key for its own site. v1, and unversioned as v1.
 */
@ApiTag('Sites')
@Controller(['api/v1/sites', 'api/sites'])
export class SensorsController {
  constructor(private readonly ingestion: IngestionClient) {}

  @Get(':id/sensors')
  @Allow('site')
  @ApiOperation('getSiteSensors', 'Per-sensor breakdown of a site’s emissions', {
    description: SENSORS,
    success: { description: 'The site’s sensors, largest total first.', schema: 'SensorBreakdown' },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
  breakdown(
    @Param(new ZodValidationPipe(SiteIdParamsSchema)) params: { id: string },
    @Query(new ZodValidationPipe(SensorBreakdownQuerySchema)) query: SensorBreakdownQuery,
  ): Promise<SensorBreakdown> {
    return this.ingestion.siteSensors({ id: params.id, from: query.from ?? null, to: query.to ?? null, limit: query.limit });
  }
}
