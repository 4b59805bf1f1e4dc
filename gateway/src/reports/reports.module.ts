import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ReportsController } from './reports.controller';

@Module({ imports: [AlertsModule], controllers: [ReportsController] })
export class ReportsModule {}
