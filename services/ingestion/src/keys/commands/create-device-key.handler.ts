import { randomUUID } from 'node:crypto';
import type { CreateDeviceKeyCommand, CreatedDeviceKey } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { newDeviceKeySecret } from '../device-key-secret';
import { DeviceKeyRepository } from '../device-key.repository';

/** 36^8 ≈ 2.8·10^12 prefixes: one collision is astronomically rare, five in a row means something else is wrong. */
const MAX_PREFIX_DRAWS = 5;

/** Creates a device key for a site; the answer is the only place the key itself ever appears. */
@Injectable()
export class CreateDeviceKeyHandler {
  constructor(private readonly keys: DeviceKeyRepository) {}

  async execute(command: CreateDeviceKeyCommand): Promise<CreatedDeviceKey> {
    for (let draw = 1; draw <= MAX_PREFIX_DRAWS; draw++) {
      const secret = newDeviceKeySecret();
      const stored = await this.keys.insert({
        id: randomUUID(),
        siteId: command.site_id,
        prefix: secret.prefix,
        sha256: secret.sha256,
        label: command.label,
      });
      if (stored) return { ...stored, key: secret.key };
    }
    throw new Error(`no free device key prefix after ${MAX_PREFIX_DRAWS} draws`);
  }
}
