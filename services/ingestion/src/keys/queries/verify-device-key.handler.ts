import { timingSafeEqual } from 'node:crypto';
import type { DeviceKeyVerdict, VerifyDeviceKeyQuery } from '@emissions/contracts';
import { Injectable } from '@nestjs/common';
import { DeviceKeyRepository } from '../device-key.repository';

const INVALID: DeviceKeyVerdict = { valid: false };

/**
 * The hot path of every device request: one lookup on the unique prefix index, no writes. The gateway
 * sends the SHA-256 of the whole presented key; the digests are compared in constant time.
 */
@Injectable()
export class VerifyDeviceKeyHandler {
  constructor(private readonly keys: DeviceKeyRepository) {}

  async execute(query: VerifyDeviceKeyQuery): Promise<DeviceKeyVerdict> {
    const stored = await this.keys.findDigestByPrefix(query.prefix);
    if (!stored) return INVALID;
    // Both are 32 bytes: the schema admits 64 hex digits only and the table checks the stored length.
    const matches = timingSafeEqual(stored.secret_sha256, Buffer.from(query.secret_sha256, 'hex'));
    if (!matches || stored.revoked) return INVALID;
    return { valid: true, key_id: stored.id, site_id: stored.site_id };
  }
}
