import { Module } from '@nestjs/common';
import { PipelineMetricsCollector } from './pipeline-metrics.collector';

@Module({ providers: [PipelineMetricsCollector] })
export class PipelineMetricsModule {}
