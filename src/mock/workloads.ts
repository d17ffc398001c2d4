import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../errors.js';
import { ErrorResponse, UnprocessableResponse } from '../schemas/common.js';
import { DisruptionResponse, InterruptRequest } from '../schemas/mock.js';
import { WorkloadParams } from '../schemas/workload.js';
import type { Store } from '../store/store.js';
import type { ProtonRecord, WorkloadRecord } from '../store/types.js';

/** A workload by id whatever its tenant, as /_mock addresses them: 404 when missing or deleted. */
export function workloadById(store: Store, id: string): WorkloadRecord {
  const workload = store.workloads.get(id);
  if (!workload || workload.deleted) throw errors.notFound('Workload');
  return workload;
}

/** Disruptions of the simulated cluster, by workload id (any tenant): eviction, suspend, resume, restart. */
export const workloadControlRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator } = app;
  const tags = ['mock'];
  const find = (id: string): WorkloadRecord => workloadById(emulator.store, id);
  const answer = (workload: WorkloadRecord, proton: ProtonRecord) => ({
    workloadId: workload.id,
    protonId: proton.id,
    status: emulator.workloads.status(workload),
  });
  const responses = {
    200: DisruptionResponse,
    404: ErrorResponse,
    409: ErrorResponse,
    422: UnprocessableResponse,
  };

  app.post(
    '/workloads/:workload_id/interrupt',
    {
      schema: {
        tags,
        operationId: 'mockInterruptWorkload',
        summary: 'Evict the active proton pods from their node; they are rescheduled when capacity returns',
        params: WorkloadParams,
        body: InterruptRequest.optional(),
        response: responses,
      },
    },
    async (request) => {
      const workload = find(request.params.workload_id);
      const seconds = request.body?.seconds ?? emulator.config.interruptionSeconds;
      return answer(workload, emulator.workloads.interrupt(workload, seconds));
    },
  );

  for (const action of ['suspend', 'resume', 'restart'] as const) {
    app.post(
      `/workloads/:workload_id/${action}`,
      {
        schema: {
          tags,
          operationId: `mock${action[0]!.toUpperCase()}${action.slice(1)}Workload`,
          summary: {
            suspend:
              'Suspend the active proton: pods stop, identity and configuration stay; a replacement in progress ends',
            resume: 'Resume a suspended proton on the nodes it ran on',
            restart: 'Recreate the active proton pods in place (restarting, then initializing)',
          }[action],
          params: WorkloadParams,
          response: responses,
        },
      },
      async (request) => {
        const workload = find(request.params.workload_id);
        return answer(workload, emulator.workloads[action](workload));
      },
    );
  }
};
