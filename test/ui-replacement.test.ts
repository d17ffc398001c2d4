import { describe, expect, it } from 'vitest';
import { PROMOTE_SECONDS } from '../src/sim/replacement-machine.js';
import { progressOf } from '../ui/src/replacement.js';
import type { ReplacementValue } from '../ui/src/types.js';

const SWITCHED_AT = '2026-01-01T00:01:20.000+00:00';

function promoting(): ReplacementValue {
  const replacement: Partial<ReplacementValue> = {
    id: 'r1',
    status: 'promoting',
    switchedAt: SWITCHED_AT,
    isDeleted: false,
    message: null,
    candidateProtonIds: ['p2'],
    config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
  };
  return replacement as ReplacementValue;
}

describe("the dashboard's replacement progress", () => {
  it("draws keepOldVersionMinutes' drain in finalizing, which begins when promoting's seconds after the switch end", () => {
    const switched = Date.parse(SWITCHED_AT);
    const during = progressOf(promoting(), [], []);
    expect(during.steps.find((step) => step.state === 'current')?.phase).toBe('promoting');
    const finalizingFrom = switched + PROMOTE_SECONDS * 1000;
    expect(during.drain).toMatchObject({
      startedAt: finalizingFrom,
      endsAt: finalizingFrom + 60_000,
      state: 'pending',
    });
    const after = progressOf({ ...promoting(), status: 'finalizing' }, [], []);
    expect(after.drain.state).toBe('active');
  });
});
