import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ComplianceBadge from './ComplianceBadge.svelte';
import UtilizationBar from './UtilizationBar.svelte';

describe('ComplianceBadge', () => {
  it('says the status in words, not only in colour', () => {
    const { body } = render(ComplianceBadge, { props: { status: 'Limit Exceeded' } });
    expect(body).toContain('Limit Exceeded');
    expect(body).toMatch(/class="badge[^"]*exceeded/);
  });
});

describe('UtilizationBar', () => {
  it('caps the bar at 100 % but states the real figure', () => {
    const { body } = render(UtilizationBar, { props: { percent: 250, status: 'Limit Exceeded', label: 'Utilization of A' } });
    expect(body).toContain('aria-valuenow="100"');
    expect(body).toContain('250.00 %');
    expect(body).toContain('aria-label="Utilization of A"');
  });

  it('takes its colour from the status: exactly at the limit is within, a hair over is exceeded', () => {
    const at = render(UtilizationBar, { props: { percent: 100, status: 'Within Limit', label: 'at' } }).body;
    const over = render(UtilizationBar, { props: { percent: 100, status: 'Limit Exceeded', label: 'over' } }).body;
    expect(at).toContain('data-level="near"');
    expect(at).toContain('100.00 %');
    expect(over).toContain('data-level="over"');
    expect(over).toMatch(/(&gt;|>) 100.00 %/);
  });
});
