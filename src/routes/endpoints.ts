import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponse, notFoundErrors } from '../schemas/common.js';
import { EndpointEcho, EndpointParams } from '../schemas/endpoint.js';
import { onClientGone } from '../wire.js';

/** Headers of the endpoint's answers. */
export const UPSTREAM_HEADER = 'x-workload-mock-upstream';
export const LATENCY_HEADER = 'x-workload-mock-latency-ms';
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The path below the endpoint as the client sent it. The router, ignoring a trailing slash to
 * match the API's routes, takes one off the wildcard too; the workload's server would see it.
 */
function pathBelow(wildcard: string | undefined, url: string): string {
  if (wildcard === undefined) return '/';
  const query = url.indexOf('?');
  return (query === -1 ? url : url.slice(0, query)).endsWith('/') ? `/${wildcard}/` : `/${wildcard}`;
}

/** A workload's own server, not the FastAPI control plane: it answers HEAD as well. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The stable endpoint of each workload, `/api/v2/endpoints/workloads/{id}/...`: any method and
 * path, answered by the simulated workload (see domain/endpoint.ts). Answers of a replica carry
 * `X-Workload-Mock-Upstream: simulated`, so its 5xx (an ErrorRate fault, overload) are told apart
 * from the gateway's 503 (no ready replica) and 504 (a cold start that did not finish in time).
 */
export const endpointRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator } = app;
  // Requests waiting for a cold start are answered before the server stops waiting for them.
  app.addHook('preClose', async () => emulator.endpoint.close());

  for (const method of METHODS) {
    for (const url of ['/endpoints/workloads/:workload_id', '/endpoints/workloads/:workload_id/*']) {
      const bare = !url.endsWith('*');
      app.route({
        method,
        url,
        config: { passesAnyBody: true },
        schema: {
          // One documented operation per method: the path below the endpoint is `{path}`.
          hide: bare || method === 'HEAD',
          tags: ['endpoints'],
          operationId: `callWorkloadEndpoint${method[0]}${method.slice(1).toLowerCase()}`,
          summary: `Send a ${method} request to a workload's endpoint (served by the simulated workload)`,
          params: EndpointParams,
          response: {
            200: EndpointEcho,
            ...notFoundErrors,
            500: ErrorResponse.describe('The simulated workload failed the request (an ErrorRate fault).'),
            503: ErrorResponse.describe(
              'No replica is ready (from the gateway), or the replica is overloaded (from the workload).',
            ),
            504: ErrorResponse.describe(
              'No replica became ready within MOCK_COLD_START_TIMEOUT (cold start).',
            ),
          },
        },
        handler: async (request, reply) => {
          const header = request.headers[REQUEST_ID_HEADER];
          const answer = await emulator.endpoint.handle(request.principal, request.params.workload_id, {
            method: request.method,
            path: pathBelow(request.params['*'], request.url),
            query: (request.query ?? {}) as Record<string, string | string[]>,
            requestId: typeof header === 'string' ? header.trim() : undefined,
            onClientGone: (listener) => onClientGone(reply.raw, listener),
          });
          reply.header(REQUEST_ID_HEADER, answer.requestId);
          reply.header(LATENCY_HEADER, String(answer.latencyMs));
          if (answer.upstream) reply.header(UPSTREAM_HEADER, 'simulated');
          return reply.code(answer.status as 200).send(answer.body as never);
        },
      });
    }
  }
};
