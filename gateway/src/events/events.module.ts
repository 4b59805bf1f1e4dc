import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { EventsController } from './events.controller';

/** Emission events are derived and kept by the alerting service; the gateway only exposes them. */
@Module({ imports: [AlertsModule], controllers: [EventsController] })
export class EventsModule {}
