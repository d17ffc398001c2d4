import type { EndpointEchoValue } from '../schemas/endpoint.js';
import type { ProtonStatusValue } from '../schemas/proton.js';
import type { Timer } from '../sim/clock.js';
import { formatTimestamp } from '../sim/clock.js';
import { faultTargetOf } from '../sim/faults.js';
import {
  drawLatency,
  latencyFactor,
  overloadErrorShare,
  servingCpuPerReplica,
  servingReplicas,
  utilisation,
} from '../sim/load.js';
import type { Principal } from '../store/store.js';
import type { PodSim, ProtonRecord, WorkloadRecord } from '../store/types.js';
import { awaitsColdStart } from './autoscaling.js';
import type { Emulator } from './emulator.js';
import { failures, newSampleIds, recordRequestSample } from './request-samples.js';

/** How fast the gateway answers when it cannot route a request. */
const GATEWAY_LATENCY_MS = 2;
/** A client's X-Request-ID is echoed when it looks like one. */
const REQUEST_ID = /^[\w.:@-]{1,128}$/;
/** Proton states from which a cold start will not complete: the requests waiting are refused. */
const NOT_COMING_BACK: ReadonlySet<ProtonStatusValue> = new Set([
  'stopping',
  'stopped',
  'terminated',
  'suspended',
  'interrupted',
]);

export interface EndpointRequest {
  method: string;
  /** The path below the workload's endpoint, starting with '/'. */
  path: string;
  query: Record<string, string | string[]>;
  /** The client's X-Request-ID, if it sent one. */
  requestId: string | undefined;
  /** Calls `listener` if the client goes away before it is answered (a request left waiting is dropped). */
  onClientGone?: (listener: () => void) => void;
}

/** What the endpoint answers: from a simulated replica (`upstream`) or from the gateway in front. */
export interface EndpointAnswer {
  status: number;
  body: EndpointEchoValue | { detail: string };
  /** True when a replica of the workload answered; false when the gateway did (503, 504). */
  upstream: boolean;
  requestId: string;
  /** Simulated time the request took, waiting for a cold start included. */
  latencyMs: number;
}

interface Waiter {
  workloadId: string;
  protonId: string;
  request: EndpointRequest;
  requestId: string;
  since: number;
  timer: Timer | null;
  resolve: (answer: EndpointAnswer) => void;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * The workloads' endpoints (`/api/v2/endpoints/workloads/{id}/...`), served by the simulation: a
 * request goes where the simulated gateway routes it (a ready replica of the active proton), is
 * answered at once with a small echo, and reports the latency the simulation gives it rather
 * than sleeping it. A request to a proton scaled to zero waits for the cold start on the clock.
 * Every request is recorded like simulated traffic: statistics, a trace and a log line.
 */
export class EndpointOps {
  /** Requests waiting for a cold start, per proton. */
  private readonly waiting = new Map<string, Set<Waiter>>();
  /** Releases scheduled right after the pod change that made a replica ready. */
  private readonly releases = new Map<string, Timer>();

  constructor(private readonly emulator: Emulator) {
    emulator.observe({
      podsChanged: (proton) => {
        if (this.waiting.has(proton.id) && servingReplicas(proton).length > 0) this.releaseSoon(proton.id);
      },
      // The requests waiting for the cold start of a proton that no longer takes traffic go where
      // the gateway routes now, whatever that proton's status (an errored one stays errored).
      trafficSwitched: (_workload, from) => {
        if (this.waiting.has(from.id)) this.rerouteSoon(from.id);
      },
      protonStatusChanged: (proton, workload, _from, to) => {
        if (!this.waiting.has(proton.id) || workload.activeProtonId !== proton.id) return;
        if (NOT_COMING_BACK.has(to)) {
          this.refuseWaiting(proton.id, (workloadId) =>
            to === 'terminated'
              ? `Workload ${workloadId} was torn down while the request waited for a replica.`
              : `Workload ${workloadId} is ${to}: the request waited for a replica that will not start.`,
          );
        }
      },
      reset: () => {
        for (const protonId of [...this.waiting.keys()]) {
          if (!this.emulator.store.protons.has(protonId)) {
            this.refuseWaiting(protonId, () => 'The mock was reset while the request waited for a replica.');
          }
        }
        // A reseeded reset hands out the same ids again: no release may reach a proton made since.
        for (const [protonId, timer] of this.releases) {
          if (!this.emulator.store.protons.has(protonId)) {
            this.clock.cancel(timer);
            this.releases.delete(protonId);
          }
        }
      },
    });
  }

  private get clock() {
    return this.emulator.clock;
  }

  /** Requests waiting for a cold start now. */
  get waitingCount(): number {
    let count = 0;
    for (const set of this.waiting.values()) count += set.size;
    return count;
  }

  /** Serves a request to a workload's endpoint; 404 (thrown) when the workload is not the caller's. */
  handle(principal: Principal, workloadId: string, request: EndpointRequest): Promise<EndpointAnswer> {
    const workload = this.emulator.workloads.get(principal, workloadId);
    const requestId =
      request.requestId !== undefined && REQUEST_ID.test(request.requestId)
        ? request.requestId
        : this.emulator.random.hex(32);
    return this.route(workload, request, requestId, this.clock.now());
  }

  /** Where the gateway sends a request that arrived at `since`: a ready replica, the cold start's queue, or its own refusal. */
  private route(
    workload: WorkloadRecord,
    request: EndpointRequest,
    requestId: string,
    since: number,
  ): Promise<EndpointAnswer> {
    const { proton, ready } = this.emulator.traffic.route(workload);
    const waitedMs = this.clock.now() - since;
    if (proton && ready.length > 0) {
      return Promise.resolve(this.serve(workload, proton, ready, request, requestId, waitedMs));
    }
    if (proton && awaitsColdStart(proton)) {
      return this.wait(workload, proton, request, requestId, since);
    }
    const detail = failures.noReplica(workload, proton);
    return Promise.resolve(
      this.refuse(workload, proton, request, requestId, detail, 503, waitedMs || GATEWAY_LATENCY_MS),
    );
  }

  /** A ready replica answers: the echo, or a failure the simulated workload itself returns. */
  private serve(
    workload: WorkloadRecord,
    proton: ProtonRecord,
    ready: PodSim[],
    request: EndpointRequest,
    requestId: string,
    waitedMs: number,
  ): EndpointAnswer {
    const { random, telemetry, clock } = this.emulator;
    const now = clock.now();
    const pod = random.pick(ready);
    const u = utilisation(telemetry.requestRate(proton.id), ready.length, servingCpuPerReplica(proton));
    const serviceMs = drawLatency(random, this.emulator.config.endpointLatencyMs * latencyFactor(u));
    const latencyMs = waitedMs + serviceMs;
    let status = 200;
    let failure: string | null = null;
    const faultShare = this.emulator.faults.errorRate(faultTargetOf(proton, pod), now);
    const overload = overloadErrorShare(u);
    if (faultShare > 0 && random.next() < faultShare) {
      status = 500;
      failure = failures.errorRate(pod.name, faultShare);
    } else if (overload > 0 && random.next() < overload) {
      status = 503;
      failure = failures.overloaded(pod.name);
    }
    const ids = newSampleIds(random);
    telemetry.recordRequests({
      workloadId: workload.id,
      protonId: proton.id,
      at: now,
      count: 1,
      serverErrors: status >= 500 ? 1 : 0,
      latencyMs,
    });
    recordRequestSample(this.emulator, ids, {
      workload,
      proton,
      pod,
      method: request.method,
      path: request.path,
      status,
      start: now - latencyMs,
      durationMs: latencyMs,
      failure,
    });
    // Answered: the request weighs on the replicas' load for a while (autoscaling reads it).
    telemetry.noteServed(proton.id, serviceMs);
    const body: EndpointAnswer['body'] =
      failure !== null
        ? { detail: failure }
        : {
            workloadId: workload.id,
            protonId: proton.id,
            artifactId: proton.artifactId,
            artifactVersion: this.emulator.store.artifacts.get(proton.artifactId)?.version ?? null,
            replica: pod.name,
            method: request.method,
            path: request.path,
            query: request.query,
            requestId,
            traceId: ids.traceId,
            servedAt: formatTimestamp(now),
            latencyMs: round3(latencyMs),
            coldStartMs: round3(waitedMs),
          };
    return { status, body, upstream: true, requestId, latencyMs: round3(latencyMs) };
  }

  /** The gateway answers itself: no replica could take the request (503) or none came in time (504). */
  private refuse(
    workload: WorkloadRecord,
    proton: ProtonRecord | null,
    request: EndpointRequest,
    requestId: string,
    detail: string,
    status = 503,
    latencyMs = GATEWAY_LATENCY_MS,
  ): EndpointAnswer {
    const { telemetry, clock } = this.emulator;
    const now = clock.now();
    // A workload already gone keeps no telemetry.
    if (this.emulator.store.workloads.get(workload.id) === workload && !workload.deleted) {
      telemetry.recordRequests({
        workloadId: workload.id,
        protonId: proton?.id ?? null,
        at: now,
        count: 1,
        serverErrors: 1,
        latencyMs,
        concurrency: 0,
      });
      recordRequestSample(this.emulator, newSampleIds(this.emulator.random), {
        workload,
        proton,
        pod: null,
        method: request.method,
        path: request.path,
        status,
        start: now - latencyMs,
        durationMs: latencyMs,
        failure: detail,
      });
    }
    return { status, body: { detail }, upstream: false, requestId, latencyMs: round3(latencyMs) };
  }

  /** A request to a proton scaled to zero waits (in flight) until a replica is ready, or the timeout. */
  private wait(
    workload: WorkloadRecord,
    proton: ProtonRecord,
    request: EndpointRequest,
    requestId: string,
    since: number,
  ): Promise<EndpointAnswer> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        workloadId: workload.id,
        protonId: proton.id,
        request,
        requestId,
        since,
        timer: null,
        resolve,
      };
      const timeoutSeconds = this.emulator.config.coldStartTimeoutSeconds;
      waiter.timer = this.clock.at(waiter.since + timeoutSeconds * 1000, () => {
        waiter.timer = null;
        if (!this.forget(waiter)) return;
        const current = this.emulator.store.workloads.get(waiter.workloadId) ?? workload;
        resolve(
          this.refuse(
            current,
            this.emulator.store.protons.get(waiter.protonId) ?? null,
            request,
            requestId,
            failures.coldStartTimeout(waiter.workloadId, waiter.protonId, timeoutSeconds),
            504,
            timeoutSeconds * 1000,
          ),
        );
      });
      let set = this.waiting.get(proton.id);
      if (!set) {
        set = new Set();
        this.waiting.set(proton.id, set);
      }
      set.add(waiter);
      // In flight from now: the load wakes the proton (the autoscaler's cold start).
      this.emulator.telemetry.beginRequest(proton.id);
      // A client that hangs up is no longer waiting: neither in flight nor, later, served. Its
      // answer goes nowhere (499: a proxy's code for a client gone).
      request.onClientGone?.(() => {
        if (!this.forget(waiter)) return;
        resolve({
          status: 499,
          body: { detail: 'The client closed the connection while the request waited for a replica.' },
          upstream: false,
          requestId,
          latencyMs: round3(this.clock.now() - waiter.since),
        });
      });
    });
  }

  /** Takes a waiter out of the queue; false when it was already answered. */
  private forget(waiter: Waiter): boolean {
    const set = this.waiting.get(waiter.protonId);
    if (!set?.delete(waiter)) return false;
    if (set.size === 0) this.waiting.delete(waiter.protonId);
    this.clock.cancel(waiter.timer);
    waiter.timer = null;
    this.emulator.telemetry.endRequest(waiter.protonId);
    return true;
  }

  /** A replica became ready: the requests waiting are served right after this step, at the same time. */
  private releaseSoon(protonId: string): void {
    if (this.releases.has(protonId)) return;
    this.releases.set(
      protonId,
      this.clock.at(this.clock.now(), () => {
        this.releases.delete(protonId);
        this.release(protonId);
      }),
    );
  }

  private release(protonId: string): void {
    const proton = this.emulator.store.protons.get(protonId);
    const workload = proton ? this.emulator.store.workloads.get(proton.workloadId) : undefined;
    // One that no longer takes traffic serves none: its waiters are rerouted (trafficSwitched).
    if (!proton || !workload || workload.activeProtonId !== protonId) return;
    const now = this.clock.now();
    for (const waiter of [...(this.waiting.get(protonId) ?? [])]) {
      const ready = servingReplicas(proton);
      if (ready.length === 0) return;
      if (!this.forget(waiter)) continue;
      waiter.resolve(
        this.serve(workload, proton, ready, waiter.request, waiter.requestId, now - waiter.since),
      );
    }
  }

  /**
   * The proton no longer takes traffic: the requests waiting for its cold start go where the
   * gateway routes now (right after this step, as a release does), their wait counted from arrival.
   */
  private rerouteSoon(protonId: string): void {
    this.clock.at(this.clock.now(), () => {
      for (const waiter of [...(this.waiting.get(protonId) ?? [])]) {
        const workload = this.emulator.store.workloads.get(waiter.workloadId);
        if (!workload || !this.forget(waiter)) continue;
        void this.route(workload, waiter.request, waiter.requestId, waiter.since).then(waiter.resolve);
      }
    });
  }

  /** `byTheWorkload`: the workload's gateway refuses (its telemetry counts it), not the mock. */
  private refuseWaiting(
    protonId: string,
    detail: (workloadId: string) => string,
    byTheWorkload = true,
  ): void {
    for (const waiter of [...(this.waiting.get(protonId) ?? [])]) {
      if (!this.forget(waiter)) continue;
      const workload = byTheWorkload ? this.emulator.store.workloads.get(waiter.workloadId) : undefined;
      const text = detail(waiter.workloadId);
      waiter.resolve(
        workload
          ? this.refuse(
              workload,
              this.emulator.store.protons.get(protonId) ?? null,
              waiter.request,
              waiter.requestId,
              text,
              503,
              this.clock.now() - waiter.since,
            )
          : {
              status: 503,
              body: { detail: text },
              upstream: false,
              requestId: waiter.requestId,
              latencyMs: round3(this.clock.now() - waiter.since),
            },
      );
    }
  }

  /**
   * The mock is shutting down: every request still waiting is answered, so closing never hangs. The
   * mock refuses, not the workload: nothing is recorded, or the state saved on the way out would
   * show the workload failing.
   */
  close(): void {
    for (const protonId of [...this.waiting.keys()]) {
      this.refuseWaiting(protonId, () => 'The mock is shutting down.', false);
    }
    for (const timer of this.releases.values()) this.clock.cancel(timer);
    this.releases.clear();
  }
}
