import { z } from 'zod';
import {
  PaginationQuery,
  pageOf,
  queryList,
  ResourcePermissions,
  Tags,
  Timestamp,
  UserData,
} from './common.js';

export const ArtifactStatus = z.enum(['draft', 'locked']).meta({ id: 'ArtifactStatus' });
export const ArtifactType = z.enum(['service', 'nim']).meta({
  id: 'ArtifactType',
  description: 'Which spec variant the artifact carries: a generic service or an NVIDIA NIM.',
});

export const ProbeConfig = z
  .strictObject({
    path: z.string().describe('HTTP path the probe requests.'),
    port: z.number().int().min(1).max(65535).default(8080),
    scheme: z.enum(['HTTP', 'HTTPS']).default('HTTP'),
    host: z.string().nullable().default(null),
    httpHeaders: z.record(z.string(), z.string()).optional(),
    initialDelaySeconds: z.number().int().default(30),
    periodSeconds: z.number().int().default(30),
    timeoutSeconds: z.number().int().default(30),
    failureThreshold: z.number().int().default(3),
  })
  .meta({ id: 'ProbeConfig' });

export const StringEnvironmentVariable = z
  .object({
    source: z.literal('string').default('string'),
    name: z.string(),
    value: z.string(),
  })
  .meta({ id: 'StringEnvironmentVariable' });

export const CredentialEnvironmentVariable = z
  .object({
    source: z.literal('dr-credential'),
    name: z.string(),
    drCredentialId: z.string(),
    key: z.string(),
  })
  .meta({ id: 'CredentialEnvironmentVariable' });

export const SeccompProfileType = z
  .enum(['RuntimeDefault', 'Unconfined', 'Localhost'])
  .meta({ id: 'SeccompProfileType' });
export const SecurityContext = z
  .strictObject({
    allowPrivilegeEscalation: z.boolean().nullable().default(null),
    capabilities: z
      .strictObject({
        add: z.array(z.string()).nullable().default(null),
        drop: z.array(z.string()).nullable().default(null),
      })
      .meta({ id: 'Capabilities' })
      .nullable()
      .default(null),
    readOnlyRootFilesystem: z.boolean().nullable().default(null),
    seccompProfile: z
      .strictObject({ type: SeccompProfileType, localhostProfile: z.string().nullable().default(null) })
      .meta({ id: 'SeccompProfile' })
      .nullable()
      .default(null),
  })
  .meta({ id: 'SecurityContext' });

export const DataRobotCodeRef = z
  .strictObject({ catalogId: z.string(), catalogVersionId: z.string() })
  .meta({ id: 'DataRobotCodeRef' });
export const CodeRef = z
  .strictObject({
    provider: z.literal('datarobot').default('datarobot'),
    type: z.literal('datarobot').default('datarobot'),
    datarobot: DataRobotCodeRef,
  })
  .meta({ id: 'CodeRef' });
export const ProvidedDockerfile = z
  .strictObject({
    source: z.literal('provided').default('provided'),
    path: z.string().default('./Dockerfile'),
  })
  .meta({ id: 'ProvidedDockerfile' });
export const GeneratedDockerfile = z
  .strictObject({
    source: z.literal('generated').default('generated'),
    executionEnvironmentId: z.string(),
    executionEnvironmentVersionId: z.string(),
    entrypoint: z.array(z.string()).min(1),
  })
  .meta({ id: 'GeneratedDockerfile' });
export const ImageBuildConfig = z
  .strictObject({
    codeRef: CodeRef.nullable().default(null),
    dockerfile: z.discriminatedUnion('source', [ProvidedDockerfile, GeneratedDockerfile]).optional(),
  })
  .meta({ id: 'ImageBuildConfig' });

export const ContainerBuildInfo = z
  .strictObject({ artifactImageBuildId: z.string(), status: z.string(), createdAt: Timestamp })
  .meta({ id: 'ContainerBuildInfo' });

export const Container = z
  .strictObject({
    name: z.string().nullable().default(null).describe('Container name; runtime overrides refer to it.'),
    description: z.string().default(''),
    imageUri: z
      .string()
      .nullable()
      .default(null)
      .describe('Image to run. Required unless imageBuildConfig is set.'),
    port: z
      .number()
      .int()
      .min(1024)
      .max(65535)
      .nullable()
      .default(null)
      .describe('Port the primary container serves on.'),
    primary: z.boolean().nullable().default(false),
    entrypoint: z.array(z.string()).nullable().default(null),
    environmentVars: z.array(z.union([StringEnvironmentVariable, CredentialEnvironmentVariable])).default([]),
    readinessProbe: ProbeConfig.nullable().default(null),
    livenessProbe: ProbeConfig.nullable().default(null),
    startupProbe: ProbeConfig.nullable().default(null),
    securityContext: SecurityContext.nullable().default(null),
    imageBuildConfig: ImageBuildConfig.nullable().default(null),
    build: ContainerBuildInfo.nullable()
      .default(null)
      .describe('Set by the server when an image build runs.'),
  })
  .meta({ id: 'Container' });

export const ContainerGroup = z
  .strictObject({
    name: z.string().default('default'),
    containers: z.array(Container).default([]),
  })
  .meta({ id: 'ContainerGroup' });

export const ServiceArtifactSpec = z
  .strictObject({
    type: z.literal('service').default('service'),
    containerGroups: z.array(ContainerGroup).default([]),
  })
  .meta({ id: 'ServiceArtifactSpec' });

export const NimStorageConfig = z
  .strictObject({
    mode: z.enum(['dedicatedPvc', 'nimCache']).default('dedicatedPvc'),
    pvcSize: z
      .string()
      .regex(/^\d+(\.\d+)?(Gi|Mi|Ti)$/)
      .nullable()
      .optional(),
  })
  .meta({ id: 'NimStorageConfig' });

export const NimArtifactSpec = z
  .strictObject({
    type: z.literal('nim').default('nim'),
    containerGroups: z.array(ContainerGroup).default([]),
    storage: NimStorageConfig.nullable().optional(),
  })
  .meta({ id: 'NimArtifactSpec' });

export const ArtifactSpec = z.discriminatedUnion('type', [ServiceArtifactSpec, NimArtifactSpec]);

export const MultiContainerArtifactSpec = z
  .strictObject({ containerGroups: z.array(ContainerGroup).default([]) })
  .meta({ id: 'MultiContainerArtifactSpec' });

/** The spec's `type` is injected from the artifact's top-level `type` when the client leaves it out. */
function injectSpecType(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const body = value as Record<string, unknown>;
  const spec = body.spec;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec) || 'type' in spec) return value;
  const type = typeof body.type === 'string' ? body.type : 'service';
  return { ...body, spec: { ...(spec as Record<string, unknown>), type } };
}

const InputArtifactObject = z
  .strictObject({
    name: z.string().min(1).max(5000),
    description: z.string().default(''),
    type: ArtifactType.default('service'),
    status: ArtifactStatus.default('draft'),
    spec: ArtifactSpec,
    artifactRepositoryId: z.string().nullable().optional(),
  })
  // Swagger UI's body to start from: it made up every field, a repository id "string" too (a 422).
  .meta({
    id: 'InputArtifact',
    description: 'An artifact to create; a draft unless status says locked.',
    examples: [
      {
        name: 'agent',
        description: 'The agent behind checkout.',
        type: 'service',
        spec: {
          containerGroups: [
            {
              name: 'default',
              containers: [
                { name: 'agent', imageUri: 'registry.example.com/agent:1.0', port: 8080, primary: true },
              ],
            },
          ],
        },
      },
    ],
  });

export const InputArtifact = z.preprocess(injectSpecType, InputArtifactObject);

export const UpdateArtifactRequest = z
  .strictObject({
    name: z.string().min(1).max(5000).nullable().optional(),
    description: z.string().nullable().optional(),
    spec: MultiContainerArtifactSpec.nullable().optional(),
    status: ArtifactStatus.nullable().optional(),
  })
  // Swagger UI's body to start from: it made up every field, a spec of no container groups too.
  .meta({
    id: 'UpdateArtifactRequest',
    description: 'Fields to change; locking is one-way.',
    examples: [{ description: 'The agent behind checkout.' }],
  });

export const ArtifactCloneRequest = z
  .strictObject({ name: z.string().min(1).max(5000).describe('Name of the copy.') })
  .meta({ id: 'ArtifactCloneRequest' });

export const ArtifactFormatted = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    type: ArtifactType.optional(),
    status: ArtifactStatus.optional(),
    version: z.number().int().nullable().optional().describe('Set when the artifact is locked.'),
    spec: ArtifactSpec,
    artifactRepositoryId: z.string().nullable(),
    creator: UserData.nullable().optional(),
    permissions: ResourcePermissions.optional(),
    tags: Tags.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'ArtifactFormatted' });

export const ArtifactInfoFormatted = z
  .object({
    id: z.string(),
    name: z.string().nullable().optional(),
    status: ArtifactStatus.nullable().optional(),
    type: ArtifactType.nullable().optional(),
    version: z.number().int().nullable().optional(),
    artifactRepositoryId: z.string().nullable().optional(),
  })
  .meta({ id: 'ArtifactInfoFormatted', description: 'The essentials of an artifact.' });

export const ArtifactListResponse = pageOf(ArtifactFormatted, 'ArtifactListResponse');

export const CommonSortQueryParams = z
  .enum(['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'])
  .meta({ id: 'CommonSortQueryParams' });
export const ArtifactSortQueryParams = z
  .enum([...CommonSortQueryParams.options, 'status', '-status'])
  .meta({ id: 'ArtifactSortQueryParams' });

export const ListArtifactsQuery = PaginationQuery.extend({
  createdBy: z.string().optional(),
  ids: queryList(z.string()),
  search: z
    .string()
    .max(100)
    .optional()
    .describe('Case-insensitive match on name, description or part of the id.'),
  tagKeys: queryList(z.string()),
  tagValues: queryList(z.string()),
  orderBy: ArtifactSortQueryParams.optional(),
  type: ArtifactType.optional(),
  status: ArtifactStatus.optional(),
  repositoryId: z.string().optional(),
});

export type InputArtifactBody = z.output<typeof InputArtifactObject>;
/** What a client sends to create an artifact. */
export type InputArtifactRequest = z.input<typeof InputArtifactObject>;
export type ArtifactSpecValue = z.output<typeof ArtifactSpec>;
export type ContainerValue = z.output<typeof Container>;
export type ContainerGroupValue = z.output<typeof ContainerGroup>;
export type ListArtifactsQueryValue = z.output<typeof ListArtifactsQuery>;
export type ArtifactSortValue = z.output<typeof ArtifactSortQueryParams>;
export type UpdateArtifactBody = z.output<typeof UpdateArtifactRequest>;
export type ArtifactFormattedValue = z.output<typeof ArtifactFormatted>;
export type ArtifactInfoValue = z.output<typeof ArtifactInfoFormatted>;
