import { ApiError, errors } from '../errors.js';
import type { ProtonStatusValue } from '../schemas/proton.js';
import type { CreateReplacementBody } from '../schemas/replacement.js';
import type { NormalisedRuntime, WorkloadRuntimeInput } from '../schemas/runtime.js';
import {
  canCancel,
  type Effect,
  isTerminal,
  type MachineContext,
  type MachineEvent,
  type MachineState,
  start,
  transition,
} from '../sim/replacement-machine.js';
import { summarise, trafficStatus } from '../sim/status.js';
import type { Principal } from '../store/store.js';
import type {
  ArtifactRecord,
  ProtonRecord,
  ReplacementRecord,
  UserRecord,
  WorkloadRecord,
} from '../store/types.js';
import type { Emulator } from './emulator.js';
import { assignRole, forgetRolesExcept } from './proton-roles.js';
import { normaliseRuntime } from './runtime.js';

/** Statuses in which the active proton can be replaced (it exists and has pods or wants them). */
const REPLACEABLE: ReadonlySet<ProtonStatusValue> = new Set([
  'running',
  'launching',
  'provisioning',
  'submitted',
  'errored',
  'interrupted',
  'initializing',
  'restarting',
]);

/** An artifact as people name it: its name, and its version once locked. */
function artifactLabel(artifact: ArtifactRecord): string {
  return artifact.version === null ? `${artifact.name} (draft)` : `${artifact.name} v${artifact.version}`;
}

/** A stored runtime back in the request shape, keeping only what was asked for. */
export function runtimeToInput(runtime: NormalisedRuntime): WorkloadRuntimeInput {
  return {
    containerGroups: runtime.containerGroups.map((group) => ({
      name: group.name,
      replicaCount: group.replicaCount,
      autoscaling: group.autoscaling,
      containers: group.containers
        .filter((c) => c.resourceAllocation !== null)
        .map((c) => ({ name: c.name, resourceAllocation: c.resourceAllocation })),
      bundleSelectionPolicy: group.bundleSelectionPolicy,
      resourceBundles: group.resourceBundles,
    })),
  };
}

/** The size of a workload's record of role changes from which it is checked for what can go. */
const ROLE_CHANGES_CHECKED_FROM = 256;

/** Effects that only write the replacement's own fields. */
const RECORD_EFFECTS: ReadonlySet<Effect['type']> = new Set(['setMessage', 'finish', 'markDeleted']);

/**
 * Drives rolling replacements: validates requests, runs the pure machine of
 * sim/replacement-machine.ts and performs the effects it asks for, one event at a time: those that
 * only write the record first, then the others in order (apply).
 */
export class ReplacementOps {
  private readonly queue: { record: ReplacementRecord; event: MachineEvent }[] = [];
  private dispatching = false;

  constructor(private readonly emulator: Emulator) {
    emulator.observe({
      protonStatusChanged: (proton, workload, _from, to) => this.protonStatusChanged(proton, workload, to),
      // A previous proton's cold start ends with no change of its status: a cancel may wait for it.
      podsChanged: (proton, workload) => this.previousChanged(this.record(workload), proton),
    });
  }

  private get now() {
    return this.emulator.clock.now();
  }

  private record(workload: WorkloadRecord): ReplacementRecord | null {
    return workload.currentReplacementId
      ? (this.emulator.store.replacements.get(workload.currentReplacementId) ?? null)
      : null;
  }

  inProgress(workload: WorkloadRecord): boolean {
    const record = this.record(workload);
    return record !== null && !isTerminal(record.phase);
  }

  /** What GET /replacement shows: the record in progress, a completed one for a while, an errored one until the next. */
  visible(workload: WorkloadRecord): ReplacementRecord | null {
    const record = this.record(workload);
    if (!record) return null;
    if (record.phase === 'cancelled') return null;
    if (record.phase === 'completed' && record.visibleUntil !== null && this.now >= record.visibleUntil)
      return null;
    return record;
  }

  current(principal: Principal, workloadId: string): ReplacementRecord {
    const workload = this.emulator.workloads.get(principal, workloadId);
    const record = this.visible(workload);
    if (!record) throw errors.noActiveReplacement();
    return record;
  }

  history(workload: WorkloadRecord): ReplacementRecord[] {
    const records: ReplacementRecord[] = [];
    for (let i = workload.replacementIds.length - 1; i >= 0; i--) {
      const record = this.emulator.store.replacements.get(workload.replacementIds[i]!);
      if (record) records.push(record);
    }
    return records;
  }

  /** POST /replacement. */
  create(principal: Principal, workloadId: string, body: CreateReplacementBody): ReplacementRecord {
    const workload = this.emulator.workloads.get(principal, workloadId);
    const candidate = this.emulator.artifacts.get(principal, body.artifactId);
    if (this.inProgress(workload)) {
      throw errors.replacementInProgress(422);
    }
    const active = this.requireActive(workload);
    const current = this.emulator.store.artifacts.get(active.artifactId);
    if (current && current.status !== candidate.status) {
      throw errors.badRequest(
        'ARTIFACT_STATUS_MISMATCH',
        `The workload runs a ${current.status} artifact and ${candidate.id} is ${candidate.status}: replace locked with locked (production) or draft with draft (development).`,
      );
    }
    if (current && current.id === candidate.id && candidate.status === 'locked') {
      throw errors.unprocessable(
        'SAME_ARTIFACT',
        `The workload already runs locked artifact ${candidate.id}; roll out a different locked artifact, or change settings with PATCH /settings.`,
      );
    }
    const runtime = this.candidateRuntime(workload, active, candidate, body.runtime);
    return this.begin(workload, principal.user, {
      name: `Replace ${current ? artifactLabel(current) : active.artifactId} with ${artifactLabel(candidate)}`,
      candidate,
      runtime,
      config: body.config,
      eventType: null,
    });
  }

  /** PATCH /settings: a rolling replacement onto the same artifact with the new runtime. */
  updateSettings(
    principal: Principal,
    workloadId: string,
    runtimeInput: WorkloadRuntimeInput,
  ): ReplacementRecord {
    const workload = this.emulator.workloads.get(principal, workloadId);
    if (this.inProgress(workload)) {
      throw errors.replacementInProgress(409);
    }
    const active = this.requireActive(workload, 'validation');
    const artifact = this.emulator.store.artifacts.get(active.artifactId);
    if (!artifact) throw errors.notFound('Artifact');
    // The candidate is the artifact as it is now: a draft rebuilt since it was deployed waits.
    this.emulator.artifacts.assertDeployable(artifact, []);
    const runtime = normaliseRuntime(runtimeInput, artifact.spec);
    return this.begin(workload, principal.user, {
      name: `Update settings of ${workload.name}`,
      candidate: artifact,
      runtime,
      config: { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 },
      eventType: 'workload.settingsChanged',
    });
  }

  /** DELETE /replacement. */
  cancel(principal: Principal, workloadId: string): ReplacementRecord {
    const workload = this.emulator.workloads.get(principal, workloadId);
    const record = this.record(workload);
    if (!record || isTerminal(record.phase)) {
      const shown = this.visible(workload);
      if (shown?.phase === 'completed' || shown?.phase === 'errored')
        throw errors.replacementEnded(shown.phase);
      throw errors.noActiveReplacement();
    }
    if (!canCancel({ phase: record.phase, switched: record.switchedAt !== null })) {
      throw errors.unprocessable(
        'TOO_LATE_TO_CANCEL',
        'The previous proton is already shutting down: the replacement can no longer be cancelled.',
      );
    }
    if (record.message === null) record.message = `Cancelled by ${principal.user.username}.`;
    this.dispatch(record, { type: 'cancel', actorId: principal.user.id });
    return record;
  }

  /**
   * The proton that will be active once `abort` has run, for the event of the action that aborts
   * (written before the abort's own): the machine's abort of a cancel that followed the traffic
   * switch gives the previous proton back.
   */
  activeAfterAbort(workload: WorkloadRecord): string | null {
    const record = this.record(workload);
    const aborted =
      record &&
      transition(
        { phase: record.phase, switched: record.switchedAt !== null },
        { type: 'abort', reason: '' },
        this.context(record),
      );
    const previous = aborted?.effects.some((effect) => effect.type === 'switchBack')
      ? this.protonsOf(record!.previousProtonIds)[0]
      : undefined;
    return previous?.id ?? workload.activeProtonId;
  }

  /** The workload was stopped, suspended or deleted: a replacement in progress ends. */
  abort(workload: WorkloadRecord, reason: string): void {
    const record = this.record(workload);
    if (record && !isTerminal(record.phase)) this.dispatch(record, { type: 'abort', reason });
  }

  /** POST /promote leaves a completed entry in the history. */
  recordPromotion(
    workload: WorkloadRecord,
    active: ProtonRecord,
    artifact: ArtifactRecord,
    user: UserRecord,
  ): ReplacementRecord {
    const now = this.now;
    const record = this.newRecord(workload, user, `Promote ${artifact.name}`, artifact, active.runtime, {
      warmupDurationMinutes: 0,
      keepOldVersionMinutes: 0,
    });
    record.phase = 'completed';
    record.candidateProtonIds = [active.id];
    record.previousProtonIds = [active.id];
    record.switchedAt = now;
    record.message = `Promoted artifact ${artifact.id} from draft to locked version ${artifact.version}, with no restart.`;
    // Current, as a completed replacement is: GET /replacement shows it for the retention.
    record.visibleUntil = now + this.emulator.config.replacementRetentionSeconds * 1000;
    this.emulator.store.replacements.set(record.id, record);
    workload.replacementIds = workload.replacementIds.concat(record.id);
    workload.currentReplacementId = record.id;
    return record;
  }

  protonTerminated(proton: ProtonRecord, workload: WorkloadRecord): void {
    const record = this.record(workload);
    if (!record || isTerminal(record.phase)) return;
    if (record.candidateProtonIds.includes(proton.id))
      this.dispatch(record, { type: 'protonTerminated', which: 'candidate' });
    else if (record.previousProtonIds.includes(proton.id))
      this.dispatch(record, { type: 'protonTerminated', which: 'previous' });
  }

  /**
   * Gives a proton its role. Each time the workload's record of role changes doubles past
   * ROLE_CHANGES_CHECKED_FROM, the changes of protons no one can ask about any more are forgotten.
   */
  private setRole(workload: WorkloadRecord, proton: ProtonRecord, role: ProtonRecord['role']): void {
    assignRole(workload, proton, role, this.now);
    const count = workload.roleChanges.length;
    if (count < ROLE_CHANGES_CHECKED_FROM || (count & (count - 1)) !== 0) return;
    const askedAbout = new Set(workload.protonIds);
    const lines = this.emulator.activity.logsOf(workload.id);
    for (let i = 0; lines && i < lines.length; i++) {
      const protonId = lines.fromNewest(i)!.protonId;
      if (protonId) askedAbout.add(protonId);
    }
    const telemetry = this.emulator.telemetry;
    for (const id of [...telemetry.protonsSeen(workload.id), ...telemetry.protonsWithData(workload.id)])
      askedAbout.add(id);
    forgetRolesExcept(workload, askedAbout);
  }

  /** A cancel after the switch may wait for the previous proton to take traffic again. */
  private previousChanged(record: ReplacementRecord | null, proton: ProtonRecord): void {
    if (record?.phase === 'returning' && record.previousProtonIds.includes(proton.id))
      this.dispatch(record, { type: 'previousStatus', status: trafficStatus(proton) });
  }

  private protonStatusChanged(proton: ProtonRecord, workload: WorkloadRecord, to: ProtonStatusValue): void {
    const record = this.record(workload);
    this.previousChanged(record, proton);
    if (!record || isTerminal(record.phase)) return;
    if (!record.candidateProtonIds.includes(proton.id)) return;
    const detail =
      to === 'errored'
        ? summarise(to, proton.pods)
            .replace(/^Failing: /, '')
            .replace(/\.$/, '')
        : undefined;
    this.dispatch(record, { type: 'candidateStatus', status: to, ...(detail ? { detail } : {}) });
  }

  /**
   * The active proton, if it can be replaced. PATCH /settings declares its 422 as a validation list
   * (the reference's HTTPValidationError), so it gets the refusal in that shape.
   */
  private requireActive(
    workload: WorkloadRecord,
    shape: 'sentence' | 'validation' = 'sentence',
  ): ProtonRecord {
    const active = this.emulator.workloads.activeProton(workload);
    const status = active ? this.emulator.workloads.status(workload) : 'unknown';
    if (active?.intent !== 'run' || active.suspended || !REPLACEABLE.has(status)) {
      const reason = `The workload has no active proton to replace (it is ${status}).`;
      if (shape === 'validation') throw errors.invalidBody([], `Value error, ${reason}`);
      throw errors.unprocessable('NO_ACTIVE_PROTON', reason);
    }
    return active;
  }

  private candidateRuntime(
    workload: WorkloadRecord,
    active: ProtonRecord,
    candidate: ArtifactRecord,
    requested: WorkloadRuntimeInput | null | undefined,
  ): NormalisedRuntime {
    const current = this.emulator.store.artifacts.get(active.artifactId);
    if (current && current.type !== candidate.type) {
      throw errors.unprocessable(
        'INCOMPATIBLE_ARTIFACT',
        `Artifact ${candidate.id} is a ${candidate.type} artifact; workload ${workload.id} runs ${current.type} artifacts.`,
      );
    }
    this.emulator.artifacts.assertDeployable(candidate, ['artifactId']);
    if (requested) return normaliseRuntime(requested, candidate.spec);
    try {
      return normaliseRuntime(runtimeToInput(active.runtime), candidate.spec);
    } catch {
      throw errors.unprocessable(
        'INCOMPATIBLE_ARTIFACT',
        `The workload's current runtime names container groups or containers that artifact ${candidate.id} lacks; give a runtime for it.`,
      );
    }
  }

  /**
   * Why the candidate cannot start from the artifact as it is now, or null: a draft edited or rebuilt
   * since the replacement was accepted is checked again, as POST /workloads would check it.
   */
  private candidateBlocker(artifact: ArtifactRecord, runtime: NormalisedRuntime): string | null {
    try {
      this.emulator.artifacts.assertDeployable(artifact, []);
      normaliseRuntime(runtimeToInput(runtime), artifact.spec);
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const why = typeof error.detail === 'string' ? error.detail : error.detail[0]!.msg;
      const reason = why.replace(/^Value error, /, '').replace(`Artifact ${artifact.id}: `, '');
      return `Artifact ${artifact.id} changed before the candidate started: ${reason}`;
    }
  }

  private newRecord(
    workload: WorkloadRecord,
    user: UserRecord,
    name: string,
    candidate: ArtifactRecord,
    runtime: NormalisedRuntime,
    config: ReplacementRecord['config'],
  ): ReplacementRecord {
    const now = this.now;
    const active = this.emulator.workloads.activeProton(workload);
    return {
      id: this.emulator.random.objectId(),
      tenant: workload.tenant,
      name,
      workloadId: workload.id,
      userId: user.id,
      tenantId: this.emulator.store.tenant(workload.tenant).id,
      candidateArtifactId: candidate.id,
      candidateProtonIds: [],
      previousProtonIds: active ? [active.id] : [],
      originalArtifactId: active?.artifactId ?? candidate.id,
      config,
      runtime,
      strategy: 'rolling',
      message: null,
      switchedAt: null,
      isDeleted: false,
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
      phase: 'submitted',
      timer: null,
      timerAt: null,
      timerEvent: null,
      timeoutTimer: null,
      timeoutAt: null,
      visibleUntil: null,
    };
  }

  private begin(
    workload: WorkloadRecord,
    user: UserRecord,
    request: {
      name: string;
      candidate: ArtifactRecord;
      runtime: NormalisedRuntime;
      config: ReplacementRecord['config'];
      eventType: string | null;
    },
  ): ReplacementRecord {
    const record = this.newRecord(
      workload,
      user,
      request.name,
      request.candidate,
      request.runtime,
      request.config,
    );
    this.emulator.store.replacements.set(record.id, record);
    workload.currentReplacementId = record.id;
    workload.replacementIds = workload.replacementIds.concat(record.id);
    workload.updatedAt = this.now;
    // An earlier replacement's candidate still being torn down is no one's candidate any more:
    // retired, as a drained old proton is, so that only this one's is listed as the candidate.
    for (const stale of this.emulator.workloads.protons(workload))
      if (stale.role === 'candidate') this.setRole(workload, stale, null);
    if (request.eventType) {
      this.emulator.activity.event(workload, request.eventType, user.id, { replacementId: record.id });
    }
    const initial = start(user.id);
    this.apply(record, initial.state, initial.effects, true);
    return record;
  }

  private context(record: ReplacementRecord): MachineContext {
    const [previous] = this.protonsOf(record.previousProtonIds);
    return {
      warmupSeconds: Math.max(0, record.config.warmupDurationMinutes) * 60,
      drainSeconds: Math.max(0, record.config.keepOldVersionMinutes) * 60,
      rolloutTimeoutSeconds: this.emulator.config.rolloutTimeoutSeconds,
      previousStatus: previous ? trafficStatus(previous) : null,
    };
  }

  /** Feeds one event to a record's machine; events raised while effects run wait their turn. */
  private dispatch(record: ReplacementRecord, event: MachineEvent): void {
    this.queue.push({ record, event });
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const result = transition(
          { phase: next.record.phase, switched: next.record.switchedAt !== null },
          next.event,
          this.context(next.record),
        );
        if (result) this.apply(next.record, result.state, result.effects);
      }
    } finally {
      this.dispatching = false;
    }
  }

  private apply(record: ReplacementRecord, state: MachineState, effects: Effect[], created = false): void {
    const from = created ? null : record.phase;
    record.phase = state.phase;
    record.updatedAt = this.now;
    if (state.switched && record.switchedAt === null) record.switchedAt = this.now;
    // The record whole first (observers send it on: the stream's message must match GET /history),
    // then observers hear of the phase, and then the effects on the cluster, so that what those
    // cause comes after it.
    for (const effect of effects) if (RECORD_EFFECTS.has(effect.type)) this.perform(record, effect);
    if (from !== state.phase) this.emulator.replacementChanged(record, from);
    for (const effect of effects) if (!RECORD_EFFECTS.has(effect.type)) this.perform(record, effect);
  }

  /**
   * The workload shows its active proton's status, so a switch to a proton in another state changes
   * it with no proton changing: an event says so, as a proton's status change does.
   */
  private noteShownStatus(workload: WorkloadRecord, before: ProtonStatusValue): void {
    const after = this.emulator.workloads.status(workload);
    if (after === before) return;
    this.emulator.activity.event(workload, 'workload.statusChanged', null, {
      from: before,
      to: after,
      protonId: workload.activeProtonId,
    });
  }

  private protonsOf(ids: readonly string[]): ProtonRecord[] {
    return ids
      .map((id) => this.emulator.store.protons.get(id))
      .filter((p): p is ProtonRecord => p !== undefined);
  }

  private armTimeout(record: ReplacementRecord): void {
    const clock = this.emulator.clock;
    clock.cancel(record.timeoutTimer);
    record.timeoutTimer = null;
    if (record.timeoutAt === null) return;
    record.timeoutTimer = clock.at(
      record.timeoutAt,
      () => {
        record.timeoutTimer = null;
        record.timeoutAt = null;
        this.dispatch(record, { type: 'timeout' });
      },
      `replacement-timeout:${record.id}`,
    );
  }

  private armPhaseTimer(record: ReplacementRecord): void {
    const clock = this.emulator.clock;
    clock.cancel(record.timer);
    record.timer = null;
    const event = record.timerEvent;
    if (record.timerAt === null || event === null) return;
    record.timer = clock.at(
      record.timerAt,
      () => {
        record.timer = null;
        record.timerAt = null;
        record.timerEvent = null;
        this.dispatch(record, { type: event });
      },
      `replacement:${record.id}`,
    );
  }

  /** After a state import: the timers a replacement in progress waits on, from their stored due times. */
  rearm(record: ReplacementRecord): void {
    if (isTerminal(record.phase)) return;
    this.armPhaseTimer(record);
    this.armTimeout(record);
  }

  private perform(record: ReplacementRecord, effect: Effect): void {
    const clock = this.emulator.clock;
    const workload = this.emulator.store.workloads.get(record.workloadId);
    if (!workload) return;
    switch (effect.type) {
      case 'createCandidate': {
        const artifact = this.emulator.store.artifacts.get(record.candidateArtifactId);
        const blocker = artifact
          ? this.candidateBlocker(artifact, record.runtime)
          : `Artifact ${record.candidateArtifactId} no longer exists.`;
        if (!artifact || blocker) {
          this.dispatch(record, { type: 'abort', reason: blocker! });
          return;
        }
        const candidate = this.emulator.workloads.newProton(
          workload,
          artifact,
          record.runtime,
          'candidate',
          workload.creator,
          {
            warming: record.config.warmupDurationMinutes > 0,
          },
        );
        this.setRole(workload, candidate, 'candidate');
        record.candidateProtonIds = [candidate.id];
        this.emulator.activity.log(
          workload.id,
          'INFO',
          `Replacement ${record.id}: candidate proton ${candidate.id} created from artifact ${artifact.id}`,
          {
            protonId: candidate.id,
          },
        );
        this.emulator.cluster.launch(candidate);
        return;
      }
      case 'armRolloutTimeout':
        record.timeoutAt = this.now + effect.seconds * 1000;
        this.armTimeout(record);
        return;
      case 'clearRolloutTimeout':
        clock.cancel(record.timeoutTimer);
        record.timeoutTimer = null;
        record.timeoutAt = null;
        return;
      case 'setTimer':
        record.timerAt = this.now + effect.seconds * 1000;
        record.timerEvent = effect.event;
        this.armPhaseTimer(record);
        return;
      case 'clearTimer':
        clock.cancel(record.timer);
        record.timer = null;
        record.timerAt = null;
        record.timerEvent = null;
        return;
      case 'endWarmup':
      case 'beginWarmup':
        for (const candidate of this.protonsOf(record.candidateProtonIds)) {
          candidate.warming = effect.type === 'beginWarmup';
          this.emulator.cluster.refresh(candidate);
        }
        return;
      case 'switchTraffic': {
        const [candidate] = this.protonsOf(record.candidateProtonIds);
        if (!candidate) return;
        const shown = this.emulator.workloads.status(workload);
        this.setRole(workload, candidate, 'active');
        workload.activeProtonId = candidate.id;
        workload.updatedAt = this.now;
        for (const previous of this.protonsOf(record.previousProtonIds)) {
          this.setRole(workload, previous, null);
          previous.draining = true;
          this.emulator.cluster.refresh(previous);
        }
        this.emulator.cluster.refresh(candidate);
        this.emulator.activity.log(
          workload.id,
          'INFO',
          `Replacement ${record.id}: traffic switched to proton ${candidate.id}`,
          {
            protonId: candidate.id,
          },
        );
        this.noteShownStatus(workload, shown);
        for (const previous of this.protonsOf(record.previousProtonIds))
          this.emulator.trafficSwitched(workload, previous, candidate);
        return;
      }
      case 'switchBack': {
        const [previous] = this.protonsOf(record.previousProtonIds);
        if (!previous) return;
        const shown = this.emulator.workloads.status(workload);
        this.setRole(workload, previous, 'active');
        previous.draining = false;
        workload.activeProtonId = previous.id;
        workload.updatedAt = this.now;
        for (const candidate of this.protonsOf(record.candidateProtonIds)) {
          this.setRole(workload, candidate, null);
          candidate.draining = true;
          this.emulator.cluster.refresh(candidate);
        }
        this.emulator.cluster.refresh(previous);
        this.emulator.activity.log(
          workload.id,
          'INFO',
          `Replacement ${record.id}: traffic switched back to proton ${previous.id}`,
          {
            protonId: previous.id,
          },
        );
        this.noteShownStatus(workload, shown);
        for (const candidate of this.protonsOf(record.candidateProtonIds))
          this.emulator.trafficSwitched(workload, candidate, previous);
        return;
      }
      case 'terminate': {
        const ids = effect.which === 'candidate' ? record.candidateProtonIds : record.previousProtonIds;
        const protons = this.protonsOf(ids).filter((p) => !p.terminated);
        if (protons.length === 0) {
          this.dispatch(record, { type: 'protonTerminated', which: effect.which });
          return;
        }
        for (const proton of protons) this.emulator.cluster.terminate(proton);
        return;
      }
      case 'setMessage':
        record.message = effect.message;
        return;
      case 'emit': {
        this.emulator.activity.event(workload, effect.eventType, effect.actorId ?? null, {
          replacementId: record.id,
          ...effect.details,
        });
        const line = logLineOf(record, effect.eventType);
        const level = effect.eventType === 'replacement.errored' ? 'ERROR' : 'INFO';
        if (line) this.emulator.activity.log(workload.id, level, line);
        return;
      }
      case 'finish':
        record.visibleUntil = this.now + this.emulator.config.replacementRetentionSeconds * 1000;
        return;
      case 'markDeleted':
        record.isDeleted = true;
        record.deletedAt = this.now;
        return;
    }
  }
}

/** A replacement step as a log line; the traffic switch is logged where it is made, with its proton. */
function logLineOf(record: ReplacementRecord, eventType: string): string | null {
  const prefix = `Replacement ${record.id}`;
  switch (eventType) {
    case 'replacement.created':
      return `${prefix} created: rolling out artifact ${record.candidateArtifactId}`;
    case 'replacement.candidateRunning':
      return `${prefix}: candidate proton ${record.candidateProtonIds.join(', ')} is running`;
    case 'replacement.trafficSwitched':
      return null;
    case 'replacement.oldProtonDrained':
      return `${prefix}: old proton ${record.previousProtonIds.join(', ')} drained, shutting down`;
    case 'replacement.completed':
      return `${prefix} completed`;
    case 'replacement.errored':
      return `${prefix} errored: ${record.message}`;
    case 'replacement.cancelled':
      return `${prefix} cancelled`;
    default:
      return `${prefix}: ${eventType}`;
  }
}
