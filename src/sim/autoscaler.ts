import type { AutoscalingPolicyValue } from '../schemas/runtime.js';

/**
 * The autoscaler's decision, a pure function: from what the metrics say now, a group's policies,
 * its replicas and what the recommendation was lately, the replicas it should have and why.
 *
 * It follows the Kubernetes horizontal pod autoscaler: each policy recommends
 * ceil(replicas x observed / target) within its minCount..maxCount (no change within a 10 %
 * tolerance), the highest recommendation wins, and stabilisation windows keep it from flapping: it
 * scales up to the lowest recommendation of the last scale-up delay and down to the highest of the
 * last scale-down delay, once the recommendation has been known for that long. A group at zero
 * replicas scales up at once: requests are waiting (a cold start). Only httpRequestsConcurrency
 * can recommend zero, and only with minCount 0.
 */

/** A recommendation within this share of the current replicas changes nothing. */
export const TOLERANCE = 0.1;

/** What the metrics of a proton say now. */
export interface MetricReadings {
  /** Requests in flight on the proton (httpRequestsConcurrency). */
  concurrency: number;
  /** Mean CPU demand of its ready replicas (% of their allocation, may exceed 100); null when none is ready. */
  cpu: { percent: number; replicas: number } | null;
}

/** The recommendation at a moment; a point is kept whenever it changes. */
export interface RecommendationPoint {
  at: number;
  count: number;
}

/** A container group's autoscaler, as plain data (exported and imported with the proton). */
export interface AutoscalerGroupState {
  /** The recommendation over time, oldest first, as long as the longer delay needs. */
  history: RecommendationPoint[];
  /** When the autoscaler last changed the group's replicas. */
  lastScaledAt: number | null;
  /** When the decision may change by time alone (a delay elapsing); null when nothing is pending. */
  dueAt: number | null;
}

export function initialGroupState(): AutoscalerGroupState {
  return { history: [], lastScaledAt: null, dueAt: null };
}

export interface ScaleInput {
  policies: readonly AutoscalingPolicyValue[];
  readings: MetricReadings;
  /** Replicas the group has (wants) now. */
  current: number;
  state: AutoscalerGroupState;
  now: number;
  scaleUpDelayMs: number;
  scaleDownDelayMs: number;
}

export type ScaleKind = 'coldStart' | 'scaleUp' | 'scaleDown' | 'scaleToZero' | 'hold';

export interface ScaleDecision {
  /** Replicas the group should have; `current` when holding. */
  desired: number;
  kind: ScaleKind;
  /** What the metrics call for now. */
  recommended: number;
  /** The policy whose recommendation won, and the value it observed; null when no metric could be read. */
  policy: AutoscalingPolicyValue | null;
  observed: number | null;
  /** One sentence: why the group has (or keeps) `desired` replicas. */
  reason: string;
  state: AutoscalerGroupState;
}

interface PolicyRecommendation {
  policy: AutoscalingPolicyValue;
  observed: number;
  count: number;
  /** The bound that cut the raw recommendation, if any. */
  limitedBy: 'minCount' | 'maxCount' | null;
}

/** Lowest replica count a policy allows: only httpRequestsConcurrency may reach zero. */
export function lowerBound(policy: AutoscalingPolicyValue): number {
  return policy.scalingMetric === 'httpRequestsConcurrency' ? policy.minCount : Math.max(1, policy.minCount);
}

/** ceil, forgiving the rounding error of a division that is meant to be exact. */
function ceilCount(value: number): number {
  return Math.max(0, Math.ceil(value - 1e-9));
}

function clamp(
  policy: AutoscalingPolicyValue,
  raw: number,
): Pick<PolicyRecommendation, 'count' | 'limitedBy'> {
  const min = lowerBound(policy);
  const max = Math.max(min, policy.maxCount);
  if (raw < min) return { count: min, limitedBy: 'minCount' };
  if (raw > max) return { count: max, limitedBy: 'maxCount' };
  return { count: raw, limitedBy: null };
}

function recommend(
  policy: AutoscalingPolicyValue,
  readings: MetricReadings,
  current: number,
): PolicyRecommendation | null {
  switch (policy.scalingMetric) {
    case 'httpRequestsConcurrency': {
      const observed = readings.concurrency;
      const perReplica = policy.target > 0 ? policy.target : 1;
      let raw = ceilCount(observed / perReplica);
      if (current > 0 && observed > 0 && Math.abs(observed / perReplica / current - 1) <= TOLERANCE) {
        raw = current;
      }
      return { policy, observed, ...clamp(policy, raw) };
    }
    case 'cpuAverageUtilization': {
      if (readings.cpu === null) return null;
      const { percent, replicas } = readings.cpu;
      const ratio = policy.target > 0 ? percent / policy.target : Number.POSITIVE_INFINITY;
      const raw = Math.abs(ratio - 1) <= TOLERANCE ? current : ceilCount(replicas * ratio);
      return { policy, observed: percent, ...clamp(policy, Number.isFinite(raw) ? raw : policy.maxCount) };
    }
    default:
      // The simulation has no GPU model: these policies never move the replicas.
      return null;
  }
}

/** The recommendations in effect at some time in [from, now], and whether the history reaches back to `from`. */
function windowOf(
  history: readonly RecommendationPoint[],
  from: number,
): { min: number; max: number; covered: boolean } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let covered = false;
  for (let i = 0; i < history.length; i++) {
    const point = history[i]!;
    const next = history[i + 1];
    if (point.at <= from) covered = true;
    // A point counts while it is in effect somewhere in the window.
    if (next !== undefined && next.at <= from) continue;
    min = Math.min(min, point.count);
    max = Math.max(max, point.count);
  }
  return { min, max, covered };
}

/** The next time a window of `delayMs` drops a recommendation or first covers `delayMs`. */
function nextWindowChange(
  history: readonly RecommendationPoint[],
  delayMs: number,
  now: number,
): number | null {
  let next: number | null = null;
  const consider = (at: number) => {
    if (at > now && (next === null || at < next)) next = at;
  };
  // The first point's: when the window is first covered; each later one's: when the one before
  // leaves (no change when both recommended the same).
  history.forEach((point, i) => {
    if (i === 0 || history[i - 1]!.count !== point.count) consider(point.at + delayMs);
  });
  return next;
}

/**
 * The history with the recommendation of `now`. One made earlier at the same instant is replaced
 * (it was in effect for no time), but for the one the replicas were scaled on then (`scaledAt`,
 * the first of the instant): what was acted on stays in the windows, so that a scale-down waits
 * its delay after a cold start even when the requests that woke the group went away in the same
 * instant.
 */
function withPoint(
  history: readonly RecommendationPoint[],
  now: number,
  count: number,
  keepMs: number,
  scaledAt: number | null,
): RecommendationPoint[] {
  const points = history.filter((point) => point.at < now);
  const actedOn = scaledAt === now ? history.find((point) => point.at === now) : undefined;
  if (actedOn) points.push(actedOn);
  if (points.at(-1)?.count !== count) points.push({ at: now, count });
  // Keep the point in effect at the start of the longest window, and everything after it.
  let first = 0;
  for (let i = 0; i < points.length; i++) if (points[i]!.at <= now - keepMs) first = i;
  return points.slice(first);
}

function describeObservation(recommendation: PolicyRecommendation): string {
  const { policy, observed } = recommendation;
  const value = Math.round(observed * 100) / 100;
  if (policy.scalingMetric === 'httpRequestsConcurrency') {
    return `${value} request${value === 1 ? '' : 's'} in flight against a target of ${policy.target} per replica`;
  }
  return `CPU at ${value}% of its allocation on average against a target of ${policy.target}%`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

export function decideReplicas(input: ScaleInput): ScaleDecision {
  const { policies, readings, current, now, scaleUpDelayMs, scaleDownDelayMs } = input;
  let winner: PolicyRecommendation | null = null;
  for (const policy of policies) {
    const recommendation = recommend(policy, readings, current);
    if (recommendation && (winner === null || recommendation.count > winner.count)) winner = recommendation;
  }
  const recommended = winner?.count ?? current;
  const history = withPoint(
    input.state.history,
    now,
    recommended,
    Math.max(scaleUpDelayMs, scaleDownDelayMs),
    input.state.lastScaledAt,
  );
  const base = {
    recommended,
    policy: winner?.policy ?? null,
    observed: winner?.observed ?? null,
  };
  const limit = (count: number) =>
    winner?.limitedBy === 'maxCount' && count === winner.count
      ? ` (maxCount ${winner.policy.maxCount})`
      : winner?.limitedBy === 'minCount' && count === winner.count
        ? ` (minCount ${winner.policy.minCount})`
        : '';
  const act = (desired: number, kind: ScaleKind, reason: string): ScaleDecision => ({
    ...base,
    desired,
    kind,
    reason,
    // The recommendation acted on has a point at this instant, for withPoint to keep.
    state: {
      history: history.at(-1)?.at === now ? history : [...history, { at: now, count: recommended }],
      lastScaledAt: now,
      dueAt: null,
    },
  });

  if (current === 0 && recommended > 0 && winner) {
    return act(
      recommended,
      'coldStart',
      `Cold start: ${describeObservation(winner)} while scaled to zero calls for ${recommended} replica${recommended === 1 ? '' : 's'}.`,
    );
  }
  if (recommended > current && winner) {
    const window = windowOf(history, now - scaleUpDelayMs);
    if (window.covered && window.min > current) {
      return act(
        window.min,
        'scaleUp',
        `${describeObservation(winner)} for ${seconds(scaleUpDelayMs)} calls for ${window.min} replicas${limit(window.min)}.`,
      );
    }
    return hold(nextWindowChange(history, scaleUpDelayMs, now));
  }
  if (recommended < current && winner) {
    const window = windowOf(history, now - scaleDownDelayMs);
    if (window.covered && window.max < current) {
      if (window.max === 0) {
        return act(
          0,
          'scaleToZero',
          `No request in flight for ${seconds(scaleDownDelayMs)}: scaled to zero (minCount 0).`,
        );
      }
      return act(
        window.max,
        'scaleDown',
        `${describeObservation(winner)} for ${seconds(scaleDownDelayMs)} calls for ${window.max} replica${window.max === 1 ? '' : 's'}${limit(window.max)}.`,
      );
    }
    return hold(nextWindowChange(history, scaleDownDelayMs, now));
  }
  return hold(null);

  function hold(dueAt: number | null): ScaleDecision {
    return {
      ...base,
      desired: current,
      kind: 'hold',
      reason:
        winner === null
          ? 'No metric of the policies can be read: the replicas stay.'
          : `${describeObservation(winner)} calls for ${recommended} replica${recommended === 1 ? '' : 's'}.`,
      state: { history, lastScaledAt: input.state.lastScaledAt, dueAt },
    };
  }
}
