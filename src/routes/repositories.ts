import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors, ErrorResponse, IdParam, NoContent, notFoundErrors } from '../schemas/common.js';
import {
  ArtifactRepositoryFormatted,
  ArtifactRepositoryListResponse,
  ListArtifactRepositoriesQuery,
} from '../schemas/repository.js';
import { pageOf } from './pagination.js';

export const RepositoryParams = z.object({
  artifact_repository_id: IdParam.describe('Artifact repository id'),
});
const tags = ['artifacts'];

export const repositoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;

  app.get(
    '/artifactRepositories',
    {
      schema: {
        tags,
        operationId: 'listArtifactRepositories',
        summary: 'List artifact repositories',
        querystring: ListArtifactRepositoriesQuery,
        response: { 200: ArtifactRepositoryListResponse, ...commonErrors },
      },
    },
    async (request) => {
      const sizes = emulator.repositories.sizes(request.principal);
      return pageOf(
        request,
        emulator.repositories.list(request.principal, request.query),
        request.query,
        (r) => format.repository(r, sizes.get(r.id) ?? 0),
      );
    },
  );

  app.get(
    '/artifactRepositories/:artifact_repository_id',
    {
      schema: {
        tags,
        operationId: 'getArtifactRepository',
        summary: 'Get an artifact repository',
        params: RepositoryParams,
        response: { 200: ArtifactRepositoryFormatted, ...notFoundErrors },
      },
    },
    async (request) => {
      const id = request.params.artifact_repository_id;
      const repository = emulator.repositories.get(request.principal, id);
      return format.repository(repository, emulator.repositories.size(request.principal, id));
    },
  );

  app.delete(
    '/artifactRepositories/:artifact_repository_id',
    {
      schema: {
        tags,
        operationId: 'deleteArtifactRepository',
        summary: 'Delete a repository and its artifacts, unless one is locked or in use',
        params: RepositoryParams,
        response: {
          204: NoContent,
          ...notFoundErrors,
          409: ErrorResponse.describe(
            'The repository holds locked artifacts or artifacts in use by workloads.',
          ),
        },
      },
    },
    async (request, reply) => {
      emulator.repositories.delete(request.principal, request.params.artifact_repository_id);
      return reply.code(204).send();
    },
  );
};
