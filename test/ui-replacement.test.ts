import { describe, expect, it } from 'vitest';
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
  it('ends the drain window where the server drains: 2 s of promoting, then keepOldVersionMinutes', () => {
    const { drain, steps } = progressOf(promoting(), [], []);
    expect(drain).toMatchObject({ startedAt: Date.parse(SWITCHED_AT), state: 'active' });
    expect(drain.endsAt! - Date.parse(SWITCHED_AT)).toBe(2_000 + 60_000);
    expect(steps.find((step) => step.state === 'current')?.phase).toBe('promoting');
  });
});
