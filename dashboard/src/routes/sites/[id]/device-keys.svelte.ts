import { type CreatedDeviceKey, CreateDeviceKeyRequestSchema, type DeviceKey } from '@emissions/contracts';
import type { ApiClient } from '$lib/api/api.client';
import { describeApiError } from '$lib/api/api-errors';

export type DeviceKeysApi = Pick<ApiClient, 'listDeviceKeys' | 'createDeviceKey' | 'revokeDeviceKey'>;

/**
 * The device keys of one site, as the operator manages them. The secret of a newly created key is held
 * in memory for this view only (never in localStorage or anywhere else): shown once, then gone.
 */
export class DeviceKeysPanel {
  keys = $state<DeviceKey[] | null>(null);
  loadError = $state<string | null>(null);
  label = $state('');
  labelError = $state<string | undefined>(undefined);
  creating = $state(false);
  createError = $state<string | null>(null);
  created = $state<CreatedDeviceKey | null>(null);
  /** The key whose revocation waits for the operator's confirmation. */
  confirmingRevoke = $state<string | null>(null);
  revoking = $state(false);
  revokeError = $state<string | null>(null);

  constructor(
    readonly siteId: string,
    readonly api: DeviceKeysApi,
  ) {}

  async load(): Promise<void> {
    try {
      this.keys = await this.api.listDeviceKeys(this.siteId);
      this.loadError = null;
    } catch (error) {
      this.loadError = describeApiError(error);
    }
  }

  async create(): Promise<void> {
    const check = CreateDeviceKeyRequestSchema.safeParse(this.label.trim() ? { label: this.label } : {});
    this.labelError = check.success ? undefined : check.error.issues[0]?.message;
    if (!check.success) return;
    this.creating = true;
    this.createError = null;
    try {
      const created = await this.api.createDeviceKey(this.siteId, check.data);
      this.created = created;
      this.label = '';
      const { key: _secret, ...listed } = created;
      this.keys = [listed, ...(this.keys ?? []).filter((k) => k.id !== created.id)];
    } catch (error) {
      this.createError = describeApiError(error);
    } finally {
      this.creating = false;
    }
  }

  /** The operator has copied (or given up on) the secret: forget it. */
  dismissSecret(): void {
    this.created = null;
  }

  askRevoke(keyId: string): void {
    this.confirmingRevoke = keyId;
    this.revokeError = null;
  }

  cancelRevoke(): void {
    this.confirmingRevoke = null;
  }

  async revoke(keyId: string): Promise<void> {
    this.revoking = true;
    this.revokeError = null;
    try {
      const revoked = await this.api.revokeDeviceKey(this.siteId, keyId);
      this.keys = (this.keys ?? []).map((k) => (k.id === keyId ? revoked : k));
      if (this.created?.id === keyId) this.created = null;
      this.confirmingRevoke = null;
    } catch (error) {
      this.revokeError = describeApiError(error);
    } finally {
      this.revoking = false;
    }
  }
}
