import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsService } from './metrics.service';
import { Allow } from '../auth/access.decorator';
import { MetricsAccessGuard } from './metrics-access.guard';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';

/** Prometheus scrape endpoint; its own guard (not the API's AuthGuard) decides who may read it. */
@ApiTag('Operations')
@Allow('public')
@UseGuards(MetricsAccessGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @ApiOperation('prometheusMetrics', 'Prometheus metrics', {
    description:
      'Ingest outcomes, reading outcomes, outbox gauges and request-duration histograms in the Prometheus text format. Needs `Authorization: Bearer <METRICS_TOKEN>` or the operator key; in development a loopback client may read it without one.',
    success: {
      description: 'Prometheus text exposition format 0.0.4.',
      media: { type: 'text/plain', schema: { type: 'string', description: 'Prometheus text format' } },
    },
    problems: ['unauthorized', 'rate_limited', 'internal_error'],
  })
  @Get()
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
