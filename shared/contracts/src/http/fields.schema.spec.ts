import { describe, expect, it } from 'vitest';
import { AcknowledgeAlertCommandSchema } from '../rpc/alerting.rpc';
import { CreateDeviceKeyCommandSchema } from '../rpc/ingestion.rpc';
import { ResolveAlertRequestSchema } from './alerts.schema';
import { CreateDeviceKeyRequestSchema } from './auth.schema';
import { isStorableText } from './fields.schema';
import { IngestV1RequestSchema, IngestV2RequestSchema } from './ingest.schema';
import { CreateSiteRequestSchema, ListSitesQuerySchema } from './sites.schema';
import { CreateWebhookRequestSchema } from './webhooks.schema';

const NUL = 'a\u0000b';
const LONE_HIGH = 'x\ud800';
const LONE_LOW = '\udc00y';
const BAD = [NUL, LONE_HIGH, LONE_LOW];
const SITE = '6f1c2b9e-3d4a-4b5c-8d7e-9f0a1b2c3d4e';

/** The issues of a refused parse, as [path, contract code] pairs. */
function refusals(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; params?: unknown }[] } } },
  input: unknown,
) {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => [i.path.join('.'), (i.params as { code?: string } | undefined)?.code]);
}

describe('storable text', () => {
  it('accepts any well-formed text, astral characters included, and refuses NUL and unpaired surrogates', () => {
    for (const ok of ['', 'plain', 'Ünïcødé', '🛢️ flare', '\ud83d\ude00', 'tab\tnewline\n']) expect(isStorableText(ok)).toBe(true);
    for (const bad of [...BAD, '\u0000', '\ude00\ud83d', '\ud83d\ud83d\ude00\ude00x\ud800']) expect(isStorableText(bad)).toBe(false);
  });

  it('refuses them in a sensor id (v1 and v2)', () => {
    for (const s of BAD) {
      const v1 = { site_id: SITE, readings: [{ timestamp: '2026-01-01T00:00:00Z', value: 1, sensor_id: s }] };
      expect(refusals(IngestV1RequestSchema, v1)).toEqual([['readings.0.sensor_id', 'invalid_characters']]);
      const v2 = { site_id: SITE, readings: [{ measured_at: '2026-01-01T00:00:00Z', value: 1, unit: 'kg', sensor_id: s }] };
      expect(refusals(IngestV2RequestSchema, v2)).toEqual([['readings.0.sensor_id', 'invalid_characters']]);
    }
  });

  it('refuses them in a site name, and in metadata keys and values at any depth', () => {
    const site = (over: object) => ({ name: 'Site', emission_limit: '10', ...over });
    for (const s of BAD) {
      expect(refusals(CreateSiteRequestSchema, site({ name: s }))).toEqual([['name', 'invalid_characters']]);
      expect(refusals(CreateSiteRequestSchema, site({ metadata: { [s]: 1 } }))).toEqual([[`metadata.${s}`, 'invalid_characters']]);
      expect(refusals(CreateSiteRequestSchema, site({ metadata: { a: { b: [1, { c: s }] } } }))).toEqual([
        ['metadata.a.b.1.c', 'invalid_characters'],
      ]);
      expect(refusals(CreateSiteRequestSchema, site({ metadata: { a: [{ [s]: true }] } }))).toEqual([
        [`metadata.a.0.${s}`, 'invalid_characters'],
      ]);
      expect(refusals(ListSitesQuerySchema, { cursor: s })).toEqual([['cursor', 'invalid_characters']]);
    }
    expect(CreateSiteRequestSchema.parse(site({ metadata: { 'ключ 🛢️': ['ok', { n: 1, s: 'ÿ' }] } })).metadata).toBeDefined();
  });

  it('refuses them in device key labels, alert notes and actors, and webhook fields', () => {
    for (const s of BAD) {
      expect(refusals(CreateDeviceKeyRequestSchema, { label: s })).toEqual([['label', 'invalid_characters']]);
      expect(refusals(CreateDeviceKeyCommandSchema, { site_id: SITE, label: s })).toEqual([['label', 'invalid_characters']]);
      expect(refusals(ResolveAlertRequestSchema, { resolution: 'fixed', note: s })).toEqual([['note', 'invalid_characters']]);
      expect(refusals(AcknowledgeAlertCommandSchema, { id: SITE, by: s })).toEqual([['by', 'invalid_characters']]);
      expect(refusals(CreateWebhookRequestSchema, { url: 'https://example.com/h', event_types: ['alert.raised'], description: s })).toEqual(
        [['description', 'invalid_characters']],
      );
      expect(refusals(CreateWebhookRequestSchema, { url: `https://example.com/${s}`, event_types: ['alert.raised'] })).toContainEqual([
        'url',
        'invalid_characters',
      ]);
    }
  });
});
