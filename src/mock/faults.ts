import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { injectFault, replanPods } from '../domain/faults.js';
import { errors } from '../errors.js';
import { ErrorResponse, NoContent, UnprocessableResponse } from '../schemas/common.js';
import { CreateFaultRequest, Fault, FaultList, FaultsQuery } from '../schemas/mock.js';
import { formatTimestamp } from '../sim/clock.js';
import type { FaultRecord } from '../sim/faults.js';

export function formatFault(fault: FaultRecord) {
  return {
    id: fault.id,
    match: fault.match,
    container: fault.container,
    fault: fault.fault,
    ...(fault.rate !== undefined ? { rate: fault.rate } : {}),
    afterSeconds: fault.afterSeconds,
    createdAt: formatTimestamp(fault.createdAt),
    activeFrom: formatTimestamp(fault.activeFrom),
  };
}

export const faultRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator } = app;
  const tags = ['mock'];

  app.post(
    '/faults',
    {
      schema: {
        tags,
        operationId: 'mockCreateFault',
        summary:
          'Inject a fault into the pods of matching workloads, artifacts, images, pods or tenants (BuildFailed: into the image builds of an artifact; ErrorRate: a share of the requests their endpoint answers fail with a 500)',
        body: CreateFaultRequest,
        response: { 201: Fault, 404: ErrorResponse, 422: UnprocessableResponse },
      },
    },
    async (request, reply) => {
      const record = injectFault(emulator, request.body);
      return reply.code(201).send(formatFault(record));
    },
  );

  app.get(
    '/faults',
    {
      schema: {
        tags,
        operationId: 'mockListFaults',
        summary: "Faults in force (every one, or a tenant's)",
        querystring: FaultsQuery,
        response: { 200: FaultList, 404: ErrorResponse, 422: UnprocessableResponse },
      },
    },
    async (request) => {
      const { tenant } = request.query;
      const faults =
        tenant === undefined ? emulator.faults.list() : emulator.faultsOf(emulator.tenantNamed(tenant));
      const data = faults.map(formatFault);
      return { count: data.length, data };
    },
  );

  app.delete(
    '/faults',
    {
      schema: {
        tags,
        operationId: 'mockClearFaults',
        summary: "Clear every fault, or a tenant's (as its reset would); pods recover",
        querystring: FaultsQuery,
        response: { 204: NoContent, 404: ErrorResponse, 422: UnprocessableResponse },
      },
    },
    async (request, reply) => {
      const { tenant } = request.query;
      if (tenant === undefined) {
        emulator.faults.clear();
        replanPods(emulator);
      } else {
        const name = emulator.tenantNamed(tenant);
        emulator.removeFaultsOf(name);
        replanPods(emulator, { tenant: name });
      }
      return reply.code(204).send();
    },
  );

  app.delete(
    '/faults/:fault_id',
    {
      schema: {
        tags,
        operationId: 'mockDeleteFault',
        summary: 'Clear one fault; the pods it held recover',
        params: z.object({ fault_id: z.string() }),
        response: { 204: NoContent, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const removed = emulator.faults.remove(request.params.fault_id);
      if (!removed) throw errors.notFound('Fault');
      replanPods(emulator, removed.match);
      return reply.code(204).send();
    },
  );
};
