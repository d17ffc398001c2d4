import { describe, expect, it } from 'vitest';
import { PROMOTE_SECONDS } from '../src/sim/replacement-machine.js';
import { progressOf } from '../ui/src/replacement.js';
import type { Proton, ReplacementValue } from '../ui/src/types.js';

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

describe("the dashboard's progress of a cancelled replacement", () => {
  const cancelled = (before: Partial<ReplacementValue>): ReplacementValue =>
    ({
      ...promoting(),
      switchedAt: null,
      status: 'finalizing',
      isDeleted: true,
      message: 'Cancelled by demo.',
      ...before,
    }) as ReplacementValue;
  const states = (replacement: ReplacementValue) =>
    Object.fromEntries(progressOf(replacement, [], []).steps.map((step) => [step.phase, step.state]));

  it('cancelled before the switch: promoting was never reached, and once torn down nothing is in progress', () => {
    expect(states(cancelled({ status: 'deleting', isDeleted: false, message: null }))).toEqual({
      submitted: 'done',
      initializing: 'current',
      promoting: 'skipped',
      finalizing: 'todo',
      completed: 'skipped',
    });
    expect(states(cancelled({ isDeleted: false }))).toEqual({
      submitted: 'done',
      initializing: 'done',
      promoting: 'skipped',
      finalizing: 'current',
      completed: 'skipped',
    });
    const done = progressOf(cancelled({}), [], []);
    expect(Object.fromEntries(done.steps.map((step) => [step.phase, step.state]))).toEqual({
      submitted: 'done',
      initializing: 'done',
      promoting: 'skipped',
      finalizing: 'done',
      completed: 'skipped',
    });
    expect(done).toMatchObject({ cancelling: true, cancelled: true });
  });

  it('cancelled after the switch: promoting was passed, and traffic goes back through finalizing', () => {
    expect(states(cancelled({ switchedAt: SWITCHED_AT, status: 'deleting', isDeleted: false }))).toEqual({
      submitted: 'done',
      initializing: 'done',
      promoting: 'done',
      finalizing: 'current',
      completed: 'skipped',
    });
    expect(states(cancelled({ switchedAt: SWITCHED_AT }))).toMatchObject({
      promoting: 'done',
      finalizing: 'done',
    });
  });

  it('cancelled while the candidate warmed up: the warm-up window was cut short when the cancel came', () => {
    const event = (eventType: string, timestamp: string, details: Record<string, unknown>) => ({
      id: eventType,
      workloadId: 'w1',
      timestamp,
      eventType,
      details,
    });
    const events = [
      event('proton.statusChanged', '2026-01-01T00:00:30.000+00:00', { protonId: 'p2', to: 'warming' }),
      event('replacement.cancelled', '2026-01-01T00:00:50.000+00:00', { replacementId: 'r1' }),
    ];
    expect(progressOf(cancelled({}), [], events).warmup).toEqual({
      minutes: 1,
      startedAt: Date.parse('2026-01-01T00:00:30Z'),
      endsAt: Date.parse('2026-01-01T00:00:50Z'),
      state: 'cut',
    });
    // While the candidate still warms, the cancel has not cut it yet.
    const warming = [{ id: 'p2', status: 'warming' }] as Proton[];
    expect(
      progressOf(cancelled({ status: 'deleting', isDeleted: false }), warming, events).warmup.state,
    ).toBe('active');
  });

  it('cancelled before a candidate was made: it never initialised', () => {
    expect(states(cancelled({ candidateProtonIds: [] }))).toMatchObject({
      submitted: 'done',
      initializing: 'skipped',
    });
  });
});
