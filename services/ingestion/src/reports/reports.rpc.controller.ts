import {
  FleetReportQuerySchema,
  IngestionPatterns,
  ReadingsCsvChunkQuerySchema,
  ReadingsPageQuerySchema,
  SiteReportQuerySchema,
} from '@emissions/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parsePayload } from '../rpc/parse-payload';
import { GetSiteReportHandler } from './get-site-report.handler';
import { ReadingsCsvChunkHandler } from './readings-csv-chunk.handler';
import { ReadingsPageHandler } from './readings-page.handler';

@Controller()
export class ReportsRpcController {
  constructor(
    private readonly reports: GetSiteReportHandler,
    private readonly readings: ReadingsPageHandler,
    private readonly csvChunks: ReadingsCsvChunkHandler,
  ) {}

  @MessagePattern(IngestionPatterns.siteReport)
  site(@Payload() payload: unknown) {
    return this.reports.site(parsePayload(SiteReportQuerySchema, payload));
  }

  @MessagePattern(IngestionPatterns.fleetReport)
  fleet(@Payload() payload: unknown) {
    return this.reports.fleet(parsePayload(FleetReportQuerySchema, payload));
  }

  @MessagePattern(IngestionPatterns.readingsPage)
  page(@Payload() payload: unknown) {
    return this.readings.execute(parsePayload(ReadingsPageQuerySchema, payload));
  }

  @MessagePattern(IngestionPatterns.readingsCsvChunk)
  csvChunk(@Payload() payload: unknown) {
    return this.csvChunks.execute(parsePayload(ReadingsCsvChunkQuerySchema, payload));
  }
}
