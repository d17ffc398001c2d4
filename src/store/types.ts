import type { z } from 'zod';
import type { ArtifactSpecValue, ArtifactStatus, ArtifactType } from '../schemas/artifact.js';
import type { BUILD_STATUSES } from '../schemas/build.js';
import type { ProtonStatusValue } from '../schemas/proton.js';
import type { NormalisedRuntime } from '../schemas/runtime.js';
import type { SharingRole, SubjectType } from '../schemas/sharing.js';
import type { WorkloadImportance } from '../schemas/workload.js';
import type { AutoscalerGroupState } from '../sim/autoscaler.js';
import type { Timer } from '../sim/clock.js';
import type { Phase, TimerEvent } from '../sim/replacement-machine.js';
import type { WorkloadEventLog } from './event-log.js';

/** Internal records. Timestamps are simulated epoch milliseconds; formatting happens at the edge. */

export interface UserRecord {
  id: string;
  username: string;
  email: string;
  fullName: string;
  userhash: string;
}

/** A user who has called the mock: the token they called with and the tenant it acts as. */
export interface KnownUser {
  token: string;
  tenant: string;
  user: UserRecord;
}

export interface TagRecord {
  id: string;
  name: string;
  value: string;
}

export type SharingRoleName = z.output<typeof SharingRole>;

export interface SharedRoleRecord {
  id: string;
  name: string;
  shareRecipientType: z.output<typeof SubjectType>;
  role: SharingRoleName;
}

export interface RepositoryRecord {
  id: string;
  tenant: string;
  name: string;
  type: z.output<typeof ArtifactType>;
  lastVersionNumber: number;
  creator: UserRecord;
  createdAt: number;
  updatedAt: number;
  tags: TagRecord[];
  sharedRoles: SharedRoleRecord[];
}

export interface ArtifactRecord {
  id: string;
  tenant: string;
  name: string;
  description: string;
  type: z.output<typeof ArtifactType>;
  status: z.output<typeof ArtifactStatus>;
  version: number | null;
  spec: ArtifactSpecValue;
  repositoryId: string;
  creator: UserRecord;
  createdAt: number;
  updatedAt: number;
  tags: TagRecord[];
  sharedRoles: SharedRoleRecord[];
}

export type ContainerState = 'waiting' | 'running' | 'terminated';

export interface ContainerSim {
  name: string;
  image: string;
  state: ContainerState;
  /** Waiting or terminated reason: ContainerCreating, ImagePullBackOff, CrashLoopBackOff, Error, OOMKilled... */
  reason: string | null;
  ready: boolean;
  restartCount: number;
  /** Start of the current run. */
  startedAt: number | null;
  /** When readiness passes; null while a readiness fault blocks it. */
  readyAt: number | null;
  readySince: number | null;
  /** Next retry (image pull) or restart (crash loop). */
  retryAt: number | null;
  /** Back-off reason that makes the container count as failing (errored is sticky): after a failed pull until it is ready, after a crash loop until it has stayed ready for RECOVERED_AFTER_MS. */
  failing: 'CrashLoopBackOff' | 'ImagePullBackOff' | null;
  /** Consecutive back-offs; reset with `failing`, when the failure is over. */
  backoffCount: number;
  lastTerminationReason: string | null;
}

export interface Placement {
  node: string;
  nodeIp: string;
  ip: string;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';
export type PodStage =
  | 'unscheduled'
  | 'scheduled'
  | 'creating'
  | 'started'
  | 'failed'
  | 'terminating'
  | 'gone';

export interface PodSim {
  name: string;
  group: string;
  phase: PodPhase;
  stage: PodStage;
  /** When the current stage began. */
  stageSince: number;
  node: string | null;
  nodeIp: string | null;
  ip: string | null;
  createdAt: number;
  scheduledAt: number | null;
  initializedAt: number | null;
  /** Set while the scheduler cannot place the pod. */
  unschedulableSince: number | null;
  deleteAt: number | null;
  failedReason: string | null;
  containers: ContainerSim[];
  nextAt: number | null;
  timer: Timer | null;
  /** Added by the autoscaler to a proton that was serving: until it is ready it leaves the proton's status alone. */
  scaledUp?: boolean;
}

export interface PodTemplate {
  group: string;
  /** `primary`: the container with the port, which answers the group's requests. */
  containers: { name: string; image: string; primary?: true }[];
}

export type ProtonIntent = 'run' | 'stop' | 'terminate';

export interface AutoscalerState {
  groups: Record<string, AutoscalerGroupState>;
  /** When to evaluate again (the earliest delay to elapse, or the load window moving on); the timer re-arms from it. */
  dueAt: number | null;
}

export interface ProtonRecord {
  id: string;
  tenant: string;
  workloadId: string;
  artifactId: string;
  name: string;
  role: 'active' | 'candidate' | null;
  runtime: NormalisedRuntime;
  /** The containers each group's pods run, fixed when the proton is created. */
  podTemplates: PodTemplate[];
  creator: UserRecord;
  createdAt: number;
  updatedAt: number;
  pods: PodSim[];
  /**
   * Replicas wanted per container group (autoscaling moves these). Replaced, never changed in
   * place: protons made alike share their first one.
   */
  desiredReplicas: Readonly<Record<string, number>>;
  intent: ProtonIntent;
  suspended: boolean;
  /** Node eviction in progress until this time. */
  interruptedUntil: number | null;
  interruptionTimer: Timer | null;
  /** Being recreated in place; the status before it, which the workload keeps showing. */
  restartingFrom: ProtonStatusValue | null;
  /** Containers recreated in place and not yet ready. */
  reinitializing: boolean;
  /** Candidate in its warm-up window. */
  warming: boolean;
  /** Old proton after the traffic switch. */
  draining: boolean;
  terminated: boolean;
  /**
   * Scaled to zero while idle (httpRequestsConcurrency with minCount 0): no pods, still running.
   * Stays set through the cold start that follows, until a replica is ready again.
   */
  scaledToZero: boolean;
  /** The autoscaler of each autoscaled group, as plain data; absent until it first looked. */
  autoscaler?: AutoscalerState | undefined;
  /** The status last observed, to record changes as events; the truth is always re-derived from pods. */
  observedStatus: ProtonStatusValue;
  runningSince: number | null;
  /** Where the pods ran before a suspend, so resume can restore them there. */
  lastPlacements: readonly Placement[];
  /** When the first pod was created: statusDetails answers 204 before. */
  firstPodAt: number | null;
}

export interface ReplacementRecord {
  id: string;
  tenant: string;
  name: string;
  workloadId: string;
  userId: string;
  tenantId: string;
  candidateArtifactId: string;
  candidateProtonIds: string[];
  previousProtonIds: string[];
  /** The artifact and proton active when it started: where a cancel returns to. */
  originalArtifactId: string;
  config: { warmupDurationMinutes: number; keepOldVersionMinutes: number };
  runtime: NormalisedRuntime;
  strategy: 'rolling';
  message: string | null;
  switchedAt: number | null;
  isDeleted: boolean;
  deletedAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** The phase the machine is in; the API's status is a function of it (STATUS_OF_PHASE). */
  phase: Phase;
  timer: Timer | null;
  /** When `timer` falls due and what it feeds the machine: what a state import re-arms it from. */
  timerAt: number | null;
  timerEvent: TimerEvent | null;
  timeoutTimer: Timer | null;
  /** When the rollout timeout falls due, if armed. */
  timeoutAt: number | null;
  /** How long a finished record stays readable from GET /replacement. */
  visibleUntil: number | null;
}

export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** One image build of a draft artifact: the images of the containers sharing one code reference. */
export interface BuildRecord {
  id: string;
  tenant: string;
  artifactId: string;
  name: string;
  status: BuildStatus;
  /** The containers whose image this build produces, by group and name. */
  containers: { group: string; name: string }[];
  creator: UserRecord;
  createdAt: number;
  updatedAt: number;
  /** Build log lines, oldest first. */
  logs: string[];
  timer: Timer | null;
  /** When `timer` falls due and the step it takes: what a state import re-arms it from. */
  timerAt: number | null;
  timerStep: BuildStep | null;
}

/** The steps a build's timer takes it through. */
export type BuildStep = 'beginBuilding' | 'finishBuilding' | 'complete' | 'fail';

export interface EventRecord {
  id: string;
  workloadId: string;
  timestamp: number;
  eventType: string;
  actorId: string | null;
  details: Record<string, unknown> | null;
}

/** From `at` on, proton `protonId` had `role`: telemetry written since then is attributed to it. */
export interface RoleChange {
  protonId: string;
  role: 'active' | 'candidate' | null;
  at: number;
}

export interface WorkloadRecord {
  id: string;
  tenant: string;
  name: string;
  description: string | null;
  importance: z.output<typeof WorkloadImportance>;
  type: z.output<typeof ArtifactType>;
  endpoint: string;
  creator: UserRecord;
  createdAt: number;
  updatedAt: number;
  /** Protons not yet removed, oldest first. */
  protonIds: string[];
  activeProtonId: string | null;
  /** The replacement GET /replacement answers with, if any. */
  currentReplacementId: string | null;
  /** Every replacement, oldest first. */
  replacementIds: readonly string[];
  /** Its protons' role changes, oldest first (see proton-roles.ts). */
  roleChanges: readonly RoleChange[];
  events: WorkloadEventLog;
  tags: readonly TagRecord[];
  sharedRoles: readonly SharedRoleRecord[];
  deleted: boolean;
  /** When it was deleted: its events stay readable for MOCK_DELETED_RETENTION from then (or until its protons are gone). */
  deletedAt: number | null;
  lastResponseAt: number | null;
}

export interface TenantState {
  name: string;
  id: string;
  artifacts: Map<string, ArtifactRecord>;
  repositories: Map<string, RepositoryRecord>;
  workloads: Map<string, WorkloadRecord>;
}
