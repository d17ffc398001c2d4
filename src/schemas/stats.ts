import { z } from 'zod';
import { isShowable } from '../sim/clock.js';
import { queryInt, queryNumber, ResourcePermissions, Timestamp, UserData } from './common.js';

/**
 * A query timestamp: ISO-8601, with an offset or without one (then UTC), parsed to epoch ms, within
 * the years a timestamp can show (1-9999, as Python's datetime).
 * The document shows it as a date-time string.
 */
export const QueryTime = z
  .string()
  .meta({ format: 'date-time' })
  .superRefine((text, ctx) => {
    if (isShowable(parseQueryTime(text))) return;
    const error = datetimeError(text);
    if (error === null) {
      ctx.addIssue({ code: 'custom', message: 'Input should be a valid datetime' });
      return;
    }
    ctx.addIssue({
      code: 'custom',
      message: `Input should be a valid datetime or date, ${error}`,
      params: { pydantic: { type: 'datetime_from_date_parsing', ctx: { error } } },
    });
  });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * What pydantic says of text that is no datetime: once its datetime parser fails it reads the text
 * as a date, and answers that parser's complaint (so a bad time is "extra characters" after a date).
 * Null when the date part is well formed and nothing follows.
 */
function datetimeError(text: string): string | null {
  const digits = (from: number, to: number) => /^\d+$/.test(text.slice(from, to));
  if (text.length < 10) return 'input is too short';
  if (!digits(0, 4)) return 'invalid character in year';
  if (text[4] !== '-') return 'invalid date separator, expected `-`';
  if (!digits(5, 7)) return 'invalid character in month';
  if (text[7] !== '-') return 'invalid date separator, expected `-`';
  if (!digits(8, 10)) return 'invalid character in day';
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12) return 'month value is outside expected range of 1-12';
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > days) return 'day value is outside expected range';
  if (text.length > 10) return 'unexpected extra characters at the end of the input';
  return null;
}

export function parseQueryTime(text: string): number {
  // Unix time, as pydantic reads a number for a datetime: seconds, or milliseconds past 2e10.
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const value = Number(text);
    return Math.abs(value) > 2e10 ? value : value * 1000;
  }
  const fields = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/.exec(text);
  if (!fields) return Number.NaN;
  // Date.parse rolls 2026-02-30 over to March and takes 24:00; pydantic refuses both.
  const [year, month, day, hour = 0, minute = 0, second = 0] = fields.slice(1).map((f) => Number(f ?? 0));
  const calendar = new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second));
  if (
    calendar.getUTCMonth() !== month! - 1 ||
    calendar.getUTCDate() !== day ||
    calendar.getUTCHours() !== hour ||
    calendar.getUTCMinutes() !== minute ||
    calendar.getUTCSeconds() !== second
  ) {
    return Number.NaN;
  }
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) || !text.includes('T') ? text : `${text}Z`;
  return Date.parse(zoned);
}

export const WORKLOAD_METRICS = [
  'totalRequests',
  'requestsOverN',
  'requestsPerMinute',
  'concurrentRequests',
  'responseTime',
  'totalErrorRate',
] as const;

export const WorkloadStatsMetricName = z.enum(WORKLOAD_METRICS).meta({
  id: 'WorkloadStatsMetricName',
  description:
    'totalRequests; requestsOverN (slower than slowRequestsThreshold); requestsPerMinute; concurrentRequests (peak); responseTime (the responseTimeQuantile, ms); totalErrorRate (%).',
});

export const RESOLUTIONS = ['PT1M', 'PT5M', 'PT1H', 'P1D', 'P7D', 'P1M'] as const;
export const OtelMetricResolution = z.enum(RESOLUTIONS).meta({
  id: 'OtelMetricResolution',
  description:
    'Step of a time series: 1 or 5 minutes, an hour, a day, a week (from Monday) or a month (UTC).',
});
export type Resolution = (typeof RESOLUTIONS)[number];

export const Period = z
  .strictObject({ start: Timestamp.nullable().optional(), end: Timestamp.nullable().optional() })
  .meta({ id: 'Period', description: 'A span of time.' });

export const RequestMetrics = z
  .strictObject({
    totalRequests: z.number().int().optional(),
    requestsPerMinute: z.number().int().optional().describe('Average over the period.'),
    concurrentRequests: z
      .number()
      .int()
      .optional()
      .describe('In flight now when the period reaches now; else the peak of the period.'),
    responseTime: z.number().int().optional().describe('The responseTimeQuantile of the latencies, in ms.'),
    slowRequests: z.number().int().optional().describe('Requests slower than slowRequestsThreshold.'),
    serverErrors: z.number().int().optional().describe('5xx answers.'),
    userErrors: z.number().int().optional().describe('4xx answers.'),
    serverErrorRate: z.number().optional().describe('Percent of requests answered with a 5xx.'),
    userErrorRate: z.number().optional().describe('Percent of requests answered with a 4xx.'),
    totalErrorRate: z.number().optional().describe('Percent of requests answered with an error.'),
  })
  .meta({ id: 'RequestMetrics', description: 'Request statistics of a proton over a period.' });

export const ProtonRequestStats = z
  .strictObject({ metrics: RequestMetrics.optional(), period: Period.nullable().optional() })
  .meta({ id: 'ProtonRequestStats' });

export const Summary = z
  .strictObject({ protonId: z.string(), period: Period })
  .meta({ id: 'Summary', description: 'Which proton and period a series covers.' });

export const ProtonRequestMetricOverTime = z
  .strictObject({
    metric: WorkloadStatsMetricName,
    summary: Summary,
    buckets: z
      .array(z.looseObject({}))
      .optional()
      .describe('One entry per step: {start, end, value}, value null when nothing was served.'),
  })
  .meta({ id: 'ProtonRequestMetricOverTime' });

const trend = z
  .number()
  .optional()
  .describe('Relative change over the previous 24 hours (0.5: half as much again); positive is increasing.');

export const WorkloadsCountStats = z
  .strictObject({
    total: z.number().int().optional(),
    active: z.number().int().optional().describe('Workloads running.'),
  })
  .meta({ id: 'WorkloadsCountStats' });
export const WorkloadsRequestsStats = z
  .strictObject({
    total: z.number().int().optional(),
    succeeded: z.number().int().optional(),
    failed: z.number().int().optional().describe('Answered with a 4xx or 5xx.'),
    trend,
  })
  .meta({ id: 'WorkloadsRequestsStats' });
export const WorkloadsErrorRateStats = z
  .strictObject({ rate: z.number().optional().describe('Percent of requests that failed.'), trend })
  .meta({ id: 'WorkloadsErrorRateStats' });
export const WorkloadsResponseTimeStats = z
  .strictObject({ millis: z.number().int().optional().describe('Mean response time.'), trend })
  .meta({ id: 'WorkloadsResponseTimeStats' });
export const WorkloadsConcurrentRequestsStats = z
  .strictObject({ count: z.number().int().optional().describe('Requests in flight now.'), trend })
  .meta({ id: 'WorkloadsConcurrentRequestsStats' });

export const WorkloadStatsResponse = z
  .strictObject({
    workloads: WorkloadsCountStats.optional(),
    requests: WorkloadsRequestsStats.optional(),
    errorRate: WorkloadsErrorRateStats.optional(),
    responseTime: WorkloadsResponseTimeStats.optional(),
    concurrentRequests: WorkloadsConcurrentRequestsStats.optional(),
  })
  .meta({
    id: 'WorkloadStatsResponse',
    description: 'Request statistics of the matching workloads over the last 24 hours.',
  });

export const StatsQuery = z.object({
  protonId: z.string().optional().describe('A proton of the workload; the active one when left out.'),
  startTime: QueryTime.optional().describe('Start of the period; when the proton started when left out.'),
  endTime: QueryTime.optional().describe('End of the period; now when left out.'),
  responseTimeQuantile: queryNumber({ min: 0, max: 1, default: 0.5 }),
  slowRequestsThreshold: queryInt({ min: 0, default: 2000 }).describe('In milliseconds.'),
});

export const MetricQuery = StatsQuery.extend({ resolution: OtelMetricResolution.default('P1D') });

export const ResetStatsQuery = z.object({
  protonId: z.string().optional().describe('A proton of the workload; the active one when left out.'),
  startTime: QueryTime.optional(),
  endTime: QueryTime.optional(),
});

export const MetricParams = z.object({ metric_name: WorkloadStatsMetricName });

export const ResourceTypes = z
  .enum(['artifact', 'artifact_repository', 'proton', 'workload', 'custom_model'])
  .meta({ id: 'ResourceTypes' });

export const RelatedItem = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    type: ResourceTypes,
    creator: UserData.nullable().optional(),
    permissions: ResourcePermissions.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'RelatedItem' });

export const RelatedItemID = z
  .strictObject({ id: z.string(), type: ResourceTypes })
  .meta({ id: 'RelatedItemID', description: 'A related entity that no longer exists: its id and type.' });

export const RelatedEntitiesResponse = z
  .strictObject({
    count: z.number().int().optional(),
    data: z.array(z.union([RelatedItem, RelatedItemID])).optional(),
  })
  .meta({ id: 'RelatedEntitiesResponse' });

export type RequestMetricsValue = z.output<typeof RequestMetrics>;
export type ProtonRequestStatsValue = z.output<typeof ProtonRequestStats>;
export type ProtonRequestMetricOverTimeValue = z.output<typeof ProtonRequestMetricOverTime>;
export type WorkloadStatsResponseValue = z.output<typeof WorkloadStatsResponse>;
export type RelatedEntitiesValue = z.output<typeof RelatedEntitiesResponse>;
export type StatsQueryValue = z.output<typeof StatsQuery>;
export type MetricQueryValue = z.output<typeof MetricQuery>;
export type ResetStatsQueryValue = z.output<typeof ResetStatsQuery>;
export type WorkloadMetricName = (typeof WORKLOAD_METRICS)[number];
