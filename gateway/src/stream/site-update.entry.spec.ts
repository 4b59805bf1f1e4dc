import { describe, expect, it } from 'vitest';
import { compareStreamIds, isStreamId, toEntries } from './site-update.entry';

describe('site update stream entries', () => {
  it('orders stream ids numerically, not as text', () => {
    expect(compareStreamIds('9-0', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('10-1', '10-1')).toBe(0);
  });

  it('accepts only well-formed Last-Event-ID values', () => {
    expect(isStreamId('1795790503090-0')).toBe(true);
    expect(isStreamId('abc')).toBe(false);
    expect(isStreamId('1-2-3')).toBe(false);
  });

  it('keeps the data field of each entry', () => {
    expect(
      toEntries([
        ['1-0', ['data', '{"a":1}']],
        ['2-0', ['other', 'x']],
      ]),
    ).toEqual([{ id: '1-0', data: '{"a":1}' }]);
  });

  it('names alert.changed entries and sends any other event name as site.updated', () => {
    expect(
      toEntries([
        ['1-0', ['event', 'alert.changed', 'data', '{"id":"a"}']],
        ['2-0', ['event', 'evil\ndata: x', 'data', '{}']],
        ['3-0', ['data', 'event']],
      ]),
    ).toEqual([
      { id: '1-0', data: '{"id":"a"}', event: 'alert.changed' },
      { id: '2-0', data: '{}' },
      { id: '3-0', data: 'event' },
    ]);
  });
});
