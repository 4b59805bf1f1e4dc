import { setFlagsFromString } from 'node:v8';
import { z } from 'zod';

/** `HEAP_GROWING_PERCENT`: how far the heap may grow past what the last full collection kept; 0 leaves V8's own factor. */
export const HeapGrowingPercentSchema = z.coerce.number().int().min(0).max(300).default(50);

/**
 * Caps how far V8 grows the old generation past the live heap after each full collection. Under load the
 * in-flight work that outlives two scavenges is promoted; with V8's own factor (up to 4× the live heap) that
 * garbage waits for a mark-compact and a service went over its 250 MB RSS budget (ARCHITECTURE ADR-33).
 * V8 reads the flag at every full collection, so setting it at start-up holds however the process was launched.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
