import type { TrafficRequestBody } from '../schemas/traffic.js';
import type { Timer } from '../sim/clock.js';
import {
  cpuPerReplica,
  LATENCY_SIGMA,
  latencyFactor,
  logNormalHistogram,
  logNormalMean,
  overloadErrorShare,
  readyReplicas,
  utilisation,
} from '../sim/load.js';
import type { SpanRecord } from '../sim/telemetry.js';
import type { PodSim, ProtonRecord, WorkloadRecord } from '../store/types.js';
import type { Emulator } from './emulator.js';

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
  /** Fraction of a request carried to the next tick, so low rates add up. */
  carry: number;
  requests: number;
  failed: number;
  timer: Timer | null;
  /** The proton this run keeps busy, and with how many requests in flight. */
  load: { protonId: string; concurrency: number } | null;
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

  constructor(private readonly emulator: Emulator) {}

  private get clock() {
    return this.emulator.clock;
  }

  /** The proton a request to this workload reaches now, and its ready replicas. */
  route(workload: WorkloadRecord): Route {
    const proton = this.emulator.workloads.activeProton(workload);
    if (proton?.intent !== 'run' || proton.terminated) return { proton, ready: [] };
    return { proton, ready: readyReplicas(proton) };
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
      requests: 0,
      failed: 0,
      timer: null,
      load: null,
    };
    this.runs.set(run.id, run);
    this.schedule(run);
    return run;
  }

  /** Runs still going for a workload. */
  list(workloadId: string): TrafficRunRecord[] {
    return [...this.runs.values()].filter((run) => run.workloadId === workloadId);
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

  /** The runs going on, for the state snapshot: a run's next tick follows from its lastTickAt. */
  exportRuns(): Omit<TrafficRunRecord, 'timer'>[] {
    return [...this.runs.values()].map(({ timer: _timer, ...run }) => run);
  }

  /** Puts back the runs of a snapshot (after a reset); `resumeRuns` re-arms their ticks. */
  importRuns(runs: readonly Omit<TrafficRunRecord, 'timer'>[]): void {
    for (const run of runs) this.runs.set(run.id, { ...run, timer: null });
  }

  resumeRuns(): void {
    for (const run of this.runs.values()) if (run.timer === null) this.schedule(run);
  }

  private schedule(run: TrafficRunRecord): void {
    const next = Math.min(run.lastTickAt + TRAFFIC_TICK_SECONDS * 1000, run.endsAt);
    run.timer = this.clock.at(next, () => {
      run.timer = null;
      this.tick(run);
    });
  }

  private end(run: TrafficRunRecord): void {
    this.clock.cancel(run.timer);
    run.timer = null;
    this.runs.delete(run.id);
    this.setLoad(run, null);
  }

  private tick(run: TrafficRunRecord): void {
    const now = this.clock.now();
    const seconds = (now - run.lastTickAt) / 1000;
    run.lastTickAt = now;
    const workload = this.emulator.store.workloads.get(run.workloadId);
    if (!workload || workload.deleted) {
      this.end(run);
      return;
    }
    const expected = run.rps * seconds + run.carry;
    const count = Math.floor(expected);
    run.carry = expected - count;
    this.serve(workload, run, count, seconds, now);
    if (now >= run.endsAt) this.end(run);
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
    if (!proton || ready.length === 0) {
      this.setLoad(run, null);
      if (count === 0) return;
      telemetry.recordRequests({
        workloadId: workload.id,
        protonId: proton?.id ?? null,
        at: now,
        count,
        serverErrors: count,
        latencyMs: REFUSAL_LATENCY_MS,
        concurrency: 0,
      });
      run.requests += count;
      run.failed += count;
      this.sample(workload, proton, null, 503, REFUSAL_LATENCY_MS, now, seconds);
      return;
    }
    const rps = seconds > 0 ? count / seconds : 0;
    const u = utilisation(rps, ready.length, cpuPerReplica(proton));
    const medianMs = run.latencyMs * latencyFactor(u);
    const meanMs = logNormalMean(medianMs);
    const concurrency = run.concurrency ?? (rps * meanMs) / 1000;
    this.setLoad(run, { protonId: proton.id, concurrency });
    if (count === 0) return;
    const serverErrors = this.round(count * Math.min(1, run.errorRate + overloadErrorShare(u)));
    const userErrors = this.round((count - serverErrors) * run.userErrorRate);
    telemetry.recordRequests({
      workloadId: workload.id,
      protonId: proton.id,
      at: now,
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
    for (let i = 0; i < Math.min(SAMPLES_PER_TICK, ok); i++) {
      this.sample(
        workload,
        proton,
        this.emulator.random.pick(ready),
        200,
        this.latency(medianMs),
        now,
        seconds,
      );
    }
    for (let i = 0; i < Math.min(SAMPLES_PER_TICK, serverErrors); i++) {
      this.sample(
        workload,
        proton,
        this.emulator.random.pick(ready),
        500,
        this.latency(medianMs),
        now,
        seconds,
      );
    }
    if (userErrors > 0) {
      this.sample(
        workload,
        proton,
        this.emulator.random.pick(ready),
        400,
        this.latency(medianMs / 4),
        now,
        seconds,
      );
    }
  }

  /** Keeps the in-flight concurrency of each proton the sum of what the runs on it send. */
  private setLoad(run: TrafficRunRecord, load: TrafficRunRecord['load']): void {
    const before = run.load?.protonId;
    run.load = load;
    for (const protonId of new Set([before, load?.protonId])) {
      if (!protonId) continue;
      let total = 0;
      for (const other of this.runs.values())
        if (other.load?.protonId === protonId) total += other.load.concurrency;
      this.emulator.telemetry.setSimulatedConcurrency(protonId, total);
    }
  }

  /** Rounds to an integer at random, keeping the expected value. */
  private round(value: number): number {
    const floor = Math.floor(value);
    return floor + (this.emulator.random.next() < value - floor ? 1 : 0);
  }

  /** One latency drawn from the log-normal distribution around `medianMs`. */
  private latency(medianMs: number): number {
    const u1 = Math.max(1e-9, this.emulator.random.next());
    const u2 = this.emulator.random.next();
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(0.5, medianMs * Math.exp(LATENCY_SIGMA * normal));
  }

  /** A sampled request: a trace of its spans and an access log line carrying the trace id. */
  private sample(
    workload: WorkloadRecord,
    proton: ProtonRecord | null,
    pod: PodSim | null,
    status: number,
    durationMs: number,
    now: number,
    seconds: number,
  ): void {
    const random = this.emulator.random;
    const traceId = random.hex(32);
    const rootId = random.hex(16);
    const end = now - random.next() * seconds * 1000;
    const start = end - durationMs;
    const primary = pod ? (pod.containers[0]?.name ?? null) : null;
    const common = {
      'datarobot.workload.id': workload.id,
      'datarobot.proton.id': proton?.id ?? null,
      'k8s.pod.name': pod?.name ?? null,
    };
    const spans: SpanRecord[] = [
      {
        spanId: rootId,
        parentSpanId: null,
        name: 'POST /',
        kind: 'Server',
        offsetMs: 0,
        durationMs,
        error:
          status >= 500 ? (pod ? 'Internal Server Error' : 'Service Unavailable: no ready replica') : null,
        attributes: {
          'http.request.method': 'POST',
          'http.route': '/',
          'url.path': `/api/v2/endpoints/workloads/${workload.id}/`,
          'http.response.status_code': status,
          ...common,
        },
      },
    ];
    if (pod) {
      spans.push({
        spanId: random.hex(16),
        parentSpanId: rootId,
        name: 'handle request',
        kind: 'Internal',
        offsetMs: Math.min(1, durationMs / 10),
        durationMs: durationMs * 0.9,
        error: status >= 500 ? 'RuntimeError: the model server failed to answer' : null,
        attributes: { 'container.name': primary, ...common },
      });
    }
    this.emulator.telemetry.recordTrace({
      traceId,
      workloadId: workload.id,
      protonId: proton?.id ?? null,
      start,
      durationMs,
      httpStatus: status,
      spans,
    });
    const took = `${Math.round(durationMs)} ms`;
    const message = !pod
      ? `"POST / HTTP/1.1" 503 ${took}: no ready replica${proton ? ` of proton ${proton.id}` : ''} to take the request`
      : status >= 500
        ? `"POST / HTTP/1.1" ${status} ${took}: RuntimeError: the model server failed to answer`
        : `"POST / HTTP/1.1" ${status} ${took}`;
    this.emulator.telemetry.recordRequestLog(workload.id, {
      timestamp: Math.round(end),
      level: status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO',
      message,
      protonId: proton?.id ?? null,
      pod: pod?.name ?? null,
      container: primary,
      traceId,
      spanId: rootId,
    });
  }
}
