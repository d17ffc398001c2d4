import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OperationOutcome } from '../domain/workloads.js';
import { commonErrors, ErrorResponse, NoContent, notFoundErrors } from '../schemas/common.js';
import { Replacement } from '../schemas/replacement.js';
import {
  CreateWorkloadRequest,
  DeleteWorkloadPartial,
  ListWorkloadsQuery,
  UpdateSettingsRequest,
  UpdateWorkloadRequest,
  WorkloadFormatted,
  WorkloadListResponse,
  WorkloadOperationResponse,
  WorkloadParams,
  WorkloadSettingsResponse,
} from '../schemas/workload.js';
import { originOf, page } from './pagination.js';

const tags = ['workloads'];

export const workloadRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;

  /** What start and stop answer: 202 when something was set in motion, 200 when already there. */
  const operation = (
    request: FastifyRequest,
    reply: FastifyReply,
    workloadId: string,
    outcome: OperationOutcome,
  ) =>
    reply.code(outcome.accepted ? 202 : 200).send({
      status: outcome.message,
      workloadId,
      trackVia: `${originOf(request)}/api/v2/workloads/${workloadId}/`,
    });

  app.get(
    '/workloads',
    {
      schema: {
        tags,
        operationId: 'listWorkloads',
        summary: 'List workloads',
        querystring: ListWorkloadsQuery,
        response: { 200: WorkloadListResponse, ...commonErrors },
      },
    },
    async (request) => {
      const { offset, limit, serviceStats } = request.query;
      const { total, items } = emulator.workloads.list(request.principal, request.query, offset, limit);
      return page(
        request,
        items.map((w) => format.workload(w, serviceStats === true)),
        total,
        offset,
        limit,
      );
    },
  );

  app.post(
    '/workloads',
    {
      schema: {
        tags,
        operationId: 'createWorkload',
        summary: 'Create a workload from an artifact (by id or inline) and schedule it',
        body: CreateWorkloadRequest,
        response: { 201: WorkloadFormatted, ...notFoundErrors },
      },
    },
    async (request, reply) => {
      const base = emulator.config.publicUrl ?? originOf(request);
      const workload = emulator.workloads.create(request.principal, request.body, base);
      return reply.code(201).send(format.workload(workload));
    },
  );

  app.get(
    '/workloads/:workload_id',
    {
      schema: {
        tags,
        operationId: 'getWorkload',
        summary: 'Get a workload',
        params: WorkloadParams,
        response: { 200: WorkloadFormatted, ...notFoundErrors },
      },
    },
    async (request) => format.workload(emulator.workloads.get(request.principal, request.params.workload_id)),
  );

  app.patch(
    '/workloads/:workload_id',
    {
      schema: {
        tags,
        operationId: 'updateWorkload',
        summary: 'Change the name, description or importance of a workload',
        params: WorkloadParams,
        body: UpdateWorkloadRequest,
        response: { 200: WorkloadFormatted, ...notFoundErrors },
      },
    },
    async (request) =>
      format.workload(emulator.workloads.update(request.principal, request.params.workload_id, request.body)),
  );

  app.delete(
    '/workloads/:workload_id',
    {
      schema: {
        tags,
        operationId: 'deleteWorkload',
        summary: 'Delete a workload; its protons stop and are torn down',
        params: WorkloadParams,
        response: {
          204: NoContent,
          200: DeleteWorkloadPartial.describe('Deleted, but a proton could not be stopped.'),
          ...notFoundErrors,
        },
      },
    },
    async (request, reply) => {
      emulator.workloads.delete(request.principal, request.params.workload_id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/workloads/:workload_id/start',
    {
      schema: {
        tags,
        operationId: 'startWorkload',
        summary: 'Start a stopped workload',
        params: WorkloadParams,
        response: {
          202: WorkloadOperationResponse,
          200: WorkloadOperationResponse.describe('Already running: nothing to do.'),
          ...notFoundErrors,
          409: ErrorResponse.describe('The workload is not stopped.'),
        },
      },
    },
    async (request, reply) =>
      operation(
        request,
        reply,
        request.params.workload_id,
        emulator.workloads.start(request.principal, request.params.workload_id),
      ),
  );

  app.post(
    '/workloads/:workload_id/stop',
    {
      schema: {
        tags,
        operationId: 'stopWorkload',
        summary: 'Stop a workload',
        params: WorkloadParams,
        response: {
          202: WorkloadOperationResponse,
          200: WorkloadOperationResponse.describe('Already stopped: nothing to do.'),
          ...notFoundErrors,
        },
      },
    },
    async (request, reply) =>
      operation(
        request,
        reply,
        request.params.workload_id,
        emulator.workloads.stop(request.principal, request.params.workload_id),
      ),
  );

  app.post(
    '/workloads/:workload_id/promote',
    {
      schema: {
        tags,
        operationId: 'promoteWorkloadArtifact',
        summary: 'Lock the draft artifact a workload runs, without restarting it',
        params: WorkloadParams,
        response: { 202: WorkloadFormatted, ...notFoundErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(format.workload(emulator.workloads.promote(request.principal, request.params.workload_id))),
  );

  app.get(
    '/workloads/:workload_id/settings',
    {
      schema: {
        tags,
        operationId: 'getWorkloadSettings',
        summary: 'The runtime of the active proton',
        params: WorkloadParams,
        response: { 200: WorkloadSettingsResponse, ...notFoundErrors },
      },
    },
    async (request) => {
      const workload = emulator.workloads.get(request.principal, request.params.workload_id);
      const active = emulator.workloads.activeProton(workload);
      return { runtime: active ? format.runtime(active.runtime, active) : { containerGroups: [] } };
    },
  );

  app.patch(
    '/workloads/:workload_id/settings',
    {
      schema: {
        tags,
        operationId: 'updateWorkloadSettings',
        summary: 'Change the runtime: a rolling replacement onto the same artifact',
        params: WorkloadParams,
        body: UpdateSettingsRequest,
        response: {
          202: Replacement,
          ...notFoundErrors,
          409: ErrorResponse.describe('A replacement is already in progress.'),
        },
      },
    },
    async (request, reply) => {
      const record = emulator.replacements.updateSettings(
        request.principal,
        request.params.workload_id,
        request.body.runtime,
      );
      return reply.code(202).send(format.replacement(record));
    },
  );
};
