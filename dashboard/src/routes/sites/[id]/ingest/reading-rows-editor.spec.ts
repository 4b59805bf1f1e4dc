import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { ReadingRow } from '$lib/ingest/reading-rows';
import ReadingRowsEditor from './ReadingRowsEditor.svelte';

const row = (id: number, unit: ReadingRow['unit']): ReadingRow => ({
  id,
  sensor_id: 's',
  measured_at: '2026-01-01T00:00:00Z',
  value: '1',
  unit,
  duration_s: '',
});

describe('the readings editor', () => {
  it('offers the rate units and asks for a duration only on rows with a rate unit', () => {
    const { body } = render(ReadingRowsEditor, {
      props: { rows: [row(1, 'kg'), row(2, 'kg/h'), row(3, 'scf/h')], errors: {}, onAdd: () => {} },
    });
    expect(body).toContain('<option value="kg/h"');
    expect(body).toContain('<option value="scf/h"');
    expect(body).not.toContain('id="row-1-duration_s"');
    expect(body).toContain('id="row-2-duration_s"');
    expect(body).toContain('id="row-3-duration_s"');
  });

  it('shows a duration error beside the duration input it belongs to', () => {
    const errors = { 'readings[0].duration_s': 'must be >= 1' };
    const { body } = render(ReadingRowsEditor, { props: { rows: [row(7, 'kg/h')], errors, onAdd: () => {} } });
    expect(body).toMatch(/id="row-7-duration_s"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="row-7-duration_s"/);
    expect(body).toContain('id="row-7-duration_s-error"');
    expect(body).toMatch(/id="row-7-duration_s-error"[^>]*>must be (&gt;|>)= 1</);
  });
});
