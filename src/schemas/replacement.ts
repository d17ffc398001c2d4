import { z } from 'zod';
import { NullableTimestamp, pageOf, Timestamp } from './common.js';
import { WorkloadRuntime } from './runtime.js';

/** The seeds' replacement states; `deleting` follows a cancel. */
export const REPLACEMENT_STATUSES = [
  'unknown',
  'submitted',
  'initializing',
  'promoting',
  'finalizing',
  'completed',
  'errored',
  'deleting',
] as const;

export const ReplacementStatus = z.enum(REPLACEMENT_STATUSES).meta({
  id: 'ReplacementStatus',
  description:
    'submitted -> initializing (candidate comes up and warms) -> promoting (traffic switch) -> finalizing (old proton drains) -> completed; errored on failure; deleting after a cancel.',
});
export type ReplacementStatusValue = z.output<typeof ReplacementStatus>;

export const ReplacementStrategy = z.enum(['rolling']).meta({
  id: 'ReplacementStrategy',
  description: 'rolling: the candidate runs beside the old proton and takes the traffic once ready.',
});

export const ReplacementConfig = z
  .strictObject({
    // The API sets no lower bound: a negative count is taken, kept as given, and runs as 0.
    warmupDurationMinutes: z
      .number()
      .int()
      .default(0)
      .describe('Minutes the candidate warms before the switch (0 or less: none).'),
    keepOldVersionMinutes: z
      .number()
      .int()
      .default(0)
      .describe('Minutes the old proton drains after the switch (0 or less: none).'),
  })
  .meta({ id: 'ReplacementConfig' });

export const Replacement = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    workloadId: z.string(),
    candidateArtifactId: z.string(),
    candidateProtonIds: z.array(z.string()).optional(),
    previousProtonIds: z.array(z.string()).nullable().optional(),
    config: ReplacementConfig.optional(),
    runtime: WorkloadRuntime.optional(),
    status: ReplacementStatus.optional(),
    strategy: ReplacementStrategy.optional(),
    message: z.string().nullable().optional().describe('Why the replacement failed or was cancelled.'),
    switchedAt: NullableTimestamp.optional().describe('When the candidate took the traffic.'),
    isDeleted: z.boolean().optional(),
    deletedAt: NullableTimestamp.optional(),
    userId: z.string(),
    tenantId: z.string().meta({ format: 'uuid' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Replacement', description: 'A swap of the artifact (or runtime) behind a workload.' });

export const CreateReplacementRequest = z
  .strictObject({
    artifactId: z.string().describe('The artifact to roll out.'),
    strategy: ReplacementStrategy.default('rolling'),
    config: ReplacementConfig.default({ warmupDurationMinutes: 0, keepOldVersionMinutes: 0 }),
    runtime: WorkloadRuntime.nullable()
      .optional()
      .describe('Runtime of the candidate; the current one when omitted.'),
  })
  .meta({
    id: 'CreateReplacementRequest',
    examples: [
      {
        artifactId: 'the id of a locked artifact',
        config: { warmupDurationMinutes: 2, keepOldVersionMinutes: 5 },
      },
    ],
  });

export const WorkloadReplacementFormatted = z
  .object({
    status: ReplacementStatus.optional(),
    strategy: ReplacementStrategy.optional(),
    candidateProtonIds: z.array(z.string()).optional(),
  })
  .meta({ id: 'WorkloadReplacementFormatted' });

export const ReplacementHistoryListResponse = pageOf(Replacement, 'ReplacementHistoryListResponse');

export type ReplacementValue = z.output<typeof Replacement>;
export type CreateReplacementBody = z.output<typeof CreateReplacementRequest>;
