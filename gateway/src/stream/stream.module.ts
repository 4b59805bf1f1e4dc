import { Module } from '@nestjs/common';
import { SiteUpdatesHub } from './site-updates.hub';
import { StreamController } from './stream.controller';

@Module({ controllers: [StreamController], providers: [SiteUpdatesHub] })
export class StreamModule {}
