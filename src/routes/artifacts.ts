import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ArtifactCloneRequest,
  ArtifactFormatted,
  ArtifactListResponse,
  InputArtifact,
  ListArtifactsQuery,
  UpdateArtifactRequest,
} from '../schemas/artifact.js';
import { commonErrors, ErrorResponse, IdParam, NoContent, notFoundErrors } from '../schemas/common.js';
import { page } from './pagination.js';

const ArtifactParams = z.object({ artifact_id: IdParam.describe('Artifact id') });
const tags = ['artifacts'];

export const artifactRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;

  app.get(
    '/artifacts',
    {
      schema: {
        tags,
        operationId: 'listArtifacts',
        summary: 'List artifacts',
        querystring: ListArtifactsQuery,
        response: { 200: ArtifactListResponse, ...commonErrors },
      },
    },
    async (request) => {
      const { offset, limit } = request.query;
      const { total, items } = emulator.artifacts.list(request.principal, request.query);
      return page(
        request,
        items.map((a) => format.artifact(a)),
        total,
        offset,
        limit,
      );
    },
  );

  app.post(
    '/artifacts',
    {
      schema: {
        tags,
        operationId: 'createArtifact',
        summary: 'Create an artifact (a draft unless the body says locked)',
        body: InputArtifact,
        response: { 201: ArtifactFormatted, ...commonErrors },
      },
    },
    async (request, reply) => {
      const artifact = emulator.artifacts.create(
        request.principal,
        request.body as z.output<typeof InputArtifact>,
      );
      return reply.code(201).send(format.artifact(artifact));
    },
  );

  app.get(
    '/artifacts/:artifact_id',
    {
      schema: {
        tags,
        operationId: 'getArtifact',
        summary: 'Get an artifact',
        params: ArtifactParams,
        response: { 200: ArtifactFormatted, ...notFoundErrors },
      },
    },
    async (request) => format.artifact(emulator.artifacts.get(request.principal, request.params.artifact_id)),
  );

  app.patch(
    '/artifacts/:artifact_id',
    {
      schema: {
        tags,
        operationId: 'patchArtifact',
        summary: 'Change some fields of a draft artifact, or lock it with {"status": "locked"}',
        params: ArtifactParams,
        body: UpdateArtifactRequest,
        response: {
          200: ArtifactFormatted,
          ...notFoundErrors,
          403: ErrorResponse.describe('The artifact is locked.'),
        },
      },
    },
    async (request) =>
      format.artifact(emulator.artifacts.patch(request.principal, request.params.artifact_id, request.body)),
  );

  app.put(
    '/artifacts/:artifact_id',
    {
      schema: {
        tags,
        operationId: 'updateArtifact',
        summary: 'Replace every field of a draft artifact',
        params: ArtifactParams,
        body: InputArtifact,
        response: {
          200: ArtifactFormatted,
          ...notFoundErrors,
          403: ErrorResponse.describe('The artifact is locked.'),
        },
      },
    },
    async (request) =>
      format.artifact(
        emulator.artifacts.put(
          request.principal,
          request.params.artifact_id,
          request.body as z.output<typeof InputArtifact>,
        ),
      ),
  );

  app.delete(
    '/artifacts/:artifact_id',
    {
      schema: {
        tags,
        operationId: 'deleteArtifact',
        summary: 'Delete a draft artifact no workload uses',
        params: ArtifactParams,
        response: {
          204: NoContent,
          ...notFoundErrors,
          409: ErrorResponse.describe('The artifact is locked or in use by a workload.'),
        },
      },
    },
    async (request, reply) => {
      emulator.artifacts.delete(request.principal, request.params.artifact_id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/artifacts/:artifact_id/clone',
    {
      schema: {
        tags,
        operationId: 'cloneArtifact',
        summary: 'Copy an artifact into a new draft of the same repository',
        params: ArtifactParams,
        body: ArtifactCloneRequest,
        response: { 200: ArtifactFormatted, ...notFoundErrors },
      },
    },
    async (request) =>
      format.artifact(
        emulator.artifacts.clone(request.principal, request.params.artifact_id, request.body.name),
      ),
  );
};
