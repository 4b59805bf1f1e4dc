import { type CreateSiteInput, CreateSiteRequestSchema } from '@emissions/contracts';
import { type FieldErrorMap, fieldErrorsFromIssues } from '$lib/forms/field-errors';

export interface SiteFormValues {
  name: string;
  emission_limit: string;
  /** Optional JSON object typed by the operator; empty means `{}`. */
  metadata: string;
}

export type SiteFormCheck = { ok: true; body: CreateSiteInput } | { ok: false; errors: FieldErrorMap };

/** Validates with the same schema the server uses, so the browser shows the same messages first. */
export function checkSiteForm(values: SiteFormValues): SiteFormCheck {
  let metadata: unknown = {};
  if (values.metadata.trim()) {
    try {
      metadata = JSON.parse(values.metadata);
    } catch {
      return { ok: false, errors: { metadata: 'must be a JSON object, e.g. {"region": "Permian"}' } };
    }
  }
  const body = { name: values.name, emission_limit: values.emission_limit.trim(), metadata };
  const parsed = CreateSiteRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromIssues(parsed.error.issues) };
  // Send what the user typed (trimmed), not the parsed form: the server normalises it again.
  return { ok: true, body: { ...body, metadata: metadata as Record<string, unknown> } };
}
