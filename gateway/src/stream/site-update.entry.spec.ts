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

  const siteUpdate = { site_id: '6f1c2b9e-3d4a-4b5c-8d7e-9f0a1b2c3d4e', total_emissions_to_date: '1.5', compliance_status: 'Within Limit' };
  const alertChange = {
    id: '7f1c2b9e-3d4a-4b5c-8d7e-9f0a1b2c3d4e',
    site_id: siteUpdate.site_id,
    type: 'limit_exceeded',
    status: 'open',
    action: 'raised',
  };

  it('passes entries whose payload fits the shared schema of their event, re-serialised from the parsed value', () => {
    expect(
      toEntries([
        ['1-0', ['data', JSON.stringify({ ...siteUpdate, injected: '<script>' })]],
        ['2-0', ['event', 'alert.changed', 'data', JSON.stringify(alertChange)]],
      ]),
    ).toEqual([
      { id: '1-0', data: JSON.stringify(siteUpdate) },
      { id: '2-0', data: JSON.stringify(alertChange), event: 'alert.changed' },
    ]);
  });

  it('drops, and reports, entries without data, with an unknown event, or with a payload outside the schema', () => {
    const invalid: string[] = [];
    const entries = toEntries(
      [
        ['1-0', ['other', 'x']],
        ['2-0', ['event', 'evil\ndata: x', 'data', JSON.stringify(siteUpdate)]],
        ['3-0', ['data', 'not json']],
        ['4-0', ['data', JSON.stringify({ ...siteUpdate, compliance_status: 'Fine' })]],
        ['5-0', ['event', 'alert.changed', 'data', JSON.stringify(siteUpdate)]],
        ['6-0', ['event', '__proto__', 'data', '{}']],
        ['7-0', ['data', `{\n"site_id": "${siteUpdate.site_id}"}\n\nevent: alert.changed`]],
      ],
      ({ id, reason }) => invalid.push(`${id} ${reason}`),
    );
    expect(entries).toEqual([]);
    expect(invalid).toEqual([
      '1-0 no data field',
      '2-0 unknown event name',
      '3-0 payload outside the site.updated schema',
      '4-0 payload outside the site.updated schema',
      '5-0 payload outside the alert.changed schema',
      '6-0 unknown event name',
      '7-0 payload outside the site.updated schema',
    ]);
  });
});
