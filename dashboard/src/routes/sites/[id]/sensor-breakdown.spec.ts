import type { SensorBreakdown } from '@emissions/contracts';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import SensorBreakdownPanel from './SensorBreakdownPanel.svelte';
import { rangeQuery, sensorRows } from './sensor-breakdown';

const breakdown: SensorBreakdown = {
  site_id: '6f1c2b9e-3d4a-4b5c-8d7e-9f0a1b2c3d4e',
  timezone: 'UTC',
  from: null,
  to: null,
  start: null,
  end: null,
  total_kg: '1234.5',
  readings: 4,
  sensor_count: 3,
  data: [
    {
      sensor_id: 'flare',
      total_kg: '1000',
      readings: 2,
      first_measured_at: '2026-03-01T00:00:00Z',
      last_measured_at: '2026-03-02T00:00:00Z',
      share_pct: 81.0,
    },
    {
      sensor_id: 'tank',
      total_kg: '234.5',
      readings: 1,
      first_measured_at: '2026-03-01T00:00:00Z',
      last_measured_at: '2026-03-01T00:00:00Z',
      share_pct: 19.0,
    },
  ],
};

describe('per-sensor breakdown panel', () => {
  it('asks for whole local months of the site zone, the next month exclusive', () => {
    // 2026-01-31T15:00Z is already February in Tokyo, still January in UTC.
    const now = new Date('2026-01-31T15:00:00Z');
    expect(rangeQuery('all', now, 'Asia/Tokyo')).toEqual({});
    expect(rangeQuery('this-month', now, 'Asia/Tokyo')).toEqual({ from: '2026-02', to: '2026-03' });
    expect(rangeQuery('this-month', now, 'UTC')).toEqual({ from: '2026-01', to: '2026-02' });
    expect(rangeQuery('last-12-months', new Date('2026-12-15T00:00:00Z'), 'UTC')).toEqual({ from: '2026-01', to: '2027-01' });
  });

  it('keeps the API order and exact figures, with bars relative to the largest sensor', () => {
    expect(sensorRows(breakdown)).toEqual([
      { sensor: 'flare', kg: '1,000', readings: 2, share: '81.00 %', barPct: 100, last: '2026-03-02T00:00:00Z' },
      { sensor: 'tank', kg: '234.5', readings: 1, share: '19.00 %', barPct: 23, last: '2026-03-01T00:00:00Z' },
    ]);
    expect(sensorRows({ ...breakdown, data: [{ ...breakdown.data[0], total_kg: '0', share_pct: null }] })[0]).toMatchObject({
      share: '–',
      barPct: 0,
    });
  });

  it('renders a table worst first that says how many sensors are left out, and honest empty and error states', () => {
    const { body } = render(SensorBreakdownPanel, { props: { breakdown, error: null, zone: 'UTC' } });
    expect(body).toContain('3 sensors, 1,234.5 kg CH4 in all');
    expect(body).toContain('(the 2 largest shown)');
    expect(body.indexOf('flare')).toBeLessThan(body.indexOf('tank'));
    expect(
      render(SensorBreakdownPanel, { props: { breakdown: { ...breakdown, sensor_count: 0, data: [] }, error: null, zone: 'UTC' } }).body,
    ).toContain('No readings in this period.');
    expect(render(SensorBreakdownPanel, { props: { breakdown: null, error: 'The API is unreachable.', zone: 'UTC' } }).body).toContain(
      'could not be loaded. The API is unreachable.',
    );
  });
});
