import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
export type WorkloadApiClient = Client<paths>;

export interface WorkloadApiClientOptions extends ClientOptions {
  /** Where the mock (or the platform) is: http://localhost:8080 (a trailing /api/v2 is dropped: the paths hold it). */
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
  // An API URL (startMockServer's apiUrl, DATAROBOT_ENDPOINT) would double the prefix the paths carry.
  const baseUrl = options.baseUrl.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  const client = createClient<paths>({ ...clientOptions, baseUrl });
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
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
