import { errors } from '../errors.js';
import type { ProtonStatusValue } from '../schemas/proton.js';
import type { NormalisedRuntime } from '../schemas/runtime.js';
import type { CreateWorkloadBody, UpdateWorkloadBody, WorkloadFilter } from '../schemas/workload.js';
import type { Timer } from '../sim/clock.js';
import { deriveProtonStatus, livePods, projectWorkloadStatus } from '../sim/status.js';
import { WorkloadEventLog } from '../store/event-log.js';
import { flatten } from '../store/flatten.js';
import { Interner, NONE } from '../store/shared.js';
import { type Principal, slug } from '../store/store.js';
import type {
  ArtifactRecord,
  PodTemplate,
  ProtonRecord,
  UserRecord,
  WorkloadRecord,
} from '../store/types.js';
import { missingCodeRef } from './artifacts.js';
import type { Emulator } from './emulator.js';
import { compareKeys, pageInOrder } from './ordering.js';
import { containerName, initialReplicas, normaliseRuntime } from './runtime.js';

const IMPORTANCE_ORDER = { low: 0, moderate: 1, high: 2, critical: 3 } as const;

/** `orderBy=status` goes from down to serving, as the reference has it: STOPPED before RUNNING. */
const STATUS_ORDER: Readonly<Record<ProtonStatusValue, number>> = {
  terminated: 0,
  stopped: 1,
  stopping: 2,
  errored: 3,
  interrupted: 4,
  suspended: 5,
  unknown: 6,
  submitted: 7,
  initializing: 8,
  provisioning: 9,
  launching: 10,
  restarting: 11,
  warming: 12,
  draining: 13,
  running: 14,
};

/** Statuses a workload must be in for start (stopped) and those it is serving in. */
const SERVING: ReadonlySet<ProtonStatusValue> = new Set([
  'running',
  'launching',
  'provisioning',
  'submitted',
  'errored',
  'interrupted',
]);

export interface OperationOutcome {
  accepted: boolean;
  message: string;
}

export class WorkloadOps {
  private readonly runtimes = new Interner<NormalisedRuntime>();
  private readonly podTemplates = new Interner<PodTemplate[]>();
  private readonly replicaCounts = new Interner<Record<string, number>>();
  /** Deleted workloads waiting out MOCK_DELETED_RETENTION, by id. */
  private readonly purges = new Map<string, Timer>();

  constructor(private readonly emulator: Emulator) {}

  private get store() {
    return this.emulator.store;
  }

  private get now() {
    return this.emulator.clock.now();
  }

  get(principal: Principal, id: string): WorkloadRecord {
    const workload = principal.tenant.workloads.get(id);
    if (!workload) throw errors.notFound('Workload');
    return workload;
  }

  /**
   * A workload for its audit trail (GET /events): a deleted one too until it is forgotten (see
   * forgetWhenDue), so its last events, `workload.deleted` among them, can be read.
   */
  withTrail(principal: Principal, id: string): WorkloadRecord {
    const live = principal.tenant.workloads.get(id);
    if (live) return live;
    const deleted = this.store.workloads.get(id);
    if (deleted?.deleted && deleted.tenant === principal.tenant.name) return deleted;
    throw errors.notFound('Workload');
  }

  activeProton(workload: WorkloadRecord): ProtonRecord | null {
    return workload.activeProtonId ? (this.store.protons.get(workload.activeProtonId) ?? null) : null;
  }

  /** The workload's status: its active proton's, with proton-only states collapsed. Derived on every read. */
  status(workload: WorkloadRecord): ProtonStatusValue {
    const active = this.activeProton(workload);
    if (!active) return 'unknown';
    return projectWorkloadStatus(deriveProtonStatus(active), active.restartingFrom);
  }

  /** The protons listed for a workload: every proton not yet removed, oldest first. */
  protons(workload: WorkloadRecord): ProtonRecord[] {
    const out: ProtonRecord[] = [];
    for (const id of workload.protonIds) {
      const proton = this.store.protons.get(id);
      if (proton) out.push(proton);
    }
    return out;
  }

  proton(principal: Principal, workloadId: string, protonId: string): ProtonRecord {
    const workload = this.get(principal, workloadId);
    if (!workload.protonIds.includes(protonId)) throw errors.notFound('Proton');
    const proton = this.store.protons.get(protonId);
    if (!proton) throw errors.notFound('Proton');
    return proton;
  }

  /** A new proton of `workload` running `artifact`; its pods start when the cluster launches it. */
  newProton(
    workload: WorkloadRecord,
    artifact: ArtifactRecord,
    runtime: NormalisedRuntime,
    role: 'active' | 'candidate',
    creator: UserRecord,
    options: { warming?: boolean } = {},
  ): ProtonRecord {
    const id = this.emulator.random.objectId();
    const now = this.now;
    // Entries, not assignments: a group may be named "__proto__".
    const desiredReplicas: Record<string, number> = Object.fromEntries(
      runtime.containerGroups.map((group) => [group.name, initialReplicas(group)]),
    );
    const proton: ProtonRecord = {
      id,
      tenant: workload.tenant,
      workloadId: workload.id,
      artifactId: artifact.id,
      name: flatten(`${slug(workload.name).slice(0, 30)}-${id.slice(-6)}`),
      role,
      runtime: this.runtimes.get(runtime),
      podTemplates: this.podTemplates.get(podTemplatesOf(artifact)),
      creator,
      createdAt: now,
      updatedAt: now,
      pods: [],
      desiredReplicas: this.replicaCounts.get(desiredReplicas),
      intent: 'run',
      suspended: false,
      interruptedUntil: null,
      interruptionTimer: null,
      restartingFrom: null,
      reinitializing: false,
      warming: options.warming ?? false,
      draining: false,
      terminated: false,
      scaledToZero: false,
      observedStatus: 'submitted',
      runningSince: null,
      lastPlacements: NONE,
      firstPodAt: null,
    };
    this.store.protons.set(id, proton);
    // concat allocates the exact size; push and spread reserve 17 slots: at 100,000 workloads that adds up.
    workload.protonIds = workload.protonIds.concat(id);
    return proton;
  }

  create(principal: Principal, body: CreateWorkloadBody, publicBase: string): WorkloadRecord {
    const hasId = body.artifactId != null;
    const hasInline = body.artifact != null;
    if (hasId === hasInline) {
      throw errors.invalidBody([], 'Value error, give exactly one of artifactId or artifact');
    }
    let artifact: ArtifactRecord;
    let prepared: ReturnType<Emulator['artifacts']['prepare']> | null = null;
    if (body.artifactId != null) {
      artifact = this.emulator.artifacts.get(principal, body.artifactId);
    } else {
      prepared = this.emulator.artifacts.prepare(principal, body.artifact!, ['artifact']);
      artifact = prepared.artifact;
    }
    this.emulator.artifacts.assertDeployable(artifact, hasId ? ['artifactId'] : ['artifact']);
    const runtime = normaliseRuntime(body.runtime, artifact.spec);
    if (prepared)
      artifact = this.emulator.artifacts.commit(principal, prepared, body.artifact!.status === 'locked');

    const id = this.emulator.random.objectId();
    const now = this.now;
    const workload: WorkloadRecord = {
      id,
      tenant: principal.tenant.name,
      name: body.name,
      description: body.description ?? null,
      importance: body.importance,
      type: artifact.type,
      endpoint: flatten(`${publicBase}/api/v2/endpoints/workloads/${id}/`),
      creator: principal.user,
      createdAt: now,
      updatedAt: now,
      protonIds: [],
      activeProtonId: null,
      currentReplacementId: null,
      replacementIds: NONE,
      roleChanges: NONE,
      events: new WorkloadEventLog(id, this.emulator.config.eventsPerWorkload),
      tags: NONE,
      sharedRoles: NONE,
      deleted: false,
      deletedAt: null,
      lastResponseAt: null,
    };
    principal.tenant.workloads.set(id, workload);
    this.store.workloads.set(id, workload);
    const proton = this.newProton(workload, artifact, runtime, 'active', principal.user);
    workload.activeProtonId = proton.id;
    this.emulator.activity.event(workload, 'workload.created', principal.user.id, {
      artifactId: artifact.id,
      protonId: proton.id,
    });
    this.emulator.cluster.launch(proton);
    return workload;
  }

  update(principal: Principal, id: string, body: UpdateWorkloadBody): WorkloadRecord {
    const workload = this.get(principal, id);
    const changed: string[] = [];
    if (body.name != null && body.name !== workload.name) {
      workload.name = body.name;
      changed.push('name');
    }
    if (body.description !== undefined && body.description !== workload.description) {
      workload.description = body.description;
      changed.push('description');
    }
    if (body.importance != null && body.importance !== workload.importance) {
      workload.importance = body.importance;
      changed.push('importance');
    }
    if (changed.length > 0) {
      workload.updatedAt = this.now;
      this.emulator.activity.event(workload, 'workload.updated', principal.user.id, { fields: changed });
    }
    return workload;
  }

  list(
    principal: Principal,
    filter: WorkloadFilter,
    offset: number,
    limit: number,
  ): { total: number; items: WorkloadRecord[] } {
    const all = principal.tenant.workloads;
    const filtered = hasWorkloadFilter(filter);
    if (!filtered && !filter.orderBy) return pageInOrder(all, offset, limit);
    let matches = [...all.values()];
    if (filtered) {
      // A set: a page of 100 ids checked against every workload would cost 100 comparisons each.
      const ids = filter.ids && filter.ids.length > 0 ? new Set(filter.ids) : null;
      matches = matches.filter((workload) => this.matches(workload, filter, ids));
    }
    if (filter.orderBy) {
      const descending = filter.orderBy.startsWith('-');
      const key = filter.orderBy.replace(/^-/, '');
      const value = (w: WorkloadRecord): string | number => {
        switch (key) {
          case 'name':
            return w.name.toLowerCase();
          case 'createdAt':
            return w.createdAt;
          case 'updatedAt':
            return w.updatedAt;
          case 'status':
            return STATUS_ORDER[this.status(w)];
          case 'importance':
            return IMPORTANCE_ORDER[w.importance];
          default:
            return w.createdAt;
        }
      };
      const keyed = matches.map((w) => ({ w, k: value(w) }));
      keyed.sort((a, b) => compareKeys(a.k, b.k) * (descending ? -1 : 1));
      matches = keyed.map((entry) => entry.w);
    }
    return { total: matches.length, items: matches.slice(offset, offset + limit) };
  }

  private matches(
    workload: WorkloadRecord,
    filter: WorkloadFilter,
    ids: ReadonlySet<string> | null,
  ): boolean {
    if (ids && !ids.has(workload.id)) return false;
    if (filter.importance && filter.importance.length > 0 && !filter.importance.includes(workload.importance))
      return false;
    if (
      filter.createdBy &&
      filter.createdBy !== workload.creator.id &&
      filter.createdBy !== workload.creator.username
    )
      return false;
    if (filter.search) {
      const needle = filter.search.toLowerCase();
      const haystack = [workload.name, workload.description ?? '', workload.id].map((s) => s.toLowerCase());
      if (!haystack.some((text) => text.includes(needle))) return false;
    }
    if (
      filter.tagKeys &&
      filter.tagKeys.length > 0 &&
      !workload.tags.some((t) => filter.tagKeys!.includes(t.name))
    )
      return false;
    if (
      filter.tagValues &&
      filter.tagValues.length > 0 &&
      !workload.tags.some((t) => filter.tagValues!.includes(t.value))
    ) {
      return false;
    }
    const active = this.activeProton(workload);
    if (filter.artifactId && active?.artifactId !== filter.artifactId) return false;
    if ((filter.artifactStatus && filter.artifactStatus.length > 0) || filter.repositoryId) {
      const artifact = active ? this.store.artifacts.get(active.artifactId) : undefined;
      if (
        filter.artifactStatus &&
        filter.artifactStatus.length > 0 &&
        (!artifact || !filter.artifactStatus.includes(artifact.status))
      ) {
        return false;
      }
      if (filter.repositoryId && artifact?.repositoryId !== filter.repositoryId) return false;
    }
    if (filter.status && filter.status.length > 0 && !filter.status.includes(this.status(workload)))
      return false;
    return true;
  }

  /** POST /stop: every proton of the workload shuts down; a replacement in progress is abandoned. */
  stop(principal: Principal, id: string): OperationOutcome {
    const workload = this.get(principal, id);
    const status = this.status(workload);
    if (status === 'stopped') return { accepted: false, message: 'The workload is already stopped.' };
    // Asked again on the way: accepted as before, with nothing more to do or record.
    if (status === 'stopping') return { accepted: true, message: 'Stop accepted: the workload is stopping.' };
    // The action's event first, then what it causes, all at the same time.
    this.emulator.activity.event(workload, 'workload.stopped', principal.user.id, {
      protonId: this.emulator.replacements.activeAfterAbort(workload),
    });
    this.emulator.replacements.abort(workload, 'The workload was stopped during the replacement.');
    for (const proton of this.protons(workload)) {
      if (proton.id === workload.activeProtonId) this.emulator.cluster.stop(proton);
      else this.emulator.cluster.terminate(proton);
    }
    workload.updatedAt = this.now;
    return { accepted: true, message: 'Stop accepted: the workload is stopping.' };
  }

  /** POST /start: only a stopped workload starts; a running one is already there. */
  start(principal: Principal, id: string): OperationOutcome {
    const workload = this.get(principal, id);
    const status = this.status(workload);
    if (status === 'running') return { accepted: false, message: 'The workload is already running.' };
    const active = this.activeProton(workload);
    if (status !== 'stopped' || !active) {
      throw errors.conflict(
        'WORKLOAD_NOT_STOPPED',
        `The workload must be stopped before it can be started; it is ${status}.`,
      );
    }
    this.emulator.activity.event(workload, 'workload.started', principal.user.id, { protonId: active.id });
    this.emulator.autoscaling.prepareStart(active);
    this.emulator.cluster.start(active);
    workload.updatedAt = this.now;
    return { accepted: true, message: 'Start accepted: the workload is being scheduled.' };
  }

  /** DELETE: gone from the API at once but for its events; its protons go stopping -> terminated in the background. */
  delete(principal: Principal, id: string): void {
    const workload = this.get(principal, id);
    this.emulator.activity.event(workload, 'workload.deleted', principal.user.id, null);
    this.emulator.replacements.abort(workload, 'The workload was deleted during the replacement.');
    workload.deleted = true;
    workload.deletedAt = this.now;
    principal.tenant.workloads.delete(id);
    const protons = this.protons(workload);
    for (const proton of protons) this.emulator.cluster.terminate(proton);
    if (protons.length === 0) this.forgetWhenDue(workload);
  }

  /** A proton finished tearing down: it leaves the workload's list (a deleted workload is forgotten when due). */
  protonTerminated(proton: ProtonRecord, workload: WorkloadRecord): void {
    this.emulator.replacements.protonTerminated(proton, workload);
    workload.protonIds = workload.protonIds.filter((id) => id !== proton.id);
    this.store.protons.delete(proton.id);
    this.emulator.telemetry.forgetLoad(proton.id);
    if (workload.activeProtonId === proton.id) {
      // The active proton never terminates while the workload lives; keep the pointer coherent anyway
      // (a deleted workload keeps its record, with no proton, until it is forgotten).
      workload.activeProtonId = workload.deleted ? null : (workload.protonIds[0] ?? null);
    }
    if (workload.deleted && workload.protonIds.length === 0) this.forgetWhenDue(workload);
  }

  /**
   * A deleted workload whose protons are gone: its events stay readable (GET /events) until
   * MOCK_DELETED_RETENTION after the delete, then everything of it is forgotten. Protons that took
   * longer than that to terminate keep their last events readable as long again from the last one
   * (the newest event, so a state import, which calls it again for the ones still waiting, finds
   * the same time).
   */
  forgetWhenDue(workload: WorkloadRecord): void {
    const retentionMs = this.emulator.config.deletedRetentionSeconds * 1000;
    const deletedAt = workload.deletedAt ?? this.now;
    const lastEventAt = workload.events.fromNewest(0)?.timestamp ?? deletedAt;
    const dueAt = (lastEventAt >= deletedAt + retentionMs ? lastEventAt : deletedAt) + retentionMs;
    if (dueAt <= this.now) {
      this.purge(workload);
      return;
    }
    this.emulator.clock.cancel(this.purges.get(workload.id) ?? null);
    const timer = this.emulator.clock.at(
      dueAt,
      () => {
        this.purges.delete(workload.id);
        // Unless an import replaced it meanwhile.
        if (this.store.workloads.get(workload.id) === workload) this.purge(workload);
      },
      `purge:${workload.id}`,
    );
    this.purges.set(workload.id, timer);
  }

  /** A reset forgets the workload: its purge, if pending, goes too (or none at all: an import). */
  cancelPurge(workloadId?: string): void {
    if (workloadId === undefined) {
      for (const timer of this.purges.values()) this.emulator.clock.cancel(timer);
      this.purges.clear();
      return;
    }
    this.emulator.clock.cancel(this.purges.get(workloadId) ?? null);
    this.purges.delete(workloadId);
  }

  private purge(workload: WorkloadRecord): void {
    // Faults aimed at it can match nothing more (ids are never reused): they go with it (first, while
    // the live feed can still tell whose they were).
    this.emulator.faults.removeAimedAt('workloadId', workload.id);
    this.store.workloads.delete(workload.id);
    for (const id of workload.replacementIds) this.store.replacements.delete(id);
    this.emulator.activity.forget(workload.id);
    this.emulator.traffic.stop(workload.id);
    this.emulator.telemetry.forgetWorkload(workload.id);
  }

  /** POST /promote: the draft artifact behind the workload becomes locked, with no restart. */
  promote(principal: Principal, id: string): WorkloadRecord {
    const workload = this.get(principal, id);
    const active = this.activeProton(workload);
    // Suspended, it runs nothing, as POST /replacement and PATCH /settings judge it.
    if (active?.intent !== 'run' || active.suspended) {
      throw errors.unprocessable(
        'NO_ACTIVE_PROTON',
        `The workload has no active proton to promote (it is ${this.status(workload)}).`,
      );
    }
    if (this.emulator.replacements.inProgress(workload)) {
      throw errors.replacementInProgress(
        422,
        'A replacement is in progress for this workload; promote it once it ends.',
      );
    }
    const artifact = this.store.artifacts.get(active.artifactId);
    if (!artifact) throw errors.notFound('Artifact');
    if (artifact.status === 'locked') {
      throw errors.unprocessable(
        'ALREADY_LOCKED',
        `Artifact ${artifact.id} is already locked (version ${artifact.version}).`,
      );
    }
    const missing = missingCodeRef(artifact.spec);
    if (missing) {
      throw errors.unprocessable(
        'CODE_REF_REQUIRED',
        `Container '${missing.container}' of artifact ${artifact.id} has no imageBuildConfig.codeRef, which a locked artifact needs.`,
      );
    }
    // With no restart, what the workload runs becomes the locked version: the draft as it is now.
    const blocker = this.emulator.builds.deployBlocker(artifact);
    if (blocker)
      throw errors.unprocessable('BUILD_NOT_COMPLETED', blocker.replace(/deploy it/, 'promote it'));
    if (!runsSpecOf(active, artifact)) {
      throw errors.unprocessable(
        'DRAFT_CHANGED',
        `Artifact ${artifact.id} has changed since the workload deployed it: replace the workload onto it, then promote.`,
      );
    }
    this.emulator.artifacts.lock(artifact, principal.user);
    workload.updatedAt = this.now;
    // Promotion starts the locked artifact's statistics afresh.
    this.emulator.telemetry.reset(workload.id, active.id, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    const record = this.emulator.replacements.recordPromotion(workload, active, artifact, principal.user);
    this.emulator.activity.event(workload, 'workload.promoted', principal.user.id, {
      artifactId: artifact.id,
      version: artifact.version,
      protonId: active.id,
      replacementId: record.id,
    });
    return workload;
  }

  /** Simulated-cluster controls of /_mock: node eviction, suspend, resume, restart in place. */
  interrupt(workload: WorkloadRecord, seconds: number): ProtonRecord {
    const active = this.requireRunningProton(workload);
    if (active.scaledToZero && livePods(active.pods).length === 0) {
      throw errors.conflict(
        'NOTHING_TO_EVICT',
        `Proton ${active.id} has no pods on a node to evict: it is scaled to zero while idle.`,
      );
    }
    this.emulator.activity.event(workload, 'proton.interrupted', null, {
      protonId: active.id,
      reason: 'NodeEviction',
      seconds,
    });
    this.emulator.cluster.interrupt(active, seconds);
    return active;
  }

  /**
   * Suspends the active proton. A replacement in progress ends, as on a stop, and the other proton
   * is torn down, so that nothing switches traffic while the workload is paused (a cancel that
   * follows the switch gives the original proton back, and that is the one suspended).
   */
  suspend(workload: WorkloadRecord): ProtonRecord {
    this.requireRunningProton(workload);
    this.emulator.activity.event(workload, 'proton.suspended', null, {
      protonId: this.emulator.replacements.activeAfterAbort(workload),
    });
    this.emulator.replacements.abort(workload, 'The workload was suspended during the replacement.');
    const active = this.activeProton(workload)!;
    for (const proton of this.protons(workload))
      if (proton !== active) this.emulator.cluster.terminate(proton);
    this.emulator.cluster.suspend(active);
    return active;
  }

  resume(workload: WorkloadRecord): ProtonRecord {
    const active = this.activeProton(workload);
    if (!active?.suspended) {
      throw errors.conflict('NOT_SUSPENDED', 'The workload is not suspended.');
    }
    this.emulator.activity.event(workload, 'proton.resumed', null, { protonId: active.id });
    this.emulator.cluster.resume(active);
    return active;
  }

  restart(workload: WorkloadRecord): ProtonRecord {
    const active = this.requireRunningProton(workload);
    // An evicted proton's pods come back from scratch when capacity does, and a proton scaled to
    // zero starts its next pod for a request: neither has pods to recreate in place.
    const why =
      active.interruptedUntil !== null
        ? 'its pods were evicted and wait for capacity'
        : active.scaledToZero && livePods(active.pods).length === 0
          ? 'it is scaled to zero while idle'
          : null;
    if (why !== null) {
      throw errors.conflict('NOTHING_TO_RESTART', `Proton ${active.id} has no pods to restart: ${why}.`);
    }
    const before = this.status(workload);
    this.emulator.activity.event(workload, 'proton.restarted', null, { protonId: active.id });
    this.emulator.cluster.restart(active, before);
    return active;
  }

  private requireRunningProton(workload: WorkloadRecord): ProtonRecord {
    const active = this.activeProton(workload);
    const status = this.status(workload);
    if (!active || !SERVING.has(status) || active.suspended) {
      throw errors.conflict(
        'NOT_RUNNING',
        `The workload is ${status}; a stopped, stopping or suspended workload cannot be disrupted.`,
      );
    }
    return active;
  }
}

export function hasWorkloadFilter(filter: WorkloadFilter): boolean {
  return Boolean(
    (filter.ids && filter.ids.length > 0) ||
      (filter.status && filter.status.length > 0) ||
      (filter.importance && filter.importance.length > 0) ||
      (filter.artifactStatus && filter.artifactStatus.length > 0) ||
      (filter.tagKeys && filter.tagKeys.length > 0) ||
      (filter.tagValues && filter.tagValues.length > 0) ||
      filter.artifactId ||
      filter.repositoryId ||
      filter.search ||
      filter.createdBy,
  );
}

/** The containers of the pods an artifact's spec makes, by group, with their images. */
function podTemplatesOf(artifact: ArtifactRecord): PodTemplate[] {
  return artifact.spec.containerGroups.map((group) => ({
    group: group.name,
    containers: group.containers.map((container, index) => ({
      name: containerName(container, index),
      image: container.imageUri ?? `registry.local/${artifact.id}/${containerName(container, index)}:built`,
      ...(container.primary ? { primary: true as const } : {}),
    })),
  }));
}

/** Whether the proton runs the artifact's spec as it stands: the same groups, containers and images. */
function runsSpecOf(proton: ProtonRecord, artifact: ArtifactRecord): boolean {
  let templates = podTemplatesOf(artifact);
  // A proton from a state file of an earlier build has no primary containers marked.
  if (!proton.podTemplates.some((template) => template.containers.some((container) => container.primary)))
    templates = templates.map((template) => ({
      ...template,
      containers: template.containers.map(({ name, image }) => ({ name, image })),
    }));
  return JSON.stringify(templates) === JSON.stringify(proton.podTemplates);
}
