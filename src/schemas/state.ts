import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { LogRecord } from '../domain/activity.js';
import type { TrafficRunRecord } from '../domain/traffic.js';
import { EARLIEST_TIME, LATEST_TIME, MAX_SCALE } from '../sim/clock.js';
import { FAULT_KINDS, type FaultRecord } from '../sim/faults.js';
import {
  LEGACY_TIMER_EVENTS,
  type Phase,
  STATUS_OF_PHASE,
  TIMER_EVENTS,
} from '../sim/replacement-machine.js';
import { LATENCY_BOUNDS_MS, type TelemetryState } from '../sim/telemetry.js';
import type {
  ArtifactRecord,
  BuildRecord,
  ContainerSim,
  EventRecord,
  KnownUser,
  PodSim,
  ProtonRecord,
  ReplacementRecord,
  RepositoryRecord,
  UserRecord,
  WorkloadRecord,
} from '../store/types.js';
import { ArtifactSpec, ArtifactStatus, ArtifactType } from './artifact.js';
import { ImageBuildExternalStatus } from './build.js';
import { Fault } from './mock.js';
import { ProtonStatus } from './proton.js';
import { ReplacementStatus } from './replacement.js';
import {
  AutoscalingPolicy,
  MAX_REPLICAS,
  type NormalisedRuntime,
  ResolvedBundle,
  ResourceAllocation,
} from './runtime.js';
import { SharingRole, SubjectType } from './sharing.js';
import { TrafficRequest } from './traffic.js';
import { WorkloadImportance } from './workload.js';

/**
 * The shapes of the state snapshot (GET/PUT /_mock/state, MOCK_STATE_FILE). They mirror the internal
 * records, less the clock timers, which are stored as due times and re-armed on import. Each schema
 * is checked against its record type, so a field added to a record and not here fails to compile.
 * Nothing here defaults, and nothing transforms but what earlier builds wrote otherwise (names,
 * which domain/snapshot.ts upgrades, and specs with fewer fields filled, see storedAs): an import
 * keeps the values (and key order) it was given, but for those.
 */

/**
 * The sections' schemas, built on first use (an import of a state document): they are the largest
 * of the mock's schemas, and most runs never import one, so building them at start-up was wasted.
 */
function buildSectionSchemas() {
  // Times a timestamp can show (years 1-9999): the clock refuses others, and every record's are rendered.
  const epochMs = z.number().min(EARLIEST_TIME).max(LATEST_TIME);
  const nullableEpoch = epochMs.nullable();
  // When a timer falls due: it may lie past the clock's last instant, and then never fires.
  const due = z.number().min(EARLIEST_TIME);
  const nullableDue = due.nullable();
  const id = z.string().min(1);
  // Answered as a replacement's tenantId, which the API declares a UUID.
  const tenantUuid = z.guid({ error: 'A tenant id is a UUID (8-4-4-4-12 hexadecimal digits)' });
  const object = z.record(z.string(), z.unknown());

  /**
   * A value an API schema made when the record was created (an artifact spec, a container's
   * resources): it must pass that schema again. It is kept as given when it is what the schema
   * makes of it; otherwise (a file from a build whose schema filled fewer defaults) it becomes that.
   */
  function storedAs<T extends z.ZodType>(schema: T) {
    return z.custom<z.output<T>>().transform((value, ctx) => {
      const parsed = schema.safeParse(value, { reportInput: true });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
        return z.NEVER;
      }
      return isDeepStrictEqual(value, parsed.data) ? value : parsed.data;
    });
  }

  // The API's bounds (schemas/runtime.ts): a count past them is a pod the cluster would have to run.
  const replicaCount = (min: number) => z.number().int().min(min).max(MAX_REPLICAS);

  /**
   * The runtime as `normaliseRuntime` stores it: every group and container, nothing left to default,
   * and what it checks of a request (domain/runtime.ts) holding.
   */
  const RuntimeSnapshot = z.strictObject({
    containerGroups: z.array(
      z
        .strictObject({
          name: z.string(),
          replicaCount: replicaCount(1).nullable(),
          autoscaling: z
            .strictObject({ enabled: z.boolean(), policies: z.array(AutoscalingPolicy) })
            .nullable(),
          containers: z.array(
            z.strictObject({ name: z.string(), resourceAllocation: storedAs(ResourceAllocation).nullable() }),
          ),
          bundleSelectionPolicy: z.literal('availability'),
          resourceBundles: z.array(z.string()),
          resolvedBundle: storedAs(ResolvedBundle).nullable().optional(),
        })
        .superRefine((group, ctx) => {
          const autoscaled = group.autoscaling?.enabled === true;
          if (autoscaled !== (group.replicaCount === null))
            ctx.addIssue({
              code: 'custom',
              path: ['replicaCount'],
              message: 'A group has a replicaCount exactly when its autoscaling is not enabled',
            });
          if (autoscaled && group.autoscaling?.policies.length === 0)
            ctx.addIssue({
              code: 'custom',
              path: ['autoscaling', 'policies'],
              message: 'autoscaling needs at least one policy',
            });
          group.autoscaling?.policies.forEach((policy, i) => {
            if (policy.maxCount < 1)
              ctx.addIssue({
                code: 'custom',
                path: ['autoscaling', 'policies', i, 'maxCount'],
                message: 'maxCount must be at least 1',
              });
            else if (policy.minCount > policy.maxCount)
              ctx.addIssue({
                code: 'custom',
                path: ['autoscaling', 'policies', i, 'minCount'],
                message: `minCount (${policy.minCount}) must not exceed maxCount (${policy.maxCount})`,
              });
          });
        }),
    ),
  }) satisfies z.ZodType<NormalisedRuntime>;

  const UserSnapshot = z.strictObject({
    id,
    username: z.string(),
    email: z.string(),
    fullName: z.string(),
    userhash: z.string(),
  }) satisfies z.ZodType<UserRecord>;

  const Tag = z.strictObject({ id: z.string(), name: z.string(), value: z.string() });
  const SharedRole = z.strictObject({
    id: z.string(),
    name: z.string(),
    shareRecipientType: SubjectType,
    role: SharingRole,
  });

  const RepositorySnapshot = z.strictObject({
    id,
    tenant: z.string(),
    name: z.string(),
    type: ArtifactType,
    lastVersionNumber: z.number().int().min(0),
    creator: UserSnapshot,
    createdAt: epochMs,
    updatedAt: epochMs,
    tags: z.array(Tag),
    sharedRoles: z.array(SharedRole),
  }) satisfies z.ZodType<RepositoryRecord>;

  const ArtifactSnapshot = z.strictObject({
    id,
    tenant: z.string(),
    name: z.string(),
    description: z.string(),
    type: ArtifactType,
    status: ArtifactStatus,
    version: z.number().int().nullable(),
    spec: storedAs(ArtifactSpec),
    repositoryId: z.string(),
    creator: UserSnapshot,
    createdAt: epochMs,
    updatedAt: epochMs,
    tags: z.array(Tag),
    sharedRoles: z.array(SharedRole),
  }) satisfies z.ZodType<ArtifactRecord>;

  const ContainerSnapshot = z.strictObject({
    name: z.string(),
    image: z.string(),
    state: z.enum(['waiting', 'running', 'terminated']),
    reason: z.string().nullable(),
    ready: z.boolean(),
    restartCount: z.number().int().min(0),
    startedAt: nullableEpoch,
    readyAt: nullableEpoch,
    readySince: nullableEpoch,
    retryAt: nullableDue,
    failing: z.enum(['CrashLoopBackOff', 'ImagePullBackOff']).nullable(),
    backoffCount: z.number().int().min(0),
    lastTerminationReason: z.string().nullable(),
  }) satisfies z.ZodType<ContainerSim>;

  const Placement = z.strictObject({ node: z.string(), nodeIp: z.string(), ip: z.string() });

  const PodSnapshot = z.strictObject({
    name: z.string(),
    group: z.string(),
    phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed']),
    stage: z.enum(['unscheduled', 'scheduled', 'creating', 'started', 'failed', 'terminating', 'gone']),
    stageSince: epochMs,
    node: z.string().nullable(),
    nodeIp: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: epochMs,
    scheduledAt: nullableEpoch,
    initializedAt: nullableEpoch,
    unschedulableSince: nullableEpoch,
    deleteAt: nullableDue,
    failedReason: z.string().nullable(),
    containers: z.array(ContainerSnapshot),
    nextAt: nullableDue.describe('When the pod next changes: its timer is re-armed at this time.'),
    scaledUp: z.boolean().optional(),
  }) satisfies z.ZodType<Omit<PodSim, 'timer'>>;

  const ProtonSnapshot = z.strictObject({
    id,
    tenant: z.string(),
    workloadId: id,
    artifactId: id,
    name: z.string(),
    role: z.enum(['active', 'candidate']).nullable(),
    runtime: RuntimeSnapshot,
    podTemplates: z.array(
      z.strictObject({
        group: z.string(),
        // `primary` since this build: a file without it runs every group as taking requests.
        containers: z.array(
          z.strictObject({ name: z.string(), image: z.string(), primary: z.literal(true).optional() }),
        ),
      }),
    ),
    creator: UserSnapshot,
    createdAt: epochMs,
    updatedAt: epochMs,
    pods: z.array(PodSnapshot),
    desiredReplicas: z.record(z.string(), replicaCount(0)),
    intent: z.enum(['run', 'stop', 'terminate']),
    suspended: z.boolean(),
    interruptedUntil: nullableDue.describe('The interruption timer is re-armed at this time.'),
    restartingFrom: ProtonStatus.nullable(),
    reinitializing: z.boolean(),
    warming: z.boolean(),
    draining: z.boolean(),
    terminated: z.boolean(),
    scaledToZero: z.boolean(),
    observedStatus: ProtonStatus,
    runningSince: nullableEpoch,
    lastPlacements: z.array(Placement),
    firstPodAt: nullableEpoch,
    autoscaler: z
      .strictObject({
        groups: z.record(
          z.string(),
          z.strictObject({
            history: z.array(z.strictObject({ at: epochMs, count: replicaCount(0) })),
            lastScaledAt: nullableEpoch,
            dueAt: nullableDue,
          }),
        ),
        dueAt: nullableDue.describe('The autoscaler timer is re-armed at this time.'),
      })
      .optional(),
  }) satisfies z.ZodType<
    Omit<ProtonRecord, 'interruptionTimer' | 'pods'> & { pods: Omit<PodSim, 'timer'>[] }
  >;

  const PHASES = Object.keys(STATUS_OF_PHASE) as [Phase, ...Phase[]];

  const ReplacementSnapshot = z.strictObject({
    id,
    tenant: z.string(),
    name: z.string(),
    workloadId: id,
    userId: z.string(),
    tenantId: tenantUuid,
    candidateArtifactId: z.string(),
    candidateProtonIds: z.array(z.string()),
    previousProtonIds: z.array(z.string()),
    originalArtifactId: z.string(),
    config: z.strictObject({
      warmupDurationMinutes: z.number().int(),
      keepOldVersionMinutes: z.number().int(),
    }),
    runtime: RuntimeSnapshot,
    status: ReplacementStatus.describe(
      "The API's status of the phase, for readers of the file; it must agree with the phase.",
    ),
    strategy: z.literal('rolling'),
    message: z.string().nullable(),
    switchedAt: nullableEpoch,
    isDeleted: z.boolean(),
    deletedAt: nullableEpoch,
    createdAt: epochMs,
    updatedAt: epochMs,
    phase: z.enum(PHASES),
    timerAt: nullableDue.describe('The phase timer is re-armed at this time...'),
    timerEvent: z
      .preprocess(
        // Names of earlier builds are read (domain/snapshot.ts upgrades them on import).
        (event) => (typeof event === 'string' ? (LEGACY_TIMER_EVENTS.get(event) ?? event) : event),
        z.enum(TIMER_EVENTS).nullable(),
      )
      .describe('...with this event.'),
    timeoutAt: nullableDue.describe('The rollout timeout is re-armed at this time.'),
    visibleUntil: nullableDue,
  }) satisfies z.ZodType<Omit<ReplacementRecord, 'timer' | 'timeoutTimer'>>;

  const BuildSnapshot = z.strictObject({
    id,
    tenant: z.string(),
    artifactId: id,
    name: z.string(),
    status: ImageBuildExternalStatus,
    containers: z.array(z.strictObject({ group: z.string(), name: z.string() })),
    creator: UserSnapshot,
    createdAt: epochMs,
    updatedAt: epochMs,
    logs: z.array(z.string()),
    timerAt: nullableDue.describe('The build timer is re-armed at this time...'),
    timerStep: z
      .enum(['beginBuilding', 'finishBuilding', 'complete', 'fail'])
      .nullable()
      .describe('...for this step.'),
  }) satisfies z.ZodType<Omit<BuildRecord, 'timer'>>;

  const EventSnapshot = z.strictObject({
    id: z.string(),
    workloadId: z.string(),
    timestamp: epochMs,
    eventType: z.string(),
    actorId: z.string().nullable(),
    details: object.nullable(),
  }) satisfies z.ZodType<EventRecord>;

  const WorkloadSnapshot = z.strictObject({
    id,
    tenant: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    importance: WorkloadImportance,
    type: ArtifactType,
    endpoint: z.string(),
    creator: UserSnapshot,
    createdAt: epochMs,
    updatedAt: epochMs,
    protonIds: z.array(z.string()),
    activeProtonId: z.string().nullable(),
    currentReplacementId: z.string().nullable(),
    replacementIds: z.array(z.string()),
    roleChanges: z
      .array(
        z.strictObject({
          protonId: z.string(),
          role: z.enum(['active', 'candidate']).nullable(),
          at: epochMs,
        }),
      )
      .optional()
      .describe(
        "Its protons' role changes, oldest first; the first proton is active from the start without one (absent from files written before they were kept: rebuilt from the replacements).",
      ),
    events: z.strictObject({
      total: z.number().int().min(0).describe('Events ever recorded, including those evicted.'),
      items: z.array(EventSnapshot).describe('Oldest first.'),
    }),
    tags: z.array(Tag),
    sharedRoles: z.array(SharedRole),
    deleted: z.boolean(),
    // Absent from files written before deleted workloads were kept a while.
    deletedAt: nullableEpoch.default(null),
    lastResponseAt: nullableEpoch,
  }) satisfies z.ZodType<
    Omit<WorkloadRecord, 'events' | 'roleChanges'> & Partial<Pick<WorkloadRecord, 'roleChanges'>>
  >;

  const TenantSnapshot = z.strictObject({
    name: z.string().min(1),
    id: tenantUuid,
    repositories: z.array(RepositorySnapshot),
    artifactIds: z.array(z.string()).describe('The artifacts the tenant sees, in creation order.'),
    workloadIds: z.array(z.string()).describe('The workloads the tenant sees (deleted ones leave).'),
  });

  const KnownUserSnapshot = z.strictObject({
    token: z.string(),
    tenant: z.string(),
    user: UserSnapshot,
  }) satisfies z.ZodType<KnownUser>;

  const StoreSnapshot = z.strictObject({
    tenants: z.array(TenantSnapshot),
    users: z
      .array(KnownUserSnapshot)
      .optional()
      .describe(
        'The users who have called, in that order: whom a sharing grant by username or id finds (absent from files written before they were kept).',
      ),
    artifacts: z.array(ArtifactSnapshot),
    workloads: z.array(WorkloadSnapshot),
    protons: z.array(ProtonSnapshot),
    replacements: z.array(ReplacementSnapshot),
    builds: z.array(BuildSnapshot),
  });

  const ClockSnapshot = z.strictObject({
    mode: z.enum(['scaled', 'manual']),
    scale: z.number().min(0).max(MAX_SCALE),
    epochMs: epochMs.describe('Simulated time, exactly.'),
    now: z.string().describe('The same, readable; ignored on import.'),
    timerOrder: z
      .array(z.string())
      .optional()
      .describe(
        'What the pending transitions wait for, in the order they were set: those due at the same instant run in this order after an import too.',
      ),
  });

  const uint32 = z.number().int().min(0).max(0xffffffff);
  const RandomSnapshot = z.strictObject({ state: z.tuple([uint32, uint32, uint32, uint32]) });

  const ClusterSnapshot = z.strictObject({
    nodes: z.array(z.strictObject({ node: z.string().min(1), ip: z.string() })).min(1),
  });

  const FaultSnapshot = z.strictObject({
    id,
    match: Fault.shape.match,
    container: z.string().nullable(),
    fault: z.enum(FAULT_KINDS),
    rate: z.number().min(0).max(1).optional(),
    afterSeconds: z.number().min(0),
    createdAt: epochMs,
    activeFrom: due,
    // Absent from files written before faults kept it: their owner is then looked up.
    tenant: z.string().nullable().default(null),
  }) satisfies z.ZodType<FaultRecord>;

  const LogSnapshot = z.strictObject({
    timestamp: epochMs,
    level: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    message: z.string(),
    protonId: z.string().nullable(),
    pod: z.string().nullable(),
    container: z.string().nullable(),
  }) satisfies z.ZodType<LogRecord>;

  const ActivitySnapshot = z.strictObject({
    logs: z.array(
      z.strictObject({
        workloadId: z.string(),
        total: z.number().int().min(0),
        lines: z.array(LogSnapshot).describe('Oldest first.'),
      }),
    ),
  });

  const Totals = {
    requests: z.number().min(0),
    serverErrors: z.number().min(0),
    userErrors: z.number().min(0),
    latencySumMs: z.number().min(0),
    // A bin under each bound and one past the last: the stats read every one.
    histogram: z.array(z.number().min(0)).length(LATENCY_BOUNDS_MS.length + 1),
    peakConcurrency: z.number().min(0),
    // Absent from files written before they were kept: not known.
    fastestMs: z.number().min(0).nullable().default(null),
    slowestMs: z.number().min(0).nullable().default(null),
  };

  const ringOf = <T extends z.ZodType>(item: T) =>
    z.strictObject({ total: z.number().int().min(0), items: z.array(item).describe('Oldest first.') });

  const TelemetrySnapshot = z.strictObject({
    workloads: z.array(
      z.strictObject({
        workloadId: z.string(),
        lastRequestAt: nullableEpoch,
        protons: z.array(
          z.strictObject({
            protonId: z.string().describe('"" for requests no proton served.'),
            buckets: z.array(z.strictObject({ minute: epochMs, ...Totals })),
            totals: z.strictObject(Totals),
            lastRequestAt: nullableEpoch,
          }),
        ),
        replicas: z.array(
          z.strictObject({
            protonId: z.string(),
            total: z.number().int().min(0),
            // Absent from files written before it was kept.
            firstAt: nullableEpoch.optional(),
            points: z.array(
              z
                .strictObject({
                  at: epochMs,
                  desired: z.number().int().min(0),
                  live: z.number().int().min(0),
                  ready: z.number().int().min(0),
                  // Absent from files written before it was kept.
                  serving: z.number().int().min(0).optional(),
                })
                .refine((point) => point.serving === undefined || point.serving <= point.ready, {
                  path: ['serving'],
                  message: 'The ready replicas taking requests are at most the ready ones',
                }),
            ),
          }),
        ),
        traces: ringOf(
          z.strictObject({
            traceId: z.string(),
            workloadId: z.string(),
            protonId: z.string().nullable(),
            start: epochMs,
            durationMs: z.number(),
            httpStatus: z.number().int(),
            spans: z.array(
              z.strictObject({
                spanId: z.string(),
                parentSpanId: z.string().nullable(),
                name: z.string(),
                kind: z.enum(['Server', 'Internal', 'Client']),
                offsetMs: z.number(),
                durationMs: z.number(),
                error: z.string().nullable(),
                attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
              }),
            ),
          }),
        ),
        requestLogs: ringOf(
          LogSnapshot.extend({ traceId: z.string().nullable(), spanId: z.string().nullable() }),
        ),
      }),
    ),
    inFlight: z.array(
      z.strictObject({
        protonId: z.string(),
        simulated: z.number().min(0),
        // The window of answered requests (absent from files written before it was kept).
        simulatedRps: z.number().min(0).optional(),
        windowStart: epochMs.optional(),
        count: z.number().int().min(0).optional(),
        latencySumMs: z.number().min(0).optional(),
        previousCount: z.number().int().min(0).optional(),
        previousLatencySumMs: z.number().min(0).optional(),
      }),
    ),
  }) satisfies z.ZodType<TelemetryState>;

  const TrafficSnapshot = z.strictObject({
    runs: z.array(
      z.strictObject({
        id,
        workloadId: z.string(),
        rps: TrafficRequest.shape.rps,
        errorRate: z.number().min(0).max(1),
        userErrorRate: z.number().min(0).max(1),
        concurrency: TrafficRequest.shape.concurrency.unwrap().nullable(),
        latencyMs: TrafficRequest.shape.latencyMs.removeDefault(),
        startedAt: epochMs,
        endsAt: due,
        lastTickAt: epochMs.describe('The next tick is re-armed from this time.'),
        carry: z.number(),
        // Absent from files written before runs waited out cold starts.
        waitingSince: nullableEpoch.default(null),
        requests: z.number().min(0),
        failed: z.number().min(0),
        load: z
          .strictObject({ protonId: z.string(), concurrency: z.number().min(0), rps: z.number().min(0) })
          .nullable(),
      }),
    ),
  }) satisfies z.ZodType<{ runs: Omit<TrafficRunRecord, 'timer'>[] }>;

  return {
    UserSnapshot,
    RepositorySnapshot,
    ArtifactSnapshot,
    PodSnapshot,
    ProtonSnapshot,
    ReplacementSnapshot,
    BuildSnapshot,
    EventSnapshot,
    WorkloadSnapshot,
    TenantSnapshot,
    StoreSnapshot,
    ClockSnapshot,
    RandomSnapshot,
    ClusterSnapshot,
    FaultSnapshot,
    ActivitySnapshot,
    TelemetrySnapshot,
    TrafficSnapshot,
  };
}

export type SectionSchemas = ReturnType<typeof buildSectionSchemas>;
let sections: SectionSchemas | undefined;
export function sectionSchemas(): SectionSchemas {
  sections ??= buildSectionSchemas();
  return sections;
}

/** The envelope every snapshot shares; sections are checked by their own schema on import. */
export const StateDocument = z
  .strictObject({
    format: z.literal('workload-api-mock/state'),
    version: z.number().int(),
    exportedAt: z.string().optional().describe('Simulated time of the export; informational.'),
    sections: z.record(z.string(), z.unknown()),
  })
  .meta({
    id: 'MockState',
    description:
      'Everything the mock holds, by section (clock, random, cluster, faults, store, activity, and any a subsystem adds), versioned.',
  });

export const StateImported = z
  .strictObject({
    imported: z.array(z.string()).describe('The sections restored.'),
    clock: z.string().describe('Simulated time after the import.'),
  })
  .meta({ id: 'MockStateImported' });

/**
 * `satisfies` cannot see an optional field a schema leaves out: the export would then drop it and the
 * import refuse it. These checks fail to compile when a record and its snapshot differ by any key.
 */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : { onlyInSnapshot: Exclude<keyof A, keyof B>; onlyInRecord: Exclude<keyof B, keyof A> };
export const snapshotKeysMatchRecords: [
  SameKeys<z.output<SectionSchemas['PodSnapshot']>, Omit<PodSim, 'timer'>>,
  SameKeys<z.output<SectionSchemas['ProtonSnapshot']>, Omit<ProtonRecord, 'interruptionTimer'>>,
  SameKeys<
    Omit<z.output<SectionSchemas['ReplacementSnapshot']>, 'status'>,
    Omit<ReplacementRecord, 'timer' | 'timeoutTimer'>
  >,
  SameKeys<z.output<SectionSchemas['BuildSnapshot']>, Omit<BuildRecord, 'timer'>>,
  SameKeys<z.output<SectionSchemas['WorkloadSnapshot']>, WorkloadRecord>,
  SameKeys<z.output<SectionSchemas['FaultSnapshot']>, FaultRecord>,
] = [true, true, true, true, true, true];
