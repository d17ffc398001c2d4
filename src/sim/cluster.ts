import type { PodTimings } from '../config.js';
import type { Random } from '../random.js';
import type { ProtonStatusValue } from '../schemas/proton.js';
import { flatten } from '../store/flatten.js';
import { NONE } from '../store/shared.js';
import type { Placement, PodSim, ProtonRecord } from '../store/types.js';
import type { Clock } from './clock.js';
import { type FaultRegistry, type FaultTarget, imagesOf } from './faults.js';
import {
  beginTermination,
  type LogText,
  newPod,
  type PodEnv,
  type PodLogLine,
  reconcilePod,
} from './pods.js';
import { deriveProtonStatus, livePods, podStatus } from './status.js';

export interface ClusterHooks {
  /**
   * A proton's derived status changed. `restartedFrom` is the restart's `restartingFrom` when `from`
   * was seen during a restart that has now ended (the proton's own is cleared by then).
   */
  statusChanged(
    proton: ProtonRecord,
    from: ProtonStatusValue,
    to: ProtonStatusValue,
    restartedFrom: ProtonStatusValue | null,
  ): void;
  /** The simulation logged a line for a proton (pod events, container output). */
  log(proton: ProtonRecord, pod: PodSim | null, line: PodLogLine): void;
  /** A proton's pods changed (reported before the status they may change). */
  podsChanged?(proton: ProtonRecord): void;
}

export interface ClusterOptions {
  clock: Clock;
  random: Random;
  timings: PodTimings;
  faults: FaultRegistry;
  hooks: ClusterHooks;
}

const NODE_COUNT = 6;

const CREATED: LogText = ({ pod }) => `Created pod ${pod}`;

/**
 * The simulated Kubernetes cluster: it creates, reconciles and removes the pods of protons on the
 * clock, one timer per pod with a pending transition, and reports status changes derived from pods.
 */
export class Cluster {
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly timings: PodTimings;
  private readonly faults: FaultRegistry;
  private readonly hooks: ClusterHooks;
  private readonly nodes: { node: string; ip: string }[] = [];
  /** What restarts that just ended restarted from, until the status change they cause is reported. */
  private readonly endedRestarts = new WeakMap<ProtonRecord, ProtonStatusValue>();

  constructor(options: ClusterOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.timings = options.timings;
    this.faults = options.faults;
    this.hooks = options.hooks;
    for (let i = 0; i < NODE_COUNT; i++) {
      this.nodes.push({
        node: `node-pool-${this.random.suffix(5)}`,
        ip: `10.0.${1 + i}.${this.random.int(10, 250)}`,
      });
    }
  }

  /** Replicas wanted for the proton's current situation: none while stopped, suspended or interrupted. */
  private wantsPods(proton: ProtonRecord): boolean {
    return (
      proton.intent === 'run' &&
      !proton.suspended &&
      proton.interruptedUntil === null &&
      proton.restartingFrom === null &&
      !proton.terminated
    );
  }

  /** Brings a new proton up: its pods are created and go their course. */
  launch(proton: ProtonRecord): void {
    proton.intent = 'run';
    this.settle(proton);
  }

  stop(proton: ProtonRecord): void {
    proton.intent = 'stop';
    this.endInterruption(proton);
    proton.suspended = false;
    this.endRestart(proton);
    proton.warming = false;
    this.terminatePods(proton, proton.pods);
    this.settle(proton);
  }

  start(proton: ProtonRecord): void {
    proton.intent = 'run';
    proton.scaledToZero = false;
    this.settle(proton);
  }

  /** Tears the proton down for good: stopping, then terminated once its pods are gone. */
  terminate(proton: ProtonRecord): void {
    if (proton.terminated) return;
    proton.intent = 'terminate';
    this.endInterruption(proton);
    proton.suspended = false;
    this.endRestart(proton);
    proton.warming = false;
    this.terminatePods(proton, proton.pods);
    this.settle(proton);
  }

  /** Node eviction: the pods are evicted; after `seconds` they are rescheduled from scratch. */
  interrupt(proton: ProtonRecord, seconds: number): void {
    const now = this.clock.now();
    for (const pod of livePods(proton.pods)) {
      pod.failedReason = 'Evicted';
      this.hooks.log(proton, pod, {
        level: 'WARN',
        message: `Pod ${pod.name} evicted from ${pod.node ?? 'its node'}: node preempted`,
      });
    }
    this.terminatePods(proton, proton.pods);
    // Evicted pods are rescheduled from scratch: an in-place restart they were part of is over, and
    // the places it kept go with it.
    this.endRestart(proton);
    proton.lastPlacements = NONE;
    proton.interruptedUntil = now + seconds * 1000;
    this.armInterruption(proton);
    this.settle(proton);
  }

  private armInterruption(proton: ProtonRecord): void {
    this.clock.cancel(proton.interruptionTimer);
    proton.interruptionTimer = null;
    if (proton.interruptedUntil === null) return;
    proton.interruptionTimer = this.clock.at(
      proton.interruptedUntil,
      () => {
        proton.interruptionTimer = null;
        proton.interruptedUntil = null;
        this.hooks.log(proton, null, {
          level: 'INFO',
          message: 'Capacity available again; rescheduling pods',
        });
        this.settle(proton);
      },
      `interruption:${proton.id}`,
    );
  }

  /** After a state import: re-arms the proton's pending transitions (interruption end, pod steps). */
  rearm(proton: ProtonRecord): void {
    if (proton.terminated) return;
    this.armInterruption(proton);
    this.settle(proton);
  }

  /** The simulated nodes, for state export. */
  nodeList(): { node: string; ip: string }[] {
    return this.nodes.map((node) => ({ ...node }));
  }

  restoreNodes(nodes: readonly { node: string; ip: string }[]): void {
    this.nodes.length = 0;
    for (const node of nodes) this.nodes.push({ node: node.node, ip: node.ip });
  }

  suspend(proton: ProtonRecord): void {
    // During an in-place restart the pods are already going: the places the restart kept stay, and
    // the suspend ends the restart.
    const placements = placementsOf(proton.pods);
    if (placements.length > 0) proton.lastPlacements = placements;
    this.endRestart(proton);
    // An eviction's rescheduling is moot: nothing runs until resumed.
    this.endInterruption(proton);
    proton.suspended = true;
    this.terminatePods(proton, proton.pods);
    this.settle(proton);
  }

  /** Restores a suspended proton on the nodes it ran on, without scheduling from scratch. */
  resume(proton: ProtonRecord): void {
    proton.suspended = false;
    this.settle(proton, proton.lastPlacements);
    proton.lastPlacements = NONE;
  }

  /** A restart is over: its pods no longer go, nor do new ones re-initialise. */
  private endRestart(proton: ProtonRecord): void {
    if (proton.restartingFrom !== null) this.endedRestarts.set(proton, proton.restartingFrom);
    proton.restartingFrom = null;
    proton.reinitializing = false;
  }

  /** Recreates the pods in place: restarting while they go, initializing until the new ones are ready. */
  restart(proton: ProtonRecord, visibleStatus: ProtonStatusValue): void {
    // A restart of pods an earlier restart is taking down keeps the places that one kept.
    const placements = placementsOf(proton.pods);
    if (placements.length > 0) proton.lastPlacements = placements;
    proton.restartingFrom = visibleStatus;
    this.terminatePods(proton, proton.pods);
    this.settle(proton);
  }

  /**
   * Sets a group's replica count. With `quiet` (the autoscaler adding replicas to a serving proton)
   * the new pods go their course without changing the proton's status until they are ready.
   */
  setReplicas(proton: ProtonRecord, group: string, count: number, options: { quiet?: boolean } = {}): void {
    proton.desiredReplicas = { ...proton.desiredReplicas, [group]: count };
    for (const pod of [...proton.pods]) this.reconcile(proton, pod);
    this.afterPodChange(proton, [], options.quiet ?? false);
  }

  /** Faults were added or removed: every pod they may touch re-plans its course. */
  faultsChanged(protons: Iterable<ProtonRecord>): void {
    for (const proton of protons) {
      if (proton.terminated || proton.pods.length === 0) continue;
      this.settle(proton);
    }
  }

  /** Reconciles every pod to now, keeps the replica count, and reports a status change. */
  settle(proton: ProtonRecord, placements: readonly Placement[] = NONE): void {
    for (const pod of [...proton.pods]) this.reconcile(proton, pod);
    this.afterPodChange(proton, placements);
  }

  private endInterruption(proton: ProtonRecord): void {
    this.clock.cancel(proton.interruptionTimer);
    proton.interruptionTimer = null;
    proton.interruptedUntil = null;
  }

  private terminatePods(
    proton: ProtonRecord,
    pods: readonly PodSim[],
    graceSeconds = this.timings.terminationSeconds,
  ): void {
    const now = this.clock.now();
    for (const pod of pods) {
      if (pod.stage === 'terminating' || pod.stage === 'gone') continue;
      beginTermination(pod, now, graceSeconds * 1000);
      this.hooks.log(proton, pod, { level: 'INFO', message: `Stopping pod ${pod.name}` });
    }
  }

  private env(proton: ProtonRecord, pod: PodSim): PodEnv {
    const target: FaultTarget = {
      tenant: proton.tenant,
      workloadId: proton.workloadId,
      artifactId: proton.artifactId,
      // The pod's own group's images (an image glob picks the pods that run it); only read when a
      // fault exists, and most runs have none.
      images: this.faults.size === 0 ? [] : imagesOf(proton, pod),
      pod: pod.name,
    };
    const faults = this.faults;
    return {
      now: this.clock.now(),
      timings: this.timings,
      faultFrom: (kind, container) => faults.activeFrom(kind, target, container),
      pickNode: () => {
        const node = this.random.pick(this.nodes);
        return {
          node: node.node,
          nodeIp: node.ip,
          ip: flatten(`10.244.${this.random.int(0, 255)}.${this.random.int(2, 254)}`),
        };
      },
      log: (pod, line) => this.hooks.log(proton, pod, line),
    };
  }

  private reconcile(proton: ProtonRecord, pod: PodSim): void {
    reconcilePod(pod, this.env(proton, pod));
    if (pod.stage === 'gone') {
      this.clock.cancel(pod.timer);
      pod.timer = null;
      const index = proton.pods.indexOf(pod);
      if (index >= 0) proton.pods.splice(index, 1);
      return;
    }
    this.arm(proton, pod);
  }

  private arm(proton: ProtonRecord, pod: PodSim): void {
    const at = pod.nextAt;
    if (pod.timer && !pod.timer.cancelled && pod.timer.at === at) return;
    this.clock.cancel(pod.timer);
    pod.timer = null;
    if (at === null) return;
    pod.timer = this.clock.at(
      at,
      () => {
        pod.timer = null;
        this.reconcile(proton, pod);
        this.afterPodChange(proton, []);
      },
      `pod:${pod.name}`,
    );
  }

  /** Keeps each group at its desired replica count and reports what the pods now say. */
  private afterPodChange(proton: ProtonRecord, placements: readonly Placement[], quiet = false): void {
    if (proton.restartingFrom !== null && proton.pods.length === 0) {
      this.endRestart(proton);
      proton.reinitializing = true;
      placements = proton.lastPlacements;
      proton.lastPlacements = NONE;
    }
    if (this.wantsPods(proton)) this.ensureReplicas(proton, placements, quiet);
    if (proton.reinitializing) {
      const live = livePods(proton.pods);
      if (live.length > 0 && live.every((pod) => podStatus(pod) === 'running')) proton.reinitializing = false;
    }
    if (proton.intent === 'terminate' && proton.pods.length === 0) proton.terminated = true;
    this.hooks.podsChanged?.(proton);
    this.refresh(proton);
  }

  private ensureReplicas(proton: ProtonRecord, placements: readonly Placement[], quiet: boolean): void {
    const now = this.clock.now();
    let placed = 0;
    for (const template of proton.podTemplates) {
      const wanted = proton.desiredReplicas[template.group] ?? 0;
      // A failed pod is replaced once nothing keeps failing it (errored is sticky until then). Over
      // a copy: a pod that is gone leaves the list.
      for (const pod of [...proton.pods]) {
        if (
          pod.group === template.group &&
          pod.stage === 'failed' &&
          this.env(proton, pod).faultFrom('PodFailed', null) === null
        ) {
          this.terminatePods(proton, [pod], 0);
          this.reconcile(proton, pod);
        }
      }
      const live = livePods(proton.pods).filter((pod) => pod.group === template.group);
      for (let i = live.length; i < wanted; i++) {
        const pod = newPod({
          name: flatten(`${proton.name}-${this.random.suffix(9)}-${this.random.suffix(5)}`),
          group: template.group,
          containers: template.containers,
          now,
          placement: placements[placed++],
        });
        if (quiet) pod.scaledUp = true;
        // concat allocates the exact size; push and spread reserve 17 slots: at 100,000 protons that adds up.
        proton.pods = proton.pods.concat(pod);
        proton.firstPodAt ??= now;
        this.hooks.log(proton, pod, { level: 'INFO', message: CREATED });
        this.reconcile(proton, pod);
      }
      if (live.length > wanted) {
        // Scale down: the least advanced pods go first.
        const order = ['submitted', 'provisioning', 'launching', 'errored', 'stopped', 'running'];
        const victims = [...live]
          .sort(
            (a, b) => order.indexOf(podStatus(a)) - order.indexOf(podStatus(b)) || b.createdAt - a.createdAt,
          )
          .slice(0, live.length - wanted);
        this.terminatePods(proton, victims);
        for (const pod of victims) this.reconcile(proton, pod);
      }
    }
  }

  /** Records a change of the derived status; the status itself is never stored as truth. */
  refresh(proton: ProtonRecord): void {
    const status = deriveProtonStatus(proton);
    const from = proton.observedStatus;
    const restartedFrom = this.endedRestarts.get(proton) ?? null;
    this.endedRestarts.delete(proton);
    if (status === from) return;
    const now = this.clock.now();
    proton.observedStatus = status;
    proton.updatedAt = now;
    // Running and draining are both up: between them (a switch, a cancel's switch back) it never
    // stopped running.
    const up = (value: ProtonStatusValue) => value === 'running' || value === 'draining';
    if (up(status) && !up(from)) proton.runningSince = now;
    this.hooks.statusChanged(proton, from, status, restartedFrom);
  }
}

function placementsOf(pods: readonly PodSim[]): Placement[] {
  return livePods(pods)
    .filter((pod) => pod.node !== null && pod.nodeIp !== null && pod.ip !== null)
    .map((pod) => ({ node: pod.node!, nodeIp: pod.nodeIp!, ip: pod.ip! }));
}
