import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TrafficRunRecord } from '../domain/traffic.js';
import { ErrorResponse, NoContent, UnprocessableResponse } from '../schemas/common.js';
import { TrafficRequest, TrafficRun, TrafficRunList } from '../schemas/traffic.js';
import { WorkloadParams } from '../schemas/workload.js';
import { formatTimestamp } from '../sim/clock.js';
import type { WorkloadRecord } from '../store/types.js';
import { workloadById } from './workloads.js';

function formatRun(run: TrafficRunRecord) {
  return {
    id: run.id,
    workloadId: run.workloadId,
    rps: run.rps,
    errorRate: run.errorRate,
    userErrorRate: run.userErrorRate,
    concurrency: run.concurrency,
    latencyMs: run.latencyMs,
    startedAt: formatTimestamp(run.startedAt),
    endsAt: formatTimestamp(run.endsAt),
    requests: run.requests,
    failed: run.failed,
  };
}

/** Simulated load on workload endpoints, by workload id (any tenant). */
export const trafficRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator } = app;
  const tags = ['mock'];
  const find = (id: string): WorkloadRecord => workloadById(emulator.store, id);

  app.post(
    '/workloads/:workload_id/traffic',
    {
      schema: {
        tags,
        operationId: 'mockStartTraffic',
        summary:
          'Send simulated requests to a workload for a while: they fill its stats, traces, request logs and metrics',
        params: WorkloadParams,
        body: TrafficRequest,
        response: { 201: TrafficRun, 404: ErrorResponse, 422: UnprocessableResponse },
      },
    },
    async (request, reply) => {
      const run = emulator.traffic.start(find(request.params.workload_id), request.body);
      return reply.code(201).send(formatRun(run));
    },
  );

  app.get(
    '/workloads/:workload_id/traffic',
    {
      schema: {
        tags,
        operationId: 'mockListTraffic',
        summary: 'The simulated traffic still running against a workload',
        params: WorkloadParams,
        response: { 200: TrafficRunList, 404: ErrorResponse },
      },
    },
    async (request) => {
      const data = emulator.traffic.list(find(request.params.workload_id).id).map(formatRun);
      return { count: data.length, data };
    },
  );

  app.delete(
    '/workloads/:workload_id/traffic',
    {
      schema: {
        tags,
        operationId: 'mockStopTraffic',
        summary: 'Stop the simulated traffic against a workload',
        params: WorkloadParams,
        response: { 204: NoContent, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      emulator.traffic.stop(find(request.params.workload_id).id);
      return reply.code(204).send();
    },
  );
};
