import { z } from 'zod';
import { MAX_SCALE } from '../sim/clock.js';
import { FAULT_KINDS } from '../sim/faults.js';
import { Timestamp } from './common.js';

export const Health = z
  .strictObject({ status: z.literal('ok'), time: Timestamp.describe('Simulated time.') })
  .meta({ id: 'MockHealth' });

export const ClockStateResponse = z
  .strictObject({
    mode: z.enum(['scaled', 'manual']),
    scale: z.number().describe('Simulated seconds per real second (scaled mode); 0 is paused.'),
    now: Timestamp.describe('Simulated time.'),
    epochMs: z.number().describe('Simulated time in milliseconds since the epoch.'),
    pendingTransitions: z.number().int().describe('Transitions scheduled on the clock.'),
    nextTransitionAt: Timestamp.nullable(),
  })
  .meta({ id: 'MockClock' });

export const AdvanceClockRequest = z
  .strictObject({
    seconds: z
      .number()
      .min(0)
      .max(10 * 365 * 86400)
      .describe('Simulated seconds to move forward.'),
  })
  // What Swagger UI fills a body in with: without one it takes each maximum (ten years here).
  .meta({ id: 'MockClockAdvance', examples: [{ seconds: 60 }] });

export const UpdateClockRequest = z
  .strictObject({
    scale: z
      .number()
      .min(0)
      .max(MAX_SCALE)
      .optional()
      .describe('Simulated seconds per real second; 0 pauses.'),
    mode: z.enum(['scaled', 'manual']).optional(),
  })
  .meta({ id: 'MockClockUpdate', examples: [{ mode: 'scaled', scale: 60 }] });

export const FaultKind = z.enum(FAULT_KINDS).meta({ id: 'MockFaultKind' });

export const FaultMatch = z
  .strictObject({
    workloadId: z.string().optional(),
    artifactId: z.string().optional(),
    imageUri: z.string().min(1).optional().describe('Glob on container images: * and ? wildcards.'),
    pod: z.string().min(1).optional().describe('Glob on pod names, to hit one replica.'),
    tenant: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Only this tenant's pods: its name or one of its tokens, as for /_mock/reset?tenant= (its reset removes the fault).",
      ),
  })
  .refine(
    (m) =>
      m.workloadId !== undefined ||
      m.artifactId !== undefined ||
      m.imageUri !== undefined ||
      m.pod !== undefined ||
      m.tenant !== undefined,
    {
      message: 'match needs workloadId, artifactId, imageUri, pod or tenant',
    },
  )
  .meta({ id: 'MockFaultMatch' });

export const CreateFaultRequest = z
  .strictObject({
    match: FaultMatch,
    container: z.string().nullable().optional().describe('Only this container of the matched pods.'),
    fault: FaultKind,
    rate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'ErrorRate only: the share of requests (0 to 1) the matched replicas answer with a 500 (default 0.5).',
      ),
    afterSeconds: z
      .number()
      .min(0)
      .max(10 * 365 * 86400)
      .default(0)
      .describe('Simulated seconds before it takes effect.'),
  })
  .meta({
    id: 'MockFaultRequest',
    examples: [{ match: { imageUri: 'registry.example.com/agent:*' }, fault: 'CrashLoopBackOff' }],
  });

export const Fault = z
  .strictObject({
    id: z.string(),
    match: z.strictObject({
      workloadId: z.string().optional(),
      artifactId: z.string().optional(),
      imageUri: z.string().optional(),
      pod: z.string().optional(),
      tenant: z.string().optional().describe("The tenant's name."),
    }),
    container: z.string().nullable(),
    fault: FaultKind,
    rate: z.number().optional().describe('ErrorRate: the share of requests failed.'),
    afterSeconds: z.number(),
    createdAt: Timestamp,
    activeFrom: Timestamp,
  })
  .meta({ id: 'MockFault' });

export const FaultList = z
  .strictObject({ count: z.number().int(), data: z.array(Fault) })
  .meta({ id: 'MockFaultList' });

export const InterruptRequest = z
  .strictObject({
    seconds: z
      .number()
      .min(0)
      .max(86400)
      .optional()
      .describe('How long until capacity returns (default MOCK_INTERRUPTION_SECONDS).'),
  })
  .meta({ id: 'MockInterruptRequest', examples: [{ seconds: 120 }] });

export const DisruptionResponse = z
  .strictObject({ workloadId: z.string(), protonId: z.string(), status: z.string() })
  .meta({ id: 'MockDisruption' });

const ResetTenant = z
  .string()
  .min(1)
  .optional()
  .describe('Only this tenant: its name, or a token of it (without MOCK_TOKENS the token is the name).');
export const ResetQuery = z.strictObject({ tenant: ResetTenant });
export const FaultsQuery = z.strictObject({
  tenant: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Only the faults a reset of this tenant would take away (its name, or a token of it): those naming it, its workloads or its artifacts.',
    ),
});
// Everything, unless a tenant is named (Swagger UI's made-up one, "string", would reset nothing).
export const ResetBody = z
  .strictObject({ tenant: ResetTenant })
  .meta({ id: 'MockResetRequest', examples: [{}] });
export const ResetResponse = z.strictObject({ reset: z.string() }).meta({ id: 'MockReset' });
