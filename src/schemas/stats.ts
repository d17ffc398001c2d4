import { z } from 'zod';
import { isShowable } from '../sim/clock.js';
import { queryInt, queryNumber, ResourcePermissions, Timestamp, UserData } from './common.js';

/**
 * A query timestamp as pydantic reads a datetime: ISO-8601 (`T`, `t`, `_` or a space between date and
 * time, seconds and a fraction optional, an offset or none, then UTC) or a Unix time, parsed to
 * epoch ms, within the years a timestamp can show (1-9999, as Python's datetime).
 * The document shows it as a date-time string.
 */
export const QueryTime = z
  .string()
  .meta({ format: 'date-time' })
  .superRefine((text, ctx) => {
    const time = parseQueryTime(text);
    if (isShowable(time)) return;
    // A time that reads, just outside the years a datetime has: year 0, or (which pydantic takes,
    // keeping the offset, and the mock, keeping UTC times, does not) an offset's hours past 9999.
    // A Unix time with a point past 9999 does not read: it is refused as the date text it is not.
    const year = Number.isNaN(time) ? null : new Date(time).getUTCFullYear();
    const outOfRange = year === 0 || (year === 10000 && unixTime(text) === null);
    const error = unixTimeError(text) ?? (outOfRange ? null : datetimeError(text));
    if (error === null) {
      const outside = `year ${year ?? 0} is out of range`;
      ctx.addIssue({
        code: 'custom',
        message: `Input should be a valid datetime, ${outside}`,
        params: { pydantic: { type: 'datetime_parsing', ctx: { error: outside } } },
      });
      return;
    }
    ctx.addIssue({
      code: 'custom',
      message: `Input should be a valid datetime or date, ${error}`,
      params: { pydantic: { type: 'datetime_from_date_parsing', ctx: { error } } },
    });
  });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

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
  if (day < 1 || day > daysIn(year, month)) return 'day value is outside expected range';
  if (text.length > 10) return 'unexpected extra characters at the end of the input';
  return null;
}

/** Whole seconds or milliseconds (a 64-bit integer, its least value aside), or a number with a point (`1.5e9`, `.5`). */
const UNIX_INTEGER = /^[+-]?\d{1,19}$/;
const UNIX_FRACTION = /^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$/;
const SECONDS_TO_9999 = 253_402_300_799;
const SECONDS_FROM_0000 = -62_167_219_200;

const isInt64 = (value: bigint) => value > -(2n ** 63n) && value < 2n ** 63n;

/**
 * Epoch ms of a Unix time, as pydantic reads a number for a datetime: seconds, or milliseconds
 * past 2e10. A number with a point is read in two steps, as speedate reads it: past 2e10 it is
 * milliseconds, made seconds; then their whole part, if still past 2e10, is milliseconds again
 * (so past 2e13 the number is microseconds), and the first step's fraction is added as
 * microseconds whatever unit it was in.
 */
function unixTime(text: string): number | null {
  if (UNIX_INTEGER.test(text) && isInt64(BigInt(text))) {
    const value = Number(text);
    return Math.abs(value) > 2e10 ? value : value * 1000;
  }
  if (!UNIX_FRACTION.test(text)) return null;
  const value = Number(text);
  const scaled = Math.abs(value) > 2e10 ? value / 1000 : value;
  const whole = Math.floor(scaled);
  const micros = Math.round((scaled - whole) * 1e6);
  // To the whole millisecond the mock keeps.
  return (Math.abs(whole) > 2e10 ? whole : whole * 1000) + Math.floor(micros / 1000);
}

/** pydantic's complaint of a whole Unix time beyond the years a date can have. */
function unixTimeError(text: string): string | null {
  if (!UNIX_INTEGER.test(text)) return null;
  const ms = unixTime(text);
  if (ms === null) return null;
  if (ms / 1000 > SECONDS_TO_9999) return 'dates after 9999 are not supported as unix timestamps';
  if (ms / 1000 < SECONDS_FROM_0000) return 'dates before 0000 are not supported as unix timestamps';
  return null;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt_ ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))?)?$/;

/** Epoch ms of a query timestamp; NaN for text pydantic does not read as one. */
export function parseQueryTime(text: string): number {
  const unix = unixTime(text);
  if (unix !== null) return unix;
  const fields = DATE_TIME.exec(text);
  if (!fields) return Number.NaN;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 9, 10].map(
    (at) => Number(fields[at] ?? 0),
  ) as [number, number, number, number, number, number, number, number];
  // pydantic refuses 2026-02-30, 24:00 and a leap second, where the Date setters would roll them over.
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return Number.NaN;
  // Whole milliseconds: a finer fraction is cut, as the mock keeps no finer time.
  const ms = Number((fields[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const offset = (fields[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const time = new Date(0);
  time.setUTCFullYear(year, month - 1, day);
  time.setUTCHours(hour, minute, second, ms);
  return time.getTime() - offset;
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
