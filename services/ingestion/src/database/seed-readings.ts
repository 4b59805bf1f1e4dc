export type DemoSite = { id: string; name: string; limit: string; kgPerHour: number; metadata: Record<string, unknown> };

export const SEED_DAYS = 60;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SeedBatch {
  /** Idempotency key: the day and how many of its hours it holds, so a rerun within the hour replays. */
  key: string;
  readings: Array<{ timestamp: string; value: string; sensor_id: string }>;
}

/**
 * The demo readings of one site for the last SEED_DAYS days up to `now`: four sensors, one reading each per
 * completed hour, with a deterministic wobble. Relative to now, so a fresh install's 24 h / 7 d / 30 d windows
 * hold data. One batch per UTC day (at most 96 readings); today's batch grows with the hours that have passed,
 * and its readings already stored are skipped as duplicates, so totals never count one twice.
 */
export function seedBatches(site: DemoSite, now: Date): SeedBatch[] {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const batches: SeedBatch[] = [];
  for (let back = SEED_DAYS - 1; back >= 0; back--) {
    const dayStart = today - back * DAY;
    const hours = back === 0 ? Math.floor((now.getTime() - dayStart) / HOUR) : 24;
    if (hours === 0) continue;
    const dayIndex = Math.floor(dayStart / DAY);
    const readings = Array.from({ length: hours * 4 }, (_, i) => {
      const sensor = i % 4;
      const hour = Math.floor(i / 4);
      const wobble = 1 + 0.25 * Math.sin(dayIndex / 3 + sensor);
      return {
        timestamp: new Date(dayStart + hour * HOUR).toISOString(),
        value: (site.kgPerHour * wobble).toFixed(3),
        sensor_id: `sensor-${sensor + 1}`,
      };
    });
    batches.push({ key: `seed-${new Date(dayStart).toISOString().slice(0, 10)}-${hours}h`, readings });
  }
  return batches;
}
