import { Module } from '@nestjs/common';
import { MeasurementPartitionMaintainer } from './measurement-partition.maintainer';

@Module({ providers: [MeasurementPartitionMaintainer], exports: [MeasurementPartitionMaintainer] })
export class PartitionsModule {}
