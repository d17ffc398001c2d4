import type { ArtifactFormattedValue, ArtifactInfoValue } from '../schemas/artifact.js';
import type { ImageBuildFormattedValue } from '../schemas/build.js';
import type { ProtonFormattedValue, ReplicaStatusesSnapshotValue } from '../schemas/proton.js';
import type { ReplacementValue } from '../schemas/replacement.js';
import type { ArtifactRepositoryValue } from '../schemas/repository.js';
import type { NormalisedRuntime } from '../schemas/runtime.js';
import type { SharedRoleValue } from '../schemas/sharing.js';
import type { WorkloadEventValue, WorkloadFormattedValue } from '../schemas/workload.js';
import { formatTimestamp as ts } from '../sim/clock.js';
import { podConditions } from '../sim/pods.js';
import { STATUS_OF_PHASE } from '../sim/replacement-machine.js';
import { deriveProtonStatus, servingPods, summarise } from '../sim/status.js';
import type {
  ArtifactRecord,
  BuildRecord,
  EventRecord,
  ProtonRecord,
  ReplacementRecord,
  RepositoryRecord,
  SharedRoleRecord,
  UserRecord,
  WorkloadRecord,
} from '../store/types.js';
import type { Emulator } from './emulator.js';
import { parseSize } from './runtime.js';

/** What the caller may do with an artifact or a repository: the creator's (roles are not enforced). */
export const OWNER_PERMISSIONS = [
  'CAN_VIEW',
  'CAN_UPDATE',
  'CAN_DELETE',
  'CAN_SHARE',
  'CAN_SHARE_ROLE_OWNER',
  'CAN_SHARE_ROLE_READ_WRITE',
  'CAN_SHARE_ROLE_READ_ONLY',
] as const;
const WORKLOAD_PERMISSIONS = [...OWNER_PERMISSIONS, 'CAN_MAKE_PREDICTIONS'] as const;

export function formatUser(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    fullName: user.fullName,
    userhash: user.userhash,
  };
}

/** Records to API shapes: the only place internal records turn into what clients see. */
export class Formatter {
  constructor(private readonly emulator: Emulator) {}

  artifact(artifact: ArtifactRecord): ArtifactFormattedValue {
    return {
      id: artifact.id,
      name: artifact.name,
      description: artifact.description,
      type: artifact.type,
      status: artifact.status,
      version: artifact.version,
      spec: artifact.spec,
      artifactRepositoryId: artifact.repositoryId,
      creator: formatUser(artifact.creator),
      permissions: [...OWNER_PERMISSIONS],
      tags: artifact.tags,
      createdAt: ts(artifact.createdAt),
      updatedAt: ts(artifact.updatedAt),
    };
  }

  repository(repository: RepositoryRecord, numArtifacts: number): ArtifactRepositoryValue {
    return {
      id: repository.id,
      name: repository.name,
      type: repository.type,
      lastVersionNumber: repository.lastVersionNumber,
      numArtifacts,
      creator: formatUser(repository.creator),
      permissions: [...OWNER_PERMISSIONS],
      tags: repository.tags,
      createdAt: ts(repository.createdAt),
      updatedAt: ts(repository.updatedAt),
    };
  }

  sharedRole(role: SharedRoleRecord): SharedRoleValue {
    return { id: role.id, name: role.name, shareRecipientType: role.shareRecipientType, role: role.role };
  }

  build(build: BuildRecord): ImageBuildFormattedValue {
    return {
      id: build.id,
      name: build.name,
      artifactId: build.artifactId,
      status: build.status,
      creator: formatUser(build.creator),
      createdAt: ts(build.createdAt),
      updatedAt: ts(build.updatedAt),
    };
  }

  artifactInfo(artifactId: string): ArtifactInfoValue {
    const artifact = this.emulator.store.artifacts.get(artifactId);
    if (!artifact) return { id: artifactId };
    return {
      id: artifact.id,
      name: artifact.name,
      status: artifact.status,
      type: artifact.type,
      version: artifact.version,
      artifactRepositoryId: artifact.repositoryId,
    };
  }

  runtime(runtime: NormalisedRuntime, proton?: ProtonRecord) {
    return {
      containerGroups: runtime.containerGroups.map((group) => ({
        name: group.name,
        replicaCount: group.replicaCount,
        autoscaling: group.autoscaling,
        containers: group.containers,
        bundleSelectionPolicy: group.bundleSelectionPolicy,
        resourceBundles: group.resourceBundles,
        resolvedBundle: proton?.firstPodAt != null ? resolvedBundle(group) : null,
      })),
    };
  }

  /** `serviceStats: false` leaves requestStats null, as a list does unless asked for them. */
  workload(workload: WorkloadRecord, serviceStats = true): WorkloadFormattedValue {
    const ops = this.emulator.workloads;
    const active = ops.activeProton(workload);
    const replacement = this.emulator.replacements.visible(workload);
    const lastResponse = this.emulator.telemetry.lastRequestAt(workload.id);
    return {
      id: workload.id,
      name: workload.name,
      description: workload.description,
      importance: workload.importance,
      status: ops.status(workload),
      type: workload.type,
      artifactId: active?.artifactId ?? null,
      artifact: active ? this.artifactInfo(active.artifactId) : null,
      protonId: active?.id ?? null,
      endpoint: workload.endpoint,
      runtime: active ? this.runtime(active.runtime, active) : { containerGroups: [] },
      replacement: replacement
        ? {
            status: STATUS_OF_PHASE[replacement.phase],
            strategy: replacement.strategy,
            candidateProtonIds: replacement.candidateProtonIds,
          }
        : null,
      requestStats: serviceStats ? this.emulator.stats.requestStats(workload) : null,
      // The workload's last answer, whichever proton gave it (requestStats are the active proton's).
      lastResponse: lastResponse === null ? null : ts(lastResponse),
      creator: formatUser(workload.creator),
      owners: this.emulator.sharing.owners(workload).map(formatUser),
      permissions: [...WORKLOAD_PERMISSIONS],
      tags: [...workload.tags],
      createdAt: ts(workload.createdAt),
      updatedAt: ts(workload.updatedAt),
    };
  }

  proton(proton: ProtonRecord, workload: WorkloadRecord): ProtonFormattedValue {
    return {
      id: proton.id,
      name: proton.name,
      artifactId: proton.artifactId,
      workloadId: proton.workloadId,
      role: proton.role,
      status: deriveProtonStatus(proton),
      runtime: this.runtime(proton.runtime, proton),
      endpoint: workload.endpoint,
      runningSince: proton.runningSince === null ? null : ts(proton.runningSince),
      statusDetails: { logTail: this.emulator.activity.logTail(workload.id, proton.id) },
      creator: formatUser(proton.creator),
      createdAt: ts(proton.createdAt),
      updatedAt: ts(proton.updatedAt),
    };
  }

  /** Per-replica detail from the same pods the status is derived from; null before any pod existed. */
  statusDetails(proton: ProtonRecord): ReplicaStatusesSnapshotValue | null {
    if (proton.firstPodAt === null) return null;
    const status = deriveProtonStatus(proton);
    return {
      overallStatus: {
        state: status,
        summary: summarise(status, proton.pods, proton.scaledToZero, servingPods(proton)),
        lastUpdated: ts(proton.updatedAt),
      },
      replicas: proton.pods
        .filter((pod) => pod.stage !== 'gone')
        .map((pod) => ({
          name: pod.name,
          status: pod.phase.toLowerCase() as 'pending' | 'running' | 'succeeded' | 'failed',
          address: pod.ip ?? '',
          nodeAddress: pod.nodeIp ?? '',
          startedAt: pod.scheduledAt === null ? null : ts(pod.scheduledAt),
          conditions: podConditions(pod).map((c) => ({
            type: c.type,
            met: c.met,
            since: ts(c.since),
            reason: c.reason,
          })),
          containers: pod.containers.map((c) => ({
            name: c.name,
            status: c.state,
            reason:
              c.state === 'terminated'
                ? c.reason
                : pod.stage === 'terminating'
                  ? 'Terminating'
                  : c.state !== 'running'
                    ? c.reason
                    : c.ready
                      ? null
                      : c.failing
                        ? 'Recovering'
                        : 'ReadinessPending',
            startedAt: c.startedAt === null || c.state !== 'running' ? null : ts(c.startedAt),
            ready: c.ready,
            restartCount: c.restartCount,
            image: c.image,
          })),
        })),
      logTail: this.emulator.activity.logTail(proton.workloadId, proton.id),
    };
  }

  replacement(record: ReplacementRecord): ReplacementValue {
    return {
      id: record.id,
      name: record.name,
      workloadId: record.workloadId,
      candidateArtifactId: record.candidateArtifactId,
      candidateProtonIds: record.candidateProtonIds,
      previousProtonIds: record.previousProtonIds,
      config: record.config,
      runtime: this.runtime(record.runtime),
      status: STATUS_OF_PHASE[record.phase],
      strategy: record.strategy,
      message: record.message,
      switchedAt: record.switchedAt === null ? null : ts(record.switchedAt),
      isDeleted: record.isDeleted,
      deletedAt: record.deletedAt === null ? null : ts(record.deletedAt),
      userId: record.userId,
      tenantId: record.tenantId,
      createdAt: ts(record.createdAt),
      updatedAt: ts(record.updatedAt),
    };
  }

  event(event: EventRecord): WorkloadEventValue {
    return {
      id: event.id,
      workloadId: event.workloadId,
      timestamp: ts(event.timestamp),
      eventType: event.eventType,
      actorId: event.actorId,
      details: event.details,
    };
  }
}

/**
 * The bundle a group's pods were placed on: its containers' resources added up. A group that lists
 * bundles is placed on the first of them, as the availability policy picks the first one with room,
 * and the simulated cluster has room for every bundle.
 */
function resolvedBundle(group: NormalisedRuntime['containerGroups'][number]) {
  const { containers } = group;
  let cpu = 0;
  let memory = 0;
  let gpu = 0;
  for (const container of containers) {
    cpu += container.resourceAllocation?.cpu ?? 1;
    memory += parseSize(container.resourceAllocation?.memory) || 2 * 2 ** 30;
    gpu += container.resourceAllocation?.gpu ?? 0;
  }
  const gib = Math.ceil(memory / 2 ** 30);
  return {
    id: group.resourceBundles[0] ?? `${gpu > 0 ? `gpu${gpu}-` : ''}cpu${cpu}-mem${gib}gi`,
    cpuCount: cpu,
    memoryBytes: gib * 2 ** 30,
    gpuCount: Math.ceil(gpu),
    gpuMaker: gpu > 0 ? 'nvidia' : null,
    gpuTypeLabel: gpu > 0 ? 'nvidia-l4' : null,
  };
}
