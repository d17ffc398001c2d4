import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_DRAIN_SECONDS,
  canCancel,
  type MachineContext,
  type MachineEvent,
  type MachineState,
  STATUS_OF_PHASE,
  start,
  transition,
} from '../src/sim/replacement-machine.js';

const USER = 'a'.repeat(24);
const context: MachineContext = {
  warmupSeconds: 600,
  drainSeconds: 3600,
  rolloutTimeoutSeconds: 1800,
  previousStatus: 'draining',
};

/** Runs events through the pure machine, collecting the phases and effect types it passes through. */
function run(events: MachineEvent[], ctx = context) {
  let state: MachineState = start(USER).state;
  const trail: string[] = [state.phase];
  const effects: string[] = [];
  for (const event of events) {
    const next = transition(state, event, ctx);
    if (!next) {
      trail.push(`(${event.type} ignored)`);
      continue;
    }
    state = next.state;
    trail.push(state.phase);
    effects.push(
      ...next.effects.map((e) =>
        e.type === 'emit' ? `emit:${e.eventType}` : e.type === 'terminate' ? `terminate:${e.which}` : e.type,
      ),
    );
  }
  return { state, trail, effects };
}

/** A replacement's course with a warm-up, from its start to the end of the old proton's drain. */
const THROUGH_THE_DRAIN: MachineEvent[] = [
  { type: 'begin' },
  { type: 'candidateStatus', status: 'warming' },
  { type: 'warmupElapsed' },
  { type: 'switchDue' },
  { type: 'promoted' },
  { type: 'drainElapsed' },
];

describe('the replacement machine', () => {
  it('maps phases to the seeds statuses', () => {
    const happy = run([...THROUGH_THE_DRAIN, { type: 'protonTerminated', which: 'previous' }]);
    expect(happy.trail.map((p) => STATUS_OF_PHASE[p as keyof typeof STATUS_OF_PHASE])).toEqual([
      'submitted',
      'initializing',
      'initializing',
      'initializing',
      'promoting',
      'finalizing',
      'finalizing',
      'completed',
    ]);
    expect(happy.effects).toEqual([
      'createCandidate',
      'armRolloutTimeout',
      'clearRolloutTimeout',
      'setTimer',
      'clearRolloutTimeout',
      'endWarmup',
      'emit:replacement.candidateRunning',
      'setTimer',
      'emit:replacement.trafficSwitched',
      'switchTraffic',
      'setTimer',
      'setTimer',
      'emit:replacement.oldProtonDrained',
      'terminate:previous',
      'finish',
      'emit:replacement.completed',
    ]);
    expect(happy.state.switched).toBe(true);
  });

  it('runs the candidate as the candidate before the switch (the seeds: running(candidate) -> switch), and promoting is the switch (BEHAVIOR)', () => {
    const ready = run([{ type: 'begin' }, { type: 'candidateStatus', status: 'running' }], {
      ...context,
      warmupSeconds: 0,
    });
    expect(ready.state).toEqual({ phase: 'ready', switched: false });
    expect(STATUS_OF_PHASE[ready.state.phase]).toBe('initializing');
    expect(ready.effects).not.toContain('switchTraffic');
    const promoting = run(
      [{ type: 'begin' }, { type: 'candidateStatus', status: 'running' }, { type: 'switchDue' }],
      { ...context, warmupSeconds: 0 },
    );
    expect(promoting.state).toEqual({ phase: 'promoting', switched: true });
    expect(promoting.effects.slice(-3)).toEqual([
      'emit:replacement.trafficSwitched',
      'switchTraffic',
      'setTimer',
    ]);
  });

  it('runs the candidate straight from running when there is no warm-up, and retires at once with no drain', () => {
    const quick = run(
      [
        { type: 'begin' },
        { type: 'candidateStatus', status: 'running' },
        { type: 'switchDue' },
        { type: 'promoted' },
      ],
      { ...context, warmupSeconds: 0, drainSeconds: 0 },
    );
    expect(quick.trail).toEqual(['submitted', 'initializing', 'ready', 'promoting', 'retiring']);
  });

  it('waits for a candidate that lost its ready pods before the switch: its warm-up starts again, under the rollout timeout', () => {
    const blip = run([
      { type: 'begin' },
      { type: 'candidateStatus', status: 'warming' },
      { type: 'candidateStatus', status: 'launching' },
      { type: 'warmupElapsed' },
      { type: 'candidateStatus', status: 'warming' },
      { type: 'warmupElapsed' },
      { type: 'candidateStatus', status: 'interrupted' },
      { type: 'switchDue' },
      { type: 'timeout' },
    ]);
    expect(blip.trail).toEqual([
      'submitted',
      'initializing',
      'warming',
      'initializing',
      '(warmupElapsed ignored)',
      'warming',
      'ready',
      'initializing',
      '(switchDue ignored)',
      'errored',
    ]);
    expect(blip.effects).not.toContain('switchTraffic');
    expect(blip.effects.slice(4, 10)).toEqual([
      'clearTimer',
      'armRolloutTimeout',
      'clearRolloutTimeout',
      'setTimer',
      'clearRolloutTimeout',
      'endWarmup',
    ]);
    // Back from ready, past its warm-up: it warms up again.
    expect(blip.effects.slice(12, 15)).toEqual(['clearTimer', 'armRolloutTimeout', 'beginWarmup']);
  });

  it('fails when the candidate errors in its seconds running as the candidate, before the switch', () => {
    const failed = run(
      [
        { type: 'begin' },
        { type: 'candidateStatus', status: 'running' },
        { type: 'candidateStatus', status: 'errored', detail: 'agent in CrashLoopBackOff' },
      ],
      { ...context, warmupSeconds: 0 },
    );
    expect(failed.trail).toEqual(['submitted', 'initializing', 'ready', 'errored']);
    expect(failed.effects).not.toContain('switchTraffic');
    expect(failed.effects.at(-1)).toBe('terminate:candidate');
  });

  it('fails on a candidate error or the rollout timeout, tearing the candidate down', () => {
    for (const failure of [
      { type: 'candidateStatus', status: 'errored', detail: 'agent in CrashLoopBackOff' },
      { type: 'timeout' },
    ] as MachineEvent[]) {
      const failed = run([{ type: 'begin' }, failure]);
      expect(failed.state.phase).toBe('errored');
      expect(failed.effects).toContain('setMessage');
      // Announced, then torn down: the candidate's stopping comes after the event at that instant.
      expect(failed.effects.slice(-2)).toEqual(['emit:replacement.errored', 'terminate:candidate']);
    }
  });

  it('cancels before the switch by tearing the candidate down, after it by switching back', () => {
    const before = run([
      { type: 'begin' },
      { type: 'cancel', actorId: USER },
      { type: 'cancelAccepted' },
      { type: 'protonTerminated', which: 'candidate' },
    ]);
    expect(before.trail).toEqual(['submitted', 'initializing', 'cancelling', 'reverting', 'cancelled']);
    expect(before.effects).not.toContain('switchBack');
    // The cancel is recorded when it is asked for; the teardown after it only marks the record.
    expect(before.effects.slice(-7)).toEqual([
      'clearTimer',
      'clearRolloutTimeout',
      'setTimer',
      'emit:replacement.cancelled',
      'terminate:candidate',
      'clearTimer',
      'markDeleted',
    ]);
    const after = run(
      [
        { type: 'begin' },
        { type: 'candidateStatus', status: 'running' },
        { type: 'switchDue' },
        { type: 'cancel', actorId: USER },
        { type: 'cancelAccepted' },
        { type: 'drainElapsed' },
        { type: 'protonTerminated', which: 'candidate' },
      ],
      { ...context, warmupSeconds: 0 },
    );
    // The previous proton is ready (draining): traffic goes back at once; the candidate drains, then goes.
    expect(after.trail.slice(-4)).toEqual(['cancelling', 'reverting', 'reverting', 'cancelled']);
    expect(after.effects.slice(-7)).toEqual([
      'emit:replacement.cancelled',
      'clearRolloutTimeout',
      'switchBack',
      'setTimer',
      'terminate:candidate',
      'clearTimer',
      'markDeleted',
    ]);
    // So it is for an errored one (waiting would not mend it), and for one already gone.
    for (const previousStatus of ['errored', null] as const) {
      const given = run(
        [
          { type: 'begin' },
          { type: 'candidateStatus', status: 'running' },
          { type: 'switchDue' },
          { type: 'cancel', actorId: USER },
          { type: 'cancelAccepted' },
        ],
        { ...context, warmupSeconds: 0, previousStatus },
      );
      expect(given.state.phase).toBe('reverting');
    }
  });

  it('after the switch, gives traffic back when the previous proton is ready, or at the rollout timeout', () => {
    const switched: MachineEvent[] = [
      { type: 'begin' },
      { type: 'candidateStatus', status: 'running' },
      { type: 'switchDue' },
      { type: 'cancel', actorId: USER },
      { type: 'cancelAccepted' },
    ];
    // The previous proton was evicted: its pods are on their way back.
    const quick = { ...context, warmupSeconds: 0, previousStatus: 'interrupted' } as const;
    const waiting = run(switched, quick);
    expect(waiting.state).toEqual({ phase: 'returning', switched: true });
    expect(waiting.effects.slice(-1)).toEqual(['armRolloutTimeout']);
    // Its pods' course changes nothing; ready (draining again), or errored, traffic goes back.
    for (const status of ['submitted', 'provisioning', 'launching'] as const)
      expect(transition(waiting.state, { type: 'previousStatus', status }, quick)).toBeNull();
    for (const status of ['draining', 'errored'] as const)
      expect(transition(waiting.state, { type: 'previousStatus', status }, quick)!.state.phase).toBe(
        'reverting',
      );
    // Waiting, it ignores what is not its business: a second cancel, the drain of a forward rollout.
    expect(transition(waiting.state, { type: 'cancel', actorId: USER }, quick)).toEqual({
      state: waiting.state,
      effects: [],
    });
    expect(transition(waiting.state, { type: 'drainElapsed' }, quick)).toBeNull();
    const timedOut = transition(waiting.state, { type: 'timeout' }, quick)!;
    expect(timedOut.state.phase).toBe('reverting');
    expect(timedOut.effects.map((e) => e.type)).toEqual(['clearRolloutTimeout', 'switchBack', 'setTimer']);
    expect(timedOut.effects[2]).toEqual({
      type: 'setTimer',
      event: 'drainElapsed',
      seconds: CANDIDATE_DRAIN_SECONDS,
    });
    // A stop meanwhile: traffic back and the candidate torn down at once.
    const abort = { type: 'abort', reason: 'The workload was stopped during the replacement.' } as const;
    const stopped = transition(waiting.state, abort, quick)!;
    expect(stopped.effects.map((e) => (e.type === 'terminate' ? `terminate:${e.which}` : e.type))).toEqual([
      'clearTimer',
      'clearRolloutTimeout',
      'switchBack',
      'terminate:candidate',
    ]);
    // A stop while the candidate drains: its drain ends, it is torn down now.
    const draining = transition(waiting.state, { type: 'previousStatus', status: 'draining' }, quick)!.state;
    expect(transition(draining, abort, quick)!.effects).toEqual([
      { type: 'clearTimer' },
      { type: 'terminate', which: 'candidate' },
    ]);
    // Before the switch there is no drain: a stop while reverting changes nothing.
    const unswitched = { phase: 'reverting', switched: false } as const;
    expect(transition(unswitched, abort, quick)!.effects).toEqual([]);
    expect(transition(unswitched, { type: 'drainElapsed' }, quick)).toBeNull();
    expect(transition(unswitched, { type: 'previousStatus', status: 'draining' }, quick)).toBeNull();
  });

  it('a stop or delete during a cancel still finishes it on the old proton, once the candidate is gone', () => {
    const switched = [
      { type: 'begin' },
      { type: 'candidateStatus', status: 'running' },
      { type: 'switchDue' },
    ] as MachineEvent[];
    const quick = { ...context, warmupSeconds: 0 };
    const abort = { type: 'abort', reason: 'The workload was stopped during the replacement.' } as const;
    const gone = { type: 'protonTerminated', which: 'candidate' } as const;
    const beforeAccepted = run([...switched, { type: 'cancel', actorId: USER }, abort], quick);
    expect(beforeAccepted.state.phase).toBe('reverting');
    expect(beforeAccepted.effects.slice(-2)).toEqual(['switchBack', 'terminate:candidate']);
    const ended = run([...switched, { type: 'cancel', actorId: USER }, abort, gone], quick);
    expect(ended.state.phase).toBe('cancelled');
    expect(ended.effects.slice(-1)).toEqual(['markDeleted']);
    const afterAccepted = run(
      [...switched, { type: 'cancel', actorId: USER }, { type: 'cancelAccepted' }, abort, gone],
      quick,
    );
    expect(afterAccepted.state.phase).toBe('cancelled');
    expect(afterAccepted.effects.filter((e) => e === 'switchBack')).toHaveLength(1);
    expect(afterAccepted.effects.filter((e) => e === 'terminate:candidate')).toHaveLength(1);
    const unswitched = run([{ type: 'begin' }, { type: 'cancel', actorId: USER }, abort]);
    expect(unswitched.effects).not.toContain('switchBack');
  });

  it('a stop or delete after the switch completes the replacement early; before it, fails it', () => {
    const abort = { type: 'abort', reason: 'The workload was stopped during the replacement.' } as const;
    for (const settled of [[{ type: 'switchDue' }], [{ type: 'switchDue' }, { type: 'promoted' }]]) {
      const early = run(
        [
          { type: 'begin' },
          { type: 'candidateStatus', status: 'running' },
          ...(settled as MachineEvent[]),
          abort,
        ],
        { ...context, warmupSeconds: 0 },
      );
      expect(early.state.phase).toBe('completed');
      expect(early.effects.slice(-3)).toEqual(['setMessage', 'finish', 'emit:replacement.completed']);
      expect(early.effects).not.toContain('terminate:candidate');
    }
    // Before the switch (ready: the candidate runs, still initializing): the workload stays on the old proton.
    for (const events of [
      [{ type: 'begin' }],
      [{ type: 'begin' }, { type: 'candidateStatus', status: 'running' }],
    ]) {
      const failed = run([...(events as MachineEvent[]), abort], { ...context, warmupSeconds: 0 });
      expect(failed.state.phase).toBe('errored');
      expect(failed.effects).toContain('terminate:candidate');
    }
  });

  it('carries whether traffic switched through every phase, as the driver threads it', () => {
    const abort = { type: 'abort', reason: 'The workload was stopped during the replacement.' } as const;
    const cancel = { type: 'cancel', actorId: USER } as const;
    // Before the switch: submitted, and warming.
    const warming = [{ type: 'begin' }, { type: 'candidateStatus', status: 'warming' }] as MachineEvent[];
    for (const events of [[], warming]) {
      const stopped = run([...events, abort]);
      expect(stopped.state).toEqual({ phase: 'errored', switched: false });
      expect(stopped.effects).toContain('terminate:candidate');
      const cancelled = run([...events, cancel, { type: 'cancelAccepted' }]);
      expect(cancelled.state).toEqual({ phase: 'reverting', switched: false });
      expect(cancelled.effects).not.toContain('switchBack');
    }
    // After it: retiring the old proton, with no drain and after one.
    const ready = [{ type: 'begin' }, { type: 'candidateStatus', status: 'running' }, { type: 'switchDue' }];
    for (const [events, drainSeconds] of [
      [[...ready, { type: 'promoted' }], 0],
      [[...ready, { type: 'promoted' }, { type: 'drainElapsed' }], 60],
    ] as [MachineEvent[], number][]) {
      const retiring = run(events, { ...context, warmupSeconds: 0, drainSeconds });
      expect(retiring.state).toEqual({ phase: 'retiring', switched: true });
      const stopped = run([...events, abort], { ...context, warmupSeconds: 0, drainSeconds });
      expect(stopped.state).toEqual({ phase: 'completed', switched: true });
      expect(stopped.effects).not.toContain('terminate:candidate');
    }
  });

  it('words the rollout timeout as it was set', () => {
    const message = (seconds: number) => {
      const timedOut = transition(
        { phase: 'initializing', switched: false },
        { type: 'timeout' },
        { ...context, rolloutTimeoutSeconds: seconds },
      );
      return timedOut?.effects.find((e) => e.type === 'setMessage');
    };
    expect(message(1800)).toMatchObject({ message: expect.stringMatching(/timeout of 30 minutes\.$/) });
    expect(message(60)).toMatchObject({ message: expect.stringMatching(/timeout of 1 minute\.$/) });
    expect(message(90)).toMatchObject({ message: expect.stringMatching(/timeout of 90 seconds\.$/) });
    expect(message(0)).toMatchObject({ message: expect.stringMatching(/timeout of 0 minutes\.$/) });
  });

  it('ignores what means nothing in a phase, and nothing moves a finished replacement', () => {
    expect(run([{ type: 'warmupElapsed' }]).trail).toEqual(['submitted', '(warmupElapsed ignored)']);
    const done = run([
      { type: 'begin' },
      { type: 'timeout' },
      { type: 'cancel', actorId: USER },
      { type: 'begin' },
    ]);
    expect(done.trail.slice(-2)).toEqual(['(cancel ignored)', '(begin ignored)']);
    // Retiring waits for the old proton to go: the candidate's end does not complete it.
    const retiring = run([...THROUGH_THE_DRAIN, { type: 'protonTerminated', which: 'candidate' }]);
    expect(retiring.trail.slice(-2)).toEqual(['retiring', '(protonTerminated ignored)']);
    expect(canCancel({ phase: 'retiring', switched: true })).toBe(false);
    expect(canCancel({ phase: 'draining', switched: true })).toBe(true);
  });
});
