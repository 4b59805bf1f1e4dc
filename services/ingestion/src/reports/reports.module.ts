import { Module } from '@nestjs/common';
import { GetSiteReportHandler } from './get-site-report.handler';
import { ReadingsCsvChunkHandler } from './readings-csv-chunk.handler';
import { ReadingsPageHandler } from './readings-page.handler';
import { ReportsRpcController } from './reports.rpc.controller';

/** Reports and exports: read-only queries over the rollup and the readings. */
@Module({
  controllers: [ReportsRpcController],
  providers: [GetSiteReportHandler, ReadingsPageHandler, ReadingsCsvChunkHandler],
})
export class ReportsModule {}
