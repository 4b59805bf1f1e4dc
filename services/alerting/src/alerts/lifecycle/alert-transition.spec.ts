import { ALERT_STATUSES } from '@emissions/contracts';
import { describe, expect, it } from 'vitest';
import { type AlertMove, statusAfter, statusesAllowing } from './alert-transition';

describe('alert lifecycle', () => {
  it('allows exactly open → acknowledged → resolved and open → resolved', () => {
    const allowed = ALERT_STATUSES.flatMap((from) =>
      (['acknowledge', 'resolve'] as AlertMove[]).flatMap((move) => {
        const to = statusAfter(from, move);
        return to ? [`${from} -${move}-> ${to}`] : [];
      }),
    );
    expect(allowed).toEqual(['open -acknowledge-> acknowledged', 'open -resolve-> resolved', 'acknowledged -resolve-> resolved']);
  });

  it('derives the guard of each move from the same rule', () => {
    expect(statusesAllowing('acknowledge')).toEqual(['open']);
    expect(statusesAllowing('resolve')).toEqual(['open', 'acknowledged']);
  });
});
