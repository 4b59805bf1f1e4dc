import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { WebhooksController } from './webhooks.controller';

/** Webhooks are kept and delivered by the alerting service; the gateway only exposes them. */
@Module({ imports: [AlertsModule], controllers: [WebhooksController] })
export class WebhooksModule {}
