import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkloadApiClient, type WorkloadApiClient } from 'workload-api-mock/client';
import { CLIENT_TYPES_PATH, renderClientTypes } from '../scripts/client-types.js';
import { buildApp } from '../src/app.js';
import { serviceArtifact } from './fixtures.js';
import { T0 } from './helpers.js';
import { recordResponse } from './recorder.js';

describe('the typed client', () => {
  it('is generated from the committed OpenAPI document (run `npm run openapi` after a change)', async () => {
    expect(readFileSync(CLIENT_TYPES_PATH, 'utf8')).toBe(await renderClientTypes());
  });
});

/** fetch that records every response, so the contract tests check these bodies too. */
const recordingFetch = async (input: Request): Promise<Response> => {
  const response = await fetch(input);
  const url = new URL(input.url);
  recordResponse({
    method: input.method,
    url: url.pathname + url.search,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.clone().text(),
  });
  return response;
};

describe('the replace tutorial through the typed client, over a real socket', () => {
  let app: FastifyInstance;
  let api: WorkloadApiClient;
  let other: WorkloadApiClient;
  let anonymous: WorkloadApiClient;

  beforeAll(async () => {
    app = await buildApp({ config: { clock: { mode: 'manual', scale: 60, start: T0 }, seed: 'client' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    api = createWorkloadApiClient({ baseUrl, token: 'tutorial', fetch: recordingFetch });
    other = createWorkloadApiClient({ baseUrl, token: 'other-tenant', fetch: recordingFetch });
    anonymous = createWorkloadApiClient({ baseUrl, fetch: recordingFetch });
  });
  afterAll(() => app.close());

  async function advance(seconds: number) {
    const res = await api.POST('/_mock/clock/advance', { body: { seconds } });
    expect(res.response.status).toBe(200);
  }

  /** Moves the clock to the next scheduled transition of the simulation (what a poller might see next). */
  async function advanceToNextTransition() {
    const clock = (await api.GET('/_mock/clock')).data!;
    expect(clock.nextTransitionAt).not.toBeNull();
    await advance((Date.parse(clock.nextTransitionAt!) - clock.epochMs) / 1000);
  }

  async function lockedArtifact(name: string, image: string): Promise<string> {
    const created = await api.POST('/api/v2/artifacts', { body: serviceArtifact({ name }, image) });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    const locked = await api.PATCH('/api/v2/artifacts/{artifact_id}', {
      params: { path: { artifact_id: id } },
      body: { status: 'locked' },
    });
    expect(locked.data?.status).toBe('locked');
    return id;
  }

  it('replaces the artifact behind a running workload, keeping its endpoint, and monitors it', async () => {
    const oldArtifact = await lockedArtifact('agent-v1', 'registry.example.com/agent:1.0');
    const newArtifact = await lockedArtifact('agent-v2', 'registry.example.com/agent:2.0');
    const created = await api.POST('/api/v2/workloads', {
      body: {
        name: 'agent-prod',
        artifactId: oldArtifact,
        importance: 'high',
        runtime: {
          containerGroups: [
            {
              name: 'default',
              replicaCount: 2,
              containers: [{ name: 'agent', resourceAllocation: { cpu: 2, memory: '4GB' } }],
            },
          ],
        },
      },
    });
    expect(created.response.status).toBe(201);
    const workloadId = created.data!.id;
    const workloadPath = { params: { path: { workload_id: workloadId } } };
    await advance(20);
    const running = await api.GET('/api/v2/workloads/{workload_id}', workloadPath);
    expect(running.data).toMatchObject({ status: 'running', artifactId: oldArtifact });
    const endpoint = running.data!.endpoint;
    expect(endpoint).toMatch(new RegExp(`/api/v2/endpoints/workloads/${workloadId}/$`));
    // The endpoint through the typed client: the path below it is a parameter, the body anything.
    const predicted = await api.POST('/api/v2/endpoints/workloads/{workload_id}/{path}', {
      params: { path: { workload_id: workloadId, path: 'v1/predict' } },
      body: { rows: [[1, 2]] },
    });
    expect(predicted.response.status).toBe(200);
    expect(predicted.data).toMatchObject({ path: '/v1/predict', method: 'POST' });

    // Step 1: the replacement, with autoscaling in the same call.
    const replacement = await api.POST('/api/v2/workloads/{workload_id}/replacement', {
      ...workloadPath,
      body: {
        artifactId: newArtifact,
        strategy: 'rolling',
        config: { warmupDurationMinutes: 10, keepOldVersionMinutes: 60 },
        runtime: {
          containerGroups: [
            {
              name: 'default',
              containers: [{ name: 'agent', resourceAllocation: { cpu: 2, memory: '4GB' } }],
              autoscaling: {
                enabled: true,
                policies: [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 2, maxCount: 10 }],
              },
            },
          ],
        },
      },
    });
    expect(replacement.response.status).toBe(202);
    expect(replacement.data).toMatchObject({ candidateArtifactId: newArtifact, status: 'submitted' });
    const again = await api.POST('/api/v2/workloads/{workload_id}/replacement', {
      ...workloadPath,
      body: { artifactId: newArtifact, strategy: 'rolling' },
    });
    expect(again.response.status).toBe(422);
    const unknown = await api.POST('/api/v2/workloads/{workload_id}/replacement', {
      params: { path: { workload_id: '0'.repeat(24) } },
      body: { artifactId: newArtifact, strategy: 'rolling' },
    });
    expect(unknown.response.status).toBe(404);

    // Step 2: monitor, from one transition of the simulation to the next, with the three OpenTelemetry calls.
    const replacementStatuses: string[] = [];
    const candidateStatuses: string[] = [];
    const workloadStatuses: string[] = [];
    let candidateId: string | undefined;
    let startupLinesSeen = false;
    for (let step = 0; step < 500; step++) {
      const current = await api.GET('/api/v2/workloads/{workload_id}/replacement', workloadPath);
      const status = current.data?.status ?? 'gone';
      if (replacementStatuses.at(-1) !== status) replacementStatuses.push(status);
      const protons = (await api.GET('/api/v2/workloads/{workload_id}/protons', workloadPath)).data!.data;
      const candidate = protons.find((p) => p.role === 'candidate');
      if (candidate) {
        candidateId = candidate.id;
        if (candidateStatuses.at(-1) !== candidate.status) candidateStatuses.push(candidate.status);
        const logs = await api.GET('/api/v2/otel/{entityType}/{entityId}/logs', {
          params: { path: { entityType: 'workload', entityId: workloadId }, query: { limit: 1000 } },
        });
        expect(logs.response.status).toBe(200);
        startupLinesSeen ||= logs.data!.data.some(
          (line) =>
            line.attributes['datarobot.proton.id'] === candidate.id &&
            line.message === 'Started container agent (image registry.example.com/agent:2.0)',
        );
        for (const kind of ['traces', 'metrics'] as const) {
          const res = await api.GET(`/api/v2/otel/{entityType}/{entityId}/${kind}`, {
            params: { path: { entityType: 'workload', entityId: workloadId } },
          });
          expect(res.response.status, kind).toBe(200);
        }
      }
      const workload = await api.GET('/api/v2/workloads/{workload_id}', workloadPath);
      if (workloadStatuses.at(-1) !== workload.data!.status) workloadStatuses.push(workload.data!.status!);
      if (status === 'completed') break;
      await advanceToNextTransition();
    }
    expect(replacementStatuses).toEqual([
      'submitted',
      'initializing',
      'promoting',
      'finalizing',
      'completed',
    ]);
    expect(candidateStatuses).toContain('warming');
    expect(workloadStatuses).toEqual(['running']);
    expect(startupLinesSeen).toBe(true);

    // Step 3: the final state.
    const protons = (await api.GET('/api/v2/workloads/{workload_id}/protons', workloadPath)).data!.data;
    expect(protons.map((p) => [p.id, p.artifactId, p.role, p.status])).toEqual([
      [candidateId, newArtifact, 'active', 'running'],
    ]);
    const final = (await api.GET('/api/v2/workloads/{workload_id}', workloadPath)).data!;
    expect(final).toMatchObject({ artifactId: newArtifact, status: 'running', endpoint });
    const history = (await api.GET('/api/v2/workloads/{workload_id}/history', workloadPath)).data!;
    expect(history.data[0]).toMatchObject({
      candidateArtifactId: newArtifact,
      candidateProtonIds: [candidateId],
    });
    const events = await api.GET('/api/v2/workloads/{workload_id}/events', {
      params: { path: { workload_id: workloadId }, query: { limit: 100 } },
    });
    const replacementEvents = events.data!.data.filter(
      (e) => e.details?.replacementId === replacement.data!.id,
    );
    expect(replacementEvents.length).toBeGreaterThanOrEqual(3);

    // Another tenant sees nothing; no token is a 401.
    const foreign = await other.GET('/api/v2/workloads/{workload_id}', workloadPath);
    expect(foreign.response.status).toBe(404);
    expect(foreign.error).toEqual({ detail: expect.any(String) });
    expect((await anonymous.GET('/api/v2/workloads/{workload_id}', workloadPath)).response.status).toBe(401);
  });
});

describe('the typed client with an admin token', () => {
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    app = await buildApp({
      config: {
        clock: { mode: 'manual', scale: 60, start: T0 },
        seed: 'client-admin',
        adminToken: 'root-secret',
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it('sends the admin token to /_mock and the tenant token to the API', async () => {
    const api = createWorkloadApiClient({ baseUrl, token: 'tenant-a', adminToken: 'root-secret' });
    const clock = await api.GET('/_mock/clock');
    expect(clock.response.status).toBe(200);
    const created = await api.POST('/api/v2/artifacts', { body: serviceArtifact({ name: 'client-admin' }) });
    expect(created.response.status).toBe(201);
    const state = await api.GET('/_mock/state');
    expect(JSON.stringify(state.data)).toContain('tenant-a');
    // Operations whose body is optional are called without one (this would not type-check otherwise).
    const reset = await api.POST('/_mock/reset');
    expect(reset.data).toEqual({ reset: 'all' });
  });

  it('takes the API URL as its base as well (the paths carry /api/v2)', async () => {
    const api = createWorkloadApiClient({
      baseUrl: `${baseUrl}/api/v2/`,
      token: 'tenant-a',
      adminToken: 'root-secret',
    });
    expect((await api.GET('/api/v2/workloads')).response.status).toBe(200);
    expect((await api.GET('/_mock/clock')).response.status).toBe(200);
  });

  it('without it, /_mock refuses the tenant token', async () => {
    const api = createWorkloadApiClient({ baseUrl, token: 'tenant-a' });
    expect((await api.GET('/_mock/clock')).response.status).toBe(401);
    expect((await api.GET('/api/v2/workloads')).response.status).toBe(200);
  });
});

describe('the typed client in front of a path prefix', () => {
  /** A fetch that answers {} and notes the path and Authorization of each request. */
  function notingFetch(seen: [string, string | null][]) {
    return async (request: Request): Promise<Response> => {
      seen.push([new URL(request.url).pathname, request.headers.get('authorization')]);
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    };
  }

  it.each([
    {
      given: 'a tenant and an admin token',
      baseUrl: 'http://proxy.invalid/mock/api/v2',
      token: 'tenant-a',
      apiAuthorization: 'Bearer tenant-a',
    },
    // An admin token alone authorises /_mock and sends the API no Authorization.
    {
      given: 'an admin token alone',
      baseUrl: 'http://proxy.invalid/mock/',
      token: undefined,
      apiAuthorization: null,
    },
  ])(
    'given $given, sends the admin token to /_mock below the prefix and the tenant token to the API',
    async ({ baseUrl, token, apiAuthorization }) => {
      const seen: [string, string | null][] = [];
      const api = createWorkloadApiClient({
        baseUrl,
        token,
        adminToken: 'root-secret',
        fetch: notingFetch(seen),
      });
      await api.GET('/_mock/clock');
      await api.GET('/api/v2/workloads');
      expect(seen).toEqual([
        ['/mock/_mock/clock', 'Bearer root-secret'],
        ['/mock/api/v2/workloads', apiAuthorization],
      ]);
    },
  );
});
