import { z } from 'zod';
import { IdParam, Timestamp } from './common.js';

export const EndpointParams = z.object({
  workload_id: IdParam.describe('Workload id'),
  '*': z.string().optional().describe('Any path below the endpoint, passed to the workload.'),
});

export const EndpointEcho = z
  .strictObject({
    workloadId: z.string(),
    protonId: z.string().describe('The proton that took the request: the active one.'),
    artifactId: z.string().describe('The artifact that proton runs.'),
    artifactVersion: z.number().int().nullable().describe('Its version; null for a draft.'),
    replica: z.string().describe('The pod (replica) that answered.'),
    method: z.string(),
    path: z.string().describe('The path below the endpoint, starting with "/".'),
    query: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    requestId: z.string().describe("The client's X-Request-ID, or one the gateway gave the request."),
    traceId: z.string().describe('The trace of the request at /api/v2/otel/workload/{id}/traces/{traceId}/.'),
    servedAt: Timestamp.describe('Simulated time the replica answered.'),
    latencyMs: z
      .number()
      .describe(
        'Simulated time the request took (also in the X-Workload-Mock-Latency-Ms header), cold start included.',
      ),
    coldStartMs: z.number().describe('Of which, waiting for a replica of a proton scaled to zero to start.'),
  })
  .meta({
    id: 'MockEndpointEcho',
    description:
      'What the simulated workload answers: which proton, artifact and replica took the request, and the latency the simulation gave it.',
  });

export type EndpointEchoValue = z.output<typeof EndpointEcho>;
