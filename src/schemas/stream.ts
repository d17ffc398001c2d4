import { z } from 'zod';
import { STREAM_MESSAGE_TYPES } from './stream-types.js';

export { STREAM_MESSAGE_TYPES, type StreamMessageType } from './stream-types.js';

import { ArtifactInfoFormatted, ArtifactType } from './artifact.js';
import { Timestamp } from './common.js';
import { ClockStateResponse, Fault } from './mock.js';
import { ProtonRole, ProtonStatus } from './proton.js';
import { Replacement, ReplacementStatus } from './replacement.js';
import { WorkloadEvent, WorkloadImportance } from './workload.js';

/**
 * The dashboard's view of the simulated cluster, under /_mock: every tenant with its workloads
 * (GET /_mock/tenants), and the live stream of every state change (GET /_mock/stream).
 */

export const WorkloadSummary = z
  .strictObject({
    id: z.string(),
    tenant: z.string().describe('The tenant the workload belongs to.'),
    name: z.string(),
    importance: WorkloadImportance,
    type: ArtifactType,
    status: ProtonStatus.describe('The workload status, as GET /api/v2/workloads/{id} reports it.'),
    artifactId: z.string().nullable(),
    artifact: ArtifactInfoFormatted.nullable(),
    protonId: z.string().nullable(),
    replacement: z
      .strictObject({ id: z.string(), status: ReplacementStatus })
      .nullable()
      .describe('The replacement in progress, or the last one if it errored; null otherwise.'),
    endpoint: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'MockWorkloadSummary' });
export type WorkloadSummaryValue = z.output<typeof WorkloadSummary>;

export const Tenant = z
  .strictObject({
    name: z.string(),
    id: z.string().describe('The tenant id replacements report as tenantId.'),
    tokens: z
      .array(z.string())
      .describe(
        'Bearer tokens that act as this tenant: its own name without MOCK_TOKENS, else the tokens mapped to it.',
      ),
    artifactCount: z.number().int(),
    workloadCount: z.number().int(),
    workloads: z.array(WorkloadSummary).describe('Oldest first.'),
  })
  .meta({ id: 'MockTenant' });

export const TenantList = z
  .strictObject({ count: z.number().int(), data: z.array(Tenant) })
  .meta({ id: 'MockTenantList' });

export const StreamQuery = z.object({
  tenant: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Only messages about this tenant (and global ones): its name or, with MOCK_TOKENS, one of its tokens.',
    ),
  workloadId: z.string().min(1).optional().describe('Only messages about this workload (and global ones).'),
  types: z
    .preprocess(
      (value) =>
        (Array.isArray(value) ? value : [value]).flatMap((item) =>
          typeof item === 'string' ? item.split(',').filter((part) => part.trim() !== '') : [item],
        ),
      z.array(z.enum(STREAM_MESSAGE_TYPES)).min(1),
    )
    .optional()
    .describe('Only these message types, comma separated (hello always comes).'),
  lastEventId: z
    .string()
    .optional()
    .describe('Resume after this id, like the Last-Event-ID header (which wins when both are given).'),
});

const at = Timestamp.describe('Simulated time of the change.');

export const StreamHello = z
  .strictObject({
    type: z.literal('hello'),
    instance: z.string().describe('Identifies this server process; every message id starts with it.'),
    lastEventId: z.string().nullable().describe('The id of the newest message so far.'),
    replayed: z.number().int().describe('Missed messages sent right after this one.'),
    resync: z
      .boolean()
      .describe('The Last-Event-ID given cannot be resumed from: re-read the state you hold.'),
    reason: z
      .enum(['restarted', 'gap', 'unknown'])
      .nullable()
      .describe(
        'Why resync is true: the id is from an earlier server process, older than the backlog kept, or not one this server gave.',
      ),
    retryMs: z.number().int(),
  })
  .meta({ id: 'MockStreamHello' });

export const StreamWorkload = z
  .strictObject({
    type: z.literal('workload'),
    change: z.enum(['created', 'updated', 'deleted']),
    tenant: z.string(),
    workloadId: z.string(),
    workload: WorkloadSummary.nullable().describe('The workload after the change; null once deleted.'),
    at,
  })
  .meta({ id: 'MockStreamWorkload' });

export const StreamProton = z
  .strictObject({
    type: z.literal('proton'),
    tenant: z.string(),
    workloadId: z.string(),
    protonId: z.string(),
    role: ProtonRole.nullable(),
    from: ProtonStatus,
    to: ProtonStatus,
    at,
  })
  .meta({ id: 'MockStreamProton' });

export const PodSummary = z
  .strictObject({
    name: z.string(),
    group: z.string(),
    phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed']),
    node: z.string().nullable(),
    terminating: z.boolean(),
    containers: z.array(
      z.strictObject({
        name: z.string(),
        state: z.enum(['waiting', 'running', 'terminated']),
        reason: z.string().nullable(),
        ready: z.boolean(),
        restartCount: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'MockPodSummary' });
export type PodSummaryValue = z.output<typeof PodSummary>;

export const StreamPods = z
  .strictObject({
    type: z.literal('pods'),
    tenant: z.string(),
    workloadId: z.string(),
    protonId: z.string(),
    pods: z.array(PodSummary).describe('Every pod of the proton after the change.'),
    at,
  })
  .meta({ id: 'MockStreamPods' });

export const StreamReplacement = z
  .strictObject({
    type: z.literal('replacement'),
    tenant: z.string(),
    workloadId: z.string(),
    replacementId: z.string(),
    from: z.string().nullable().describe('The phase before; null when the replacement was just created.'),
    phase: z
      .string()
      .describe(
        'Finer than status: submitted, initializing, warming, ready (the candidate runs, before the switch), promoting, draining, retiring, completed, errored, cancelling, returning (a cancel after the switch, waiting for the old proton to be ready), reverting, cancelled.',
      ),
    status: ReplacementStatus,
    replacement: Replacement,
    at,
  })
  .meta({ id: 'MockStreamReplacement' });

export const StreamEvent = z
  .strictObject({
    type: z.literal('event'),
    tenant: z.string(),
    workloadId: z.string(),
    event: WorkloadEvent.describe('As GET /api/v2/workloads/{id}/events lists it.'),
  })
  .meta({ id: 'MockStreamEvent' });

export const StreamClock = z
  .strictObject({ type: z.literal('clock'), clock: ClockStateResponse })
  .meta({ id: 'MockStreamClock' });

export const StreamFault = z
  .strictObject({
    type: z.literal('fault'),
    change: z.enum(['added', 'removed']),
    fault: Fault,
    at,
  })
  .meta({ id: 'MockStreamFault' });

export const StreamReset = z
  .strictObject({
    type: z.literal('reset'),
    tenant: z.string().nullable().describe('The tenant forgotten; null when everything was.'),
    at,
  })
  .meta({ id: 'MockStreamReset' });

export const StreamMessage = z
  .discriminatedUnion('type', [
    StreamHello,
    StreamWorkload,
    StreamProton,
    StreamPods,
    StreamReplacement,
    StreamEvent,
    StreamClock,
    StreamFault,
    StreamReset,
  ])
  .meta({
    id: 'MockStreamMessage',
    description:
      'The data of one server-sent event, as JSON; the event name equals its type. Every message carries an id `<instance>-<sequence>`, the sequence rising by one per message; the hello carries the position the stream starts from (the last message it has sent the client, `<instance>-0` before the first).',
  });
export type StreamMessageValue = z.output<typeof StreamMessage>;
