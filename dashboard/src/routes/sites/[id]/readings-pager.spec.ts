import type { ExportedReading, ReadingsPage } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { ApiNetworkError } from '$lib/api/api-errors';
import { ReadingsPager } from './readings-pager.svelte';

const reading = (i: number): ExportedReading => ({
  measured_at: `2026-11-0${i}T00:00:00Z`,
  sensor_id: 's1',
  mass_kg: String(i),
  rate_kg_h: null,
  duration_s: null,
  batch_id: '6f1c2c1e-7c1a-4a55-9b1e-2f0d3c4b5a69',
});

function pages(): { calls: Array<string | null>; fetch: (cursor: string | null) => Promise<ReadingsPage> } {
  const calls: Array<string | null> = [];
  return {
    calls,
    fetch: async (cursor) => {
      calls.push(cursor);
      return cursor === null ? { data: [reading(1), reading(2)], next_cursor: 'c2' } : { data: [reading(3)], next_cursor: null };
    },
  };
}

describe('ReadingsPager', () => {
  it('appends the next page by its cursor and stops at the last', async () => {
    const source = pages();
    const pager = new ReadingsPager(source.fetch);
    await pager.refresh();
    expect(pager.rows?.map((r) => r.mass_kg)).toEqual(['1', '2']);
    expect(pager.hasMore).toBe(true);
    await pager.loadMore();
    expect(pager.rows?.map((r) => r.mass_kg)).toEqual(['1', '2', '3']);
    expect(pager.hasMore).toBe(false);
    await pager.loadMore();
    expect(source.calls).toEqual([null, 'c2']);
  });

  it('refreshes the last page shown by its cursor and keeps the pages before it', async () => {
    const source = pages();
    const pager = new ReadingsPager(source.fetch);
    await pager.refresh();
    await pager.loadMore();
    await pager.refresh();
    expect(source.calls).toEqual([null, 'c2', 'c2']);
    expect(pager.rows?.map((r) => r.mass_kg)).toEqual(['1', '2', '3']);
    expect(pager.hasMore).toBe(false);
  });

  it('shows new readings of the last page on refresh, once each', async () => {
    let tail = [reading(3)];
    const pager = new ReadingsPager(async (cursor) =>
      cursor === null ? { data: [reading(1), reading(2)], next_cursor: 'c2' } : { data: tail, next_cursor: null },
    );
    await pager.refresh();
    await pager.loadMore();
    tail = [reading(3), reading(4)];
    await pager.refresh();
    expect(pager.rows?.map((r) => r.mass_kg)).toEqual(['1', '2', '3', '4']);
  });

  it('keeps the rows shown when a page fails, and says why', async () => {
    let fail = false;
    const pager = new ReadingsPager(async (cursor) => {
      if (fail) throw new ApiNetworkError('network');
      return { data: [reading(1)], next_cursor: cursor ? null : 'c2' };
    });
    await pager.refresh();
    fail = true;
    await pager.loadMore();
    expect(pager.rows).toHaveLength(1);
    expect(pager.error).toMatch(/connection failed/);
    expect(pager.hasMore).toBe(true);
  });
});
