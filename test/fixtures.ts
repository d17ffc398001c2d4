import type { z } from 'zod';
import type { InputArtifactRequest } from '../src/schemas/artifact.js';
import type { CreateReplacementRequest } from '../src/schemas/replacement.js';
import type { AutoscalingPolicyValue } from '../src/schemas/runtime.js';
import type { CreateWorkloadRequest } from '../src/schemas/workload.js';
import type { Client } from './helpers.js';

export type ArtifactBody = InputArtifactRequest;
export type WorkloadBody = z.input<typeof CreateWorkloadRequest>;
export type ReplacementBody = z.input<typeof CreateReplacementRequest>;

/** A one-container service artifact, like the tutorial's. */
export function serviceArtifact(
  overrides: Partial<ArtifactBody> = {},
  image = 'registry.example.com/agent:1.0',
): ArtifactBody {
  return {
    name: 'agent',
    type: 'service',
    spec: {
      containerGroups: [
        {
          name: 'default',
          containers: [
            {
              name: 'agent',
              imageUri: image,
              port: 8080,
              primary: true,
              readinessProbe: { path: '/healthz', port: 8080 },
            },
          ],
        },
      ],
    },
    ...overrides,
  };
}

/** serviceArtifact's containers as a NIM artifact, with the storage given. */
export function nimArtifact(
  storage: Record<string, unknown> = { mode: 'nimCache', pvcSize: '10Gi' },
): ArtifactBody {
  const body = serviceArtifact({ name: 'nim', type: 'nim' });
  body.spec = { ...body.spec, type: 'nim', storage } as typeof body.spec;
  return body;
}

/** An app container with a logging sidecar. */
export function sidecarArtifact(overrides: Partial<ArtifactBody> = {}): ArtifactBody {
  return {
    name: 'app-with-sidecar',
    type: 'service',
    spec: {
      containerGroups: [
        {
          name: 'default',
          containers: [
            { name: 'app', imageUri: 'registry.example.com/app:1', port: 8080, primary: true },
            { name: 'sidecar', imageUri: 'registry.example.com/log-shipper:3' },
          ],
        },
      ],
    },
    ...overrides,
  };
}

/**
 * Two container groups: `api`, whose primary container `web` comes after a log shipper, and
 * `worker`, a batch container that takes no requests (no primary, no port).
 */
export function twoGroupArtifact(overrides: Partial<ArtifactBody> = {}): ArtifactBody {
  return {
    name: 'api-and-worker',
    type: 'service',
    spec: {
      containerGroups: [
        {
          name: 'api',
          containers: [
            { name: 'log-shipper', imageUri: 'registry.example.com/log-shipper:3' },
            { name: 'web', imageUri: 'registry.example.com/web:1', port: 8080, primary: true },
          ],
        },
        { name: 'worker', containers: [{ name: 'w1', imageUri: 'registry.example.com/batch:1' }] },
      ],
    },
    ...overrides,
  };
}

type GroupRuntime = NonNullable<NonNullable<WorkloadBody['runtime']>['containerGroups']>[number];

/** A runtime for twoGroupArtifact: `api` with one replica unless said otherwise, `worker` with `workers`. */
export function twoGroupRuntime(
  api: Partial<GroupRuntime> = { replicaCount: 1 },
  workers = 1,
): NonNullable<WorkloadBody['runtime']> {
  const resourceAllocation = { cpu: 1, memory: '2GB' };
  return {
    containerGroups: [
      {
        name: 'api',
        containers: [
          { name: 'log-shipper', resourceAllocation },
          { name: 'web', resourceAllocation },
        ],
        ...api,
      },
      { name: 'worker', replicaCount: workers, containers: [{ name: 'w1', resourceAllocation }] },
    ],
  };
}

/** A service artifact whose container image is built from code in the catalog (no imageUri). */
export function buildableArtifact(overrides: Partial<ArtifactBody> = {}): ArtifactBody {
  const built = (name: string, catalogVersionId: string, primary: boolean) => ({
    name,
    primary,
    ...(primary ? { port: 8080 } : {}),
    imageBuildConfig: {
      codeRef: { datarobot: { catalogId: 'c0ffee000000000000000001', catalogVersionId } },
      dockerfile: {
        source: 'generated' as const,
        executionEnvironmentId: 'e0e0e0000000000000000001',
        executionEnvironmentVersionId: 'e0e0e0000000000000000002',
        entrypoint: ['python', `${name}.py`],
      },
    },
  });
  return {
    name: 'built-agent',
    type: 'service',
    spec: {
      containerGroups: [
        {
          name: 'default',
          containers: [built('agent', 'v1', true), built('worker', 'v1', false)],
        },
      ],
    },
    ...overrides,
  };
}

export function workloadBody(artifactId: string, overrides: Partial<WorkloadBody> = {}): WorkloadBody {
  return { name: 'agent-prod', artifactId, importance: 'high', ...overrides };
}

export function replicas(count: number, container = 'agent'): NonNullable<WorkloadBody['runtime']> {
  return {
    containerGroups: [
      {
        name: 'default',
        replicaCount: count,
        containers: [{ name: container, resourceAllocation: { cpu: 2, memory: '4GB' } }],
      },
    ],
  };
}

/** Runtime settings whose one group (of the primary container, `agent`) autoscales on `policies`. */
export function autoscaledRuntime(
  policies: AutoscalingPolicyValue[],
  cpu = 1,
): NonNullable<WorkloadBody['runtime']> {
  return {
    containerGroups: [
      {
        name: 'default',
        containers: [{ name: 'agent', resourceAllocation: { cpu, memory: '2GB' } }],
        autoscaling: { enabled: true, policies },
      },
    ],
  };
}

/** Creates an artifact (locked unless said otherwise) and returns its id. */
export async function createArtifact(
  client: Client,
  body: ArtifactBody = serviceArtifact(),
  lock = true,
): Promise<string> {
  const created = await client.post('artifacts', body);
  if (created.status !== 201)
    throw new Error(`artifact not created: ${created.status} ${JSON.stringify(created.body)}`);
  if (lock) await client.patch(`artifacts/${created.body.id}`, { status: 'locked' });
  return created.body.id;
}

/** Creates a workload and returns its id. */
export async function createWorkload(client: Client, body: WorkloadBody): Promise<string> {
  const created = await client.post('workloads', body);
  if (created.status !== 201)
    throw new Error(`workload not created: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/** Seconds a healthy pod takes from creation to ready with the default timings (2 + 5 + 5 + 5). */
export const POD_COURSE_SECONDS = 17;
