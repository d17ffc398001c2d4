import { PROMOTE_SECONDS } from '../../src/sim/replacement-machine.js';
import type { Artifact, Proton, ReplacementValue, WorkloadEventValue } from './types.js';

/** The public phases of a rolling replacement, in order. */
export const PHASES = ['submitted', 'initializing', 'promoting', 'finalizing', 'completed'] as const;

export const PHASE_LABELS: Record<(typeof PHASES)[number], { title: string; detail: string }> = {
  submitted: { title: 'Submitted', detail: 'accepted' },
  initializing: { title: 'Initializing', detail: 'candidate starts and warms up' },
  promoting: { title: 'Promoting', detail: 'traffic switches to the candidate' },
  finalizing: { title: 'Finalizing', detail: 'old proton drains, then stops' },
  completed: { title: 'Completed', detail: 'the workload runs the new artifact' },
};

/** `skipped`: a phase a replacement never reached and never will (cancelled, failed or ended early). */
export type StepState = 'done' | 'current' | 'todo' | 'failed' | 'skipped';

export interface Window {
  minutes: number;
  /** Simulated epoch ms; null while it has not begun. */
  startedAt: number | null;
  /** When it ended, or when it will end if it is running; null while unknown. */
  endsAt: number | null;
  /**
   * `cut`: begun, then ended early by a cancel or by the replacement's end (a stop, suspend or
   * delete, or a failure); endsAt: when that came. `unreached`: it never began, and never will.
   */
  state: 'pending' | 'active' | 'done' | 'skipped' | 'cut' | 'unreached';
}

export interface Progress {
  steps: { phase: (typeof PHASES)[number]; state: StepState }[];
  warmup: Window;
  drain: Window;
  cancelling: boolean;
  /** A cancel that has run its course: the workload is back on its original artifact. */
  cancelled: boolean;
}

function eventsOf(events: WorkloadEventValue[], type: string, replacementId: string): WorkloadEventValue[] {
  return events.filter((e) => e.eventType === type && e.details?.replacementId === replacementId);
}

const ms = (iso: string) => Date.parse(iso);

/**
 * When the replacement ended before running its course (`at` null: not known); null if it did not,
 * or has not yet. A cancel ends it when it comes; a failure when it errored; a stop, suspend or
 * delete after the switch completes it early (its completion carries the reason).
 */
function endOf(
  replacement: ReplacementValue,
  events: WorkloadEventValue[],
  cancelling: boolean,
): { at: number | null } | null {
  const at = (type: string, fallback: string | null) => {
    const event = eventsOf(events, type, replacement.id)[0];
    return event ? ms(event.timestamp) : fallback ? ms(fallback) : null;
  };
  if (cancelling) return { at: at('replacement.cancelled', null) };
  if (replacement.status === 'errored') return { at: at('replacement.errored', replacement.updatedAt) };
  if (replacement.status !== 'completed') return null;
  const completion = eventsOf(events, 'replacement.completed', replacement.id)[0];
  const early =
    completion?.details?.reason !== undefined || (replacement.message ?? '').includes('completed early');
  return early ? { at: at('replacement.completed', replacement.updatedAt) } : null;
}

/**
 * Where a replacement stands, from what the API reports: its status, switchedAt and config, the
 * candidate's status (warming), and the workload's events (when warming began and ended, when the
 * old proton was drained, when a cancel, a failure or an early completion ended it).
 */
export function progressOf(
  replacement: ReplacementValue,
  protons: Proton[],
  events: WorkloadEventValue[],
): Progress {
  // A cancel rewinds through finalizing; the API marks it with status deleting, then a message.
  const cancelling =
    replacement.status === 'deleting' ||
    replacement.isDeleted === true ||
    (replacement.message ?? '').startsWith('Cancelled');
  const cancelled = cancelling && replacement.isDeleted === true;
  const end = endOf(replacement, events, cancelling);

  const candidateIds = new Set(replacement.candidateProtonIds ?? []);
  const warmupMinutes = Math.max(0, replacement.config?.warmupDurationMinutes ?? 0);
  const warmStart = events.find(
    (e) =>
      e.eventType === 'proton.statusChanged' &&
      e.details?.to === 'warming' &&
      candidateIds.has(String(e.details?.protonId)),
  );
  // Events come newest first. A candidate that lost its ready pods before the switch warms up again:
  // a warm-up's end counts only when it follows the latest start.
  const lastEnd = eventsOf(events, 'replacement.candidateRunning', replacement.id)[0];
  const warmEnd =
    lastEnd && (!warmStart || ms(lastEnd.timestamp) >= ms(warmStart.timestamp)) ? lastEnd : undefined;
  // A cancelled candidate warms on until it is torn down; one that failed or ended warms no more.
  const warmingNow =
    (!end || cancelling) && protons.some((p) => candidateIds.has(p.id) && p.status === 'warming');
  const warmDone = Boolean(warmEnd || replacement.switchedAt);
  // An end before the switch ends a warm-up that had begun when it comes.
  const cut = Boolean(warmStart && !warmDone && end && !warmingNow);
  let warmEndsAt: number | null = null;
  if (warmEnd) warmEndsAt = ms(warmEnd.timestamp);
  else if (cut) warmEndsAt = end?.at ?? null;
  else if (warmStart) warmEndsAt = ms(warmStart.timestamp) + warmupMinutes * 60_000;
  const warmup: Window = {
    minutes: warmupMinutes,
    startedAt: warmStart ? ms(warmStart.timestamp) : null,
    endsAt: warmEndsAt,
    state:
      warmupMinutes === 0
        ? 'skipped'
        : warmDone
          ? 'done'
          : warmingNow
            ? 'active'
            : cut
              ? 'cut'
              : end
                ? 'unreached'
                : 'pending',
  };

  const drainMinutes = Math.max(0, replacement.config?.keepOldVersionMinutes ?? 0);
  const drained = eventsOf(events, 'replacement.oldProtonDrained', replacement.id)[0];
  // keepOldVersionMinutes is finalizing's, which begins when promoting's seconds after the switch end.
  const finalizingFrom = replacement.switchedAt ? ms(replacement.switchedAt) + PROMOTE_SECONDS * 1000 : null;
  // Whether finalizing began before the replacement ended (if it did: an end not known counts as after).
  const finalized = finalizingFrom !== null && (!end || end.at === null || end.at > finalizingFrom);
  const drainCut = Boolean(end && !drained && finalized && drainMinutes > 0);
  const drain: Window = {
    minutes: drainMinutes,
    startedAt: end && !finalized ? null : finalizingFrom,
    endsAt: drained
      ? ms(drained.timestamp)
      : drainCut
        ? (end?.at ?? null)
        : finalizingFrom !== null && !end
          ? finalizingFrom + drainMinutes * 60_000
          : null,
    state:
      drainMinutes === 0
        ? 'skipped'
        : drained || (replacement.status === 'completed' && !end)
          ? 'done'
          : drainCut
            ? 'cut'
            : end
              ? 'unreached'
              : replacement.status === 'finalizing'
                ? 'active'
                : 'pending',
  };
  const steps = cancelling
    ? cancelSteps(replacement, cancelled)
    : forwardSteps(replacement, replacement.status === 'completed' && end !== null && !finalized);
  return { steps, warmup, drain, cancelling, cancelled };
}

/**
 * The steps of a replacement going forward: up to its status done, its status current (or failed).
 * A failed one never reaches the phases after its failure, nor does one completed early (a stop,
 * suspend or delete after the switch) reach finalizing if it ended before that began.
 */
function forwardSteps(replacement: ReplacementValue, finalizingSkipped: boolean): Progress['steps'] {
  const failed = replacement.status === 'errored';
  const index = failed
    ? PHASES.indexOf(replacement.switchedAt ? 'finalizing' : 'initializing')
    : Math.max(0, PHASES.indexOf((replacement.status ?? 'submitted') as (typeof PHASES)[number]));
  return PHASES.map((phase, i) => ({
    phase,
    state: (phase === 'finalizing' && finalizingSkipped
      ? 'skipped'
      : i < index || (phase === 'completed' && i === index)
        ? 'done'
        : i === index
          ? failed
            ? 'failed'
            : 'current'
          : failed
            ? 'skipped'
            : 'todo') as StepState,
  }));
}

/**
 * A cancel's steps. Its status reads deleting while the cancel is accepted, then finalizing while
 * the candidate is torn down (and traffic, if it had switched, goes back); promoting was passed only
 * if traffic switched, and it never completes.
 */
function cancelSteps(replacement: ReplacementValue, cancelled: boolean): Progress['steps'] {
  const switched = Boolean(replacement.switchedAt);
  const candidateStarted = (replacement.candidateProtonIds ?? []).length > 0;
  const unwinding = replacement.status !== 'deleting';
  const stateOf = (phase: (typeof PHASES)[number]): StepState => {
    switch (phase) {
      case 'submitted':
        return candidateStarted || unwinding ? 'done' : 'current';
      case 'initializing':
        if (!candidateStarted) return 'skipped';
        return switched || unwinding ? 'done' : 'current';
      case 'promoting':
        return switched ? 'done' : 'skipped';
      case 'finalizing':
        return cancelled ? 'done' : unwinding || switched ? 'current' : 'todo';
      case 'completed':
        return 'skipped';
    }
  };
  return PHASES.map((phase) => ({ phase, state: stateOf(phase) }));
}

/**
 * The artifact the replacement form offers first: another version of what the workload runs (same
 * repository, or same name), the newest of the same status first. None when there is no other
 * version: an unrelated artifact is no natural next step, and the user picks one.
 */
export function replacementChoice(
  candidates: Artifact[],
  activeId: string | null | undefined,
): Artifact | undefined {
  const active = candidates.find((a) => a.id === activeId);
  if (!active) return undefined;
  const versions = candidates
    .filter(
      (a) =>
        a.id !== active.id &&
        ((a.artifactRepositoryId != null && a.artifactRepositoryId === active.artifactRepositoryId) ||
          a.name === active.name),
    )
    .sort((a, b) => (b.version ?? -1) - (a.version ?? -1));
  return versions.find((a) => a.status === active.status) ?? versions[0];
}
