import type { DeviceKeyList, ListDeviceKeysQuery } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { DeviceKeyRepository } from '../device-key.repository';

/** A site's device keys, revoked ones included, newest first. */
@Injectable()
export class ListDeviceKeysHandler {
  constructor(private readonly keys: DeviceKeyRepository) {}

  async execute(query: ListDeviceKeysQuery): Promise<DeviceKeyList> {
    return { data: await this.keys.listBySite(query.site_id) };
  }
}
