import type { ProtonStatusValue } from '../schemas/proton.js';
import type { ReplacementStatusValue } from '../schemas/replacement.js';
import { plural } from '../words.js';

/**
 * The rolling replacement as a state machine: phases, the events that move between them, and the
 * effects each move asks for. `transition` is pure; the driver (domain/replacements.ts) performs
 * the effects (creating protons, timers, events) and feeds back what happens.
 */

export type Phase =
  | 'submitted'
  | 'initializing'
  | 'warming'
  | 'ready'
  | 'promoting'
  | 'draining'
  | 'retiring'
  | 'completed'
  | 'errored'
  | 'cancelling'
  | 'returning'
  | 'reverting'
  | 'cancelled';

/** What the API reports for each phase. */
export const STATUS_OF_PHASE: Record<Phase, ReplacementStatusValue> = {
  submitted: 'submitted',
  initializing: 'initializing',
  warming: 'initializing',
  ready: 'initializing',
  promoting: 'promoting',
  draining: 'finalizing',
  retiring: 'finalizing',
  completed: 'completed',
  errored: 'errored',
  cancelling: 'deleting',
  returning: 'deleting',
  reverting: 'finalizing',
  cancelled: 'finalizing',
};

export const TERMINAL_PHASES: ReadonlySet<Phase> = new Set(['completed', 'errored', 'cancelled']);

export function isTerminal(phase: Phase): boolean {
  return TERMINAL_PHASES.has(phase);
}

export interface MachineState {
  phase: Phase;
  /** Whether traffic went to the candidate (a cancel then switches it back). */
  switched: boolean;
}

export interface MachineContext {
  warmupSeconds: number;
  drainSeconds: number;
  rolloutTimeoutSeconds: number;
  /**
   * The previous proton's status as traffic would find it (trafficStatus; null once it is gone): a
   * cancel after the switch reads it.
   */
  previousStatus: ProtonStatusValue | null;
}

export type MachineEvent =
  | { type: 'begin' }
  | { type: 'candidateStatus'; status: ProtonStatusValue; detail?: string }
  | { type: 'warmupElapsed' }
  | { type: 'switchDue' }
  | { type: 'promoted' }
  | { type: 'drainElapsed' }
  | { type: 'cancelAccepted' }
  | { type: 'previousStatus'; status: ProtonStatusValue }
  | { type: 'protonTerminated'; which: 'candidate' | 'previous' }
  | { type: 'timeout' }
  | { type: 'cancel'; actorId: string }
  | { type: 'abort'; reason: string };

/** The events a replacement's phase timer can fire (kept in state snapshots by name). */
export const TIMER_EVENTS = [
  'begin',
  'warmupElapsed',
  'switchDue',
  'promoted',
  'drainElapsed',
  'cancelAccepted',
] as const;
export type TimerEvent = (typeof TIMER_EVENTS)[number];

/**
 * What each phase's timer may be due to fire, `null` for no timer: the phases that wait on one
 * (the effects above set it on entering them) never move without it. A state import checks it.
 */
export const TIMER_EVENTS_OF_PHASE: Readonly<Record<Phase, readonly (TimerEvent | null)[]>> = {
  submitted: ['begin'],
  initializing: [null],
  warming: ['warmupElapsed'],
  ready: ['switchDue'],
  promoting: ['promoted'],
  draining: ['drainElapsed'],
  retiring: [null],
  completed: [null],
  errored: [null],
  cancelling: ['cancelAccepted'],
  returning: [null],
  // After the switch the candidate drains first; before it (or once drained) it is being torn down.
  reverting: ['drainElapsed', null],
  cancelled: [null],
};

/** The phases the rollout timeout can be armed in: the candidate coming up, or a cancel waiting for the old proton. */
export const ROLLOUT_TIMEOUT_PHASES: ReadonlySet<Phase> = new Set(['initializing', 'returning']);

/** Timer events earlier builds saved, by the event that does their work now. */
export const LEGACY_TIMER_EVENTS: ReadonlyMap<string, TimerEvent> = new Map([
  // A promoting that had switched traffic waited on it before its drain.
  ['switchSettled', 'promoted'],
]);

export type Effect =
  | { type: 'createCandidate' }
  | { type: 'armRolloutTimeout'; seconds: number }
  | { type: 'clearRolloutTimeout' }
  | { type: 'setTimer'; event: TimerEvent; seconds: number }
  | { type: 'clearTimer' }
  | { type: 'endWarmup' }
  | { type: 'beginWarmup' }
  | { type: 'switchTraffic' }
  | { type: 'switchBack' }
  | { type: 'terminate'; which: 'candidate' | 'previous' }
  | { type: 'setMessage'; message: string }
  | { type: 'emit'; eventType: string; actorId?: string; details?: Record<string, unknown> }
  | { type: 'finish' }
  | { type: 'markDeleted' };

export interface Transition {
  state: MachineState;
  effects: Effect[];
}

/**
 * Simulated seconds a request is "accepted" before work starts; a running candidate runs as the
 * candidate (traffic still on the old proton) before traffic switches to it; and promoting lasts,
 * from the switch, before finalizing.
 */
export const SUBMIT_SECONDS = 1;
export const SWITCH_SECONDS = 2;
export const PROMOTE_SECONDS = 2;
export const CANCEL_ACCEPT_SECONDS = 1;
/** A candidate that traffic left on a cancel drains this long (requests in flight finish), then stops. */
export const CANDIDATE_DRAIN_SECONDS = 2;

/** The phase a new replacement starts in, and what starting it does. */
export function start(actorId: string): Transition {
  return {
    state: { phase: 'submitted', switched: false },
    effects: [
      { type: 'emit', eventType: 'replacement.created', actorId },
      { type: 'setTimer', event: 'begin', seconds: SUBMIT_SECONDS },
    ],
  };
}

/** 1800 -> "30 minutes", 60 -> "1 minute", 90 -> "90 seconds". */
function spoken(seconds: number): string {
  return seconds % 60 === 0 ? plural(seconds / 60, 'minute') : plural(seconds, 'second');
}

function to(phase: Phase, switched: boolean, effects: Effect[]): Transition {
  return { state: { phase, switched }, effects };
}

/**
 * The candidate runs as the candidate (the seeds' running(candidate)), still initializing; traffic
 * switches to it SWITCH_SECONDS later, which is promoting.
 */
function candidateReady(context: MachineContext): Transition {
  return to('ready', false, [
    { type: 'clearRolloutTimeout' },
    { type: 'endWarmup' },
    {
      type: 'emit',
      eventType: 'replacement.candidateRunning',
      details: { warmupSeconds: context.warmupSeconds },
    },
    { type: 'setTimer', event: 'switchDue', seconds: SWITCH_SECONDS },
  ]);
}

/** Events come before the teardown or switch they announce, so a newest-first log reads effect over cause. */
function fail(message: string, switched: boolean): Transition {
  return to('errored', switched, [
    { type: 'clearTimer' },
    { type: 'clearRolloutTimeout' },
    { type: 'setMessage', message },
    { type: 'emit', eventType: 'replacement.errored', details: { message } },
    ...(switched ? [] : [{ type: 'terminate', which: 'candidate' } as const]),
  ]);
}

/**
 * A cancel after the switch: traffic goes back to the previous proton, which is active again, and
 * the candidate drains before it is torn down.
 */
function switchBack(): Transition {
  return to('reverting', true, [
    { type: 'clearRolloutTimeout' },
    { type: 'switchBack' },
    { type: 'setTimer', event: 'drainElapsed', seconds: CANDIDATE_DRAIN_SECONDS },
  ]);
}

/** What a proton shows while its pods come (back) up: a candidate that lost them, a previous one evicted. */
export const COMING_UP: ReadonlySet<ProtonStatusValue> = new Set([
  'submitted',
  'provisioning',
  'launching',
  'initializing',
  'interrupted',
  'restarting',
]);

/** The next state and effects, or null when the event means nothing in this phase. */
export function transition(
  state: MachineState,
  event: MachineEvent,
  context: MachineContext,
): Transition | null {
  const { phase, switched } = state;
  if (isTerminal(phase)) return null;

  switch (event.type) {
    case 'abort':
      // The workload was stopped, suspended or deleted. A cancel already asked for still finishes,
      // on the old proton, at once: it ends when the candidate is gone, as it would have.
      if (phase === 'reverting') {
        return switched
          ? { state, effects: [{ type: 'clearTimer' }, { type: 'terminate', which: 'candidate' }] }
          : { state, effects: [] };
      }
      if (phase === 'cancelling' || phase === 'returning') {
        return to('reverting', switched, [
          { type: 'clearTimer' },
          { type: 'clearRolloutTimeout' },
          ...(switched ? [{ type: 'switchBack' } as const] : []),
          { type: 'terminate', which: 'candidate' },
        ]);
      }
      // After the switch the candidate already serves: the replacement took effect, only earlier.
      if (switched) {
        return to('completed', true, [
          { type: 'clearTimer' },
          {
            type: 'setMessage',
            message: `${event.reason} Traffic had already switched to the candidate, so the replacement completed early.`,
          },
          { type: 'finish' },
          { type: 'emit', eventType: 'replacement.completed', details: { reason: event.reason } },
        ]);
      }
      return fail(event.reason, switched);

    case 'cancel':
      if (phase === 'cancelling' || phase === 'returning' || phase === 'reverting')
        return { state, effects: [] };
      return to('cancelling', switched, [
        { type: 'clearTimer' },
        { type: 'clearRolloutTimeout' },
        { type: 'setTimer', event: 'cancelAccepted', seconds: CANCEL_ACCEPT_SECONDS },
        { type: 'emit', eventType: 'replacement.cancelled', actorId: event.actorId },
      ]);

    case 'cancelAccepted':
      if (phase !== 'cancelling') return null;
      if (!switched) return to('reverting', false, [{ type: 'terminate', which: 'candidate' }]);
      // Traffic goes back to a previous proton whose pods are on their way back (an eviction took
      // them) only once they are ready: the candidate serves until then, as long as the rollout
      // timeout allows. A ready one gets it at once, and so does an errored one: waiting would not
      // mend it.
      if (context.previousStatus !== null && COMING_UP.has(context.previousStatus)) {
        return to('returning', true, [{ type: 'armRolloutTimeout', seconds: context.rolloutTimeoutSeconds }]);
      }
      return switchBack();

    case 'previousStatus':
      if (phase !== 'returning' || COMING_UP.has(event.status)) return null;
      return switchBack();

    case 'begin':
      if (phase !== 'submitted') return null;
      return to('initializing', false, [
        { type: 'createCandidate' },
        { type: 'armRolloutTimeout', seconds: context.rolloutTimeoutSeconds },
      ]);

    case 'candidateStatus': {
      if (phase !== 'initializing' && phase !== 'warming' && phase !== 'ready') return null;
      if (event.status === 'errored') {
        return fail(`The candidate proton errored${event.detail ? `: ${event.detail}` : ''}.`, false);
      }
      if (event.status === 'warming' && phase === 'initializing') {
        return to('warming', false, [
          { type: 'clearRolloutTimeout' },
          { type: 'setTimer', event: 'warmupElapsed', seconds: context.warmupSeconds },
        ]);
      }
      if (event.status === 'running' && phase === 'initializing') return candidateReady(context);
      if (phase !== 'initializing' && COMING_UP.has(event.status)) {
        // Ready no longer, before the switch: traffic waits for it to be ready again (a warm-up
        // from its start), as long as the rollout timeout allows.
        return to('initializing', false, [
          { type: 'clearTimer' },
          { type: 'armRolloutTimeout', seconds: context.rolloutTimeoutSeconds },
          // Past its warm-up (ready), it warms up again: it shows warming once its pods are back.
          ...(phase === 'ready' && context.warmupSeconds > 0 ? [{ type: 'beginWarmup' } as const] : []),
        ]);
      }
      return null;
    }

    case 'warmupElapsed':
      if (phase !== 'warming') return null;
      return candidateReady(context);

    case 'timeout':
      // The cancel is honoured: the workload goes back to its original artifact, ready or not.
      if (phase === 'returning') return switchBack();
      if (phase !== 'initializing' && phase !== 'warming') return null;
      return fail(
        `The candidate proton was not running within the rollout timeout of ${spoken(context.rolloutTimeoutSeconds)}.`,
        false,
      );

    // BEHAVIOR: promoting is the switch; the old proton drains from it.
    case 'switchDue':
      if (phase !== 'ready') return null;
      return to('promoting', true, [
        { type: 'emit', eventType: 'replacement.trafficSwitched' },
        { type: 'switchTraffic' },
        { type: 'setTimer', event: 'promoted', seconds: PROMOTE_SECONDS },
      ]);

    case 'promoted':
      if (phase !== 'promoting') return null;
      return context.drainSeconds > 0
        ? to('draining', true, [{ type: 'setTimer', event: 'drainElapsed', seconds: context.drainSeconds }])
        : to('retiring', true, [
            { type: 'emit', eventType: 'replacement.oldProtonDrained' },
            { type: 'terminate', which: 'previous' },
          ]);

    case 'drainElapsed':
      if (phase === 'reverting' && switched)
        return to('reverting', true, [{ type: 'terminate', which: 'candidate' }]);
      if (phase !== 'draining') return null;
      return to('retiring', true, [
        { type: 'emit', eventType: 'replacement.oldProtonDrained' },
        { type: 'terminate', which: 'previous' },
      ]);

    case 'protonTerminated':
      if (phase === 'retiring' && event.which === 'previous') {
        return to('completed', true, [
          { type: 'finish' },
          { type: 'emit', eventType: 'replacement.completed' },
        ]);
      }
      if (phase === 'reverting' && event.which === 'candidate') {
        // Gone before its drain ended (torn down by other means): its drain timer goes too.
        return to('cancelled', switched, [{ type: 'clearTimer' }, { type: 'markDeleted' }]);
      }
      return null;
  }
}

/** Whether a cancel can still be honoured: not once the old proton is being torn down. */
export function canCancel(state: MachineState): boolean {
  return !isTerminal(state.phase) && state.phase !== 'retiring';
}
