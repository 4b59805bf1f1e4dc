import { createHash, randomBytes, randomInt } from 'node:crypto';

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const PREFIX_LENGTH = 8;
const SECRET_BYTES = 32;

export type NewDeviceKeySecret = {
  /** The whole key, `emk_<prefix>_<secret>`: handed out once, never stored. */
  key: string;
  prefix: string;
  /** SHA-256 of the whole key, the only form in which it is stored and compared. */
  sha256: Buffer;
};

/** A fresh device key: 8 unbiased [a-z0-9] prefix characters and 32 random bytes as base64url (43 characters). */
export function newDeviceKeySecret(): NewDeviceKeySecret {
  const prefix = Array.from({ length: PREFIX_LENGTH }, () => PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)]).join('');
  const key = `emk_${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix, sha256: sha256(key) };
}

export function sha256(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
