import type { Config } from '../config.js';
import { errors } from '../errors.js';
import { Random } from '../random.js';
import type { ProtonStatusValue } from '../schemas/proton.js';
import { Clock } from '../sim/clock.js';
import { Cluster } from '../sim/cluster.js';
import { type FaultRecord, FaultRegistry } from '../sim/faults.js';
import type { PodLogLine } from '../sim/pods.js';
import { livePods, ofServingGroups, podReady, projectWorkloadStatus } from '../sim/status.js';
import { Telemetry } from '../sim/telemetry.js';
import { Store } from '../store/store.js';
import type { TenantMap } from '../store/tenant-map.js';
import type { PodSim, ProtonRecord, ReplacementRecord, WorkloadRecord } from '../store/types.js';
import { Activity, sharedMessage } from './activity.js';
import { ArtifactOps } from './artifacts.js';
import { AutoscalingOps } from './autoscaling.js';
import { BuildOps } from './builds.js';
import { EndpointOps } from './endpoint.js';
import { ObservabilityOps } from './observability.js';
import { ReplacementOps } from './replacements.js';
import { RepositoryOps } from './repositories.js';
import { SharingOps } from './sharing.js';
import { SnapshotRegistry } from './snapshot.js';
import { StatsOps } from './stats.js';
import { TrafficOps } from './traffic.js';
import { WorkloadOps } from './workloads.js';

export interface EmulatorOptions {
  config: Config;
  clock?: Clock | undefined;
  store?: Store | undefined;
  random?: Random | undefined;
}

/** Someone interested in what the simulation does (the replacement driver, the live stream). */
export interface ProtonObserver {
  protonStatusChanged?(
    proton: ProtonRecord,
    workload: WorkloadRecord,
    from: ProtonStatusValue,
    to: ProtonStatusValue,
  ): void;
  /** A proton's pods changed: created, moved a step along their course, or removed. */
  podsChanged?(proton: ProtonRecord, workload: WorkloadRecord): void;
  /** The workload's traffic moved from one proton to another (a replacement's switch, or a switch back). */
  trafficSwitched?(workload: WorkloadRecord, from: ProtonRecord, to: ProtonRecord): void;
  /** A replacement entered another phase; `from` is null when it was just created. */
  replacementChanged?(record: ReplacementRecord, workload: WorkloadRecord, from: string | null): void;
  /** `reset` forgot one tenant, or everything when `tenant` is undefined. */
  reset?(tenant: string | undefined): void;
}

/**
 * The log line of a proton's status change. The proton is the line's own attribute, so the text is
 * one of a few hundred shared strings, not a copy per proton.
 */
function statusChangeMessage(from: ProtonStatusValue, to: ProtonStatusValue): string {
  return sharedMessage(`Proton is ${to} (was ${from})`);
}

/**
 * The emulated control plane: the store of every tenant, the simulated cluster on its clock, and
 * the operations the routes call. The API's routes (src/routes) never touch the store or the
 * cluster directly; the /_mock control surface reads the store to list and look up.
 */
export class Emulator {
  readonly config: Config;
  readonly clock: Clock;
  /**
   * Requests answered that may have changed the state, counted when a state file is kept: with the
   * clock's timers, all that can change it, so the periodic save skips exporting it while neither moved.
   */
  requestsAnswered = 0;
  readonly random: Random;
  /** Where the generator stood once the emulator was built (the cluster's nodes drawn). */
  private readonly startingRandom: ReturnType<Random['state']>;
  readonly store: Store;
  readonly faults = new FaultRegistry();
  readonly activity: Activity;
  readonly cluster: Cluster;
  readonly artifacts: ArtifactOps;
  readonly builds: BuildOps;
  readonly repositories: RepositoryOps;
  readonly sharing: SharingOps;
  readonly telemetry: Telemetry;
  readonly traffic: TrafficOps;
  readonly stats: StatsOps;
  readonly observability: ObservabilityOps;
  readonly workloads: WorkloadOps;
  readonly replacements: ReplacementOps;
  /** The named sections of GET/PUT /_mock/state; subsystems with state of their own register one. */
  readonly snapshots: SnapshotRegistry;
  readonly autoscaling: AutoscalingOps;
  readonly endpoint: EndpointOps;
  private readonly observers = new Set<ProtonObserver>();

  constructor(options: EmulatorOptions) {
    this.config = options.config;
    this.clock =
      options.clock ??
      new Clock({
        mode: options.config.clock.mode,
        scale: options.config.clock.scale,
        start: options.config.clock.start,
      });
    this.random = options.random ?? new Random(options.config.seed);
    this.store = options.store ?? new Store();
    this.activity = new Activity(this.clock, this.random);
    this.telemetry = new Telemetry({
      now: () => this.clock.now(),
      retentionSeconds: options.config.telemetryRetentionSeconds,
    });
    this.cluster = new Cluster({
      clock: this.clock,
      random: this.random,
      timings: options.config.pods,
      faults: this.faults,
      hooks: {
        statusChanged: (proton, from, to, restartedFrom) =>
          this.protonStatusChanged(proton, from, to, restartedFrom),
        log: (proton, pod, line) => this.protonLog(proton, pod, line),
        podsChanged: (proton) => this.podsChanged(proton),
      },
    });
    this.artifacts = new ArtifactOps(this);
    this.builds = new BuildOps(this);
    this.repositories = new RepositoryOps(this);
    this.sharing = new SharingOps(this.store);
    this.traffic = new TrafficOps(this);
    this.stats = new StatsOps(this);
    this.observability = new ObservabilityOps(this);
    this.workloads = new WorkloadOps(this);
    this.replacements = new ReplacementOps(this);
    this.snapshots = new SnapshotRegistry(this);
    this.autoscaling = new AutoscalingOps(this);
    this.endpoint = new EndpointOps(this);
    this.startingRandom = this.random.state();
    this.random.avoidIds((id) => this.idInUse(id));
  }

  /** Whether a record the API or /_mock can look up by id already goes by `id`. */
  private idInUse(id: string): boolean {
    const { store } = this;
    return (
      store.artifacts.has(id) ||
      store.workloads.has(id) ||
      store.protons.has(id) ||
      store.replacements.has(id) ||
      store.builds.has(id) ||
      store.hasRepository(id) ||
      this.faults.has(id) ||
      this.traffic.has(id)
    );
  }

  observe(observer: ProtonObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private protonStatusChanged(
    proton: ProtonRecord,
    from: ProtonStatusValue,
    to: ProtonStatusValue,
    restartedFrom: ProtonStatusValue | null,
  ): void {
    const workload = this.store.workloads.get(proton.workloadId);
    if (!workload) return;
    // The workload shows its active proton's status: a change it shows is a change of the workload.
    if (
      proton.id === workload.activeProtonId &&
      projectWorkloadStatus(from, restartedFrom ?? proton.restartingFrom) !==
        projectWorkloadStatus(to, proton.restartingFrom)
    ) {
      workload.updatedAt = this.clock.now();
    }
    this.activity.event(workload, 'proton.statusChanged', null, {
      from,
      to,
      protonId: proton.id,
      role: proton.role,
    });
    this.activity.log(workload.id, to === 'errored' ? 'ERROR' : 'INFO', statusChangeMessage(from, to), {
      protonId: proton.id,
    });
    this.observeReplicas(proton);
    for (const observer of this.observers) observer.protonStatusChanged?.(proton, workload, from, to);
    if (to === 'terminated') this.workloads.protonTerminated(proton, workload);
  }

  private podsChanged(proton: ProtonRecord): void {
    this.observeReplicas(proton);
    if (this.observers.size === 0) return;
    const workload = this.store.workloads.get(proton.workloadId);
    if (!workload) return;
    for (const observer of this.observers) observer.podsChanged?.(proton, workload);
  }

  /** Called by ReplacementOps when it moves a workload's traffic to another proton. */
  trafficSwitched(workload: WorkloadRecord, from: ProtonRecord, to: ProtonRecord): void {
    for (const observer of this.observers) observer.trafficSwitched?.(workload, from, to);
  }

  /** Called by ReplacementOps whenever a replacement's phase changes. */
  replacementChanged(record: ReplacementRecord, from: string | null): void {
    const workload = this.store.workloads.get(record.workloadId);
    if (!workload) return;
    for (const observer of this.observers) observer.replacementChanged?.(record, workload, from);
  }

  /** The replica counts over time, noted at every pod change (the metrics read them). */
  private observeReplicas(proton: ProtonRecord): void {
    const live = livePods(proton.pods);
    let desired = 0;
    if (proton.intent === 'run' && !proton.terminated) {
      for (const count of Object.values(proton.desiredReplicas)) desired += count;
    }
    const ready = live.filter(podReady);
    this.telemetry.observeReplicas(proton.workloadId, proton.id, {
      at: this.clock.now(),
      desired,
      live: live.length,
      ready: ready.length,
      serving: ofServingGroups(proton, ready).length,
    });
  }

  private protonLog(proton: ProtonRecord, pod: PodSim | null, line: PodLogLine): void {
    this.activity.log(proton.workloadId, line.level, line.message, {
      protonId: proton.id,
      pod: pod?.name ?? null,
      container: line.container ?? null,
    });
  }

  /**
   * The tenant a reset names. Without MOCK_TOKENS any name is a tenant (its token), if only a future
   * one; with them, a tenant they name, or a token of one. Anything else would silently reset nothing.
   */
  tenantNamed(name: string): string {
    const tokens = this.config.tokens;
    if (!tokens) return name;
    const names = new Set(tokens.values());
    if (names.has(name) || this.store.tenants.has(name)) return name;
    const ofToken = tokens.get(name);
    if (ofToken !== undefined) return ofToken;
    throw errors.unknownTenant(name, [...names]);
  }

  /** Forgets one tenant (or every tenant and fault), cancelling the timers of what it forgets. */
  reset(tenant?: string): void {
    const forgets = (record: { tenant: string }) => tenant === undefined || record.tenant === tenant;
    // The tenant's records alone: a reset between tests costs what the test made, not the store.
    const forgotten = <V extends { tenant: string }>(records: TenantMap<V>) =>
      tenant === undefined ? records.values() : records.ofTenant(tenant);
    // First, so what the end of their load sets in motion is cancelled with the rest below.
    this.traffic.stopAll((workloadId) => {
      const workload = this.store.workloads.get(workloadId);
      return !workload || forgets(workload);
    });
    for (const proton of forgotten(this.store.protons)) {
      for (const pod of proton.pods) this.clock.cancel(pod.timer);
      this.clock.cancel(proton.interruptionTimer);
    }
    for (const record of forgotten(this.store.replacements)) {
      this.clock.cancel(record.timer);
      this.clock.cancel(record.timeoutTimer);
    }
    for (const build of forgotten(this.store.builds)) this.clock.cancel(build.timer);
    for (const workload of forgotten(this.store.workloads)) {
      this.workloads.cancelPurge(workload.id);
      this.activity.forget(workload.id);
      this.telemetry.forgetWorkload(workload.id);
    }
    if (tenant === undefined) {
      this.faults.clear();
    } else {
      // First, while the live feed can still tell whose they were.
      this.removeFaultsOf(tenant);
    }
    this.store.reset(tenant);
    // With a seed, a full reset is a fresh start: the same ids again, whatever ran before.
    if (tenant === undefined && this.config.seed !== undefined) this.random.restore(this.startingRandom);
    for (const observer of this.observers) observer.reset?.(tenant);
  }

  /**
   * The faults a tenant's reset takes away: those naming it, or its workloads or artifacts (even
   * deleted ones); not those matching images or pods for every tenant.
   */
  faultsOf(tenant: string): FaultRecord[] {
    return this.faults.list().filter((fault) => {
      const { workloadId, artifactId } = fault.match;
      const owner =
        fault.tenant ??
        (workloadId !== undefined ? this.store.workloads.get(workloadId) : undefined)?.tenant ??
        (artifactId !== undefined ? this.store.artifacts.get(artifactId) : undefined)?.tenant;
      return owner === tenant;
    });
  }

  /** Takes away the faults a tenant's reset would (see `faultsOf`). */
  removeFaultsOf(tenant: string): void {
    for (const fault of this.faultsOf(tenant)) this.faults.remove(fault.id);
  }

  /** Stops real timers; the state stays readable. */
  close(): void {
    this.clock.stop();
  }
}
