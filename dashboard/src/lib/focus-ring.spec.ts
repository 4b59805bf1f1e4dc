import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** WCAG relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('focus ring', () => {
  it('contrasts at least 3:1 with the page and with the header it also appears on', () => {
    const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');
    const focus = /--focus:\s*(#[0-9a-f]{6})/i.exec(css)?.[1] ?? '';
    const layout = readFileSync(new URL('../routes/+layout.svelte', import.meta.url), 'utf8');
    const header = /header \{[^}]*background:\s*(#[0-9a-f]{6})/i.exec(layout)?.[1] ?? '';
    expect(contrast(focus, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(contrast(focus, header)).toBeGreaterThanOrEqual(3);
  });
});
