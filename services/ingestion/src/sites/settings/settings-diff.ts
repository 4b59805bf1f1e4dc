import { compareMasses, type PatchSiteRequest } from '@emissions/contracts';

/** The site's settings as stored, in the contract's representation (decimals as canonical strings). */
export type StoredSettings = {
  name: string;
  emission_limit: string;
  metadata: Record<string, unknown>;
  timezone: string;
  annual_limit: string | null;
  reporting_year_start_month: number;
  near_limit_pct: number;
  super_emitter_kg_h: string;
};

export type SettingsField = keyof StoredSettings;
export type FieldChange = { field: SettingsField; old_value: unknown; new_value: unknown };

const DECIMAL_FIELDS = new Set<SettingsField>(['emission_limit', 'super_emitter_kg_h']);

/** The fields a PATCH really changes, in a stable order; sending the current value is not a change. */
export function diffSettings(stored: StoredSettings, patch: PatchSiteRequest): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(patch).sort() as SettingsField[]) {
    const next = patch[field];
    if (next === undefined) continue;
    const old = stored[field];
    if (!isSame(field, old, next)) changes.push({ field, old_value: old, new_value: next });
  }
  return changes;
}

function isSame(field: SettingsField, old: unknown, next: unknown): boolean {
  if (old === null || next === null) return old === next;
  if (DECIMAL_FIELDS.has(field) || field === 'annual_limit') return compareMasses(String(old), String(next)) === 0;
  if (field === 'metadata') return stableJson(old) === stableJson(next);
  return old === next;
}

/** JSON with object keys sorted, so jsonb's key order and the request's compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
