import {
  type Alert,
  REPORT_LIST_MAX,
  type EmissionEvent,
  type FleetReport,
  type ReadingsExportQuery,
  ReadingsExportQuerySchema,
  type ReportQuery,
  ReportQuerySchema,
  SiteIdParamsSchema,
  type SiteReport,
  type SiteReportFigures,
} from '@emissions/contracts';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AlertingClient } from '../alerts/alerting.client';
import { IngestionClient } from '../clients/ingestion.client';
import { ZodValidationPipe } from '../problems/zod-validation.pipe';
import { csvLine } from './csv';
import { streamReadingsCsv } from './readings-export';
import { ApiOperation, ApiTag, type SuccessDoc, UPSTREAM_PROBLEMS } from '../openapi/api-operation.decorator';

const siteIdPipe = new ZodValidationPipe(SiteIdParamsSchema);
const FLEET_CSV_HEADER = [
  ...['site_id', 'name', 'period_start', 'period_end', 'timezone', 'ch4_kg', 'ch4_t', 'co2e_t', 'gwp_set', 'gwp_factor'],
  ...['annual_limit', 'status', 'readings', 'days_with_data', 'days_in_period'],
];

/** A fleet row in the order of FLEET_CSV_HEADER. */
function fleetCsvFields(r: SiteReportFigures): Array<string | number | null> {
  const identity = [r.site_id, r.name, r.period.start, r.period.end, r.timezone];
  const masses = [r.ch4_kg, r.ch4_t, r.co2e_t, r.gwp_set, r.gwp_factor, r.annual_limit, r.status];
  return [...identity, ...masses, r.readings, r.days_with_data, r.days_in_period];
}

const csv = (description: string): SuccessDoc['media'] => ({ type: 'text/csv', schema: { type: 'string', description } });

/** Reports and exports a verifier can be handed: JSON, or CSV with `?format=csv`. Operators only. */
@ApiTag('Reports')
@Controller()
export class ReportsController {
  constructor(
    private readonly ingestion: IngestionClient,
    private readonly alerting: AlertingClient,
  ) {}

  @ApiOperation('exportReadings', "Export a site's readings", {
    description:
      'Every stored reading in `[from, to)`, oldest first. `format=csv` streams all of them (header ' +
      '`measured_at,sensor_id,mass_kg,rate_kg_h,duration_s,batch_id`) page by page with backpressure; a client that ' +
      'disconnects stops the export. `format=json` (default) answers one page of `limit` readings with `next_cursor`.',
    success: { description: 'A page of readings, or the CSV stream.', schema: 'ReadingsPage', media: csv('RFC 4180 CSV') },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Get(['api/v1/sites/:id/readings', 'api/sites/:id/readings'])
  async readings(
    @Param(siteIdPipe) params: { id: string },
    @Query(new ZodValidationPipe(ReadingsExportQuerySchema)) query: ReadingsExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    if (query.format === 'csv') return streamReadingsCsv(this.ingestion, params.id, query, res);
    const page = await this.ingestion.readingsPage({
      id: params.id,
      from: query.from ?? null,
      to: query.to ?? null,
      cursor: query.cursor ?? null,
      limit: query.limit,
    });
    res.status(200).json(page);
  }

  @ApiOperation('getSiteReport', "A site's annual report", {
    description:
      "The reporting year that starts in `year`, in the site's zone: CH4 in kg and t, CO2e under `gwp`, status against " +
      'the annual limit, readings, days with data, monthly rows and the alerts raised in the period. `ch4_kg` equals the ' +
      'sum of the CSV export of the period. `format=csv` gives the monthly rows.',
    success: { description: 'The report.', schema: 'SiteReport', media: csv('month,ch4_kg,co2e_t,readings') },
    problems: ['site_not_found', ...UPSTREAM_PROBLEMS],
  })
  @Get(['api/v1/sites/:id/report', 'api/sites/:id/report'])
  async siteReport(
    @Param(siteIdPipe) params: { id: string },
    @Query(new ZodValidationPipe(ReportQuerySchema)) query: ReportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const figures = await this.ingestion.siteReport({ id: params.id, year: query.year, gwp: query.gwp });
    if (query.format === 'csv') {
      const lines = [csvLine(['month', 'ch4_kg', 'co2e_t', 'readings'])];
      for (const m of figures.monthly) lines.push(csvLine([m.month, m.ch4_kg, m.co2e_t, m.readings]));
      sendCsv(res, `report-${params.id}-${query.year}.csv`, lines);
      return;
    }
    const [events, alerts] = await Promise.all([this.eventsIn(params.id, figures.period), this.alertsIn(params.id, figures.period)]);
    const report: SiteReport = { ...figures, events, alerts };
    res.status(200).json(report);
  }

  @ApiOperation('getFleetReport', 'The fleet report of a year', {
    description:
      "One row per site (archived sites included: they emitted in the year) with the same figures as the site's report; " +
      '`format=csv` gives the rows as CSV.',
    success: { description: 'One row per site.', schema: 'FleetReport', media: csv('one row per site') },
    problems: UPSTREAM_PROBLEMS,
  })
  @Get(['api/v1/report', 'api/report'])
  async fleetReport(@Query(new ZodValidationPipe(ReportQuerySchema)) query: ReportQuery, @Res() res: Response): Promise<void> {
    const fleet: FleetReport = await this.ingestion.fleetReport({ year: query.year, gwp: query.gwp });
    if (query.format === 'csv') {
      const lines = [csvLine(FLEET_CSV_HEADER)];
      for (const r of fleet.data) lines.push(csvLine(fleetCsvFields(r)));
      sendCsv(res, `fleet-report-${query.year}.csv`, lines);
      return;
    }
    res.status(200).json(fleet);
  }

  /** The site's emission events that started within the period (alerting derives them), newest first. */
  private async eventsIn(siteId: string, period: { start: string; end: string }): Promise<EmissionEvent[]> {
    const started = { from: period.start, before: period.end };
    const { data } = await this.alerting.listEmissionEvents({ site_id: siteId, limit: REPORT_LIST_MAX, started });
    return data;
  }

  /** The site's alerts raised within the period (alerting owns them), newest first. */
  private async alertsIn(siteId: string, period: { start: string; end: string }): Promise<Alert[]> {
    const triggered = { from: period.start, before: period.end };
    const { data } = await this.alerting.listAlerts({ site_id: siteId, order: 'newest', limit: REPORT_LIST_MAX, triggered });
    return data;
  }
}

function sendCsv(res: Response, filename: string, lines: string[]): void {
  res.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(lines.join(''));
}
