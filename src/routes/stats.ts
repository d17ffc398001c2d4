import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commonErrors, ErrorResponse, NoContent, notFoundErrors } from '../schemas/common.js';
import {
  MetricParams,
  MetricQuery,
  ProtonRequestMetricOverTime,
  ProtonRequestStats,
  RelatedEntitiesResponse,
  ResetStatsQuery,
  StatsQuery,
  WorkloadStatsResponse,
} from '../schemas/stats.js';
import { WorkloadFilterQuery, WorkloadParams } from '../schemas/workload.js';

const tags = ['workloads'];
const badRange = { 400: ErrorResponse.describe('Invalid time range, or too many steps.') };

/** Request statistics (from simulated and real traffic) and related entities of workloads. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator } = app;

  app.get(
    '/workloads/stats',
    {
      schema: {
        tags,
        operationId: 'listWorkloadsStats',
        summary: 'Request statistics of the matching workloads over the last 24 hours',
        querystring: WorkloadFilterQuery,
        response: { 200: WorkloadStatsResponse, ...commonErrors },
      },
    },
    async (request) => emulator.stats.overview(request.principal, request.query),
  );

  app.get(
    '/workloads/:workload_id/stats',
    {
      schema: {
        tags,
        operationId: 'getWorkloadStats',
        summary: 'Request statistics of a proton of the workload (the active one by default) over a period',
        params: WorkloadParams,
        querystring: StatsQuery,
        response: { 200: ProtonRequestStats, ...badRange, ...notFoundErrors },
      },
    },
    async (request) =>
      emulator.stats.protonStats(request.principal, request.params.workload_id, request.query),
  );

  app.delete(
    '/workloads/:workload_id/stats',
    {
      schema: {
        tags,
        operationId: 'resetWorkloadStats',
        summary: 'Forget the request statistics of a proton, within a period or entirely',
        params: WorkloadParams,
        querystring: ResetStatsQuery,
        response: { 204: NoContent, ...badRange, ...notFoundErrors },
      },
    },
    async (request, reply) => {
      emulator.stats.reset(request.principal, request.params.workload_id, request.query);
      return reply.code(204).send();
    },
  );

  app.get(
    '/workloads/:workload_id/stats/:metric_name',
    {
      schema: {
        tags,
        operationId: 'getWorkloadMetricTimeSeries',
        summary:
          "One request metric of a proton over time, one value per step: at most 1,000 steps (a longer period is a 400); without startTime, from the proton's first data or 1,000 steps back, whichever is later",
        params: WorkloadParams.extend(MetricParams.shape),
        querystring: MetricQuery,
        response: { 200: ProtonRequestMetricOverTime, ...badRange, ...notFoundErrors },
      },
    },
    async (request) =>
      emulator.stats.metricOverTime(
        request.principal,
        request.params.workload_id,
        request.params.metric_name,
        request.query,
      ),
  );

  app.get(
    '/workloads/:workload_id/related',
    {
      schema: {
        tags,
        operationId: 'getWorkloadRelatedEntities',
        summary: 'The artifacts, repositories and protons a workload relates to',
        params: WorkloadParams,
        response: { 200: RelatedEntitiesResponse, ...notFoundErrors },
      },
    },
    async (request) => emulator.stats.related(request.principal, request.params.workload_id),
  );
};
