import { z } from 'zod';
import { storableText, UuidSchema } from './fields.schema';

/**
 * Device keys: `emk_` + 8-character public prefix + `_` + 43-character base64url secret (32 random bytes).
 * The prefix identifies a key in lists and logs; only the SHA-256 of the whole key is stored.
 */
export const DEVICE_KEY_PATTERN = /^emk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
export const DEVICE_KEY_PREFIX_LENGTH = 8;

/** What a credential may do: operators manage and read everything; a device key writes to (and reads) one site. */
export const CREDENTIAL_KINDS = ['operator', 'device'] as const;
export const CredentialKindSchema = z.enum(CREDENTIAL_KINDS);
export type CredentialKind = z.infer<typeof CredentialKindSchema>;

export const CreateDeviceKeyRequestSchema = z.strictObject({
  label: storableText(
    z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(120, { error: 'must be at most 120 characters' }),
  ).optional(),
});
export type CreateDeviceKeyRequest = z.infer<typeof CreateDeviceKeyRequestSchema>;

/** A device key as listed: never its secret, only the prefix that identifies it. */
export const DeviceKeySchema = z.object({
  id: UuidSchema,
  site_id: UuidSchema,
  kind: z.literal('device'),
  prefix: z.string(),
  label: z.string().nullable(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});
export type DeviceKey = z.infer<typeof DeviceKeySchema>;

/** The answer to key creation: the only time the secret `key` is ever shown. */
export const CreatedDeviceKeySchema = DeviceKeySchema.extend({ key: z.string().regex(DEVICE_KEY_PATTERN) });
export type CreatedDeviceKey = z.infer<typeof CreatedDeviceKeySchema>;

export const DeviceKeyListSchema = z.object({ data: z.array(DeviceKeySchema) });
export type DeviceKeyList = z.infer<typeof DeviceKeyListSchema>;

export const DeviceKeyParamsSchema = z.object({ id: UuidSchema, keyId: UuidSchema });

/** Operator sign-in for the dashboard: an operator key in, a session cookie out. */
export const SignInRequestSchema = z.strictObject({
  api_key: z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(512, { error: 'must be at most 512 characters' }),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

/** Who the caller is, as `GET /api/v1/session` answers it. */
export const SessionSchema = z.object({
  kind: CredentialKindSchema,
  /** How the caller was recognised: a session cookie, a bearer key, or (development only) a loopback address. */
  via: z.enum(['cookie', 'bearer', 'loopback']),
  site_id: UuidSchema.nullable(),
  expires_at: z.string().nullable(),
});
export type Session = z.infer<typeof SessionSchema>;
