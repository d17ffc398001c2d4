import { z } from 'zod';
import {
  ArtifactInfoFormatted,
  ArtifactStatus,
  ArtifactType,
  CommonSortQueryParams,
  InputArtifact,
} from './artifact.js';
import {
  IdParam,
  NullableTimestamp,
  PaginationQuery,
  pageOf,
  queryBoolean,
  queryList,
  ResourcePermissions,
  Tags,
  Timestamp,
  UserData,
} from './common.js';
import { ProtonStatus } from './proton.js';
import { WorkloadReplacementFormatted } from './replacement.js';
import { WorkloadRuntime } from './runtime.js';

export const WorkloadImportance = z
  .enum(['critical', 'high', 'moderate', 'low'])
  .meta({ id: 'WorkloadImportance' });

export const CreateWorkloadRequest = z
  .strictObject({
    name: z.string().min(1).max(5000),
    description: z.string().nullable().optional(),
    importance: WorkloadImportance.default('low'),
    artifactId: z
      .string()
      .nullable()
      .optional()
      .describe('An existing artifact to deploy; or give `artifact`.'),
    artifact: InputArtifact.nullable().optional().describe('An artifact to create and deploy in one step.'),
    runtime: WorkloadRuntime.optional().describe('Defaults to one replica per container group.'),
  })
  // Swagger UI's body to start from: without one it made up every field, a 1,000-replica runtime too.
  .meta({
    id: 'CreateWorkloadRequest',
    examples: [
      {
        name: 'my-agent',
        artifact: {
          name: 'my-agent',
          spec: {
            containerGroups: [
              {
                containers: [
                  { name: 'app', imageUri: 'registry.example.com/my-agent:1', port: 8080, primary: true },
                ],
              },
            ],
          },
        },
      },
    ],
  });

export const UpdateWorkloadRequest = z
  .strictObject({
    name: z.string().min(1).max(5000).nullable().optional(),
    description: z.string().nullable().optional(),
    importance: WorkloadImportance.nullable().optional(),
  })
  .meta({ id: 'UpdateWorkloadRequest' });

export const RequestStats = z
  .strictObject({
    totalRequests: z.number().int().optional(),
    concurrentRequests: z.number().int().optional(),
    errorRate: z.number().optional().describe('Share of failed requests, in percent.'),
    responseTime: z.number().int().optional().describe('Mean response time in milliseconds.'),
    lastRequestAt: NullableTimestamp.optional(),
    requestRates: z.array(z.number().int()).optional().describe('Requests in each of the last 7 periods.'),
    errorRates: z.array(z.number().int()).optional().describe('Error rate in each of the last 7 periods.'),
  })
  .meta({ id: 'RequestStats' });

export const WorkloadFormatted = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable().optional(),
    importance: WorkloadImportance.optional(),
    status: ProtonStatus.optional().describe(
      'Status of the active proton, with proton-only states collapsed.',
    ),
    type: ArtifactType.optional(),
    artifactId: z.string().nullable().optional(),
    artifact: ArtifactInfoFormatted.nullable().optional(),
    protonId: z.string().nullable().optional(),
    endpoint: z.string().nullable().optional().describe('Stable for the life of the workload.'),
    runtime: WorkloadRuntime.optional(),
    replacement: WorkloadReplacementFormatted.nullable().optional(),
    requestStats: RequestStats.nullable().optional(),
    lastResponse: NullableTimestamp.optional(),
    creator: UserData.nullable().optional(),
    owners: z.array(UserData).optional(),
    permissions: ResourcePermissions.optional(),
    tags: Tags.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'WorkloadFormatted' });

export const WorkloadListResponse = pageOf(WorkloadFormatted, 'WorkloadListResponse');

export const WorkloadSortQueryParam = z
  .enum([...CommonSortQueryParams.options, 'status', '-status', 'importance', '-importance'])
  .meta({ id: 'WorkloadSortQueryParam' });

export const WorkloadFilterQuery = z.object({
  createdBy: z.string().optional(),
  ids: queryList(z.string()),
  search: z
    .string()
    .max(100)
    .optional()
    .describe('Case-insensitive match on name, description or part of the id.'),
  tagKeys: queryList(z.string()),
  tagValues: queryList(z.string()),
  orderBy: WorkloadSortQueryParam.optional(),
  status: queryList(ProtonStatus),
  artifactStatus: queryList(ArtifactStatus),
  importance: queryList(WorkloadImportance),
  artifactId: z.string().optional(),
  repositoryId: z.string().optional(),
});

export const ListWorkloadsQuery = PaginationQuery.extend(WorkloadFilterQuery.shape).extend({
  serviceStats: queryBoolean
    .optional()
    .describe('true: each workload carries its requestStats; otherwise they are null.'),
});

export const WorkloadOperationResponse = z
  .strictObject({
    status: z.string().describe('What was accepted, in words.'),
    workloadId: z.string(),
    trackVia: z.string().describe('URL to poll for the resulting status.'),
  })
  .meta({ id: 'WorkloadOperationResponse' });

export const WorkloadSettingsResponse = z
  .strictObject({ runtime: WorkloadRuntime.optional() })
  .meta({ id: 'WorkloadSettingsResponse' });

export const UpdateSettingsRequest = z
  .strictObject({ runtime: WorkloadRuntime })
  // Swagger UI's body to start from (it made up a 1,000-replica runtime): two replicas of a
  // workload made from CreateWorkloadRequest's example.
  .meta({
    id: 'UpdateSettingsRequest',
    examples: [{ runtime: { containerGroups: [{ name: 'default', replicaCount: 2 }] } }],
  });

export const DeleteWorkloadPartial = z.object({ detail: z.string() });

export const WorkloadEvent = z
  .strictObject({
    id: z.string(),
    workloadId: z.string(),
    timestamp: Timestamp,
    eventType: z.string().describe('workload.created, proton.statusChanged, replacement.completed, ...'),
    actorId: z.string().nullable().optional().describe('The user who caused it; null for the platform.'),
    details: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .meta({ id: 'WorkloadEvent' });

export const WorkloadEventsResponse = pageOf(WorkloadEvent, 'WorkloadEventsResponse');

export type CreateWorkloadBody = z.output<typeof CreateWorkloadRequest>;
export type UpdateWorkloadBody = z.output<typeof UpdateWorkloadRequest>;
export type RequestStatsValue = z.output<typeof RequestStats>;
export type WorkloadFormattedValue = z.output<typeof WorkloadFormatted>;
export type ListWorkloadsQueryValue = z.output<typeof ListWorkloadsQuery>;
export type WorkloadFilter = z.output<typeof WorkloadFilterQuery>;
export type WorkloadEventValue = z.output<typeof WorkloadEvent>;

export const WorkloadParams = z.object({ workload_id: IdParam.describe('Workload id') });
