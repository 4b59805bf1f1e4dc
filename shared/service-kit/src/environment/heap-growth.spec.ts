import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HeapGrowingPercentSchema } from './heap-growth';

const run = promisify(execFile);

// A child process keeps 400,000 objects alive and churns through short-lived ones, some promoted, as the
// service does under load; it prints the largest heap it reserved.
const WORKLOAD = `
const module = await import(${JSON.stringify(join(__dirname, 'heap-growth.ts'))});
const { limitHeapGrowth } = module.default ?? module;
const v8 = await import('node:v8');
limitHeapGrowth(Number(process.argv[1]));
const live = [];
for (let i = 0; i < 400000; i++) live.push({ a: i, b: 'x' + i });
const ring = new Array(200000);
let peak = 0;
for (let n = 0; n < 15000000; n++) {
  ring[n % ring.length] = { n, s: 'y' + n, arr: [n, n + 1, n + 2] };
  if (n % 10000 === 0) peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
}
process.stdout.write(peak + ' ' + live.length);
`;

async function peakHeapWith(percent: number): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WORKLOAD, String(percent)]);
  return Number(stdout.split(' ')[0]);
}

describe('limitHeapGrowth', () => {
  it('keeps the heap of a churning process well below what V8 grows it to by itself', async () => {
    const [own, capped] = await Promise.all([peakHeapWith(0), peakHeapWith(50)]);
    expect(capped).toBeLessThan(own * 0.75);
  }, 60_000);
});

describe('HeapGrowingPercentSchema', () => {
  it('defaults to 50, takes 0 (V8 decides) and refuses a negative', () => {
    expect(HeapGrowingPercentSchema.parse(undefined)).toBe(50);
    expect(HeapGrowingPercentSchema.parse('0')).toBe(0);
    expect(HeapGrowingPercentSchema.safeParse('-5').success).toBe(false);
  });
});
