import { ExactDecimal, type PatchSiteInput, PatchSiteRequestSchema, type Site } from '@emissions/contracts';
import { type FieldErrorMap, fieldErrorsFromIssues } from '$lib/forms/field-errors';

/** The settings form as typed: text everywhere, so a half-typed number is never lost. */
export interface SettingsFormValues {
  name: string;
  emission_limit: string;
  /** Empty means "no annual limit" (`null`). */
  annual_limit: string;
  reporting_year_start_month: string;
  near_limit_pct: string;
  super_emitter_kg_h: string;
  timezone: string;
  /** A JSON object. */
  metadata: string;
}

export const SETTINGS_FIELDS = [
  'name',
  'emission_limit',
  'annual_limit',
  'reporting_year_start_month',
  'near_limit_pct',
  'super_emitter_kg_h',
  'timezone',
  'metadata',
] as const;

/** The form filled from the site as the API returns it, with the contract's defaults for what it omits. */
export function settingsFromSite(site: Site): SettingsFormValues {
  return {
    name: site.name,
    emission_limit: site.emission_limit,
    annual_limit: site.annual_limit ?? '',
    reporting_year_start_month: String(site.reporting_year_start_month ?? 1),
    near_limit_pct: String(site.near_limit_pct ?? 80),
    super_emitter_kg_h: site.super_emitter_kg_h ?? '100',
    timezone: site.timezone ?? 'UTC',
    metadata: JSON.stringify(site.metadata ?? {}, null, 2),
  };
}

export type SettingsCheck = { ok: true; body: PatchSiteInput | null } | { ok: false; errors: FieldErrorMap };

function sameDecimal(a: string, b: string): boolean {
  try {
    return new ExactDecimal(a).equals(b);
  } catch {
    return false;
  }
}

/**
 * The PATCH body: only the fields that differ from the site (each becomes one change-log row), checked with the
 * server's own schema so the browser shows the same messages first. `body` is null when nothing changed.
 */
export function checkSettings(site: Site, values: SettingsFormValues): SettingsCheck {
  const before = settingsFromSite(site);
  const body: Record<string, unknown> = {};
  if (values.name.trim() !== before.name) body.name = values.name;
  const limit = values.emission_limit.trim();
  if (!sameDecimal(limit, before.emission_limit)) body.emission_limit = limit;
  const annual = values.annual_limit.trim();
  if (annual === '' ? before.annual_limit !== '' : !sameDecimal(annual, before.annual_limit))
    body.annual_limit = annual === '' ? null : annual;
  if (values.reporting_year_start_month !== before.reporting_year_start_month)
    body.reporting_year_start_month = Number(values.reporting_year_start_month);
  const pct = values.near_limit_pct.trim();
  if (Number(pct) !== Number(before.near_limit_pct) || pct === '') body.near_limit_pct = pct === '' ? Number.NaN : Number(pct);
  const superEmitter = values.super_emitter_kg_h.trim();
  if (!sameDecimal(superEmitter, before.super_emitter_kg_h)) body.super_emitter_kg_h = superEmitter;
  if (values.timezone.trim() !== before.timezone) body.timezone = values.timezone.trim();
  try {
    const metadata: unknown = values.metadata.trim() ? JSON.parse(values.metadata) : {};
    if (JSON.stringify(metadata) !== JSON.stringify(site.metadata ?? {})) body.metadata = metadata;
  } catch {
    return { ok: false, errors: { metadata: 'must be a JSON object, e.g. {"basin": "Permian"}' } };
  }
  if (Object.keys(body).length === 0) return { ok: true, body: null };
  const parsed = PatchSiteRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromIssues(parsed.error.issues) };
  return { ok: true, body: body as PatchSiteInput };
}

/** A change-log value for people: null as "none", objects as compact JSON, everything else as text. */
export function formatChangeValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
