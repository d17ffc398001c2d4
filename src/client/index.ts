import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
export type WorkloadApiClient = Client<paths>;

export interface WorkloadApiClientOptions extends ClientOptions {
  /** Where the mock (or the platform) is, without /api/v2: http://localhost:8080. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` with every request. */
  token?: string | undefined;
}

/**
 * A typed client of the Workload API as the mock publishes it (openapi-fetch over the generated
 * types): `client.GET('/api/v2/workloads/{workload_id}', { params: { path: { workload_id } } })`.
 */
export function createWorkloadApiClient(options: WorkloadApiClientOptions): WorkloadApiClient {
  const { token, ...clientOptions } = options;
  const client = createClient<paths>(clientOptions);
  if (token) {
    client.use({
      onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}
