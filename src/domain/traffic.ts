import type { TrafficRequestBody } from '../schemas/traffic.js';
import type { Timer } from '../sim/clock.js';
import { faultTargetOf } from '../sim/faults.js';
import {
  drawLatency,
  latencyFactor,
  logNormalHistogram,
  logNormalMean,
  overloadErrorShare,
  servingCpuPerReplica,
  servingReplicas,
  utilisation,
} from '../sim/load.js';
import type { PodSim, ProtonRecord, WorkloadRecord } from '../store/types.js';
import { awaitsColdStart } from './autoscaling.js';
import type { Emulator } from './emulator.js';
import { failures, newSampleIds, recordRequestSample } from './request-samples.js';

/** Simulated seconds between two ticks of a traffic run: one aggregated batch per tick. */
export const TRAFFIC_TICK_SECONDS = 15;
/** Requests of each outcome per tick that become traces and log lines. */
const SAMPLES_PER_TICK = 2;
/** How fast the gateway refuses a request no replica can take. */
const REFUSAL_LATENCY_MS = 2;

export interface TrafficRunRecord {
  id: string;
  workloadId: string;
  rps: number;
  errorRate: number;
  userErrorRate: number;
  concurrency: number | null;
  latencyMs: number;
  startedAt: number;
  endsAt: number;
  lastTickAt: number;
  /** Fraction of a request carried to the next tick, so low rates add up; and requests queued by a cold start. */
  carry: number;
  /**
   * Since when requests have queued for a cold start (null while none do). The run goes on past its
   * end until they are served, or fail as the gateway's 504 after MOCK_COLD_START_TIMEOUT.
   */
  waitingSince: number | null;
  requests: number;
  failed: number;
  timer: Timer | null;
  /** The proton this run keeps busy, with how many requests in flight and per second. */
  load: { protonId: string; concurrency: number; rps: number } | null;
}

/** Where a request to a workload's endpoint goes: the active proton, if it has ready replicas. */
export interface Route {
  proton: ProtonRecord | null;
  ready: PodSim[];
}

/**
 * Background load on workload endpoints (POST /_mock/workloads/{id}/traffic), simulated on the
 * clock: one timer per run and tick, every tick one aggregated batch recorded through the
 * telemetry, and a few sampled requests kept as traces and log lines.
 */
export class TrafficOps {
  private readonly runs = new Map<string, TrafficRunRecord>();
  /** The runs of each workload, and those loading each proton: a tick weighs only its neighbours. */
  private readonly byWorkload = new Map<string, Set<TrafficRunRecord>>();
  private readonly byProton = new Map<string, Set<TrafficRunRecord>>();

  constructor(private readonly emulator: Emulator) {
    emulator.observe({
      podsChanged: (proton) => this.release(proton.id, () => servingReplicas(proton).length > 0),
      // The proton no longer takes traffic: its queue goes where the gateway routes now.
      trafficSwitched: (_workload, from) => this.release(from.id, () => true),
    });
  }

  /**
   * Runs queued for a proton's cold start are served right after this step, as the endpoint's
   * waiting requests are, not at their next tick: once a replica that takes requests is ready, or
   * the traffic moved on. In the order of their ids, which a state import keeps.
   */
  private release(protonId: string, due: () => boolean): void {
    const runs = this.byProton.get(protonId);
    if (!runs) return;
    const waiting = [...runs].filter((run) => run.waitingSince !== null);
    if (waiting.length === 0 || !due()) return;
    const now = this.clock.now();
    waiting.sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const run of waiting) {
      if (run.timer?.at === now) continue;
      this.clock.cancel(run.timer);
      this.tickAt(run, now);
    }
  }

  private get clock() {
    return this.emulator.clock;
  }

  /** The proton a request to this workload reaches now, and its ready replicas. */
  route(workload: WorkloadRecord): Route {
    const proton = this.emulator.workloads.activeProton(workload);
    if (proton?.intent !== 'run' || proton.terminated) return { proton, ready: [] };
    return { proton, ready: servingReplicas(proton) };
  }

  start(workload: WorkloadRecord, request: TrafficRequestBody): TrafficRunRecord {
    const now = this.clock.now();
    const run: TrafficRunRecord = {
      id: this.emulator.random.objectId(),
      workloadId: workload.id,
      rps: request.rps,
      errorRate: request.errorRate,
      userErrorRate: request.userErrorRate,
      concurrency: request.concurrency ?? null,
      latencyMs: request.latencyMs,
      startedAt: now,
      endsAt: now + request.seconds * 1000,
      lastTickAt: now,
      carry: 0,
      waitingSince: null,
      requests: 0,
      failed: 0,
      timer: null,
      load: null,
    };
    this.keep(run);
    this.schedule(run);
    return run;
  }

  /** Runs still going for a workload. */
  list(workloadId: string): TrafficRunRecord[] {
    return [...(this.byWorkload.get(workloadId) ?? [])];
  }

  /** Ends every run of a workload; returns how many there were. */
  stop(workloadId: string): number {
    const runs = this.list(workloadId);
    for (const run of runs) this.end(run);
    return runs.length;
  }

  /** Ends every run (reset). */
  stopAll(filter: (workloadId: string) => boolean = () => true): void {
    for (const run of [...this.runs.values()]) if (filter(run.workloadId)) this.end(run);
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  /** The runs going on, for the state snapshot: a run's next tick follows from its lastTickAt. */
  exportRuns(): Omit<TrafficRunRecord, 'timer'>[] {
    return [...this.runs.values()].map(({ timer: _timer, ...run }) => run);
  }

  /** Puts back the runs of a snapshot (after a reset); `resumeRuns` re-arms their ticks. */
  importRuns(runs: readonly Omit<TrafficRunRecord, 'timer'>[]): void {
    for (const run of runs) this.keep({ ...run, timer: null });
  }

  resumeRuns(): void {
    for (const run of this.runs.values()) if (run.timer === null) this.schedule(run);
  }

  private keep(run: TrafficRunRecord): void {
    this.runs.set(run.id, run);
    addTo(this.byWorkload, run.workloadId, run);
    if (run.load) addTo(this.byProton, run.load.protonId, run);
  }

  private schedule(run: TrafficRunRecord): void {
    const tick = run.lastTickAt + TRAFFIC_TICK_SECONDS * 1000;
    // Past its end, a run still ticks while requests wait for a cold start.
    this.tickAt(run, run.lastTickAt < run.endsAt ? Math.min(tick, run.endsAt) : tick);
  }

  private tickAt(run: TrafficRunRecord, at: number): void {
    run.timer = this.clock.at(
      at,
      () => {
        run.timer = null;
        this.tick(run);
      },
      `traffic:${run.id}`,
    );
  }

  private end(run: TrafficRunRecord): void {
    this.clock.cancel(run.timer);
    run.timer = null;
    this.runs.delete(run.id);
    removeFrom(this.byWorkload, run.workloadId, run);
    this.setLoad(run, null);
  }

  private tick(run: TrafficRunRecord): void {
    const now = this.clock.now();
    const seconds = (now - run.lastTickAt) / 1000;
    // Requests arrive until the run ends; a tick after it only serves those still queued.
    const arriving = Math.max(0, (Math.min(now, run.endsAt) - run.lastTickAt) / 1000);
    run.lastTickAt = now;
    const workload = this.emulator.store.workloads.get(run.workloadId);
    if (!workload || workload.deleted) {
      this.end(run);
      return;
    }
    const expected = run.rps * arriving + run.carry;
    const count = Math.floor(expected);
    run.carry = expected - count;
    this.serve(workload, run, count, seconds, now);
    if (now >= run.endsAt && run.waitingSince === null) this.end(run);
    else this.schedule(run);
  }

  private serve(
    workload: WorkloadRecord,
    run: TrafficRunRecord,
    count: number,
    seconds: number,
    now: number,
  ): void {
    const telemetry = this.emulator.telemetry;
    const { proton, ready } = this.route(workload);
    // A run that sends nothing has nothing queued and wakes nothing.
    if (proton && ready.length === 0 && run.rps > 0 && awaitsColdStart(proton)) {
      run.waitingSince ??= now;
      const timeoutMs = this.emulator.config.coldStartTimeoutSeconds * 1000;
      if (now - run.waitingSince < timeoutMs) {
        // A cold start: the requests queue until a replica is ready, and their load wakes the proton.
        // Queued requests are in flight, however low the run's own concurrency says its load is.
        const rps = seconds > 0 ? count / seconds : run.rps;
        const waiting = Math.max(1, run.concurrency ?? (rps * run.latencyMs) / 1000);
        this.setLoad(run, { protonId: proton.id, concurrency: waiting, rps });
        run.carry += count;
        return;
      }
      // Waited as long as the gateway waits: the queued requests fail as its 504 does.
      const queued = count + Math.floor(run.carry);
      run.carry -= Math.floor(run.carry);
      run.waitingSince = null;
      this.setLoad(run, null);
      this.fail(workload, run, proton, queued, 504, timeoutMs, seconds, now);
      return;
    }
    // Requests queued through a cold start waited for it: arriving evenly, half of it on average;
    // they came at the run's rate over the wait, not in the moments since the last tick.
    const waitedMs = run.waitingSince === null ? 0 : (now - run.waitingSince) / 2;
    const arrivalSeconds = Math.max(seconds, (2 * waitedMs) / 1000);
    run.waitingSince = null;
    if (!proton || ready.length === 0) {
      this.setLoad(run, null);
      this.fail(workload, run, proton, count, 503, REFUSAL_LATENCY_MS, seconds, now);
      return;
    }
    const rps = arrivalSeconds > 0 ? count / arrivalSeconds : 0;
    const u = utilisation(rps, ready.length, servingCpuPerReplica(proton));
    const serviceMs = run.latencyMs * latencyFactor(u);
    const concurrency = run.concurrency ?? (rps * logNormalMean(serviceMs)) / 1000;
    this.setLoad(run, { protonId: proton.id, concurrency, rps });
    const medianMs = serviceMs + waitedMs;
    const meanMs = logNormalMean(medianMs);
    if (count === 0) return;
    // ErrorRate faults fail their share of the requests of the replicas they match (none, mostly).
    const faults = this.emulator.faults;
    const faultShares =
      faults.size > 0 ? ready.map((pod) => faults.errorRate(faultTargetOf(proton, pod), now)) : [];
    const faultShare = faultShares.reduce((sum, share) => sum + share, 0) / ready.length;
    const overload = overloadErrorShare(u);
    const serverErrors = this.round(count * Math.min(1, run.errorRate + overload + faultShare));
    const userErrors = this.round((count - serverErrors) * run.userErrorRate);
    telemetry.recordRequests({
      workloadId: workload.id,
      protonId: proton.id,
      at: now,
      spanMs: seconds * 1000,
      count,
      serverErrors,
      userErrors,
      latencyMs: meanMs,
      latencyHistogram: logNormalHistogram(count, medianMs),
      concurrency: telemetry.concurrency(proton.id),
    });
    run.requests += count;
    run.failed += serverErrors;
    const ok = count - serverErrors - userErrors;
    const random = this.emulator.random;
    for (let i = 0; i < Math.min(SAMPLES_PER_TICK, ok); i++) {
      this.sample(workload, proton, random.pick(ready), 200, null, this.latency(medianMs), now, seconds);
    }
    for (let i = 0; i < Math.min(SAMPLES_PER_TICK, serverErrors); i++) {
      const { pod, status, failure } = this.failureCause(ready, {
        errorRate: run.errorRate,
        overload,
        faultShare,
        faultShares,
      });
      this.sample(workload, proton, pod, status, failure, this.latency(medianMs), now, seconds);
    }
    if (userErrors > 0) {
      this.sample(workload, proton, random.pick(ready), 400, null, this.latency(medianMs / 4), now, seconds);
    }
  }

  /**
   * What one sampled failure was, drawn in proportion to the shares of the causes: overload (the
   * replica's 503), an ErrorRate fault on a replica it matches, or the run's own error rate.
   */
  private failureCause(
    ready: PodSim[],
    shares: { errorRate: number; overload: number; faultShare: number; faultShares: readonly number[] },
  ) {
    const { errorRate, overload, faultShare, faultShares } = shares;
    const random = this.emulator.random;
    const pick = random.next() * (errorRate + overload + faultShare);
    if (pick < overload) {
      const pod = random.pick(ready);
      return { pod, status: 503, failure: failures.overloaded(pod.name) };
    }
    if (pick < overload + faultShare) {
      const index = this.pickWeighted(faultShares);
      const pod = ready[index]!;
      return { pod, status: 500, failure: failures.errorRate(pod.name, faultShares[index]!) };
    }
    return { pod: random.pick(ready), status: 500, failure: failures.handler };
  }

  /** An index drawn in proportion to the weights (at least one of them above 0). */
  private pickWeighted(weights: readonly number[]): number {
    let rest = this.emulator.random.next() * weights.reduce((sum, weight) => sum + weight, 0);
    for (let i = 0; i < weights.length; i++) {
      rest -= weights[i]!;
      if (rest < 0 && weights[i]! > 0) return i;
    }
    return weights.findLastIndex((weight) => weight > 0);
  }

  /** Keeps the in-flight concurrency of each proton the sum of what the runs on it send. */
  private setLoad(run: TrafficRunRecord, load: TrafficRunRecord['load']): void {
    const before = run.load?.protonId;
    if (before !== undefined) removeFrom(this.byProton, before, run);
    run.load = load;
    if (load) addTo(this.byProton, load.protonId, run);
    for (const protonId of new Set([before, load?.protonId])) {
      if (!protonId) continue;
      let concurrency = 0;
      let rps = 0;
      for (const other of this.byProton.get(protonId) ?? []) {
        concurrency += other.load!.concurrency;
        rps += other.load!.rps;
      }
      this.emulator.telemetry.setSimulatedLoad(protonId, concurrency, rps);
    }
  }

  /** Rounds to an integer at random, keeping the expected value. */
  private round(value: number): number {
    const floor = Math.floor(value);
    return floor + (this.emulator.random.next() < value - floor ? 1 : 0);
  }

  /** One latency drawn from the log-normal distribution around `medianMs`. */
  private latency(medianMs: number): number {
    return drawLatency(this.emulator.random, medianMs);
  }

  /** Requests the gateway answers itself, with no replica: refused (503) or timed out (504). */
  private fail(
    workload: WorkloadRecord,
    run: TrafficRunRecord,
    proton: ProtonRecord | null,
    count: number,
    status: 503 | 504,
    latencyMs: number,
    seconds: number,
    now: number,
  ): void {
    if (count === 0) return;
    this.emulator.telemetry.recordRequests({
      workloadId: workload.id,
      protonId: proton?.id ?? null,
      at: now,
      spanMs: seconds * 1000,
      count,
      serverErrors: count,
      latencyMs,
      concurrency: 0,
    });
    run.requests += count;
    run.failed += count;
    const failure =
      status === 504 && proton
        ? failures.coldStartTimeout(workload.id, proton.id, this.emulator.config.coldStartTimeoutSeconds)
        : failures.noReplica(workload, proton);
    this.sample(workload, proton, null, status, failure, latencyMs, now, seconds);
  }

  /** A sampled request: a trace of its spans and an access log line carrying the trace id. */
  private sample(
    workload: WorkloadRecord,
    proton: ProtonRecord | null,
    pod: PodSim | null,
    status: number,
    failure: string | null,
    durationMs: number,
    now: number,
    seconds: number,
  ): void {
    const random = this.emulator.random;
    const ids = newSampleIds(random);
    const end = now - random.next() * seconds * 1000;
    recordRequestSample(this.emulator, ids, {
      workload,
      proton,
      pod,
      method: 'POST',
      path: '/',
      status,
      start: end - durationMs,
      durationMs,
      failure,
    });
  }
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const values = index.get(key);
  if (values) values.add(value);
  else index.set(key, new Set([value]));
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const values = index.get(key);
  if (!values?.delete(value)) return;
  if (values.size === 0) index.delete(key);
}
