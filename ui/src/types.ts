/** The page speaks the API's own types: the zod schemas the server validates and documents with. */
import type { z } from 'zod';
import type { ArtifactFormatted } from '../../src/schemas/artifact.js';
import type { ClockStateResponse, Fault } from '../../src/schemas/mock.js';
import type { ProtonFormatted, ReplicaStatusesSnapshot } from '../../src/schemas/proton.js';
import type { Replacement } from '../../src/schemas/replacement.js';
import type { StreamMessage, Tenant, WorkloadSummary } from '../../src/schemas/stream.js';
import type { WorkloadEvent, WorkloadFormatted } from '../../src/schemas/workload.js';

export type Artifact = z.output<typeof ArtifactFormatted>;
export type ClockState = z.output<typeof ClockStateResponse>;
export type FaultValue = z.output<typeof Fault>;
export type Proton = z.output<typeof ProtonFormatted>;
export type StatusDetails = z.output<typeof ReplicaStatusesSnapshot>;
export type ReplacementValue = z.output<typeof Replacement>;
export type TenantValue = z.output<typeof Tenant>;
export type WorkloadSummaryValue = z.output<typeof WorkloadSummary>;
export type Workload = z.output<typeof WorkloadFormatted>;
export type WorkloadEventValue = z.output<typeof WorkloadEvent>;
export type StreamMessageValue = z.output<typeof StreamMessage>;

export type { Page } from '../../src/routes/pagination.js';
