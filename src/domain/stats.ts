import { errors } from '../errors.js';
import type {
  MetricQueryValue,
  ProtonRequestMetricOverTimeValue,
  ProtonRequestStatsValue,
  RelatedEntitiesValue,
  ResetStatsQueryValue,
  Resolution,
  StatsQueryValue,
  WorkloadMetricName,
  WorkloadStatsResponseValue,
} from '../schemas/stats.js';
import { parseQueryTime, RESOLUTIONS } from '../schemas/stats.js';
import type { RequestStatsValue, WorkloadFilter } from '../schemas/workload.js';
import { formatTimestamp as ts } from '../sim/clock.js';
import {
  addTotals,
  emptyTotals,
  MINUTE_MS,
  meanLatencyMs,
  quantileMs,
  type RequestTotals,
  slowerThan,
} from '../sim/telemetry.js';
import { deepFreeze } from '../store/shared.js';
import type { Principal } from '../store/store.js';
import type { WorkloadRecord } from '../store/types.js';
import type { Emulator } from './emulator.js';
import { formatUser, OWNER_PERMISSIONS } from './format.js';

/** The most steps a time series answers with. */
export const MAX_STEPS = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Periods of the sparklines in WorkloadFormatted.requestStats. */
const RATE_PERIODS = 7;
const RATE_PERIOD_MS = HOUR_MS;

const FIXED_STEP_MS: Partial<Record<Resolution, number>> = {
  PT1M: MINUTE_MS,
  PT5M: 5 * MINUTE_MS,
  PT1H: HOUR_MS,
  P1D: DAY_MS,
};

/**
 * The first instant of a month (months past December roll into the next year), in any year:
 * Date.UTC reads the years 0-99 as 1900-1999.
 */
function monthStart(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date.getTime();
}

/** The start of the step that holds `at`. */
export function alignDown(at: number, resolution: Resolution): number {
  const step = FIXED_STEP_MS[resolution];
  if (step) return Math.floor(at / step) * step;
  const date = new Date(at);
  if (resolution === 'P7D') {
    const day = Math.floor(at / DAY_MS) * DAY_MS;
    const weekday = (date.getUTCDay() + 6) % 7; // Monday is 0
    return day - weekday * DAY_MS;
  }
  return monthStart(date.getUTCFullYear(), date.getUTCMonth());
}

/** The start of the step `count` steps after the one starting at `start` (before it, when negative). */
function stepsAfter(start: number, count: number, resolution: Resolution): number {
  const step = FIXED_STEP_MS[resolution];
  if (step) return start + count * step;
  if (resolution === 'P7D') return start + count * 7 * DAY_MS;
  const date = new Date(start);
  return monthStart(date.getUTCFullYear(), date.getUTCMonth() + count);
}

export function nextStep(start: number, resolution: Resolution): number {
  return stepsAfter(start, 1, resolution);
}

/** The step starts covering [from, to); a 400 past MAX_STEPS. */
export function stepStarts(from: number, to: number, resolution: Resolution): number[] {
  const starts: number[] = [];
  for (let at = alignDown(from, resolution); at < to; at = nextStep(at, resolution)) {
    if (starts.length >= MAX_STEPS) {
      throw errors.badRequest(
        'TOO_MANY_STEPS',
        `The period holds more than ${MAX_STEPS} steps of ${resolution}: choose a coarser resolution or a shorter period.`,
      );
    }
    starts.push(at);
  }
  return starts;
}

/** The `[startTime, endTime)` of a query, open where not given; a 400 when it is inverted. */
export function openRange(query: { startTime?: string | undefined; endTime?: string | undefined }): {
  from: number;
  to: number;
} {
  const from = query.startTime === undefined ? Number.NEGATIVE_INFINITY : parseQueryTime(query.startTime);
  const to = query.endTime === undefined ? Number.POSITIVE_INFINITY : parseQueryTime(query.endTime);
  if (from > to) throw errors.invalidTimeRange();
  return { from, to };
}

/** The finest resolution that divides `[from, to)` into at most MAX_STEPS steps (the coarsest else). */
export function finestResolution(from: number, to: number): Resolution {
  for (const resolution of RESOLUTIONS) {
    let steps = 0;
    for (let at = alignDown(from, resolution); at < to && steps <= MAX_STEPS; at = nextStep(at, resolution))
      steps++;
    if (steps <= MAX_STEPS) return resolution;
  }
  return RESOLUTIONS.at(-1)!;
}

/**
 * The time a count between `from` and `to` covers, for a rate: whole minutes, as the per-minute
 * buckets count (from the start of the minute `from` falls in to the end of the one `to` falls in),
 * but not past the present. At least `minimumMs` (a minute for /stats; OTel's current minute divides
 * by its seconds so far).
 */
export function countedSpanMs(from: number, to: number, now: number, minimumMs = MINUTE_MS): number {
  const start = Math.floor(from / MINUTE_MS) * MINUTE_MS;
  const end = Math.min(Math.ceil(to / MINUTE_MS) * MINUTE_MS, now);
  return Math.max(minimumMs, end - start);
}

/** Percent, with two decimals. */
function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

/** Relative change from `before` to `now`: 0 when both are nothing, 1 from nothing to something. */
function trend(now: number, before: number): number {
  if (before === 0) return now === 0 ? 0 : 1;
  return Math.round(((now - before) / before) * 10_000) / 10_000;
}

function errorsOf(totals: RequestTotals): number {
  return totals.serverErrors + totals.userErrors;
}

type RequestStats = Required<RequestStatsValue>;

/** What a workload that never served a request reports (most of them, on every read): made once. */
const IDLE_REQUEST_STATS: RequestStats = deepFreeze({
  totalRequests: 0,
  concurrentRequests: 0,
  errorRate: 0,
  responseTime: 0,
  lastRequestAt: null,
  requestRates: new Array<number>(RATE_PERIODS).fill(0),
  errorRates: new Array<number>(RATE_PERIODS).fill(0),
});

/** Request statistics of workloads and protons, read from the telemetry. */
export class StatsOps {
  constructor(private readonly emulator: Emulator) {}

  private get telemetry() {
    return this.emulator.telemetry;
  }

  private get now() {
    return this.emulator.clock.now();
  }

  /** WorkloadFormatted.requestStats: the active proton's, with hourly rates of the last 7 hours. */
  requestStats(workload: WorkloadRecord): RequestStats {
    const protonId = workload.activeProtonId;
    const lastRequestAt = protonId === null ? null : this.telemetry.lastRequestAt(workload.id, protonId);
    if (lastRequestAt === null && (protonId === null || this.telemetry.concurrency(protonId) === 0))
      return IDLE_REQUEST_STATS;
    const lifetime = protonId ? this.telemetry.lifetime(workload.id, protonId) : emptyTotals();
    const now = this.now;
    const boundaries: number[] = [];
    for (let i = RATE_PERIODS; i > 0; i--) boundaries.push(now - i * RATE_PERIOD_MS);
    const periods =
      protonId && lifetime.requests > 0
        ? this.telemetry.series(workload.id, [protonId], boundaries, now)
        : boundaries.map(() => emptyTotals());
    return {
      totalRequests: lifetime.requests,
      concurrentRequests: protonId ? Math.round(this.telemetry.concurrency(protonId)) : 0,
      errorRate: percent(errorsOf(lifetime), lifetime.requests),
      responseTime: Math.round(meanLatencyMs(lifetime)),
      lastRequestAt: lastRequestAt === null ? null : ts(lastRequestAt),
      requestRates: periods.map((p) => p.requests),
      errorRates: periods.map((p) => Math.round(percent(errorsOf(p), p.requests))),
    };
  }

  /** The proton a stats query is about: the one named (of this workload) or the active one. */
  private protonOf(workload: WorkloadRecord, protonId: string | undefined): string {
    if (protonId === undefined) return workload.activeProtonId ?? '';
    const known =
      workload.protonIds.includes(protonId) ||
      this.telemetry.protonsSeen(workload.id).includes(protonId) ||
      this.telemetry.protonsWithData(workload.id).includes(protonId);
    if (!known) throw errors.notFound('Proton');
    return protonId;
  }

  private period(
    workload: WorkloadRecord,
    protonId: string,
    query: { startTime?: string | undefined; endTime?: string | undefined },
  ): { from: number; to: number } {
    const now = this.now;
    const to = query.endTime === undefined ? now : parseQueryTime(query.endTime);
    const defaultFrom = this.telemetry.firstSeen(workload.id, protonId) ?? workload.createdAt;
    const from = query.startTime === undefined ? Math.min(defaultFrom, to) : parseQueryTime(query.startTime);
    if (from > to) throw errors.invalidTimeRange(query.endTime !== undefined);
    return { from, to };
  }

  /** GET /workloads/{id}/stats. */
  protonStats(principal: Principal, workloadId: string, query: StatsQueryValue): ProtonRequestStatsValue {
    const workload = this.emulator.workloads.get(principal, workloadId);
    const protonId = this.protonOf(workload, query.protonId);
    const { from, to } = this.period(workload, protonId, query);
    const totals = this.telemetry.total(workload.id, [protonId], from, to);
    const minutes = countedSpanMs(from, to, this.now) / MINUTE_MS;
    const live = to >= this.now;
    return {
      metrics: {
        totalRequests: totals.requests,
        requestsPerMinute: Math.round(totals.requests / minutes),
        concurrentRequests: Math.round(live ? this.telemetry.concurrency(protonId) : totals.peakConcurrency),
        responseTime: Math.round(quantileMs(totals, query.responseTimeQuantile)),
        slowRequests: slowerThan(totals, query.slowRequestsThreshold),
        serverErrors: totals.serverErrors,
        userErrors: totals.userErrors,
        serverErrorRate: percent(totals.serverErrors, totals.requests),
        userErrorRate: percent(totals.userErrors, totals.requests),
        totalErrorRate: percent(errorsOf(totals), totals.requests),
      },
      period: { start: ts(from), end: ts(to) },
    };
  }

  /** GET /workloads/{id}/stats/{metric}: one value per step of the resolution. */
  metricOverTime(
    principal: Principal,
    workloadId: string,
    metric: WorkloadMetricName,
    query: MetricQueryValue,
  ): ProtonRequestMetricOverTimeValue {
    const workload = this.emulator.workloads.get(principal, workloadId);
    const protonId = this.protonOf(workload, query.protonId);
    const period = this.period(workload, protonId, query);
    const { to } = period;
    // Without a startTime the series reaches back as far as the proton's data, but never further
    // than the most steps an answer holds: a request of defaults alone keeps working with uptime.
    const from =
      query.startTime === undefined
        ? Math.max(
            period.from,
            stepsAfter(alignDown(to - 1, query.resolution), 1 - MAX_STEPS, query.resolution),
          )
        : period.from;
    const starts = stepStarts(from, to, query.resolution);
    // Buckets are named by their calendar steps, but count only the period: the first from `from`,
    // the last until `to`, and a rate is over the part of its step the count covers.
    const counted = starts.map((start, i) => (i === 0 ? from : start));
    const steps = this.telemetry.series(workload.id, [protonId], counted, to);
    const buckets = starts.map((start, i) => {
      const end = nextStep(start, query.resolution);
      const span = countedSpanMs(counted[i]!, Math.min(end, to), this.now);
      return { start: ts(start), end: ts(end), value: metricValue(metric, steps[i]!, span, query) };
    });
    return {
      metric,
      summary: { protonId, period: { start: ts(from), end: ts(to) } },
      buckets,
    };
  }

  /** DELETE /workloads/{id}/stats. */
  reset(principal: Principal, workloadId: string, query: ResetStatsQueryValue): void {
    const workload = this.emulator.workloads.get(principal, workloadId);
    const protonId = this.protonOf(workload, query.protonId);
    const { from, to } = openRange(query);
    this.telemetry.reset(workload.id, protonId, from, to);
  }

  /** GET /workloads/stats: the matching workloads over the last 24 hours, against the 24 before. */
  overview(principal: Principal, filter: WorkloadFilter): WorkloadStatsResponseValue {
    const { items } = this.emulator.workloads.list(principal, filter, 0, Number.MAX_SAFE_INTEGER);
    const now = this.now;
    const current = emptyTotals();
    const previous = emptyTotals();
    let active = 0;
    let inFlight = 0;
    for (const workload of items) {
      if (this.emulator.workloads.status(workload) === 'running') active++;
      if (workload.activeProtonId) inFlight += this.telemetry.concurrency(workload.activeProtonId);
      if (this.telemetry.lastRequestAt(workload.id) === null) continue;
      const [before, last] = this.telemetry.series(workload.id, null, [now - 2 * DAY_MS, now - DAY_MS], now);
      addTotals(previous, before!);
      addTotals(current, last!);
    }
    const failed = errorsOf(current);
    return {
      workloads: { total: items.length, active },
      requests: {
        total: current.requests,
        succeeded: current.requests - failed,
        failed,
        trend: trend(current.requests, previous.requests),
      },
      errorRate: {
        rate: percent(failed, current.requests),
        trend: trend(percent(failed, current.requests), percent(errorsOf(previous), previous.requests)),
      },
      responseTime: {
        millis: Math.round(meanLatencyMs(current)),
        trend: trend(meanLatencyMs(current), meanLatencyMs(previous)),
      },
      concurrentRequests: {
        count: Math.round(inFlight),
        trend: trend(current.peakConcurrency, previous.peakConcurrency),
      },
    };
  }

  /** GET /workloads/{id}/related: its artifacts (current, candidate, past), their repositories, its protons. */
  related(principal: Principal, workloadId: string): RelatedEntitiesValue {
    const workload = this.emulator.workloads.get(principal, workloadId);
    const data: NonNullable<RelatedEntitiesValue['data']> = [];
    const seen = new Set<string>();
    const addArtifact = (artifactId: string) => {
      if (seen.has(`artifact:${artifactId}`)) return;
      seen.add(`artifact:${artifactId}`);
      const artifact = principal.tenant.artifacts.get(artifactId);
      if (!artifact) {
        data.push({ id: artifactId, type: 'artifact' });
        return;
      }
      data.push({
        id: artifact.id,
        name: artifact.name,
        type: 'artifact',
        creator: formatUser(artifact.creator),
        permissions: [...OWNER_PERMISSIONS],
        createdAt: ts(artifact.createdAt),
        updatedAt: ts(artifact.updatedAt),
      });
      const repository = principal.tenant.repositories.get(artifact.repositoryId);
      if (repository && !seen.has(`repository:${repository.id}`)) {
        seen.add(`repository:${repository.id}`);
        data.push({
          id: repository.id,
          name: repository.name,
          type: 'artifact_repository',
          creator: formatUser(repository.creator),
          permissions: [...OWNER_PERMISSIONS],
          createdAt: ts(repository.createdAt),
          updatedAt: ts(repository.updatedAt),
        });
      }
    };
    const protons = this.emulator.workloads.protons(workload);
    for (const proton of protons) addArtifact(proton.artifactId);
    for (const record of this.emulator.replacements.history(workload)) {
      addArtifact(record.candidateArtifactId);
      addArtifact(record.originalArtifactId);
    }
    for (const proton of protons) {
      data.push({
        id: proton.id,
        name: proton.name,
        type: 'proton',
        creator: formatUser(proton.creator),
        permissions: ['CAN_VIEW'],
        createdAt: ts(proton.createdAt),
        updatedAt: ts(proton.updatedAt),
      });
    }
    return { count: data.length, data };
  }
}

function metricValue(
  metric: WorkloadMetricName,
  totals: RequestTotals,
  stepMs: number,
  query: MetricQueryValue,
): number | null {
  if (metric === 'totalRequests') return totals.requests;
  if (metric === 'requestsPerMinute') return Math.round((totals.requests / (stepMs / MINUTE_MS)) * 100) / 100;
  if (metric === 'requestsOverN') return slowerThan(totals, query.slowRequestsThreshold);
  if (totals.requests === 0) return null;
  switch (metric) {
    case 'concurrentRequests':
      return Math.round(totals.peakConcurrency);
    case 'responseTime':
      return Math.round(quantileMs(totals, query.responseTimeQuantile));
    case 'totalErrorRate':
      return percent(errorsOf(totals), totals.requests);
  }
}
