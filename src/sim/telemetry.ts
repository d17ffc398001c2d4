import { EventLog, PackedRing } from '../store/event-log.js';
import { NONE } from '../store/shared.js';

/**
 * Request telemetry of the simulated workloads: what their endpoints served, kept bounded.
 *
 * Every request, simulated (POST /_mock/workloads/{id}/traffic) or real, is recorded through
 * `recordRequests` as an aggregate: per workload and proton, one bucket per simulated minute with
 * counters and a latency histogram, never one object per request. Buckets older than the
 * retention are dropped. Sampled requests become traces (a bounded ring per workload) and
 * request log lines (another ring). Per-proton load (requests in flight and the request rate) and
 * replica counts over time complete what the stats, the OpenTelemetry surface and autoscaling read.
 */

/** Upper bounds (ms) of the latency histogram bins; one more bin holds everything slower. */
export const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 10_000, 30_000] as const;
const BINS = LATENCY_BOUNDS_MS.length + 1;
/** Where the open-ended last bin is taken to end, for interpolation. */
const LAST_BIN_END_MS = 60_000;

export const MINUTE_MS = 60_000;
/** Traces kept per workload. */
export const TRACES_PER_WORKLOAD = 500;
/** Request log lines kept per workload (lifecycle lines live in Activity). */
export const REQUEST_LOGS_PER_WORKLOAD = 1000;
/** Replica-count change points kept per proton. */
export const REPLICA_POINTS_PER_PROTON = 2000;
/** Protons whose replica history a workload keeps (the oldest go first). */
export const PROTONS_REMEMBERED = 20;
/** Window over which requests real clients sent count as load (a sliding-window counter). */
export const LOAD_WINDOW_MS = 60_000;

export interface RequestBatch {
  workloadId: string;
  /** The proton that served them; null when no proton could (the gateway answered 503). */
  protonId: string | null;
  /** When they were served (simulated epoch ms): the last of them, for a batch over a span. */
  at: number;
  /** The span of simulated ms before `at` the batch was served over (a traffic tick); 0 by default. */
  spanMs?: number;
  count: number;
  /** 5xx answers among them. */
  serverErrors: number;
  /** 4xx answers among them. */
  userErrors?: number;
  /** Mean latency of the batch. */
  latencyMs: number;
  /** Counts per LATENCY_BOUNDS_MS bin (summing to `count`); all in the mean's bin when left out. */
  latencyHistogram?: readonly number[];
  /** Requests in flight at once while the batch was served, if known. */
  concurrency?: number;
}

/** Counters over some span of time, as a bucket or an aggregate of buckets. */
export interface RequestTotals {
  requests: number;
  serverErrors: number;
  userErrors: number;
  latencySumMs: number;
  histogram: number[];
  peakConcurrency: number;
  /**
   * The fastest and the slowest of the requests (a bin's edges for those a histogram gives); null
   * with no requests, or when not known (in state files written before they were kept).
   */
  fastestMs: number | null;
  slowestMs: number | null;
}

export interface Bucket extends RequestTotals {
  /** Start of the minute. */
  minute: number;
}

export interface ProtonSeries {
  buckets: Bucket[];
  /** Since the proton first served (or its stats were last reset), whatever the retention dropped. */
  totals: RequestTotals;
  lastRequestAt: number | null;
}

export interface SpanRecord {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: 'Server' | 'Internal' | 'Client';
  /** Start, relative to the trace start. */
  offsetMs: number;
  durationMs: number;
  error: string | null;
  attributes: Record<string, string | number | boolean | null>;
}

export interface TraceRecord {
  traceId: string;
  workloadId: string;
  protonId: string | null;
  start: number;
  durationMs: number;
  httpStatus: number;
  spans: SpanRecord[];
}

export interface RequestLogRecord {
  timestamp: number;
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  message: string;
  protonId: string | null;
  pod: string | null;
  container: string | null;
  traceId: string | null;
  spanId: string | null;
}

export interface ReplicaPoint {
  at: number;
  /** Replicas wanted. */
  desired: number;
  /** Pods not being torn down. */
  live: number;
  /** Pods with every container ready. */
  ready: number;
  /** Of those, the pods of the groups that take requests (all of them, mostly). */
  serving: number;
}

/** A proton's replica points, five numbers each rather than an object each (most protons keep two). */
class ReplicaRing extends PackedRing<ReplicaPoint> {
  /** The proton's first point, kept when the ring has dropped it (the default start of its stats). */
  firstAt: number | null = null;

  constructor(readonly protonId: string) {
    super(REPLICA_POINTS_PER_PROTON, 5, 2);
  }

  protected write(at: number, point: ReplicaPoint): void {
    const slots = this.slots;
    slots[at] = this.relative(point.at);
    slots[at + 1] = point.desired;
    slots[at + 2] = point.live;
    slots[at + 3] = point.ready;
    slots[at + 4] = point.serving;
  }

  protected read(at: number): ReplicaPoint {
    const slots = this.slots as number[];
    return {
      at: this.absolute(slots[at]!),
      desired: slots[at + 1]!,
      live: slots[at + 2]!,
      ready: slots[at + 3]!,
      serving: slots[at + 4]!,
    };
  }
}

/**
 * Every workload has replica history; request data only once it served a request, so the
 * structures for it are made on the first request (at 100,000 idle workloads that adds up).
 */
interface WorkloadTelemetry {
  protons: Map<string, ProtonSeries> | null;
  /**
   * Replica counts over time, per proton, in the order the protons appeared. A list, not a Map: a
   * workload remembers a few protons, and a Map's table costs more than the search.
   */
  replicas: readonly ReplicaRing[];
  traces: EventLog<TraceRecord> | null;
  requestLogs: EventLog<RequestLogRecord> | null;
  lastRequestAt: number | null;
}

const NO_SERIES: ReadonlyMap<string, ProtonSeries> = new Map();

function replicaRing(entry: WorkloadTelemetry | undefined, protonId: string): ReplicaRing | undefined {
  if (!entry) return undefined;
  for (const ring of entry.replicas) if (ring.protonId === protonId) return ring;
  return undefined;
}

/** Key of the requests no proton served. */
const NO_PROTON = '';

/**
 * What loads a proton now. Simulated traffic sets its concurrency and rate outright; requests of
 * real clients count while they wait (`real`) and, once answered, through a sliding window: by
 * Little's law the requests in flight on average are the time they took, summed, over the window.
 */
interface ProtonLoad {
  simulated: number;
  simulatedRps: number;
  real: number;
  /** Start of the current window (aligned to LOAD_WINDOW_MS). */
  windowStart: number;
  count: number;
  latencySumMs: number;
  previousCount: number;
  previousLatencySumMs: number;
}

export function emptyTotals(): RequestTotals {
  return {
    requests: 0,
    serverErrors: 0,
    userErrors: 0,
    latencySumMs: 0,
    histogram: new Array(BINS).fill(0),
    peakConcurrency: 0,
    fastestMs: null,
    slowestMs: null,
  };
}

export function addTotals(target: RequestTotals, source: RequestTotals): void {
  if (source.requests > 0) {
    const first = target.requests === 0;
    target.fastestMs = first ? source.fastestMs : knownBoth(Math.min, target.fastestMs, source.fastestMs);
    target.slowestMs = first ? source.slowestMs : knownBoth(Math.max, target.slowestMs, source.slowestMs);
  }
  target.requests += source.requests;
  target.serverErrors += source.serverErrors;
  target.userErrors += source.userErrors;
  target.latencySumMs += source.latencySumMs;
  for (let i = 0; i < BINS; i++) target.histogram[i]! += source.histogram[i]!;
  target.peakConcurrency = Math.max(target.peakConcurrency, source.peakConcurrency);
}

function knownBoth(
  pick: (a: number, b: number) => number,
  a: number | null,
  b: number | null,
): number | null {
  return a === null || b === null ? null : pick(a, b);
}

/**
 * Request data is kept for the PROTONS_REMEMBERED protons of a workload that served last (and the
 * requests no proton served), as its replica history is: each replacement adds a proton.
 */
function forgetOldestSeries(protons: Map<string, ProtonSeries>, keep: string): void {
  if (protons.size - (protons.has(NO_PROTON) ? 1 : 0) <= PROTONS_REMEMBERED) return;
  let oldest: string | null = null;
  let oldestAt = Number.POSITIVE_INFINITY;
  for (const [key, series] of protons) {
    if (key === keep || key === NO_PROTON) continue;
    const at = series.lastRequestAt ?? Number.NEGATIVE_INFINITY;
    if (at < oldestAt) {
      oldest = key;
      oldestAt = at;
    }
  }
  if (oldest !== null) protons.delete(oldest);
}

/** Index of the first bucket at or after `minute` (buckets are in time order). */
function firstAtOrAfter(buckets: readonly Bucket[], minute: number): number {
  let low = 0;
  let high = buckets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (buckets[mid]!.minute < minute) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The histogram bin a latency falls in. */
export function binOf(latencyMs: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (latencyMs <= LATENCY_BOUNDS_MS[i]!) return i;
  return LATENCY_BOUNDS_MS.length;
}

function binRange(bin: number): [number, number] {
  const low = bin === 0 ? 0 : LATENCY_BOUNDS_MS[bin - 1]!;
  const high = bin < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[bin]! : LAST_BIN_END_MS;
  return [low, high];
}

/**
 * The latencies a bin's requests can have: its range, within the fastest and slowest when known. The
 * last bin has no end of its own: its requests are up to the slowest (a cold start's 504 after minutes).
 */
function binSpan(totals: RequestTotals, bin: number): [number, number] {
  const [low, high] = binRange(bin);
  const top =
    totals.slowestMs === null
      ? high
      : bin === BINS - 1
        ? Math.max(low, totals.slowestMs)
        : Math.min(high, totals.slowestMs);
  return [Math.min(top, totals.fastestMs === null ? low : Math.max(low, totals.fastestMs)), top];
}

/** The latency below which `q` of the requests fell, interpolated within the histogram bin. */
export function quantileMs(totals: RequestTotals, q: number): number {
  if (totals.requests === 0) return 0;
  const rank = Math.min(1, Math.max(0, q)) * totals.requests;
  let seen = 0;
  for (let bin = 0; bin < BINS; bin++) {
    const count = totals.histogram[bin]!;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const [low, high] = binSpan(totals, bin);
      return low + ((rank - seen) / count) * (high - low);
    }
    seen += count;
  }
  return binSpan(totals, BINS - 1)[1];
}

/** How many requests took longer than `thresholdMs`, interpolated within the bin it falls in. */
export function slowerThan(totals: RequestTotals, thresholdMs: number): number {
  let slow = 0;
  for (let bin = 0; bin < BINS; bin++) {
    const count = totals.histogram[bin]!;
    if (count === 0) continue;
    const [low, high] = binSpan(totals, bin);
    // Slow is over the threshold: a bin whose requests all took exactly the threshold holds none.
    if (high <= thresholdMs) continue;
    slow += low >= thresholdMs ? count : (count * (high - thresholdMs)) / (high - low);
  }
  return Math.round(slow);
}

export function meanLatencyMs(totals: RequestTotals): number {
  return totals.requests === 0 ? 0 : totals.latencySumMs / totals.requests;
}

export interface TelemetryOptions {
  now: () => number;
  retentionSeconds: number;
}

export class Telemetry {
  private readonly workloads = new Map<string, WorkloadTelemetry>();
  private readonly inFlight = new Map<string, ProtonLoad>();
  private readonly loadListeners = new Set<(protonId: string) => void>();

  constructor(private readonly options: TelemetryOptions) {}

  /** Hears of every change of a proton's load (autoscaling evaluates on it). */
  onLoadChange(listener: (protonId: string) => void): () => void {
    this.loadListeners.add(listener);
    return () => this.loadListeners.delete(listener);
  }

  private loadChanged(protonId: string): void {
    for (const listener of this.loadListeners) listener(protonId);
  }

  private workload(workloadId: string): WorkloadTelemetry {
    let entry = this.workloads.get(workloadId);
    if (!entry) {
      entry = {
        protons: null,
        replicas: NONE,
        traces: null,
        requestLogs: null,
        lastRequestAt: null,
      };
      this.workloads.set(workloadId, entry);
    }
    return entry;
  }

  /** Records a batch of requests served (or refused) at one moment: the single entry point of request data. */
  recordRequests(batch: RequestBatch): void {
    if (batch.count <= 0) return;
    const entry = this.workload(batch.workloadId);
    const key = batch.protonId ?? NO_PROTON;
    entry.protons ??= new Map();
    let series = entry.protons.get(key);
    if (!series) {
      series = { buckets: [], totals: emptyTotals(), lastRequestAt: null };
      entry.protons.set(key, series);
      forgetOldestSeries(entry.protons, key);
    }
    // A batch served over a span counts in the minute its middle falls in: a tick at 12:04:00 that
    // covers the 15 s before it belongs to 12:03, not to the minute it ends on.
    const minute = Math.floor((batch.at - (batch.spanMs ?? 0) / 2) / MINUTE_MS) * MINUTE_MS;
    let bucket = series.buckets.at(-1);
    if (!bucket || bucket.minute !== minute) {
      if (bucket && bucket.minute > minute) {
        // Late arrival: find (or insert) its minute, keeping the buckets in order.
        const index = series.buckets.findIndex((b) => b.minute >= minute);
        bucket = series.buckets[index];
        if (!bucket || bucket.minute !== minute) {
          bucket = { minute, ...emptyTotals() };
          series.buckets.splice(index, 0, bucket);
        }
      } else {
        bucket = { minute, ...emptyTotals() };
        series.buckets.push(bucket);
        // A new minute: the workload's other protons (one a replacement retired, say) get no request
        // of their own to drop their old minutes on.
        for (const other of entry.protons.values()) if (other !== series) this.prune(other);
      }
    }
    const delta = emptyTotals();
    delta.requests = batch.count;
    delta.serverErrors = Math.min(batch.count, batch.serverErrors);
    delta.userErrors = Math.min(batch.count - delta.serverErrors, batch.userErrors ?? 0);
    delta.latencySumMs = batch.latencyMs * batch.count;
    if (batch.latencyHistogram && batch.latencyHistogram.length === BINS) {
      for (let i = 0; i < BINS; i++) delta.histogram[i] = batch.latencyHistogram[i]!;
      const first = delta.histogram.findIndex((n) => n > 0);
      const last = delta.histogram.findLastIndex((n) => n > 0);
      delta.fastestMs = first === -1 ? null : binRange(first)[0];
      delta.slowestMs = last === -1 ? null : binRange(last)[1];
    } else {
      delta.histogram[binOf(batch.latencyMs)] = batch.count;
      delta.fastestMs = batch.latencyMs;
      delta.slowestMs = batch.latencyMs;
    }
    delta.peakConcurrency = batch.concurrency ?? (batch.protonId ? this.concurrency(batch.protonId) : 0);
    addTotals(bucket, delta);
    addTotals(series.totals, delta);
    series.lastRequestAt = Math.max(series.lastRequestAt ?? batch.at, batch.at);
    entry.lastRequestAt = Math.max(entry.lastRequestAt ?? batch.at, batch.at);
    this.prune(series);
  }

  private prune(series: ProtonSeries): void {
    const cutoff = this.options.now() - this.options.retentionSeconds * 1000;
    const first = series.buckets[0];
    if (!first || first.minute >= cutoff) return;
    const keep = series.buckets.findIndex((b) => b.minute >= cutoff);
    series.buckets.splice(0, keep === -1 ? series.buckets.length : keep);
  }

  /** A request of a real client starts waiting on a proton (a cold start): it is in flight until it ends. */
  beginRequest(protonId: string): void {
    const entry = this.flight(protonId);
    entry.real++;
    this.loadChanged(protonId);
  }

  endRequest(protonId: string): void {
    const entry = this.flight(protonId);
    entry.real = Math.max(0, entry.real - 1);
    this.loadChanged(protonId);
  }

  /** A proton answered a real client's request after `latencyMs` of work: it loads the window. */
  noteServed(protonId: string, latencyMs: number): void {
    const entry = this.flight(protonId);
    this.roll(entry);
    entry.count++;
    entry.latencySumMs += Math.max(0, latencyMs);
    this.loadChanged(protonId);
  }

  /** Concurrency of simulated load on a proton (the traffic generator sets it each tick). */
  setSimulatedConcurrency(protonId: string, value: number): void {
    this.setSimulatedLoad(protonId, value, this.inFlight.get(protonId)?.simulatedRps ?? 0);
  }

  /** Simulated load on a proton: requests in flight and requests per second. */
  setSimulatedLoad(protonId: string, concurrency: number, rps: number): void {
    const entry = this.flight(protonId);
    const simulated = Math.max(0, concurrency);
    const simulatedRps = Math.max(0, rps);
    if (entry.simulated === simulated && entry.simulatedRps === simulatedRps) return;
    entry.simulated = simulated;
    entry.simulatedRps = simulatedRps;
    this.loadChanged(protonId);
  }

  /** Requests in flight on a proton now: simulated, waiting, and answered ones on average over the window. */
  concurrency(protonId: string): number {
    const entry = this.inFlight.get(protonId);
    if (!entry) return 0;
    return entry.simulated + entry.real + this.windowed(entry).latencySumMs / LOAD_WINDOW_MS;
  }

  /** Requests per second a proton serves now: simulated, and real ones over the window. */
  requestRate(protonId: string): number {
    const entry = this.inFlight.get(protonId);
    if (!entry) return 0;
    return entry.simulatedRps + this.windowed(entry).count / (LOAD_WINDOW_MS / 1000);
  }

  /**
   * When a proton's load next changes by itself (the window moving on), or null when it holds no
   * answered requests: the autoscaler looks again then.
   */
  loadSettlesAt(protonId: string): number | null {
    const entry = this.inFlight.get(protonId);
    if (!entry) return null;
    this.roll(entry);
    if (entry.count === 0 && entry.previousCount === 0) return null;
    return entry.windowStart + LOAD_WINDOW_MS;
  }

  /** The window's counts now: the previous window weighted by how much of it still overlaps. */
  private windowed(entry: ProtonLoad): { count: number; latencySumMs: number } {
    this.roll(entry);
    const weight = 1 - (this.options.now() - entry.windowStart) / LOAD_WINDOW_MS;
    return {
      count: entry.count + entry.previousCount * weight,
      latencySumMs: entry.latencySumMs + entry.previousLatencySumMs * weight,
    };
  }

  private roll(entry: ProtonLoad): void {
    const start = Math.floor(this.options.now() / LOAD_WINDOW_MS) * LOAD_WINDOW_MS;
    if (start <= entry.windowStart) return;
    const adjacent = start - entry.windowStart === LOAD_WINDOW_MS;
    entry.previousCount = adjacent ? entry.count : 0;
    entry.previousLatencySumMs = adjacent ? entry.latencySumMs : 0;
    entry.count = 0;
    entry.latencySumMs = 0;
    entry.windowStart = start;
  }

  private flight(protonId: string): ProtonLoad {
    let entry = this.inFlight.get(protonId);
    if (!entry) {
      entry = {
        simulated: 0,
        simulatedRps: 0,
        real: 0,
        windowStart: Math.floor(this.options.now() / LOAD_WINDOW_MS) * LOAD_WINDOW_MS,
        count: 0,
        latencySumMs: 0,
        previousCount: 0,
        previousLatencySumMs: 0,
      };
      this.inFlight.set(protonId, entry);
    }
    return entry;
  }

  /** Protons with request data for a workload ('' stands for requests no proton served). */
  protonsWithData(workloadId: string): string[] {
    return [...(this.workloads.get(workloadId)?.protons?.keys() ?? [])];
  }

  /** Totals of one proton since it first served (or was reset), whatever the retention dropped. */
  lifetime(workloadId: string, protonId: string): RequestTotals {
    const series = this.workloads.get(workloadId)?.protons?.get(protonId);
    return series ? structuredClone(series.totals) : emptyTotals();
  }

  lastRequestAt(workloadId: string, protonId?: string): number | null {
    const entry = this.workloads.get(workloadId);
    if (!entry) return null;
    if (protonId === undefined) return entry.lastRequestAt;
    return entry.protons?.get(protonId)?.lastRequestAt ?? null;
  }

  /**
   * Totals per step between `from` and `to` (epoch ms), for the protons given (all when null).
   * `boundaries` are the step starts; the last step ends at `to`. A bucket counts in the step its
   * minute starts in (the first step when it starts before the first boundary).
   */
  series(
    workloadId: string,
    protonIds: readonly string[] | null,
    boundaries: readonly number[],
    to: number,
  ): RequestTotals[] {
    const out = boundaries.map(() => emptyTotals());
    const entry = this.workloads.get(workloadId);
    if (!entry || boundaries.length === 0) return out;
    const from = boundaries[0]!;
    const now = this.options.now();
    // An empty period in the past holds nothing (one at the present holds this very moment).
    if (to <= from && to < now) return out;
    const oldest = now - this.options.retentionSeconds * 1000;
    for (const [key, series] of entry.protons ?? NO_SERIES) {
      if (protonIds !== null && !protonIds.includes(key)) continue;
      let step = 0;
      const buckets = series.buckets;
      // A bucket counts when its minute overlaps the period [from, to); a period reaching the present
      // also holds what was served at this very moment.
      const end = to >= now ? to + 1 : to;
      // Buckets past the retention are pruned on the next request; until then they are not read.
      for (let i = firstAtOrAfter(buckets, Math.max(from - MINUTE_MS + 1, oldest)); i < buckets.length; i++) {
        const bucket = buckets[i]!;
        if (bucket.minute >= end) break;
        while (step + 1 < boundaries.length && bucket.minute >= boundaries[step + 1]!) step++;
        addTotals(out[step]!, bucket);
      }
    }
    return out;
  }

  /** Totals between `from` and `to` for the protons given (all when null). */
  total(workloadId: string, protonIds: readonly string[] | null, from: number, to: number): RequestTotals {
    return this.series(workloadId, protonIds, [from], to)[0]!;
  }

  /** Forgets the request data of a proton between two times; lifetime totals follow what remains. */
  reset(workloadId: string, protonId: string, from: number, to: number): void {
    const series = this.workloads.get(workloadId)?.protons?.get(protonId);
    if (!series) return;
    const whole = from <= Number.NEGATIVE_INFINITY && to >= Number.POSITIVE_INFINITY;
    if (whole) {
      series.buckets = [];
      series.totals = emptyTotals();
      series.lastRequestAt = null;
      return;
    }
    // The minutes a read of [from, to) counts (see series): a period cutting through a minute clears
    // all of it, so that the period reads empty afterwards; one reaching the present clears what was
    // served at this very moment too, and an empty one in the past clears nothing.
    const now = this.options.now();
    if (to <= from && to < now) return;
    const end = to >= now ? to + 1 : to;
    const inside = (b: Bucket) => b.minute > from - MINUTE_MS && b.minute < end;
    const removed = series.buckets.filter(inside);
    if (removed.length === 0) return;
    series.buckets = series.buckets.filter((b) => !inside(b));
    // Taken out of the totals, which hold what the retention already dropped too.
    const totals = series.totals;
    for (const bucket of removed) {
      totals.requests -= bucket.requests;
      totals.serverErrors -= bucket.serverErrors;
      totals.userErrors -= bucket.userErrors;
      totals.latencySumMs -= bucket.latencySumMs;
      for (let i = 0; i < BINS; i++) totals.histogram[i]! -= bucket.histogram[i]!;
    }
    // The fastest and slowest still bound what is left; the peak is the remaining buckets'.
    totals.peakConcurrency = Math.max(0, ...series.buckets.map((b) => b.peakConcurrency));
    if (totals.requests === 0) series.totals = emptyTotals();
  }

  recordTrace(trace: TraceRecord): void {
    const entry = this.workload(trace.workloadId);
    entry.traces ??= new EventLog<TraceRecord>(TRACES_PER_WORKLOAD);
    entry.traces.append(trace);
  }

  /** Traces of a workload, newest first. */
  traces(workloadId: string): EventLog<TraceRecord> | undefined {
    return this.workloads.get(workloadId)?.traces ?? undefined;
  }

  recordRequestLog(workloadId: string, line: RequestLogRecord): void {
    const entry = this.workload(workloadId);
    entry.requestLogs ??= new EventLog<RequestLogRecord>(REQUEST_LOGS_PER_WORKLOAD);
    entry.requestLogs.append(line);
  }

  /** Request log lines of a workload, newest first. */
  requestLogs(workloadId: string): EventLog<RequestLogRecord> | undefined {
    return this.workloads.get(workloadId)?.requestLogs ?? undefined;
  }

  /** Notes a proton's replica counts when they changed. */
  observeReplicas(workloadId: string, protonId: string, point: ReplicaPoint): void {
    const entry = this.workload(workloadId);
    let ring = replicaRing(entry, protonId);
    if (!ring) {
      ring = new ReplicaRing(protonId);
      const kept = entry.replicas.length >= PROTONS_REMEMBERED ? entry.replicas.slice(1) : entry.replicas;
      entry.replicas = kept.concat(ring);
    }
    ring.firstAt ??= point.at;
    const last = ring.fromNewest(0);
    if (
      last &&
      last.desired === point.desired &&
      last.live === point.live &&
      last.ready === point.ready &&
      last.serving === point.serving
    )
      return;
    if (last && last.at === point.at) ring.replaceNewest(point);
    else ring.append(point);
  }

  /** A proton's replica counts at a time (zero before its first point). */
  replicasAt(workloadId: string, protonId: string, at: number): ReplicaPoint {
    const ring = replicaRing(this.workloads.get(workloadId), protonId);
    if (ring) {
      for (let i = 0; i < ring.length; i++) {
        const point = ring.fromNewest(i)!;
        if (point.at <= at) return point;
      }
    }
    return { at, desired: 0, live: 0, ready: 0, serving: 0 };
  }

  /** Protons a workload ran (that replica history is kept for), oldest first. */
  protonsSeen(workloadId: string): string[] {
    return (this.workloads.get(workloadId)?.replicas ?? []).map((ring) => ring.protonId);
  }

  /** When a proton first had a replica point. */
  firstSeen(workloadId: string, protonId: string): number | null {
    return replicaRing(this.workloads.get(workloadId), protonId)?.firstAt ?? null;
  }

  /** When a proton's replicas all went, for good: its newest point, if that one counts none. */
  endedAt(workloadId: string, protonId: string): number | null {
    const newest = replicaRing(this.workloads.get(workloadId), protonId)?.fromNewest(0);
    return newest && newest.desired === 0 && newest.live === 0 && newest.ready === 0 ? newest.at : null;
  }

  /** A proton is gone: its load goes with it (its request history stays with the workload). */
  forgetLoad(protonId: string): void {
    this.inFlight.delete(protonId);
  }

  /** The workload is gone: so is its telemetry. */
  forgetWorkload(workloadId: string): void {
    const entry = this.workloads.get(workloadId);
    if (!entry) return;
    for (const { protonId } of entry.replicas) this.inFlight.delete(protonId);
    for (const protonId of entry.protons?.keys() ?? []) this.inFlight.delete(protonId);
    this.workloads.delete(workloadId);
  }

  clear(): void {
    this.workloads.clear();
    this.inFlight.clear();
  }

  /** Everything it holds, for the state snapshot (src/domain/snapshot.ts); rings oldest first. */
  exportState(): TelemetryState {
    return {
      workloads: [...this.workloads].map(([workloadId, entry]) => ({
        workloadId,
        lastRequestAt: entry.lastRequestAt,
        protons: [...(entry.protons ?? [])].map(([protonId, series]) => ({ protonId, ...series })),
        replicas: entry.replicas.map((ring) => ({
          protonId: ring.protonId,
          total: ring.total,
          firstAt: ring.firstAt,
          points: ring.toArray(),
        })),
        traces: { total: entry.traces?.total ?? 0, items: entry.traces?.toArray() ?? [] },
        requestLogs: { total: entry.requestLogs?.total ?? 0, items: entry.requestLogs?.toArray() ?? [] },
      })),
      // Requests still waiting belong to this process; the rest of the load (simulated load and the
      // window of answered requests the autoscaler reads) carries over.
      inFlight: [...this.inFlight]
        .filter(
          ([, flight]) =>
            flight.simulated > 0 || flight.simulatedRps > 0 || flight.count > 0 || flight.previousCount > 0,
        )
        .map(([protonId, { real: _real, ...load }]) => ({ protonId, ...load }))
        // In one order whatever the map's: an entry left at zero is not exported, and one made
        // again after a restore comes last in the map, where the original keeps it in its place.
        .sort((a, b) => (a.protonId < b.protonId ? -1 : a.protonId > b.protonId ? 1 : 0)),
    };
  }

  importState(state: TelemetryState): void {
    this.clear();
    const fill = <T, R extends PackedRing<T>>(log: R, saved: { total: number; items: readonly T[] }): R => {
      for (const item of saved.items) log.append(item);
      log.total = saved.total;
      return log;
    };
    const ring = <T>(capacity: number, saved: { total: number; items: readonly T[] }) =>
      fill(new EventLog<T>(capacity), saved);
    for (const saved of state.workloads) {
      this.workloads.set(saved.workloadId, {
        lastRequestAt: saved.lastRequestAt,
        protons:
          saved.protons.length === 0
            ? null
            : new Map(saved.protons.map(({ protonId, ...series }) => [protonId, series])),
        replicas: saved.replicas.map(({ protonId, total, firstAt, points }) => {
          // Files written before it was kept: their protons' groups all took requests.
          const items = points.map((point) => ({ ...point, serving: point.serving ?? point.ready }));
          const ring = fill(new ReplicaRing(protonId), { total, items });
          // Files written before it was kept: the oldest point kept is the best known.
          ring.firstAt = firstAt ?? points[0]?.at ?? null;
          return ring;
        }),
        traces: saved.traces.total === 0 ? null : ring(TRACES_PER_WORKLOAD, saved.traces),
        requestLogs:
          saved.requestLogs.total === 0 ? null : ring(REQUEST_LOGS_PER_WORKLOAD, saved.requestLogs),
      });
    }
    for (const { protonId, ...load } of state.inFlight) Object.assign(this.flight(protonId), load);
  }
}

/** Telemetry as the state snapshot carries it. */
export interface TelemetryState {
  workloads: {
    workloadId: string;
    lastRequestAt: number | null;
    protons: ({ protonId: string } & ProtonSeries)[];
    replicas: {
      protonId: string;
      total: number;
      firstAt?: number | null;
      points: (Omit<ReplicaPoint, 'serving'> & { serving?: number })[];
    }[];
    traces: { total: number; items: TraceRecord[] };
    requestLogs: { total: number; items: RequestLogRecord[] };
  }[];
  inFlight: ({ protonId: string; simulated: number } & Partial<Omit<ProtonLoad, 'real' | 'simulated'>>)[];
}
