import { z } from 'zod';
import { NullableTimestamp, pageOf, Timestamp, UserData } from './common.js';
import { WorkloadRuntime } from './runtime.js';

export const PROTON_STATUSES = [
  'unknown',
  'submitted',
  'initializing',
  'provisioning',
  'launching',
  'running',
  'suspended',
  'warming',
  'draining',
  'interrupted',
  'restarting',
  'stopping',
  'stopped',
  'errored',
  'terminated',
] as const;

export const ProtonStatus = z.enum(PROTON_STATUSES).meta({
  id: 'ProtonStatus',
  description:
    'Derived from the proton pods. initializing, warming, draining and restarting are proton-only: a workload never reports them.',
});
export type ProtonStatusValue = z.output<typeof ProtonStatus>;

export const ProtonRole = z.enum(['active', 'candidate']).meta({ id: 'ProtonRole' });

export const ProtonStatusDetailsPublic = z
  .strictObject({
    logTail: z.array(z.string()).nullable().optional().describe('Recent log lines of the proton.'),
  })
  .meta({ id: 'ProtonStatusDetailsPublic' });

export const ProtonFormatted = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    artifactId: z.string(),
    workloadId: z.string().nullable().optional(),
    role: ProtonRole.nullable().optional().describe('active, candidate, or null for a proton being retired.'),
    status: ProtonStatus,
    runtime: WorkloadRuntime.optional(),
    endpoint: z.string().nullable().optional(),
    runningSince: NullableTimestamp.optional(),
    statusDetails: ProtonStatusDetailsPublic.optional(),
    creator: UserData.nullable().optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'ProtonFormatted' });

export const ProtonListResponse = pageOf(ProtonFormatted, 'ProtonListResponse');

export const ContainerStatus = z
  .enum(['running', 'waiting', 'terminated', 'unknown'])
  .meta({ id: 'ContainerStatus' });
export const ReplicaPhase = z
  .enum(['pending', 'running', 'succeeded', 'failed', 'unknown'])
  .meta({ id: 'ReplicaPhase' });

export const ContainerStatusDetail = z
  .strictObject({
    name: z.string(),
    status: ContainerStatus,
    reason: z.string().nullable().optional().describe('Why the container waits or terminated.'),
    startedAt: z.string().nullable(),
    ready: z.boolean(),
    restartCount: z.number().int(),
    image: z.string(),
  })
  .meta({ id: 'ContainerStatusDetail' });

export const ReplicaConditionDetail = z
  .strictObject({
    type: z.string().describe('PodScheduled, Initialized, ContainersReady or Ready.'),
    met: z.boolean().nullable(),
    since: z.string(),
    reason: z.string().nullable().optional(),
  })
  .meta({ id: 'ReplicaConditionDetail' });

export const ReplicaDetail = z
  .strictObject({
    name: z.string(),
    status: ReplicaPhase,
    address: z.string(),
    nodeAddress: z.string(),
    startedAt: z.string().nullable(),
    conditions: z.array(ReplicaConditionDetail),
    containers: z.array(ContainerStatusDetail),
  })
  .meta({ id: 'ReplicaDetail' });

export const WorkloadMonitorOverallStatus = z
  .strictObject({
    state: ProtonStatus,
    summary: z.string(),
    lastUpdated: z.string(),
  })
  .meta({ id: 'WorkloadMonitorOverallStatus' });

export const ReplicaStatusesSnapshot = z
  .strictObject({
    overallStatus: WorkloadMonitorOverallStatus,
    replicas: z.array(ReplicaDetail),
    logTail: z
      .array(z.string())
      .describe(
        "Recent log lines of the proton's containers, oldest first: the same lines as the proton's statusDetails.logTail.",
      ),
  })
  .meta({ id: 'ReplicaStatusesSnapshot' });

export type ProtonFormattedValue = z.output<typeof ProtonFormatted>;
export type ReplicaStatusesSnapshotValue = z.output<typeof ReplicaStatusesSnapshot>;
