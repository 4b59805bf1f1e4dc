import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 grows the old generation past the live heap after each full collection. Under load the
 * in-flight batches that outlive two scavenges are promoted; with V8's own factor (up to 4× the live heap)
 * that garbage waited for a mark-compact at about 145 MB and the process peaked at 227–258 MB RSS, over
 * its 250 MB budget. At 50% it peaks at 177–188 MB for a few percent more CPU (ADR-33). V8 reads the flag
 * at every full collection, so setting it at start-up takes effect however the process was launched.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
