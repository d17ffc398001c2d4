import { z } from 'zod';
import { parseDuration } from '../config.js';
import { ArtifactStatus, ArtifactType, ContainerGroup, NimStorageConfig } from './artifact.js';
import { CreateFaultRequest, FaultKind } from './mock.js';
import { ReplacementConfig } from './replacement.js';
import { WorkloadRuntime } from './runtime.js';
import { WorkloadImportance } from './workload.js';

/**
 * The fixtures file: a demo environment told as a timeline. Every entry happens `at` a simulated
 * time after the timeline begins, and the loader performs it through the same operations the API
 * uses (create an artifact, create a workload, stop it, replace it, inject a fault...), with the
 * clock moving between entries. A fixture can therefore only produce states the API could.
 *
 * Entries refer to each other by `key` (unique in the file), since ids are made by the mock.
 */

const Key = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'keys are letters, digits, ".", "_" and "-"')
  .describe('A name for this entry, unique in the file, by which other entries refer to it.');

const At = z
  .union([
    z.number().min(0),
    // For editors, the forms parseDuration reads; the loader's own message says what they are.
    z.string().meta({ pattern: '^\\s*(\\d+(\\.\\d+)?|(\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*)+)\\s*$' }),
  ])
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : parseDuration(value);
    if (seconds === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected seconds or a duration such as 90s, 30m, 2h or 2h15m',
      });
      return z.NEVER;
    }
    return seconds;
  })
  .describe('Simulated time after the timeline began: seconds, or "90s", "30m", "2h", "2h15m".');

const at = At.default(0);

const rate = CreateFaultRequest.shape.rate;
const afterSeconds = CreateFaultRequest.shape.afterSeconds;

export const FixtureArtifact = z
  .strictObject({
    key: Key,
    at,
    repository: Key.optional().describe(
      'Key of an earlier artifact whose repository this one joins (a new version of it); otherwise a repository of its own.',
    ),
    name: z.string().min(1).max(5000),
    description: z.string().optional(),
    type: ArtifactType.default('service'),
    status: ArtifactStatus.default('draft').describe(
      'locked artifacts get the next version of their repository.',
    ),
    spec: z.strictObject({
      type: ArtifactType.optional().describe('Defaults to the artifact type.'),
      containerGroups: z.array(ContainerGroup),
      storage: NimStorageConfig.nullable().optional(),
    }),
  })
  .describe('An artifact, created as POST /artifacts would.');

const noArgs = <T extends string>(name: T, description: string) =>
  z.strictObject({ do: z.literal(name), at }).describe(description);

export const FixtureAction = z.discriminatedUnion('do', [
  noArgs('stop', 'POST /workloads/{id}/stop'),
  noArgs('start', 'POST /workloads/{id}/start'),
  noArgs('promote', 'POST /workloads/{id}/promote: its draft artifact becomes locked'),
  noArgs('delete', 'DELETE /workloads/{id}'),
  z
    .strictObject({
      do: z.literal('update'),
      at,
      name: z.string().min(1).max(5000).optional(),
      description: z.string().nullable().optional(),
      importance: WorkloadImportance.optional(),
    })
    .describe('PATCH /workloads/{id}'),
  z
    .strictObject({
      do: z.literal('replace'),
      at,
      artifact: Key.describe('Key of the artifact to roll out.'),
      config: ReplacementConfig.optional(),
      runtime: WorkloadRuntime.optional(),
    })
    .describe('POST /workloads/{id}/replacement (rolling)'),
  z
    .strictObject({ do: z.literal('updateSettings'), at, runtime: WorkloadRuntime })
    .describe('PATCH /workloads/{id}/settings: a rolling replacement with the new runtime'),
  noArgs('cancelReplacement', 'DELETE /workloads/{id}/replacement'),
  z
    .strictObject({
      do: z.literal('interrupt'),
      at,
      seconds: z.number().min(0).max(86400).optional(),
    })
    .describe('POST /_mock/workloads/{id}/interrupt: node eviction'),
  noArgs('suspend', 'POST /_mock/workloads/{id}/suspend'),
  noArgs('resume', 'POST /_mock/workloads/{id}/resume'),
  noArgs('restart', 'POST /_mock/workloads/{id}/restart'),
]);

export const FixtureWorkloadFault = z
  .strictObject({
    at: At.optional().describe('Default: when the workload is created.'),
    // A build fault matches an artifact, not a workload: it goes in the top-level faults.
    fault: FaultKind.exclude(['BuildFailed']),
    container: z.string().nullable().optional().describe('Only this container of its pods.'),
    pod: z.string().min(1).optional().describe('Glob on pod names, to hit one replica.'),
    rate,
    afterSeconds,
  })
  .describe('A fault on this workload, as POST /_mock/faults with match.workloadId.');

export const FixtureWorkload = z
  .strictObject({
    key: Key,
    at,
    name: z.string().min(1).max(5000),
    description: z.string().nullable().optional(),
    importance: WorkloadImportance.optional(),
    artifact: Key.describe('Key of the artifact to deploy.'),
    runtime: WorkloadRuntime.optional(),
    faults: z.array(FixtureWorkloadFault).default([]),
    actions: z
      .array(FixtureAction)
      .default([])
      .describe('What happens to the workload later, each at its time.'),
  })
  .describe('A workload, created as POST /workloads would.');

/** What a client can send after `Bearer ` and the mock reads back unchanged. */
const BEARER_TOKEN = /^[!-~](?:[ -~]*[!-~])?$/;

export const FixtureTenant = z
  .strictObject({
    token: z
      .string()
      .refine((token) => BEARER_TOKEN.test(token), {
        message:
          'a token is printable ASCII with no space at either end, as a client can send it as a Bearer token',
      })
      // The refinement, for editors reading the JSON Schema.
      .meta({ pattern: BEARER_TOKEN.source })
      .describe('The API token acting for the tenant; with MOCK_TOKENS its tenant is the one it maps to.'),
    artifacts: z.array(FixtureArtifact).default([]),
    workloads: z.array(FixtureWorkload).default([]),
  })
  .describe('One tenant and what it holds.');

export const FixtureFault = z
  .strictObject({
    at,
    match: z
      .strictObject({
        workload: Key.optional().describe('Key of a workload.'),
        artifact: Key.optional().describe('Key of an artifact.'),
        imageUri: z.string().min(1).optional().describe('Glob on container images: * and ? wildcards.'),
        pod: z.string().min(1).optional().describe('Glob on pod names.'),
      })
      .refine((m) => Object.values(m).some((value) => value !== undefined), {
        message: 'match needs workload, artifact, imageUri or pod',
      })
      // The refinement, for editors reading the JSON Schema.
      .meta({ minProperties: 1 }),
    container: z.string().nullable().optional(),
    fault: FaultKind,
    rate,
    afterSeconds,
  })
  .describe('A fault, as POST /_mock/faults.');

export const FixturesDocument = z
  .strictObject({
    $schema: z.string().optional().describe('For editors: the JSON Schema of this format.'),
    version: z.literal(1).describe('The version of the fixtures format.'),
    description: z.string().optional(),
    duration: At.optional().describe(
      'How long the timeline runs; the state is what it is at its end. Default: the last entry plus 2 minutes.',
    ),
    tenants: z.array(FixtureTenant).min(1),
    faults: z.array(FixtureFault).default([]),
  })
  .describe('workload-api-mock fixtures: a demo environment as a timeline of API operations.');

export type FixturesInput = z.input<typeof FixturesDocument>;
export type FixturesValue = z.output<typeof FixturesDocument>;
export type FixtureActionValue = z.output<typeof FixtureAction>;
export type FixtureFaultValue = z.output<typeof FixtureFault>;

/** The JSON Schema editors validate fixtures files with (fixtures/fixtures.schema.json). */
export function fixturesJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FixturesDocument, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}
