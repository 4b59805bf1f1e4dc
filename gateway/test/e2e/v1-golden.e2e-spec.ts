import 'reflect-metadata';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useContractStack } from '../support/contract.stack';
import { GoldenContext, goldenDiff, loadGoldenCases, observe, saveGoldenCase } from '../support/golden.fixture';
import { shapeDiff, shapeOf } from '../support/golden.shape';
import { http } from '../support/http';

/**
 * v1 is frozen: the request/response pairs recorded from its first release (test/golden/v1) must keep their
 * status codes, headers, field names and JSON types. New optional response fields are allowed.
 * To add a case, write its steps without `response` and run once with GOLDEN_RECORD=1: only missing
 * responses are recorded; a recorded response is never rewritten by the test.
 */
const GOLDEN_DIR = join(__dirname, '../golden/v1');
const RECORD = process.env.GOLDEN_RECORD === '1';

describe('golden shapes', () => {
  const recorded = shapeOf({ id: 'x', total: '1.5', count: 2, tags: [{ at: 'y', ok: true }], last: null, meta: {} });

  it('accept the same shape with other values and with new fields', () => {
    const grown = { id: 'z', total: '9', count: 0, tags: [{ at: 'q', ok: false, note: 'new' }], last: null, meta: { a: 1 }, extra: 1 };
    expect(shapeDiff(recorded, grown)).toEqual([]);
  });

  it('reject a removed or renamed field, a changed type and an emptied array', () => {
    const broken = { id: 'x', sum: '1.5', count: '2', tags: [], last: null, meta: {} };
    expect(shapeDiff(recorded, broken)).toEqual([
      '$.total: missing',
      '$.count: expected number, got string',
      '$.tags: expected elements shaped like the recording, got an empty array',
    ]);
    expect(shapeDiff(recorded, { ...broken, total: 1.5, count: 2, tags: [{ at: 'y', ok: 'yes' }] })).toEqual([
      '$.total: expected string, got number',
      '$.tags[0].ok: expected boolean, got string',
    ]);
  });
});

describe('v1 golden request/response pairs (gateway + ingestion service)', () => {
  const stack = useContractStack();
  const cases = loadGoldenCases(GOLDEN_DIR).map((golden) => [basename(golden.file, '.json'), golden] as const);

  it.each(cases)('%s keeps its recorded shape', async (_name, golden) => {
    const context = new GoldenContext();
    let recordedNow = false;
    for (const step of golden.steps) {
      const { path, options } = context.request(step);
      const res = await http(stack.gateway().baseUrl, path, options);
      if (step.save) context.save(step.save, res.body);
      if (!step.response) {
        expect(RECORD, `"${step.name}" has no recorded response: run once with GOLDEN_RECORD=1`).toBe(true);
        step.response = observe(res);
        recordedNow = true;
        continue;
      }
      expect(goldenDiff(step.response, res), `"${step.name}" answered ${res.status} ${res.text.slice(0, 300)}`).toEqual([]);
    }
    if (recordedNow) saveGoldenCase(golden);
  });
});
