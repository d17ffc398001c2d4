import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponse, notFoundErrors } from '../schemas/common.js';
import {
  OtelAutocollectedQuery,
  OtelAutocollectedValuesResponse,
  OtelEntityParams,
  OtelLogsQuery,
  OtelLogsResponse,
  OtelMetricsQuery,
  OtelMetricsResponse,
  OtelTraceParams,
  OtelTraceQuery,
  OtelTraceResponse,
  OtelTracesQuery,
  OtelTracesResponse,
} from '../schemas/otel.js';
import { formatTimestamp } from '../sim/clock.js';
import { page } from './pagination.js';

const tags = ['observability'];
const badRange = { 400: ErrorResponse.describe('Invalid time range, or too many steps.') };
const inverted = { 400: ErrorResponse.describe('Invalid time range: startTime is after endTime.') };

/** OpenTelemetry logs, traces and metrics of workloads, at /otel/{entityType}/{entityId}/... */
export const otelRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator } = app;
  const otel = emulator.observability;

  app.get(
    '/otel/:entityType/:entityId/logs',
    {
      schema: {
        tags,
        operationId: 'listOtelLogs',
        summary: 'OpenTelemetry logs of an entity, newest first, at or above a level',
        params: OtelEntityParams,
        querystring: OtelLogsQuery,
        response: { 200: OtelLogsResponse, ...inverted, ...notFoundErrors },
      },
    },
    async (request) => {
      const { entityType, entityId } = request.params;
      const workload = otel.entity(request.principal, entityType, entityId);
      const { total, items } = otel.logs(workload, request.query);
      return page(request, items, total, request.query.offset, request.query.limit);
    },
  );

  app.get(
    '/otel/:entityType/:entityId/traces',
    {
      schema: {
        tags,
        operationId: 'listOtelTraces',
        summary: 'OpenTelemetry traces of an entity (sampled requests), newest first',
        params: OtelEntityParams,
        querystring: OtelTracesQuery,
        response: { 200: OtelTracesResponse, ...inverted, ...notFoundErrors },
      },
    },
    async (request) => {
      const { entityType, entityId } = request.params;
      const workload = otel.entity(request.principal, entityType, entityId);
      const { total, items } = otel.traces(workload, request.query);
      return page(request, items, total, request.query.offset, request.query.limit);
    },
  );

  app.get(
    '/otel/:entityType/:entityId/traces/:traceId',
    {
      schema: {
        tags,
        operationId: 'getOtelTrace',
        summary: 'The spans of one trace',
        params: OtelTraceParams,
        querystring: OtelTraceQuery,
        response: { 200: OtelTraceResponse, ...notFoundErrors },
      },
    },
    async (request) => {
      const { entityType, entityId, traceId } = request.params;
      const workload = otel.entity(request.principal, entityType, entityId);
      const { spans } = otel.trace(workload, traceId);
      const { offset, limit } = request.query;
      const { data, ...envelope } = page(
        request,
        spans.slice(offset, offset + limit),
        spans.length,
        offset,
        limit,
      );
      return { traceId, ...envelope, spans: data };
    },
  );

  app.get(
    '/otel/:entityType/:entityId/metrics',
    {
      schema: {
        tags,
        operationId: 'listOtelMetrics',
        summary: 'OpenTelemetry metrics of an entity over time: replicas, CPU, memory, requests',
        params: OtelEntityParams,
        querystring: OtelMetricsQuery,
        response: { 200: OtelMetricsResponse, ...badRange, ...notFoundErrors },
      },
    },
    async (request) => {
      const { entityType, entityId } = request.params;
      const workload = otel.entity(request.principal, entityType, entityId);
      return otel.metrics(workload, entityType, request.query);
    },
  );

  app.get(
    '/otel/:entityType/:entityId/metrics/autocollectedValues',
    {
      schema: {
        tags,
        operationId: 'listOtelAutocollectedMetricValues',
        summary: 'The platform metrics of an entity summed up over a window, per proton',
        params: OtelEntityParams,
        querystring: OtelAutocollectedQuery,
        response: { 200: OtelAutocollectedValuesResponse, ...badRange, ...notFoundErrors },
      },
    },
    async (request) => {
      const { entityType, entityId } = request.params;
      const workload = otel.entity(request.principal, entityType, entityId);
      const { from, to, data } = otel.autocollected(workload, request.query);
      return {
        entityType,
        entityId: workload.id,
        startTime: formatTimestamp(from),
        endTime: formatTimestamp(to),
        resource: otel.resource(workload),
        data,
      };
    },
  );
};
