import { IngestV1RequestSchema, IngestV2RequestSchema } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { payloadFingerprint } from './payload-fingerprint';

const site = '6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c01';
const normalised = (readings: unknown[]) => IngestV1RequestSchema.parse({ site_id: site, readings }).readings;

describe('payloadFingerprint', () => {
  it('is the same for reordered readings and equal spellings of values and instants', () => {
    const a = normalised([
      { timestamp: '2026-01-01T00:00:00Z', value: 5.5, sensor_id: 'x' },
      { timestamp: '2026-01-01T00:01:00Z', value: 1 },
    ]);
    const b = normalised([
      { timestamp: '2026-01-01T00:01:00+00:00', value: '1.000' },
      { timestamp: '2026-01-01T01:00:00+01:00', value: '5.50', sensor_id: 'x' },
    ]);
    expect(payloadFingerprint(site, a)).toBe(payloadFingerprint(site, b));
  });

  it('differs when a value, a sensor, a time or the site differs', () => {
    const base = normalised([{ timestamp: '2026-01-01T00:00:00Z', value: 1, sensor_id: 'x' }]);
    const variants = [
      normalised([{ timestamp: '2026-01-01T00:00:00Z', value: '1.000001', sensor_id: 'x' }]),
      normalised([{ timestamp: '2026-01-01T00:00:00Z', value: 1, sensor_id: 'y' }]),
      normalised([{ timestamp: '2026-01-01T00:00:00.000001Z', value: 1, sensor_id: 'x' }]),
    ];
    const fp = payloadFingerprint(site, base);
    for (const v of variants) expect(payloadFingerprint(site, v)).not.toBe(fp);
    expect(payloadFingerprint('6f1c1c3e-8d3b-4c43-9d0e-2b1f6b7a9c02', base)).not.toBe(fp);
  });

  it('tells the same mass sent as a mass and as a rate apart, and a rate over another interval', () => {
    const v2 = (readings: unknown[]) => IngestV2RequestSchema.parse({ site_id: site, readings }).readings;
    const at = '2026-01-01T00:00:00Z';
    const asMass = v2([{ sensor_id: 'x', measured_at: at, value: 1, unit: 'kg' }]);
    const asRate = v2([{ sensor_id: 'x', measured_at: at, value: 60, unit: 'kg/h', duration_s: 60 }]);
    const otherInterval = v2([{ sensor_id: 'x', measured_at: at, value: 120, unit: 'kg/h', duration_s: 30 }]);
    expect(asMass[0].value).toBe(asRate[0].value);
    const fingerprints = new Set([asMass, asRate, otherInterval].map((r) => payloadFingerprint(site, r)));
    expect(fingerprints.size).toBe(3);
    // A mass reading's fingerprint is what it was before rates existed (stored v1 keys still match).
    expect(payloadFingerprint(site, asMass)).toBe(payloadFingerprint(site, normalised([{ timestamp: at, value: 1, sensor_id: 'x' }])));
  });
});
