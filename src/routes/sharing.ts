import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Shareable } from '../domain/sharing.js';
import { IdParam, NoContent, notFoundErrors, PaginationQuery } from '../schemas/common.js';
import { SharedRoleListResponse, SharedRolesUpdateRequest } from '../schemas/sharing.js';
import type { Principal } from '../store/store.js';
import { pageOf } from './pagination.js';

interface SharedResource {
  path: string;
  param: string;
  tag: string;
  /** Operation ids: [list, update]. */
  operations: [string, string];
  noun: string;
  find: (principal: Principal, id: string) => Shareable;
}

/** GET and PATCH sharedRoles of workloads, artifacts and artifact repositories. */
export const sharingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;
  const resources: SharedResource[] = [
    {
      path: '/workloads/:workload_id/sharedRoles',
      param: 'workload_id',
      tag: 'workloads',
      operations: ['listWorkloadSharedRoles', 'updateWorkloadSharedRoles'],
      noun: 'workload',
      find: (principal, id) => emulator.workloads.get(principal, id),
    },
    {
      path: '/artifacts/:artifact_id/sharedRoles',
      param: 'artifact_id',
      tag: 'artifacts',
      operations: ['listArtifactSharedRoles', 'updateArtifactSharedRoles'],
      noun: 'artifact',
      find: (principal, id) => emulator.artifacts.get(principal, id),
    },
    {
      path: '/artifactRepositories/:artifact_repository_id/sharedRoles',
      param: 'artifact_repository_id',
      tag: 'artifacts',
      operations: ['listArtifactRepositorySharedRoles', 'updateArtifactRepositorySharedRoles'],
      noun: 'artifact repository',
      find: (principal, id) => emulator.artifacts.repository(principal, id),
    },
  ];

  for (const resource of resources) {
    const params = z.object({ [resource.param]: IdParam.describe(`The ${resource.noun} id`) });
    const idOf = (request: { params: unknown }) =>
      (request.params as Record<string, string>)[resource.param]!;

    app.get(
      resource.path,
      {
        schema: {
          tags: [resource.tag],
          operationId: resource.operations[0],
          summary: `Who has access to the ${resource.noun}, and with which role (its creator owns it)`,
          params,
          querystring: PaginationQuery,
          response: { 200: SharedRoleListResponse, ...notFoundErrors },
        },
      },
      async (request) => {
        const target = resource.find(request.principal, idOf(request));
        return pageOf(request, emulator.sharing.list(target), request.query, (role) =>
          format.sharedRole(role),
        );
      },
    );

    app.patch(
      resource.path,
      {
        schema: {
          tags: [resource.tag],
          operationId: resource.operations[1],
          summary: `Replace the roles shared on the ${resource.noun}`,
          params,
          body: SharedRolesUpdateRequest,
          response: { 204: NoContent, ...notFoundErrors },
        },
      },
      async (request, reply) => {
        const target = resource.find(request.principal, idOf(request));
        emulator.sharing.update(target, request.body);
        return reply.code(204).send();
      },
    );
  }
};
