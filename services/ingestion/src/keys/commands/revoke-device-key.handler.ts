import type { DeviceKey, RevokeDeviceKeyCommand } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { DeviceKeyRepository } from '../device-key.repository';

/** Revokes a site's key for every gateway at once (each request verifies against the table); idempotent. */
@Injectable()
export class RevokeDeviceKeyHandler {
  constructor(private readonly keys: DeviceKeyRepository) {}

  execute(command: RevokeDeviceKeyCommand): Promise<DeviceKey> {
    return this.keys.revoke(command.site_id, command.key_id);
  }
}
