import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponse, notFoundErrors, PaginationQuery } from '../schemas/common.js';
import {
  CreateReplacementRequest,
  Replacement,
  ReplacementHistoryListResponse,
} from '../schemas/replacement.js';
import { WorkloadParams } from '../schemas/workload.js';
import { pageOf } from './pagination.js';

const tags = ['workloads'];

export const replacementRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;

  app.post(
    '/workloads/:workload_id/replacement',
    {
      schema: {
        tags,
        operationId: 'createWorkloadReplacement',
        summary: 'Swap the artifact behind a running workload; the endpoint stays the same',
        params: WorkloadParams,
        body: CreateReplacementRequest,
        response: {
          202: Replacement,
          400: ErrorResponse.describe('One artifact is locked and the other a draft.'),
          ...notFoundErrors,
        },
      },
    },
    async (request, reply) => {
      const record = emulator.replacements.create(
        request.principal,
        request.params.workload_id,
        request.body,
      );
      return reply.code(202).send(format.replacement(record));
    },
  );

  app.get(
    '/workloads/:workload_id/replacement',
    {
      schema: {
        tags,
        operationId: 'getWorkloadReplacement',
        summary: 'The current replacement of a workload',
        params: WorkloadParams,
        response: { 200: Replacement, ...notFoundErrors },
      },
    },
    async (request) =>
      format.replacement(emulator.replacements.current(request.principal, request.params.workload_id)),
  );

  app.delete(
    '/workloads/:workload_id/replacement',
    {
      schema: {
        tags,
        operationId: 'cancelWorkloadReplacement',
        summary: 'Cancel the replacement: the workload ends on its original artifact',
        params: WorkloadParams,
        response: { 202: Replacement, ...notFoundErrors },
      },
    },
    async (request, reply) => {
      const record = emulator.replacements.cancel(request.principal, request.params.workload_id);
      return reply.code(202).send(format.replacement(record));
    },
  );

  app.get(
    '/workloads/:workload_id/history',
    {
      schema: {
        tags,
        operationId: 'listWorkloadArtifactHistory',
        summary: 'Every replacement of a workload, newest first',
        params: WorkloadParams,
        querystring: PaginationQuery,
        response: { 200: ReplacementHistoryListResponse, ...notFoundErrors },
      },
    },
    async (request) => {
      const workload = emulator.workloads.get(request.principal, request.params.workload_id);
      return pageOf(request, emulator.replacements.history(workload), request.query, (r) =>
        format.replacement(r),
      );
    },
  );
};
