import { z } from 'zod';

const SIZE = /^\s*(\d*\.?\d+)\s*(\w+)?/;

/**
 * Replicas the simulated cluster runs per container group at most. The reference spec sets no
 * bound; the mock needs one, since every replica is a simulated pod (replicaCount: 1e9 would
 * never answer).
 */
export const MAX_REPLICAS = 1000;
const replicas = (min: number) => z.number().int().min(min).max(MAX_REPLICAS);
const Size = z
  .union([z.string().regex(SIZE), z.number().int().min(0)])
  .nullable()
  .default(null);

export const ResourceAllocation = z
  .strictObject({
    cpu: z.number().min(0).nullable().default(null).describe('CPU cores.'),
    memory: Size.describe('RAM: bytes, or a size such as "4GB" or "512MiB".'),
    gpu: z.number().min(0).nullable().default(null).describe('GPUs.'),
    gpuMemory: Size.describe('GPU memory: bytes, or a size such as "16GiB".'),
  })
  .meta({ id: 'ResourceAllocation', description: 'Resources given to one container.' });

export const ContainerOverride = z
  .strictObject({
    name: z.string().describe('A container of the artifact group.'),
    resourceAllocation: ResourceAllocation.nullable().optional(),
  })
  .meta({ id: 'ContainerOverride' });

export const ScalingMetricType = z
  .enum(['cpuAverageUtilization', 'httpRequestsConcurrency', 'gpuCacheUtilization', 'gpuRequestQueueDepth'])
  .meta({
    id: 'ScalingMetricType',
    description:
      'What drives the replica count. httpRequestsConcurrency may scale an idle proton to zero; the gpu metrics apply to NIM artifacts.',
  });

export const AutoscalingPolicy = z
  .strictObject({
    scalingMetric: ScalingMetricType,
    target: z.number().min(0),
    minCount: replicas(0),
    maxCount: replicas(0),
    priority: z.number().int().nullable().optional(),
  })
  .meta({ id: 'AutoscalingPolicy' });

export const AutoscalingProperties = z
  .strictObject({
    enabled: z.boolean().default(true),
    policies: z
      .array(AutoscalingPolicy)
      .optional()
      .describe(
        'At least one while enabled, unless minReplicaCount or maxReplicaCount is given: then one cpuAverageUtilization policy (target 70) is made from them.',
      ),
    minReplicaCount: replicas(0)
      .optional()
      .describe('Newer shorthand: applied as every policy minCount; answered in the per-policy shape.'),
    maxReplicaCount: replicas(0)
      .optional()
      .describe('Newer shorthand: applied as every policy maxCount; answered in the per-policy shape.'),
  })
  // The reference requires policies, enabled or not; only the shorthand stands in for them. Checked
  // as pydantic does, with the other fields, even when one of them is wrong.
  .refine(
    (autoscaling) =>
      autoscaling.policies !== undefined ||
      autoscaling.minReplicaCount !== undefined ||
      autoscaling.maxReplicaCount !== undefined,
    {
      path: ['policies'],
      message: 'Field required',
      params: { pydantic: { type: 'missing' } },
      when: ({ value }) => typeof value === 'object' && value !== null && !Array.isArray(value),
    },
  )
  .meta({ id: 'AutoscalingProperties' });

export const ResolvedBundle = z
  .object({
    id: z.string(),
    cpuCount: z.number(),
    memoryBytes: z.number().int(),
    gpuCount: z.number().int().optional(),
    gpuMaker: z.string().nullable().optional(),
    gpuTypeLabel: z.string().nullable().optional(),
  })
  .meta({ id: 'ResolvedBundle', description: 'The resource bundle chosen when the proton was scheduled.' });

export const GroupRuntime = z
  .strictObject({
    name: z.string().default('default'),
    replicaCount: replicas(1).nullable().optional().describe('Replicas; not with autoscaling.enabled.'),
    autoscaling: AutoscalingProperties.nullable().optional(),
    containers: z.array(ContainerOverride).optional(),
    bundleSelectionPolicy: z
      .enum(['availability'])
      .meta({ id: 'BundleSelectionPolicy' })
      .default('availability'),
    resourceBundles: z.array(z.string()).optional(),
    resolvedBundle: ResolvedBundle.nullable().optional().describe('Read only.'),
  })
  .meta({ id: 'GroupRuntime' });

export const WorkloadRuntime = z
  .strictObject({
    containerGroups: z.array(GroupRuntime).optional(),
    replicaCount: replicas(1)
      .nullable()
      .optional()
      .describe('Legacy: the replica count of the "default" group.'),
    autoscaling: AutoscalingProperties.nullable()
      .optional()
      .describe('Legacy: autoscaling of the "default" group.'),
  })
  .meta({
    id: 'WorkloadRuntime',
    description: 'Per container group: replicas or autoscaling, and container resources.',
  });

export type WorkloadRuntimeInput = z.output<typeof WorkloadRuntime>;
export type GroupRuntimeInput = z.output<typeof GroupRuntime>;
export type AutoscalingPolicyValue = z.output<typeof AutoscalingPolicy>;
export type ResourceAllocationValue = z.output<typeof ResourceAllocation>;

/** The normalised runtime the mock stores and answers with. */
export interface NormalisedAutoscaling {
  enabled: boolean;
  policies: AutoscalingPolicyValue[];
}

export interface NormalisedGroupRuntime {
  name: string;
  replicaCount: number | null;
  autoscaling: NormalisedAutoscaling | null;
  containers: { name: string; resourceAllocation: ResourceAllocationValue | null }[];
  bundleSelectionPolicy: 'availability';
  resourceBundles: string[];
  resolvedBundle?: z.output<typeof ResolvedBundle> | null;
}

export interface NormalisedRuntime {
  containerGroups: NormalisedGroupRuntime[];
}
