import { errors } from '../errors.js';
import type { ArtifactSpecValue, ContainerValue } from '../schemas/artifact.js';
import type {
  AutoscalingPolicyValue,
  GroupRuntimeInput,
  NormalisedAutoscaling,
  NormalisedGroupRuntime,
  NormalisedRuntime,
  WorkloadRuntimeInput,
} from '../schemas/runtime.js';

/** The name a container goes by in pods and runtimes; the artifact may leave it out. */
export function containerName(container: ContainerValue, index: number): string {
  return container.name ?? (container.primary ? 'main' : `container-${index}`);
}

type Loc = (string | number)[];

function normaliseAutoscaling(
  autoscaling: NonNullable<GroupRuntimeInput['autoscaling']>,
  loc: Loc,
  artifactType: 'service' | 'nim',
): NormalisedAutoscaling {
  let policies: AutoscalingPolicyValue[] = autoscaling.policies
    ? autoscaling.policies.map((p) => ({ ...p }))
    : [];
  const { minReplicaCount, maxReplicaCount } = autoscaling;
  if (minReplicaCount !== undefined || maxReplicaCount !== undefined) {
    if (policies.length === 0) {
      policies = [
        {
          scalingMetric: 'cpuAverageUtilization',
          target: 70,
          minCount: minReplicaCount ?? 1,
          maxCount: maxReplicaCount ?? Math.max(1, minReplicaCount ?? 1),
        },
      ];
    } else {
      for (const policy of policies) {
        if (minReplicaCount !== undefined) policy.minCount = minReplicaCount;
        if (maxReplicaCount !== undefined) policy.maxCount = maxReplicaCount;
      }
    }
  }
  const enabled = autoscaling.enabled;
  if (enabled && policies.length === 0)
    throw errors.invalidBody([...loc, 'policies'], 'Value error, autoscaling needs at least one policy');
  policies.forEach((policy, i) => {
    if (policy.minCount > policy.maxCount) {
      throw errors.invalidBody(
        [...loc, 'policies', i],
        `Value error, minCount (${policy.minCount}) must not exceed maxCount (${policy.maxCount})`,
      );
    }
    if (policy.maxCount < 1) {
      throw errors.invalidBody(
        [...loc, 'policies', i, 'maxCount'],
        'Value error, maxCount must be at least 1',
      );
    }
    if (
      artifactType !== 'nim' &&
      (policy.scalingMetric === 'gpuCacheUtilization' || policy.scalingMetric === 'gpuRequestQueueDepth')
    ) {
      throw errors.invalidBody(
        [...loc, 'policies', i, 'scalingMetric'],
        `Value error, ${policy.scalingMetric} applies to NIM artifacts only`,
      );
    }
  });
  return { enabled, policies };
}

/**
 * Checks a requested runtime against an artifact and fills what it leaves out: every group of the
 * artifact gets an entry, every container of a group a resource allocation (null when not given).
 * Errors are 422s in FastAPI's list shape, located under `locBase` (e.g. ["runtime"]).
 */
export function normaliseRuntime(
  input: WorkloadRuntimeInput | null | undefined,
  spec: ArtifactSpecValue,
  locBase: Loc = ['runtime'],
): NormalisedRuntime {
  const artifactGroups = spec.containerGroups;
  const requested: GroupRuntimeInput[] = input?.containerGroups
    ? input.containerGroups.map((g) => ({ ...g }))
    : [];

  // Legacy shape: replicaCount / autoscaling at the runtime level mean the first (or "default") group.
  // A group made of them alone is located where they are, at the runtime's level.
  let legacyGroup: GroupRuntimeInput | null = null;
  if (input && (input.replicaCount != null || input.autoscaling != null)) {
    const target =
      artifactGroups.find((g) => g.name === 'default')?.name ?? artifactGroups[0]?.name ?? 'default';
    let group = requested.find((g) => g.name === target);
    if (!group) {
      group = { name: target, bundleSelectionPolicy: 'availability' };
      requested.push(group);
      legacyGroup = group;
    }
    if (group.replicaCount == null && input.replicaCount != null) group.replicaCount = input.replicaCount;
    if (group.autoscaling == null && input.autoscaling != null) group.autoscaling = input.autoscaling;
  }

  const locOf = (group: GroupRuntimeInput, i: number): Loc =>
    group === legacyGroup ? [...locBase] : [...locBase, 'containerGroups', i];

  const seen = new Set<string>();
  requested.forEach((group, i) => {
    const loc = locOf(group, i);
    if (seen.has(group.name))
      throw errors.invalidBody(
        [...loc, 'name'],
        `Value error, container group '${group.name}' is given twice`,
      );
    seen.add(group.name);
    const declared = artifactGroups.find((g) => g.name === group.name);
    if (!declared) {
      const names = artifactGroups.map((g) => `'${g.name}'`).join(', ') || 'none';
      throw errors.invalidBody(
        [...loc, 'name'],
        `Value error, container group '${group.name}' is not declared by the artifact (it declares ${names})`,
      );
    }
    if (group.replicaCount != null && group.autoscaling?.enabled === true) {
      throw errors.invalidBody(loc, 'Value error, replicaCount cannot be set when autoscaling is enabled');
    }
    const declaredNames = declared.containers.map(containerName);
    const overrides = new Set<string>();
    (group.containers ?? []).forEach((override, j) => {
      if (!declaredNames.includes(override.name)) {
        throw errors.invalidBody(
          [...loc, 'containers', j, 'name'],
          `Value error, container '${override.name}' is not declared in group '${group.name}' (it declares ${declaredNames.map((n) => `'${n}'`).join(', ') || 'none'})`,
        );
      }
      if (overrides.has(override.name)) {
        throw errors.invalidBody(
          [...loc, 'containers', j, 'name'],
          `Value error, container '${override.name}' is given twice`,
        );
      }
      overrides.add(override.name);
      for (const field of ['memory', 'gpuMemory'] as const) {
        const size = override.resourceAllocation?.[field];
        if (typeof size === 'string' && sizeText(size) === null) {
          throw errors.invalidBody(
            [...loc, 'containers', j, 'resourceAllocation', field],
            `Value error, ${JSON.stringify(size)} is no size: a number and a unit of B, KB, MB, GB, TB, PB, EB or KiB to EiB (K, Ki, M, Mi and so on too)`,
          );
        }
      }
      if (declared.containers.length > 1 && override.resourceAllocation == null) {
        throw errors.invalidBody(
          [...loc, 'containers', j, 'resourceAllocation'],
          `Value error, container '${override.name}' needs a resourceAllocation: group '${group.name}' has more than one container`,
        );
      }
    });
  });

  const containerGroups: NormalisedGroupRuntime[] = artifactGroups.map((declared) => {
    const index = requested.findIndex((g) => g.name === declared.name);
    const group = index >= 0 ? requested[index] : undefined;
    const autoscaling = group?.autoscaling
      ? normaliseAutoscaling(group.autoscaling, [...locOf(group, index), 'autoscaling'], spec.type)
      : null;
    const autoscaled = autoscaling?.enabled === true;
    return {
      name: declared.name,
      replicaCount: autoscaled ? null : (group?.replicaCount ?? 1),
      autoscaling,
      containers: declared.containers.map((container, j) => {
        const name = containerName(container, j);
        const override = group?.containers?.find((c) => c.name === name);
        return { name, resourceAllocation: override?.resourceAllocation ?? null };
      }),
      bundleSelectionPolicy: 'availability',
      resourceBundles: group?.resourceBundles ?? [],
    };
  });
  return { containerGroups };
}

/** Replicas to start a group with: replicaCount, or the autoscaling minimum (at least one). */
export function initialReplicas(group: NormalisedGroupRuntime): number {
  if (group.autoscaling?.enabled) return Math.max(1, ...group.autoscaling.policies.map((p) => p.minCount));
  return group.replicaCount ?? 1;
}

/** Bytes a size unit stands for, by its lower-cased name: decimal, and binary with an `i`. */
const SIZE_UNITS = new Map<string, number>([
  ['', 1],
  ['b', 1],
  ...['k', 'm', 'g', 't', 'p', 'e'].flatMap((prefix, at): [string, number][] => [
    [prefix, 1000 ** (at + 1)],
    [`${prefix}b`, 1000 ** (at + 1)],
    [`${prefix}i`, 1024 ** (at + 1)],
    [`${prefix}ib`, 1024 ** (at + 1)],
  ]),
]);

/** A number and a unit of letters, trimmed: written so that no text makes it backtrack for long. */
const SIZE_TEXT = /^(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]*)$/;

/** The bytes a size given as text stands for, or null when its unit is none the mock knows. */
function sizeText(text: string): number | null {
  const match = SIZE_TEXT.exec(text.trim());
  const factor = match ? SIZE_UNITS.get(match[2]!.toLowerCase()) : undefined;
  return factor === undefined ? null : Math.round(Number(match![1]) * factor);
}

/** Bytes of a size such as "4GB", "512MiB", "2Gi" or a plain number of bytes; 0 when none. */
export function parseSize(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  return sizeText(value) ?? 0;
}
