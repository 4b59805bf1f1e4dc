import { MAX_EVENTS_PER_JOB } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { jobGroupsOf, outboxEventsJobId } from './batch-ingested.publisher';

const mass = (id: string) => ({ id, payload: { event_id: id, type: 'batch.ingested' } });
const rate = (id: string) => ({ id, payload: { event_id: id, type: 'batch.ingested', rate_readings: [{ sensor_id: 's' }] } });
const ids = (groups: Array<Array<{ id: string }>>) => groups.map((g) => g.map((e) => e.id));

describe('jobGroupsOf', () => {
  it('groups events without rate readings in commit order and gives each event with rate readings a job of its own', () => {
    const events = [mass('a'), rate('r1'), mass('b'), { id: 'c', payload: { rate_readings: [] } }, rate('r2'), mass('d')];
    expect(ids(jobGroupsOf(events))).toEqual([['a', 'b', 'c', 'd'], ['r1'], ['r2']]);
  });

  it(`splits a long run of grouped events every ${MAX_EVENTS_PER_JOB} events`, () => {
    const events = Array.from({ length: MAX_EVENTS_PER_JOB * 2 + 1 }, (_, i) => mass(`e${i}`));
    expect(jobGroupsOf(events).map((g) => g.length)).toEqual([MAX_EVENTS_PER_JOB, MAX_EVENTS_PER_JOB, 1]);
  });

  it('gives a re-sent claim the same job ids', () => {
    const claim = () => [mass('a'), rate('r1'), mass('b')];
    const jobIds = (groups: Array<Array<{ id: string }>>) => groups.map((g) => outboxEventsJobId(g.map((e) => e.id)));
    expect(jobIds(jobGroupsOf(claim()))).toEqual(jobIds(jobGroupsOf(claim())));
    expect(new Set(jobIds(jobGroupsOf(claim()))).size).toBe(2);
  });

  it('has no job for an empty claim', () => {
    expect(jobGroupsOf([])).toEqual([]);
  });
});
