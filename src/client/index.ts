import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
export type WorkloadApiClient = Client<paths>;

export interface WorkloadApiClientOptions extends ClientOptions {
  /** Where the mock (or the platform) is, without /api/v2: http://localhost:8080. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` with every request (but those to /_mock when adminToken is set). */
  token?: string | undefined;
  /** The mock's MOCK_ADMIN_TOKEN: sent as the Bearer token of requests to its /_mock control routes. */
  adminToken?: string | undefined;
}

/**
 * A typed client of the Workload API as the mock publishes it (openapi-fetch over the generated
 * types): `client.GET('/api/v2/workloads/{workload_id}', { params: { path: { workload_id } } })`.
 */
export function createWorkloadApiClient(options: WorkloadApiClientOptions): WorkloadApiClient {
  const { token, adminToken, ...clientOptions } = options;
  const client = createClient<paths>(clientOptions);
  const basePath = new URL(options.baseUrl).pathname.replace(/\/+$/, '');
  if (token || adminToken) {
    client.use({
      onRequest({ request }) {
        const control = new URL(request.url).pathname.slice(basePath.length).startsWith('/_mock/');
        const bearer = control && adminToken ? adminToken : token;
        if (bearer) request.headers.set('Authorization', `Bearer ${bearer}`);
        return request;
      },
    });
  }
  return client;
}
