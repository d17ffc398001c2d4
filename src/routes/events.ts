import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFoundErrors, PaginationQuery } from '../schemas/common.js';
import { WorkloadEventsResponse, WorkloadParams } from '../schemas/workload.js';
import { page } from './pagination.js';

export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;

  app.get(
    '/workloads/:workload_id/events',
    {
      schema: {
        tags: ['workloads'],
        operationId: 'listWorkloadEvents',
        summary: 'The lifecycle audit trail of a workload, newest first',
        params: WorkloadParams,
        // Unlike other lists, any other query parameter is refused.
        querystring: PaginationQuery.strict(),
        response: { 200: WorkloadEventsResponse, ...notFoundErrors },
      },
    },
    async (request) => {
      const { offset, limit } = request.query;
      const workload = emulator.workloads.withTrail(request.principal, request.params.workload_id);
      const events = workload.events.page(offset, limit).map((e) => format.event(e));
      return page(request, events, workload.events.length, offset, limit);
    },
  );
};
