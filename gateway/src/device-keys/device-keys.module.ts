import { Module } from '@nestjs/common';
import { DeviceKeysController } from './device-keys.controller';

@Module({ controllers: [DeviceKeysController] })
export class DeviceKeysModule {}
