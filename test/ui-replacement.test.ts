import { describe, expect, it } from 'vitest';
import { PROMOTE_SECONDS } from '../src/sim/replacement-machine.js';
import { progressOf, replacementChoice } from '../ui/src/replacement.js';
import type { Artifact, Proton, ReplacementValue, WorkloadEventValue } from '../ui/src/types.js';

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

  it('draws negative warm-up and drain minutes, which the API takes, as none', () => {
    const negative = { ...promoting(), config: { warmupDurationMinutes: -1, keepOldVersionMinutes: -5 } };
    const progress = progressOf(negative, [], []);
    expect([progress.warmup.minutes, progress.warmup.state]).toEqual([0, 'skipped']);
    expect([progress.drain.minutes, progress.drain.state]).toEqual([0, 'skipped']);
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
    // While the cancel is being accepted, it is still at its first step.
    expect(
      states(cancelled({ candidateProtonIds: [], status: 'deleting', isDeleted: false, message: null })),
    ).toEqual({
      submitted: 'current',
      initializing: 'skipped',
      promoting: 'skipped',
      finalizing: 'todo',
      completed: 'skipped',
    });
  });
});

describe("the replacement form's first choice of artifact", () => {
  const artifact = (id: string, name: string, version: number | null, repository: string | null = null) =>
    ({
      id,
      name,
      version,
      status: version === null ? 'draft' : 'locked',
      artifactRepositoryId: repository,
    }) as Artifact;
  const agent1 = artifact('a1', 'support-agent', 1, 'repo-agent');
  const agent2 = artifact('a2', 'support-agent', 2, 'repo-agent');
  const agent3 = artifact('a3', 'support-agent', 3, 'repo-agent');
  const agentDraft = artifact('a4', 'support-agent', null, 'repo-agent');
  const embeddings1 = artifact('e1', 'embeddings-api', 1);
  const embeddings2 = artifact('e2', 'embeddings-api', 2);
  const renamed = artifact('a5', 'support-agent-next', 4, 'repo-agent');
  const all = [agent1, agent2, agent3, agentDraft, embeddings1, embeddings2, renamed];

  it("offers another version of what the workload runs, the newest of its status, not the list's first", () => {
    expect(replacementChoice(all, 'e1')?.id).toBe('e2');
    expect(replacementChoice(all, 'e2')?.id).toBe('e1');
    // The same repository is the same artifact, whatever its name.
    expect(replacementChoice(all, 'a2')?.id).toBe('a5');
    expect(replacementChoice([agent1, agent2, agentDraft], 'a2')?.id).toBe('a1');
    expect(replacementChoice([agent1, agentDraft, embeddings1], 'a4')?.id).toBe('a1');
  });

  it('offers none when there is no other version: an unrelated artifact is for the user to pick', () => {
    expect(replacementChoice([agent1, agentDraft, embeddings1], 'e1')).toBeUndefined();
    expect(replacementChoice([embeddings1], 'e1')).toBeUndefined();
    expect(replacementChoice(all, 'gone')).toBeUndefined();
    // Two artifacts in no repository are not versions of one another for that.
    expect(replacementChoice([embeddings1, artifact('o1', 'other-api', 1)], 'e1')).toBeUndefined();
  });

  it('offers a draft another draft of it before a locked version', () => {
    const otherDraft = artifact('a6', 'support-agent', null, 'repo-agent');
    expect(replacementChoice([agent1, agentDraft, otherDraft], 'a4')?.id).toBe('a6');
  });
});

describe("the dashboard's warm-up of a candidate that warms up again", () => {
  it('draws the second warm-up from its start when the candidate lost its ready pods after the first', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();
    const event = (eventType: string, seconds: number, details: Record<string, unknown>) =>
      ({ eventType, timestamp: at(seconds), details }) as unknown as WorkloadEventValue;
    const replacement = {
      ...promoting(),
      status: 'initializing',
      switchedAt: null,
      config: { warmupDurationMinutes: 5, keepOldVersionMinutes: 0 },
    } as ReplacementValue;
    const newestFirst = [
      event('proton.statusChanged', 383, { protonId: 'p2', to: 'warming' }),
      event('proton.statusChanged', 318, { protonId: 'p2', to: 'launching' }),
      event('replacement.candidateRunning', 318, { replacementId: 'r1' }),
      event('proton.statusChanged', 18, { protonId: 'p2', to: 'warming' }),
    ];
    const candidate = { id: 'p2', status: 'warming' } as Proton;
    expect(progressOf(replacement, [candidate], newestFirst).warmup).toEqual({
      minutes: 5,
      startedAt: Date.parse(at(383)),
      endsAt: Date.parse(at(383 + 300)),
      state: 'active',
    });
  });
});

describe("the dashboard's progress of a replacement that ended early", () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();
  const event = (eventType: string, seconds: number, details: Record<string, unknown>) =>
    ({ eventType, timestamp: at(seconds), details }) as unknown as WorkloadEventValue;
  const switched = Date.parse(SWITCHED_AT);
  const finalizingFrom = switched + PROMOTE_SECONDS * 1000;
  const afterSwitch = (seconds: number) => (finalizingFrom - Date.UTC(2026, 0, 1)) / 1000 + seconds;
  const ended = (replacement: Partial<ReplacementValue>): ReplacementValue =>
    ({
      ...promoting(),
      config: { warmupDurationMinutes: 10, keepOldVersionMinutes: 15 },
      ...replacement,
    }) as ReplacementValue;
  const states = (progress: ReturnType<typeof progressOf>) =>
    Object.fromEntries(progress.steps.map((step) => [step.phase, step.state]));

  it('cancelled during finalizing: the drain had begun, and was cut short when the cancel came', () => {
    const events = [event('replacement.cancelled', afterSwitch(300), { replacementId: 'r1' })];
    const expected = {
      minutes: 15,
      startedAt: finalizingFrom,
      endsAt: finalizingFrom + 300_000,
      state: 'cut',
    };
    const accepted = ended({ status: 'deleting', message: null });
    expect(progressOf(accepted, [], events).drain).toEqual(expected);
    const done = ended({ status: 'finalizing', isDeleted: true, message: 'Cancelled by demo.' });
    expect(progressOf(done, [], events).drain).toEqual(expected);
    // A cancel while promoting came before finalizing: the drain never began, and never will.
    const early = [event('replacement.cancelled', afterSwitch(-1), { replacementId: 'r1' })];
    expect(progressOf(done, [], early).drain).toEqual({
      minutes: 15,
      startedAt: null,
      endsAt: null,
      state: 'unreached',
    });
  });

  it('stopped during finalizing (completed early): the drain ends when the replacement did, not as planned', () => {
    const stopped = ended({
      status: 'completed',
      message:
        'The workload was stopped. Traffic had already switched to the candidate, so the replacement completed early.',
    });
    const events = [
      event('replacement.completed', afterSwitch(120), {
        replacementId: 'r1',
        reason: 'The workload was stopped.',
      }),
    ];
    const progress = progressOf(stopped, [], events);
    expect(progress.drain).toEqual({
      minutes: 15,
      startedAt: finalizingFrom,
      endsAt: finalizingFrom + 120_000,
      state: 'cut',
    });
    expect(progress.warmup.state).toBe('done');
    expect(Object.values(states(progress))).toEqual(['done', 'done', 'done', 'done', 'done']);
    // Stopped while promoting: finalizing was never reached.
    const promotingStop = [
      event('replacement.completed', afterSwitch(-1), {
        replacementId: 'r1',
        reason: 'The workload was stopped.',
      }),
    ];
    const early = progressOf(stopped, [], promotingStop);
    expect(early.drain.state).toBe('unreached');
    expect(states(early)).toMatchObject({ promoting: 'done', finalizing: 'skipped', completed: 'done' });
    // One that ran its course drained in full.
    const drained = [
      event('replacement.completed', afterSwitch(902), { replacementId: 'r1' }),
      event('replacement.oldProtonDrained', afterSwitch(900), { replacementId: 'r1' }),
    ];
    const full = progressOf(ended({ status: 'completed' }), [], drained);
    expect(full.drain).toMatchObject({ endsAt: finalizingFrom + 900_000, state: 'done' });
  });

  it('stopped during the warm-up (errored): the warm-up was cut short when the replacement ended', () => {
    const stopped = ended({ status: 'errored', switchedAt: null, message: 'The workload was stopped.' });
    const events = [
      event('replacement.errored', 258, { replacementId: 'r1', message: 'The workload was stopped.' }),
      event('proton.statusChanged', 18, { protonId: 'p2', to: 'warming' }),
    ];
    // The candidate's status as read with it may still say warming: it warms no more.
    const candidate = [{ id: 'p2', status: 'warming' }] as Proton[];
    const progress = progressOf(stopped, candidate, events);
    expect(progress.warmup).toEqual({
      minutes: 10,
      startedAt: Date.parse(at(18)),
      endsAt: Date.parse(at(258)),
      state: 'cut',
    });
    expect(progress.drain.state).toBe('unreached');
  });

  it('errored: the phases after the failure and the windows that never began are not reached', () => {
    const failed = ended({
      status: 'errored',
      switchedAt: null,
      message: 'The candidate proton errored: ImagePullBackOff.',
    });
    const progress = progressOf(
      failed,
      [],
      [event('replacement.errored', 90, { replacementId: 'r1', message: 'The candidate proton errored.' })],
    );
    expect(states(progress)).toEqual({
      submitted: 'done',
      initializing: 'failed',
      promoting: 'skipped',
      finalizing: 'skipped',
      completed: 'skipped',
    });
    expect(progress.warmup).toEqual({ minutes: 10, startedAt: null, endsAt: null, state: 'unreached' });
    expect(progress.drain).toEqual({ minutes: 15, startedAt: null, endsAt: null, state: 'unreached' });
    // Nothing configured is still no window at all.
    const none = { ...failed, config: { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 } };
    expect(progressOf(none, [], []).drain.state).toBe('skipped');
    expect(progressOf(none, [], []).warmup.state).toBe('skipped');
  });

  it('reads when it ended from the replacement when its event is not among the newest events read', () => {
    // The page reads the newest 100 events: a busy workload's may no longer hold the end's.
    const warmStart = [event('proton.statusChanged', 18, { protonId: 'p2', to: 'warming' })];
    const failed = ended({
      status: 'errored',
      switchedAt: null,
      message: 'The workload was stopped.',
      updatedAt: at(258),
    });
    expect(progressOf(failed, [], warmStart).warmup).toMatchObject({
      endsAt: Date.parse(at(258)),
      state: 'cut',
    });
    const stopped = ended({
      status: 'completed',
      message:
        'The workload was stopped. Traffic had already switched to the candidate, so the replacement completed early.',
      updatedAt: at(afterSwitch(120)),
    });
    expect(progressOf(stopped, [], []).drain).toEqual({
      minutes: 15,
      startedAt: finalizingFrom,
      endsAt: finalizingFrom + 120_000,
      state: 'cut',
    });
    // One that ran its course drained in full, drained event or not.
    expect(
      progressOf(ended({ status: 'completed', updatedAt: at(afterSwitch(902)) }), [], []).drain,
    ).toMatchObject({
      state: 'done',
    });
    // A cancel's last update is when its teardown ended, not when it came: when the cancel came is not
    // known, and a cancel after the switch is taken to have come after finalizing began.
    const cancelled = ended({
      status: 'finalizing',
      isDeleted: true,
      message: 'Cancelled by demo.',
      updatedAt: at(afterSwitch(400)),
    });
    expect(progressOf(cancelled, [], []).drain).toEqual({
      minutes: 15,
      startedAt: finalizingFrom,
      endsAt: null,
      state: 'cut',
    });
  });
});

describe("the dashboard's warm-up and drain of the replacement shown", () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();
  const event = (eventType: string, seconds: number, details: Record<string, unknown>) =>
    ({ eventType, timestamp: at(seconds), details }) as unknown as WorkloadEventValue;
  const initializing = {
    ...promoting(),
    status: 'initializing',
    switchedAt: null,
    config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 5 },
  } as ReplacementValue;

  it('shows the warm-up over once the candidate runs, before traffic switches to it', () => {
    const newestFirst = [
      event('replacement.candidateRunning', 78, { replacementId: 'r1' }),
      event('proton.statusChanged', 78, { protonId: 'p2', to: 'running' }),
      event('proton.statusChanged', 18, { protonId: 'p2', to: 'warming' }),
    ];
    const candidate = [{ id: 'p2', status: 'running' }] as Proton[];
    expect(progressOf(initializing, candidate, newestFirst).warmup).toEqual({
      minutes: 1,
      startedAt: Date.parse(at(18)),
      endsAt: Date.parse(at(78)),
      state: 'done',
    });
  });

  it("takes no warm-up or drain of an earlier replacement, or of the workload's other proton, for this one's", () => {
    // r0 replaced p1 with p2; r1 replaces p2 with p3, whose pods are not up yet. p2 warms up again.
    const replacement = { ...initializing, candidateProtonIds: ['p3'] } as ReplacementValue;
    const newestFirst = [
      event('proton.statusChanged', 900, { protonId: 'p2', to: 'warming' }),
      event('proton.statusChanged', 880, { protonId: 'p3', to: 'launching' }),
      event('replacement.completed', 500, { replacementId: 'r0' }),
      event('replacement.oldProtonDrained', 498, { replacementId: 'r0' }),
      event('replacement.candidateRunning', 78, { replacementId: 'r0' }),
      event('proton.statusChanged', 18, { protonId: 'p2', to: 'warming' }),
    ];
    const protons = [
      { id: 'p2', status: 'warming' },
      { id: 'p3', status: 'launching' },
    ] as Proton[];
    const progress = progressOf(replacement, protons, newestFirst);
    expect(progress.warmup).toEqual({ minutes: 1, startedAt: null, endsAt: null, state: 'pending' });
    expect(progress.drain).toEqual({ minutes: 5, startedAt: null, endsAt: null, state: 'pending' });
  });
});
