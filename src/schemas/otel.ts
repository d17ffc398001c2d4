import { z } from 'zod';
import { IdParam, pageOf, queryInt, queryList, Timestamp } from './common.js';
import { OtelMetricResolution, QueryTime } from './stats.js';

/**
 * The observability surface (/otel/{entityType}/{entityId}/...). No public schema describes its
 * bodies, so they follow OpenTelemetry's data model in JSON: log records with a severity, spans
 * with ids, kinds and status codes, metrics as named series of data points, each carrying
 * attributes, with the service as a resource.
 */

export const OtelEntityType = z
  .enum(['deployment', 'use_case', 'experiment_container', 'custom_application', 'workload'])
  .meta({
    id: 'OtelEntityType',
    description: 'What the telemetry belongs to; the mock has data for workloads.',
  });

export const OtelEntityParams = z.object({
  entityType: OtelEntityType,
  entityId: IdParam.describe('The id of the entity (a workload id).'),
});

export const OtelTraceParams = OtelEntityParams.extend({ traceId: IdParam.describe('32 hex characters.') });

const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const OtelAttributes = z
  .record(z.string(), AttributeValue)
  .meta({ id: 'OtelAttributes', description: 'Key-value attributes, as OpenTelemetry attaches them.' });

export const OtelResource = z.strictObject({ attributes: OtelAttributes }).meta({
  id: 'OtelResource',
  description: 'The service that produced the telemetry: service.name and more.',
});

export const OTEL_LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'critical'] as const;
export const OtelLogLevel = z.enum(OTEL_LOG_LEVELS).meta({ id: 'OtelLogLevel' });

/** Levels are read case-insensitively; "warning" means warn. */
const LevelQuery = z.preprocess(
  (value) => (typeof value === 'string' ? value.toLowerCase().replace(/^warning$/, 'warn') : value),
  OtelLogLevel,
);

const OtelPaging = z.object({
  offset: queryInt({ min: 0, default: 0 }).describe('How many records to skip.'),
  limit: queryInt({ min: 1, max: 1000, default: 100 }).describe('How many records to return (1 to 1000).'),
});

const TimeWindow = z.object({
  startTime: QueryTime.optional().describe('Only what happened at or after this time.'),
  endTime: QueryTime.optional().describe(
    'Only what happened before this time: the window is [startTime, endTime).',
  ),
});

export const OtelLogsQuery = OtelPaging.extend(TimeWindow.shape).extend({
  level: LevelQuery.default('debug').describe('The minimum level: debug, info, warn, error or critical.'),
  includes: queryList(z.string()).describe('Only lines whose message contains every one of these.'),
  excludes: queryList(z.string()).describe('Only lines whose message contains none of these.'),
  traceId: z.string().optional().describe('Only lines of this trace.'),
  spanId: z.string().optional().describe('Only lines of this span.'),
});

export const OtelLogEntry = z
  .strictObject({
    timestamp: Timestamp,
    level: OtelLogLevel,
    severityText: z.string().describe('DEBUG, INFO, WARN or ERROR.'),
    severityNumber: z.number().int().describe('OpenTelemetry severity: 5 debug, 9 info, 13 warn, 17 error.'),
    message: z.string(),
    traceId: z.string().nullable(),
    spanId: z.string().nullable(),
    attributes: OtelAttributes.describe(
      'datarobot.proton.id, datarobot.proton.role, k8s.pod.name, k8s.container.name.',
    ),
    resource: OtelResource,
  })
  .meta({ id: 'OtelLogEntry', description: 'One log record.' });

export const OtelLogsResponse = pageOf(
  OtelLogEntry,
  'OtelLogsResponse',
  'Log records of the entity, newest first: container lifecycle, readiness, crashes, replacement steps and sampled requests, across the active and candidate protons.',
);

export const OtelStatusCode = z.enum(['Unset', 'Ok', 'Error']).meta({ id: 'OtelStatusCode' });

export const OtelTracesQuery = OtelPaging.extend(TimeWindow.shape).extend({
  status: z
    .preprocess((value) => (typeof value === 'string' ? value.toLowerCase() : value), z.enum(['ok', 'error']))
    .optional()
    .describe('error: only traces whose root span failed (statusCode Error); ok: only the others.'),
});

export const OtelTraceSummary = z
  .strictObject({
    traceId: z.string(),
    rootSpanName: z.string(),
    serviceName: z.string(),
    startTime: Timestamp,
    endTime: Timestamp,
    duration: z.number().describe('Milliseconds.'),
    spanCount: z.number().int(),
    statusCode: OtelStatusCode,
    httpStatusCode: z.number().int().nullable(),
    protonId: z.string().nullable().describe('The proton that served the request; null when none could.'),
  })
  .meta({ id: 'OtelTraceSummary', description: 'One trace, by its root span.' });

export const OtelTracesResponse = pageOf(
  OtelTraceSummary,
  'OtelTracesResponse',
  'Traces of sampled requests to the entity, newest first.',
);

export const OtelSpan = z
  .strictObject({
    traceId: z.string(),
    spanId: z.string(),
    parentSpanId: z.string().nullable(),
    name: z.string(),
    kind: z.enum(['Server', 'Internal', 'Client']),
    startTime: Timestamp,
    endTime: Timestamp,
    duration: z.number().describe('Milliseconds.'),
    statusCode: OtelStatusCode,
    statusMessage: z.string().nullable(),
    attributes: OtelAttributes,
    resource: OtelResource,
  })
  .meta({ id: 'OtelSpan' });

export const OtelTraceQuery = OtelPaging;

export const OtelTraceResponse = z
  .strictObject({
    traceId: z.string(),
    totalCount: z.number().int().describe('Spans in the trace.'),
    count: z.number().int().describe('Spans on this page.'),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    spans: z.array(OtelSpan).describe('Spans in start order, the root first.'),
  })
  .meta({ id: 'OtelTraceResponse' });

export const OtelMetricsQuery = TimeWindow.extend({
  resolution: OtelMetricResolution.default('PT1M').describe('Step between two data points.'),
});

export const OtelDataPoint = z
  .strictObject({
    timestamp: Timestamp.describe('End of the step the value covers.'),
    value: z.number(),
    attributes: OtelAttributes.describe('datarobot.proton.id and datarobot.proton.role.'),
  })
  .meta({ id: 'OtelDataPoint' });

export const OtelMetric = z
  .strictObject({
    name: z.string(),
    description: z.string(),
    unit: z.string(),
    type: z.enum(['gauge', 'sum']),
    dataPoints: z.array(OtelDataPoint),
  })
  .meta({ id: 'OtelMetric' });

export const OtelMetricsResponse = z
  .strictObject({
    entityType: OtelEntityType,
    entityId: z.string(),
    startTime: Timestamp,
    endTime: Timestamp,
    resolution: OtelMetricResolution,
    resource: OtelResource,
    metrics: z.array(OtelMetric),
  })
  .meta({
    id: 'OtelMetricsResponse',
    description:
      'Replica counts, CPU and memory utilisation, request rate, error rate and latency over time, one series per proton (the last hour by default).',
  });

export const OtelAutocollectedQuery = TimeWindow;

export const OtelMetricValue = z
  .strictObject({
    name: z.string(),
    description: z.string(),
    unit: z.string(),
    value: z.number().nullable().describe('Null when nothing was measured in the window.'),
    attributes: OtelAttributes,
  })
  .meta({ id: 'OtelMetricValue' });

export const OtelAutocollectedValuesResponse = z
  .strictObject({
    entityType: OtelEntityType,
    entityId: z.string(),
    startTime: Timestamp,
    endTime: Timestamp,
    resource: OtelResource,
    data: z.array(OtelMetricValue),
  })
  .meta({
    id: 'OtelAutocollectedValuesResponse',
    description: 'The platform metrics summed up over the window (the last hour by default), per proton.',
  });

export type OtelEntityTypeValue = z.output<typeof OtelEntityType>;
export type OtelLogsQueryValue = z.output<typeof OtelLogsQuery>;
export type OtelLogEntryValue = z.output<typeof OtelLogEntry>;
export type OtelTracesQueryValue = z.output<typeof OtelTracesQuery>;
export type OtelTraceSummaryValue = z.output<typeof OtelTraceSummary>;
export type OtelSpanValue = z.output<typeof OtelSpan>;
export type OtelMetricsQueryValue = z.output<typeof OtelMetricsQuery>;
export type OtelMetricsResponseValue = z.output<typeof OtelMetricsResponse>;
export type OtelMetricValueValue = z.output<typeof OtelMetricValue>;
export type OtelAttributesValue = z.output<typeof OtelAttributes>;
