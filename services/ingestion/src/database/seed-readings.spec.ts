import { describe, expect, it } from 'vitest';
import { SEED_DAYS, seedBatches } from './seed-readings';

const site = { id: '5e6f1a2b-0000-4000-8000-000000000001', name: 'Pad', limit: '1', kgPerHour: 2.5, metadata: {} };

describe('demo seed readings', () => {
  it('ends at the last completed hour before now and starts SEED_DAYS days back, so every window holds data', () => {
    const now = new Date('2031-05-10T13:20:00Z');
    const times = seedBatches(site, now).flatMap((b) => b.readings.map((r) => Date.parse(r.timestamp)));
    expect(Math.max(...times)).toBe(Date.parse('2031-05-10T12:00:00Z'));
    expect(Math.min(...times)).toBe(Date.parse('2031-03-12T00:00:00Z'));
    expect(times.filter((t) => t > now.getTime() - 86_400_000).length).toBeGreaterThan(0);
    expect(new Date(Math.min(...times)).getTime()).toBeGreaterThan(now.getTime() - SEED_DAYS * 86_400_000 - 86_400_000);
  });

  it('gives the same batches (keys and readings) for the same hour, and never more than 100 readings a batch', () => {
    const a = seedBatches(site, new Date('2031-05-10T13:20:00Z'));
    const b = seedBatches(site, new Date('2031-05-10T13:59:59Z'));
    expect(b).toEqual(a);
    expect(Math.max(...a.map((x) => x.readings.length))).toBeLessThanOrEqual(100);
    expect(new Set(a.map((x) => x.key)).size).toBe(a.length);
  });
});
