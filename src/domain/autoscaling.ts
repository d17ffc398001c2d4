import type { NormalisedGroupRuntime } from '../schemas/runtime.js';
import {
  type AutoscalerGroupState,
  decideReplicas,
  initialGroupState,
  type MetricReadings,
  type ScaleDecision,
} from '../sim/autoscaler.js';
import type { Timer } from '../sim/clock.js';
import { cpuDemandPercent, cpuPerReplica, readyReplicas, utilisation } from '../sim/load.js';
import { podStatus, servingGroups } from '../sim/status.js';
import type { AutoscalerState, ProtonRecord } from '../store/types.js';
import type { Emulator } from './emulator.js';
import { initialReplicas } from './runtime.js';

/** Groups of a proton whose replicas autoscaling moves. */
export function autoscaledGroups(proton: Pick<ProtonRecord, 'runtime'>): NormalisedGroupRuntime[] {
  return proton.runtime.containerGroups.filter(
    (group) => group.autoscaling?.enabled === true && group.autoscaling.policies.length > 0,
  );
}

/** A proton scaled to zero that a request wakes: requests to it wait for the cold start. */
export function awaitsColdStart(proton: ProtonRecord): boolean {
  return (
    proton.scaledToZero &&
    proton.intent === 'run' &&
    !proton.terminated &&
    !proton.suspended &&
    proton.interruptedUntil === null
  );
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/**
 * Autoscaling of the active proton of each workload, per container group with autoscaling
 * enabled, by the pure decision of sim/autoscaler.ts. Event-driven: a proton is evaluated when its
 * load changes (requests, simulated traffic), its status or its workload's replacement changes,
 * or a delay it waits for elapses (one timer per proton, re-armed from `proton.autoscaler.dueAt`);
 * nothing ever loops over workloads. Every change of replicas is an `autoscaling.scaled` event.
 */
export class AutoscalingOps {
  private readonly timers = new Map<string, Timer>();
  /** Protons being evaluated, and those to evaluate again once that is done. */
  private readonly evaluating = new Set<string>();
  private readonly again = new Set<string>();
  /** Evaluations asked for from inside a simulation step, run just after it at the same time. */
  private readonly deferred = new Map<string, Timer>();

  constructor(private readonly emulator: Emulator) {
    emulator.telemetry.onLoadChange((protonId) => {
      const proton = emulator.store.protons.get(protonId);
      if (proton) this.evaluate(proton);
    });
    emulator.observe({
      podsChanged: (proton) => this.podsChanged(proton),
      protonStatusChanged: (proton) => this.evaluateSoon(proton),
      replacementChanged: (_record, workload) => {
        for (const proton of emulator.workloads.protons(workload)) this.evaluateSoon(proton);
      },
      reset: () => this.forgetMissing(),
    });
  }

  private get clock() {
    return this.emulator.clock;
  }

  /** Whether the autoscaler drives this proton now: the active proton while it serves. */
  private drives(proton: ProtonRecord): boolean {
    return (
      proton.role === 'active' &&
      !proton.draining &&
      proton.intent === 'run' &&
      !proton.terminated &&
      !proton.suspended &&
      proton.interruptedUntil === null &&
      proton.restartingFrom === null &&
      (proton.scaledToZero || readyReplicas(proton).length > 0)
    );
  }

  /**
   * What the metrics say about one group of a proton now: the load model over its telemetry. CPU is
   * the group's own: its ready replicas and their allocation (the HPA of that group's pods). The
   * requests are its share of them, as the gateway spreads them over the ready replicas that take
   * requests (all of them while none is ready: a cold start wakes every such group); a group that
   * takes none (a worker) has none in flight, and none to serve.
   */
  readings(proton: ProtonRecord, group: string): MetricReadings {
    const telemetry = this.emulator.telemetry;
    const serving = servingGroups(proton);
    let ready = 0;
    let servingReady = 0;
    for (const pod of readyReplicas(proton)) {
      if (pod.group === group) ready++;
      if (serving === null || serving.has(pod.group)) servingReady++;
    }
    const share = serving !== null && !serving.has(group) ? 0 : servingReady === 0 ? 1 : ready / servingReady;
    const rate = telemetry.requestRate(proton.id) * share;
    const cpu = cpuPerReplica(proton, group);
    return {
      concurrency: telemetry.concurrency(proton.id) * share,
      cpu: ready > 0 ? { percent: cpuDemandPercent(utilisation(rate, ready, cpu)), replicas: ready } : null,
    };
  }

  /** Evaluates a proton's autoscaled groups now, acting on what the decision says. */
  evaluate(proton: ProtonRecord): void {
    if (autoscaledGroups(proton).length === 0) return;
    if (this.evaluating.has(proton.id)) {
      this.again.add(proton.id);
      return;
    }
    this.evaluating.add(proton.id);
    try {
      do {
        this.again.delete(proton.id);
        this.evaluateOnce(proton);
      } while (this.again.has(proton.id));
    } finally {
      this.evaluating.delete(proton.id);
    }
  }

  /** Asked from inside a pod or status change: evaluate right after it, at the same simulated time. */
  private evaluateSoon(proton: ProtonRecord): void {
    if (autoscaledGroups(proton).length === 0 || this.deferred.has(proton.id)) return;
    this.deferred.set(
      proton.id,
      this.clock.at(this.clock.now(), () => {
        this.deferred.delete(proton.id);
        const current = this.emulator.store.protons.get(proton.id);
        if (current) this.evaluate(current);
      }),
    );
  }

  private evaluateOnce(proton: ProtonRecord): void {
    const groups = autoscaledGroups(proton);
    if (!this.drives(proton)) {
      this.pause(proton);
      return;
    }
    const now = this.clock.now();
    proton.autoscaler ??= { groups: {}, dueAt: null };
    const state: AutoscalerState = proton.autoscaler;
    let dueAt: number | null = null;
    for (const group of groups) {
      const current = proton.desiredReplicas[group.name] ?? 0;
      const decision = decideReplicas({
        policies: group.autoscaling!.policies,
        readings: this.readings(proton, group.name),
        current,
        state: state.groups[group.name] ?? initialGroupState(),
        now,
        scaleUpDelayMs: this.emulator.config.scaleUpDelaySeconds * 1000,
        scaleDownDelayMs: this.emulator.config.scaleDownDelaySeconds * 1000,
      });
      // A new own key, never an assignment: a group may be named "__proto__".
      state.groups = { ...state.groups, [group.name]: decision.state };
      if (decision.desired !== current) this.apply(proton, group.name, current, decision);
      dueAt = earliest(dueAt, decision.state.dueAt);
    }
    // Answered requests weigh on the load for a while: look again when the window moves on.
    state.dueAt = earliest(dueAt, this.emulator.telemetry.loadSettlesAt(proton.id));
    this.arm(proton);
  }

  private apply(proton: ProtonRecord, group: string, from: number, decision: ScaleDecision): void {
    const to = decision.desired;
    const serving = proton.scaledToZero || readyReplicas(proton).length > 0;
    // Scaled to zero: no group that takes requests has a replica left (a worker group may go on).
    const groups = servingGroups(proton);
    const takesRequests = (name: string) => groups === null || groups.has(name);
    let others = 0;
    for (const [name, count] of Object.entries(proton.desiredReplicas))
      if (name !== group && takesRequests(name)) others += count;
    // Set first, so the proton stays running while its last pods terminate.
    if (to === 0 && others === 0 && takesRequests(group)) proton.scaledToZero = true;
    const workload = this.emulator.store.workloads.get(proton.workloadId);
    const observed = decision.observed === null ? null : Math.round(decision.observed * 1000) / 1000;
    if (workload) {
      this.emulator.activity.event(workload, 'autoscaling.scaled', null, {
        protonId: proton.id,
        group,
        from,
        to,
        kind: decision.kind,
        metric: decision.policy?.scalingMetric ?? null,
        observed,
        target: decision.policy?.target ?? null,
        reason: decision.reason,
      });
      this.emulator.activity.log(
        workload.id,
        'INFO',
        `Autoscaling: group ${group} of proton ${proton.id} scaled from ${from} to ${to} replica${to === 1 ? '' : 's'}. ${decision.reason}`,
        { protonId: proton.id },
      );
    }
    this.emulator.cluster.setReplicas(proton, group, to, { quiet: serving && to > from });
  }

  /** The proton is not driven now (not active, stopped, suspended...): its windows start afresh later. */
  private pause(proton: ProtonRecord): void {
    const state = proton.autoscaler;
    if (state) {
      for (const group of Object.values(state.groups)) {
        group.history = [];
        group.dueAt = null;
      }
      state.dueAt = null;
    }
    this.disarm(proton.id);
  }

  /** Sets the proton's timer to its stored due time (also after its state was imported). */
  arm(proton: ProtonRecord): void {
    const dueAt = proton.autoscaler?.dueAt ?? null;
    const existing = this.timers.get(proton.id);
    if (existing && !existing.cancelled && existing.at === dueAt) return;
    this.disarm(proton.id);
    if (dueAt === null) return;
    const id = proton.id;
    this.timers.set(
      id,
      this.clock.at(
        dueAt,
        () => {
          this.timers.delete(id);
          const current = this.emulator.store.protons.get(id);
          if (current) this.evaluate(current);
        },
        `autoscaling:${id}`,
      ),
    );
  }

  /** Re-arms every proton's timer from its stored due time, e.g. after the state was imported. */
  rearmAll(): void {
    for (const proton of this.emulator.store.protons.values()) {
      if (proton.autoscaler?.dueAt != null) this.arm(proton);
    }
  }

  private disarm(protonId: string): void {
    this.clock.cancel(this.timers.get(protonId));
    this.timers.delete(protonId);
  }

  /** POST /start of a workload: its autoscaled groups start again from their initial replicas. */
  prepareStart(proton: ProtonRecord): void {
    for (const group of autoscaledGroups(proton)) {
      proton.desiredReplicas = { ...proton.desiredReplicas, [group.name]: initialReplicas(group) };
    }
    proton.autoscaler = undefined;
    this.disarm(proton.id);
  }

  /** A group's autoscaler state, for tests and the state export. */
  groupState(proton: ProtonRecord, group: string): AutoscalerGroupState | null {
    return proton.autoscaler?.groups[group] ?? null;
  }

  private podsChanged(proton: ProtonRecord): void {
    const groups = proton.scaledToZero ? servingGroups(proton) : null;
    let serving = 0;
    for (const pod of proton.pods) {
      if (pod.stage === 'terminating' || pod.stage === 'gone' || podStatus(pod) !== 'running') continue;
      if (groups === null || groups.has(pod.group)) serving++;
      // Ready now: from here on it counts in the proton's status like any replica.
      if (pod.scaledUp) pod.scaledUp = false;
    }
    if (proton.scaledToZero && serving > 0) proton.scaledToZero = false;
  }

  private forgetMissing(): void {
    for (const [id, timer] of [...this.timers, ...this.deferred]) {
      if (this.emulator.store.protons.has(id)) continue;
      this.clock.cancel(timer);
      this.timers.delete(id);
      this.deferred.delete(id);
    }
  }
}
