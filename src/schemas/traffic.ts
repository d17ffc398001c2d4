import { z } from 'zod';
import { Timestamp } from './common.js';

export const TrafficRequest = z
  .strictObject({
    rps: z.number().min(0).max(100_000).describe('Requests per simulated second.'),
    seconds: z
      .number()
      .gt(0)
      .max(30 * 86400)
      .describe('How long the load lasts, in simulated seconds.'),
    errorRate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('Share of requests the workload fails with a 5xx (0 to 1), on top of overload.'),
    userErrorRate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('Share of requests refused with a 4xx (0 to 1).'),
    concurrency: z
      .number()
      .min(0)
      .max(100_000)
      .optional()
      .describe('Requests in flight at once; derived from the rate and latency when left out.'),
    latencyMs: z
      .number()
      .gt(0)
      .max(60_000)
      .default(80)
      .describe('Median latency of an unloaded replica; it grows as replicas get busy.'),
  })
  .meta({
    id: 'MockTrafficRequest',
    examples: [{ rps: 20, seconds: 600 }],
    description:
      'Background load on a workload endpoint, simulated on the clock: requests go to the active proton while it has ready replicas and fail with 503 while it has none.',
  });

export const TrafficRun = z
  .strictObject({
    id: z.string(),
    workloadId: z.string(),
    rps: z.number(),
    errorRate: z.number(),
    userErrorRate: z.number(),
    concurrency: z.number().nullable(),
    latencyMs: z.number(),
    startedAt: Timestamp,
    endsAt: Timestamp,
    requests: z.number().int().describe('Requests sent so far.'),
    failed: z.number().int().describe('Requests answered with a 5xx so far.'),
  })
  .meta({ id: 'MockTrafficRun' });

export const TrafficRunList = z
  .strictObject({ count: z.number().int(), data: z.array(TrafficRun) })
  .meta({ id: 'MockTrafficRunList' });

export type TrafficRequestBody = z.output<typeof TrafficRequest>;
export type TrafficRunValue = z.output<typeof TrafficRun>;
