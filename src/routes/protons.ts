import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParam, NoContent, notFoundErrors, PaginationQuery } from '../schemas/common.js';
import { ProtonFormatted, ProtonListResponse, ReplicaStatusesSnapshot } from '../schemas/proton.js';
import { WorkloadParams } from '../schemas/workload.js';
import { pageOf } from './pagination.js';

const ProtonParams = WorkloadParams.extend({ proton_id: IdParam.describe('Proton id') });
const tags = ['workloads'];

export const protonRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;

  app.get(
    '/workloads/:workload_id/protons',
    {
      schema: {
        tags,
        operationId: 'listWorkloadProtons',
        summary: 'The protons behind a workload: the active one, and a candidate during a replacement',
        params: WorkloadParams,
        querystring: PaginationQuery,
        response: { 200: ProtonListResponse, ...notFoundErrors },
      },
    },
    async (request) => {
      const workload = emulator.workloads.get(request.principal, request.params.workload_id);
      return pageOf(request, emulator.workloads.protons(workload), request.query, (p) =>
        format.proton(p, workload),
      );
    },
  );

  app.get(
    '/workloads/:workload_id/protons/:proton_id',
    {
      schema: {
        tags,
        operationId: 'getWorkloadProton',
        summary: 'Get a proton',
        params: ProtonParams,
        response: { 200: ProtonFormatted, ...notFoundErrors },
      },
    },
    async (request) => {
      const workload = emulator.workloads.get(request.principal, request.params.workload_id);
      const proton = emulator.workloads.proton(
        request.principal,
        request.params.workload_id,
        request.params.proton_id,
      );
      return format.proton(proton, workload);
    },
  );

  app.get(
    '/workloads/:workload_id/protons/:proton_id/statusDetails',
    {
      schema: {
        tags,
        operationId: 'getWorkloadProtonStatusDetails',
        summary: 'Per-replica status of a proton: phases, conditions, containers; 204 before any pod exists',
        params: ProtonParams,
        response: { 200: ReplicaStatusesSnapshot, 204: NoContent, ...notFoundErrors },
      },
    },
    async (request, reply) => {
      const proton = emulator.workloads.proton(
        request.principal,
        request.params.workload_id,
        request.params.proton_id,
      );
      const details = format.statusDetails(proton);
      if (details === null) return reply.code(204).send();
      return details;
    },
  );
};
