import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autoscaledRuntime,
  buildableArtifact,
  createArtifact,
  createWorkload,
  nimArtifact,
  POD_COURSE_SECONDS,
  replicas,
  serviceArtifact,
  sidecarArtifact,
  twoGroupArtifact,
  type WorkloadBody,
  workloadBody,
} from './fixtures.js';
import { at, type Client, createTestApp, type TestApp } from './helpers.js';
import { statusDetails } from './sim-helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

describe('workloads', () => {
  it('creates a workload in the reference shape with a fixed endpoint', async () => {
    const artifactId = await createArtifact(api);
    const created = await api.post('workloads', workloadBody(artifactId, { runtime: replicas(2) }));
    expect(created.status).toBe(201);
    const w = created.body;
    expect(w).toMatchObject({
      name: 'agent-prod',
      importance: 'high',
      status: 'submitted',
      type: 'service',
      artifactId,
      artifact: { id: artifactId, name: 'agent', status: 'locked', version: 1, type: 'service' },
      replacement: null,
      createdAt: at(0),
      updatedAt: at(0),
      runtime: {
        containerGroups: [
          {
            name: 'default',
            replicaCount: 2,
            autoscaling: null,
            containers: [{ name: 'agent', resourceAllocation: { cpu: 2, memory: '4GB' } }],
          },
        ],
      },
    });
    expect(w.endpoint).toBe(`http://localhost:80/api/v2/endpoints/workloads/${w.id}/`);
    expect(w.protonId).toMatch(/^[0-9a-f]{24}$/);
    expect(w.creator.id).toMatch(/^[0-9a-f]{24}$/);
    expect((await api.get(`workloads/${w.id}`)).body).toEqual(w);
  });

  it("names its proton from the workload name's slug, cut at 30 characters, and the proton id's last 6", async () => {
    const artifactId = await createArtifact(api);
    const created = await api.post(
      'workloads',
      workloadBody(artifactId, { name: 'Fraud Scoring: EU Region, Payments & Refunds' }),
    );
    const { protonId } = created.body;
    const [proton] = (await api.get(`workloads/${created.body.id}/protons`)).body.data;
    expect(proton.name).toBe(`fraud-scoring-eu-region-paymen-${protonId.slice(-6)}`);
    const [pod] = (await statusDetails(api, created.body.id)).replicas;
    expect(pod.name.startsWith(`${proton.name}-`)).toBe(true);
  });

  it("answers a proton only under its own workload: another workload's is not found", async () => {
    const artifactId = await createArtifact(api);
    const first = (await api.post('workloads', workloadBody(artifactId))).body;
    const second = (await api.post('workloads', workloadBody(artifactId))).body;
    expect((await api.get(`workloads/${first.id}/protons/${first.protonId}`)).status).toBe(200);
    for (const path of ['', '/statusDetails']) {
      const crossed = await api.get(`workloads/${first.id}/protons/${second.protonId}${path}`);
      expect(crossed.status, path).toBe(404);
      expect(crossed.body.detail, path).toBe('Proton not found.');
    }
  });

  it('takes MOCK_PUBLIC_URL for the endpoint when set', async () => {
    const other = await createTestApp({ publicUrl: 'https://mock.example.com' });
    const client = other.client();
    const artifactId = await createArtifact(client);
    const created = await client.post('workloads', workloadBody(artifactId));
    expect(created.body.endpoint).toBe(
      `https://mock.example.com/api/v2/endpoints/workloads/${created.body.id}/`,
    );
    // Only endpoints: trackVia is an API link, on the origin the client reached.
    const stopped = await client.post(`workloads/${created.body.id}/stop`);
    expect(stopped.body.trackVia).toBe(`http://localhost:80/api/v2/workloads/${created.body.id}/`);
    await other.close();
  });

  it('defaults the runtime to one replica of every container of every group', async () => {
    const artifactId = await createArtifact(api, sidecarArtifact());
    const created = await api.post('workloads', { name: 'w', artifactId });
    expect(created.status).toBe(201);
    expect(created.body.importance).toBe('low');
    expect(created.body.runtime.containerGroups).toEqual([
      expect.objectContaining({
        name: 'default',
        replicaCount: 1,
        containers: [
          { name: 'app', resourceAllocation: null },
          { name: 'sidecar', resourceAllocation: null },
        ],
      }),
    ]);
  });

  it('creates the artifact inline, as a draft in one step', async () => {
    const created = await api.post('workloads', {
      name: 'inline',
      artifact: serviceArtifact({ name: 'inline-art' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.artifact).toMatchObject({ name: 'inline-art', status: 'draft' });
    expect((await api.get(`artifacts/${created.body.artifactId}`)).status).toBe(200);
  });

  it('creates an inline artifact locked when its body says so, and refuses one it cannot run at body.artifact', async () => {
    const locked = await api.post('workloads', {
      name: 'inline',
      artifact: serviceArtifact({ name: 'inline-locked', status: 'locked' }),
    });
    expect(locked.status).toBe(201);
    expect(locked.body.artifact).toMatchObject({ name: 'inline-locked', status: 'locked', version: 1 });
    // Code still to build: the refusal points at the inline artifact, and nothing is left behind.
    const unbuilt = await api.post('workloads', { name: 'inline', artifact: buildableArtifact() });
    expect(unbuilt.status).toBe(422);
    expect(unbuilt.body.detail[0].loc).toEqual(['body', 'artifact']);
    expect((await api.get('artifacts')).body.totalCount).toBe(1);
  });

  it('needs exactly one of artifactId and artifact, and an existing artifact', async () => {
    const artifactId = await createArtifact(api);
    const neither = await api.post('workloads', { name: 'w' });
    expect(neither.status).toBe(422);
    const oneOf = {
      loc: ['body'],
      type: 'value_error',
      msg: 'Value error, give exactly one of artifactId or artifact',
    };
    expect(neither.body.detail[0]).toMatchObject(oneOf);
    const both = await api.post('workloads', { name: 'w', artifactId, artifact: serviceArtifact() });
    expect(both.status).toBe(422);
    expect(both.body.detail[0]).toMatchObject(oneOf);
    const missing = await api.post('workloads', { name: 'w', artifactId: '0123456789abcdef01234567' });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Artifact not found.');
  });

  it('validates the runtime against the artifact, leaving nothing behind when it fails', async () => {
    const artifactId = await createArtifact(api);
    const cases: [unknown, (string | number)[]][] = [
      [
        { containerGroups: [{ name: 'gpu', replicaCount: 1 }] },
        ['body', 'runtime', 'containerGroups', 0, 'name'],
      ],
      [
        { containerGroups: [{ name: 'default', containers: [{ name: 'nope' }] }] },
        ['body', 'runtime', 'containerGroups', 0, 'containers', 0, 'name'],
      ],
      [
        {
          containerGroups: [
            {
              name: 'default',
              replicaCount: 2,
              autoscaling: {
                enabled: true,
                policies: [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 1, maxCount: 3 }],
              },
            },
          ],
        },
        ['body', 'runtime', 'containerGroups', 0],
      ],
      [
        {
          containerGroups: [
            {
              name: 'default',
              autoscaling: {
                policies: [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 5, maxCount: 3 }],
              },
            },
          ],
        },
        ['body', 'runtime', 'containerGroups', 0, 'autoscaling', 'policies', 0],
      ],
    ];
    for (const [runtime, loc] of cases) {
      const refused = await api.post('workloads', { name: 'w', artifactId, runtime });
      expect(refused.status, JSON.stringify(runtime)).toBe(422);
      expect(refused.body.detail[0].loc).toEqual(loc);
    }
    // An unknown name is answered with the names the artifact declares.
    const undeclared = async (runtime: unknown) =>
      (await api.post('workloads', { name: 'w', artifactId, runtime })).body.detail[0].msg;
    expect(await undeclared(cases[0]![0])).toBe(
      "Value error, container group 'gpu' is not declared by the artifact (it declares 'default')",
    );
    expect(await undeclared(cases[1]![0])).toBe(
      "Value error, container 'nope' is not declared in group 'default' (it declares 'agent')",
    );
    // A container of a multi-container group is overridden with its resources or not at all.
    const sidecarId = await createArtifact(api, sidecarArtifact());
    const app = { name: 'app', resourceAllocation: { cpu: 1, memory: '2GB' } };
    for (const containers of [[{ name: 'app' }], [app, { name: 'sidecar', resourceAllocation: null }]]) {
      const runtime = { containerGroups: [{ name: 'default', containers }] };
      const refused = await api.post('workloads', { name: 'w', artifactId: sidecarId, runtime });
      expect(refused.status, JSON.stringify(runtime)).toBe(422);
      expect(refused.body.detail[0].loc).toEqual([
        ...['body', 'runtime', 'containerGroups', 0, 'containers', containers.length - 1],
        'resourceAllocation',
      ]);
    }
    const partial = { containerGroups: [{ name: 'default', containers: [app] }] };
    expect((await api.post('workloads', { name: 'w', artifactId: sidecarId, runtime: partial })).status).toBe(
      201,
    );
    await api.delete(`workloads/${(await api.get('workloads')).body.data[0].id}`);
    const inline = await api.post('workloads', {
      name: 'w',
      artifact: serviceArtifact({ name: 'never-stored' }),
      runtime: { containerGroups: [{ name: 'missing' }] },
    });
    expect(inline.status).toBe(422);
    expect((await api.get('artifacts?search=never-stored')).body.totalCount).toBe(0);
    expect((await api.get('workloads')).body.totalCount).toBe(0);
  });

  it('accepts autoscaling, legacy runtime fields and the top-level min/max bounds, answered per policy', async () => {
    const artifactId = await createArtifact(api);
    const autoscaled = await api.post('workloads', {
      name: 'auto',
      artifactId,
      runtime: {
        containerGroups: [
          {
            name: 'default',
            autoscaling: {
              enabled: true,
              policies: [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 2, maxCount: 10 }],
            },
          },
        ],
      },
    });
    expect(autoscaled.status).toBe(201);
    expect(autoscaled.body.runtime.containerGroups[0]).toMatchObject({
      replicaCount: null,
      autoscaling: {
        enabled: true,
        policies: [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 2, maxCount: 10 }],
      },
    });
    const bounds = await api.post('workloads', {
      name: 'bounds',
      artifactId,
      runtime: {
        containerGroups: [
          { name: 'default', autoscaling: { enabled: true, minReplicaCount: 1, maxReplicaCount: 4 } },
        ],
      },
    });
    expect(bounds.status).toBe(201);
    expect(bounds.body.runtime.containerGroups[0].autoscaling.policies[0]).toMatchObject({
      minCount: 1,
      maxCount: 4,
    });
    const legacy = await api.post('workloads', { name: 'legacy', artifactId, runtime: { replicaCount: 3 } });
    expect(legacy.status).toBe(201);
    expect(legacy.body.runtime.containerGroups[0].replicaCount).toBe(3);

    // A mistake in the legacy fields is located where they are, not in a group the body never had.
    const policies = [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 1, maxCount: 3 }];
    const both = await api.post('workloads', {
      name: 'legacy',
      artifactId,
      runtime: { replicaCount: 1, autoscaling: { enabled: true, policies } },
    });
    expect(both.status).toBe(422);
    expect(both.body.detail[0]).toMatchObject({
      loc: ['body', 'runtime'],
      msg: 'Value error, replicaCount cannot be set when autoscaling is enabled',
    });
    // No policies at all is what the reference's schema requires (pydantic's missing); an empty list
    // while enabled, what the mock refuses beyond it.
    const none = await api.post('workloads', { name: 'legacy', artifactId, runtime: { autoscaling: {} } });
    expect(none.body.detail).toEqual([
      { loc: ['body', 'runtime', 'autoscaling', 'policies'], msg: 'Field required', type: 'missing' },
    ]);
    // Disabled, too: the reference requires the field whatever enabled says.
    const disabled = await api.post('workloads', {
      name: 'legacy',
      artifactId,
      runtime: { containerGroups: [{ name: 'default', replicaCount: 2, autoscaling: { enabled: false } }] },
    });
    expect(disabled.body.detail).toEqual([
      {
        loc: ['body', 'runtime', 'containerGroups', 0, 'autoscaling', 'policies'],
        msg: 'Field required',
        type: 'missing',
      },
    ]);
    // Checked with the rest of the body, as pydantic checks it: beside another mistake in the
    // object, and before a rule across fields (replicaCount with autoscaling).
    const beside = await api.post('workloads', {
      name: 'legacy',
      artifactId,
      runtime: {
        containerGroups: [{ name: 'default', replicaCount: 2, autoscaling: { enabled: 'maybe', a: 1 } }],
      },
    });
    const found = beside.body.detail.map((item: any) => `${item.loc.slice(4).join('.')} ${item.type}`);
    expect(found.sort()).toEqual([
      'autoscaling.a extra_forbidden',
      'autoscaling.enabled bool_parsing',
      'autoscaling.policies missing',
    ]);
    const disabledEmpty = await api.post('workloads', {
      name: 'legacy',
      artifactId,
      runtime: {
        containerGroups: [
          { name: 'default', replicaCount: 2, autoscaling: { enabled: false, policies: [] } },
        ],
      },
    });
    expect(disabledEmpty.status).toBe(201);
    const empty = await api.post('workloads', {
      name: 'legacy',
      artifactId,
      runtime: { autoscaling: { policies: [] } },
    });
    expect(empty.body.detail).toEqual([
      {
        loc: ['body', 'runtime', 'autoscaling', 'policies'],
        msg: 'Value error, autoscaling needs at least one policy',
        type: 'value_error',
      },
    ]);
  });

  it('answers the top-level bounds alone, or over every policy given, in the per-policy shape', async () => {
    const artifactId = await createArtifact(api);
    const group = async (runtime: unknown) => {
      const created = await api.post('workloads', { name: 'w', artifactId, runtime });
      expect(created.status, JSON.stringify(runtime)).toBe(201);
      return created.body.runtime.containerGroups[0];
    };
    // A minimum alone: one CPU policy whose maximum is that minimum.
    const minOnly = await group({
      containerGroups: [{ name: 'default', autoscaling: { enabled: true, minReplicaCount: 3 } }],
    });
    expect(minOnly.autoscaling.policies).toEqual([
      { scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 3, maxCount: 3 },
    ]);
    // A maximum alone, at the runtime's level: the minimum is one.
    const maxOnly = await group({ autoscaling: { enabled: true, maxReplicaCount: 5 } });
    expect(maxOnly.autoscaling.policies).toMatchObject([{ minCount: 1, maxCount: 5 }]);
    // A minimum of 0 alone: the maximum is still one replica, not 0 (which no group could run).
    const zeroMin = await group({ autoscaling: { enabled: true, minReplicaCount: 0 } });
    expect(zeroMin.autoscaling.policies).toMatchObject([{ minCount: 0, maxCount: 1 }]);
    // Both, beside policies: every policy gets them.
    const over = await group({
      containerGroups: [
        {
          name: 'default',
          autoscaling: {
            enabled: true,
            minReplicaCount: 2,
            maxReplicaCount: 6,
            policies: [
              { scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 1, maxCount: 3 },
              { scalingMetric: 'httpRequestsConcurrency', target: 10, minCount: 0, maxCount: 4 },
            ],
          },
        },
      ],
    });
    expect(over.autoscaling.policies).toMatchObject([
      { scalingMetric: 'cpuAverageUtilization', minCount: 2, maxCount: 6 },
      { scalingMetric: 'httpRequestsConcurrency', minCount: 2, maxCount: 6 },
    ]);
    // A fixed count in a range of one is a range still.
    const fixed = await group({
      containerGroups: [
        {
          name: 'default',
          autoscaling: {
            enabled: true,
            policies: [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 2, maxCount: 2 }],
          },
        },
      ],
    });
    expect(fixed.autoscaling.policies).toMatchObject([{ minCount: 2, maxCount: 2 }]);
  });

  it('refuses policies no group could run, gpu metrics off NIM, and a group or container given twice', async () => {
    const artifactId = await createArtifact(api);
    const policy = (scalingMetric: string, minCount: number, maxCount: number) => ({
      containerGroups: [
        {
          name: 'default',
          autoscaling: { enabled: true, policies: [{ scalingMetric, target: 1, minCount, maxCount }] },
        },
      ],
    });
    const policyLoc = ['body', 'runtime', 'containerGroups', 0, 'autoscaling', 'policies', 0];
    const cases: [unknown, (string | number)[], RegExp][] = [
      [policy('httpRequestsConcurrency', 0, 0), [...policyLoc, 'maxCount'], /maxCount must be at least 1/],
      [policy('gpuCacheUtilization', 1, 2), [...policyLoc, 'scalingMetric'], /NIM artifacts only/],
      [policy('gpuRequestQueueDepth', 1, 2), [...policyLoc, 'scalingMetric'], /NIM artifacts only/],
      [
        { containerGroups: [{ name: 'default' }, { name: 'default', replicaCount: 2 }] },
        ['body', 'runtime', 'containerGroups', 1, 'name'],
        /container group 'default' is given twice/,
      ],
      [
        { containerGroups: [{ name: 'default', containers: [{ name: 'agent' }, { name: 'agent' }] }] },
        ['body', 'runtime', 'containerGroups', 0, 'containers', 1, 'name'],
        /container 'agent' is given twice/,
      ],
      // The legacy replicaCount makes a group of its own after those given: theirs keep their index.
      [
        { replicaCount: 2, containerGroups: [{ name: 'nope' }] },
        ['body', 'runtime', 'containerGroups', 0, 'name'],
        /container group 'nope' is not declared by the artifact/,
      ],
    ];
    for (const [runtime, loc, msg] of cases) {
      const refused = await api.post('workloads', { name: 'w', artifactId, runtime });
      expect(refused.status, JSON.stringify(runtime)).toBe(422);
      expect(refused.body.detail[0].loc, JSON.stringify(runtime)).toEqual(loc);
      expect(refused.body.detail[0].msg).toMatch(msg);
    }
    expect((await api.get('workloads')).body.totalCount).toBe(0);
    // On a NIM artifact both gpu metrics are taken.
    const nimId = await createArtifact(api, nimArtifact());
    for (const metric of ['gpuCacheUtilization', 'gpuRequestQueueDepth']) {
      const taken = await api.post('workloads', {
        name: 'w',
        artifactId: nimId,
        runtime: policy(metric, 1, 2),
      });
      expect(taken.status, metric).toBe(201);
      expect(taken.body.runtime.containerGroups[0].autoscaling.policies).toMatchObject([
        { scalingMetric: metric },
      ]);
    }
  });

  it("bounds a runtime as the reference does: replicaCount at least 1, a policy's target and a container's CPU and GPUs at least 0", async () => {
    const artifactId = await createArtifact(api);
    const policy = { scalingMetric: 'cpuAverageUtilization' as const, target: 0, minCount: 0, maxCount: 2 };
    const allocated = (resourceAllocation: { cpu?: number; gpu?: number }) => ({
      containerGroups: [{ name: 'default', containers: [{ name: 'agent', resourceAllocation }] }],
    });
    const allocationLoc = ['containerGroups', 0, 'containers', 0, 'resourceAllocation'];
    const cases: [NonNullable<WorkloadBody['runtime']>, (string | number)[], number][] = [
      [replicas(0), ['containerGroups', 0, 'replicaCount'], 1],
      [{ replicaCount: 0 }, ['replicaCount'], 1],
      [
        autoscaledRuntime([{ ...policy, target: -0.5 }]),
        ['containerGroups', 0, 'autoscaling', 'policies', 0, 'target'],
        0,
      ],
      [allocated({ cpu: -0.5 }), [...allocationLoc, 'cpu'], 0],
      [allocated({ gpu: -1 }), [...allocationLoc, 'gpu'], 0],
    ];
    for (const [runtime, loc, ge] of cases) {
      const refused = await api.post('workloads', { name: 'w', artifactId, runtime });
      expect(refused.status, JSON.stringify(runtime)).toBe(422);
      expect(refused.body.detail, JSON.stringify(runtime)).toMatchObject([
        { loc: ['body', 'runtime', ...loc], type: 'greater_than_equal', ctx: { ge } },
      ]);
    }
    const lowest = await api.post('workloads', {
      name: 'w',
      artifactId,
      runtime: autoscaledRuntime([policy]),
    });
    expect(lowest.status, JSON.stringify(lowest.body)).toBe(201);
    expect(lowest.body.runtime.containerGroups[0].autoscaling.policies[0]).toMatchObject({
      target: 0,
      minCount: 0,
    });
  });

  it('reads a runtime group given no name as the "default" group, and refuses a runtime field it does not know', async () => {
    const artifactId = await createArtifact(api);
    const unnamed = await api.post('workloads', {
      name: 'w',
      artifactId,
      runtime: { containerGroups: [{ replicaCount: 2 }] },
    });
    expect(unnamed.status, JSON.stringify(unnamed.body)).toBe(201);
    expect(unnamed.body.runtime.containerGroups.map((g: any) => [g.name, g.replicaCount])).toEqual([
      ['default', 2],
    ]);
    const unknown = await api.post('workloads', { name: 'w', artifactId, runtime: { replicas: 2 } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toMatchObject([
      { loc: ['body', 'runtime', 'replicas'], type: 'extra_forbidden' },
    ]);
  });

  it('puts the legacy fields in the "default" group, wherever it is, unless that group says otherwise', async () => {
    const body = twoGroupArtifact();
    body.spec.containerGroups![1]!.name = 'default';
    const artifactId = await createArtifact(api, body);
    const resourceAllocation = { cpu: 1, memory: '2GB' };
    const api1 = {
      name: 'api',
      containers: [
        { name: 'log-shipper', resourceAllocation },
        { name: 'web', resourceAllocation },
      ],
    };
    const legacy = await api.post('workloads', { name: 'w', artifactId, runtime: { replicaCount: 3 } });
    expect(legacy.status).toBe(201);
    expect(legacy.body.runtime.containerGroups.map((g: any) => [g.name, g.replicaCount])).toEqual([
      ['api', 1],
      ['default', 3],
    ]);
    const policies = [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 1, maxCount: 3 }];
    const own = [{ scalingMetric: 'cpuAverageUtilization', target: 50, minCount: 2, maxCount: 4 }];
    const given = await api.post('workloads', {
      name: 'w',
      artifactId,
      runtime: {
        replicaCount: 3,
        autoscaling: { enabled: false, policies },
        containerGroups: [
          api1,
          { name: 'default', replicaCount: 2, autoscaling: { enabled: false, policies: own } },
        ],
      },
    });
    expect(given.status).toBe(201);
    expect(given.body.runtime.containerGroups[1]).toMatchObject({
      name: 'default',
      replicaCount: 2,
      autoscaling: { enabled: false, policies: [{ target: 50, minCount: 2, maxCount: 4 }] },
    });
  });

  it('starts an autoscaled group on the highest minimum of its policies', async () => {
    const artifactId = await createArtifact(api);
    const runtime = autoscaledRuntime([
      { scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 1, maxCount: 5 },
      { scalingMetric: 'httpRequestsConcurrency', target: 10, minCount: 3, maxCount: 5 },
    ]);
    const id = await createWorkload(api, workloadBody(artifactId, { runtime }));
    t.advance(POD_COURSE_SECONDS);
    expect((await statusDetails(api, id)).replicas).toHaveLength(3);
  });

  it('names the containers an artifact leaves unnamed: "main" for the primary, container-<index> else', async () => {
    const body = serviceArtifact();
    body.spec.containerGroups![0]!.containers = [
      { imageUri: 'registry.example.com/a:1', port: 8080, primary: true },
      { imageUri: 'registry.example.com/b:1' },
    ] as any;
    const artifactId = await createArtifact(api, body);
    const created = await api.post('workloads', { name: 'w', artifactId });
    expect(created.status).toBe(201);
    expect(created.body.runtime.containerGroups[0].containers).toEqual([
      { name: 'main', resourceAllocation: null },
      { name: 'container-1', resourceAllocation: null },
    ]);
    // A runtime names them so too.
    const resourceAllocation = { cpu: 1, memory: '1Gi', gpu: null, gpuMemory: null };
    const containers = [
      { name: 'main', resourceAllocation },
      { name: 'container-1', resourceAllocation },
    ];
    const sized = await api.post('workloads', {
      name: 'w',
      artifactId,
      runtime: { containerGroups: [{ name: 'default', containers }] },
    });
    expect(sized.status).toBe(201);
    expect(sized.body.runtime.containerGroups[0].containers).toEqual(containers);
  });

  it('starts as many pods as replicas: replicaCount or the autoscaling minimum', async () => {
    const artifactId = await createArtifact(api);
    const id = await createWorkload(api, workloadBody(artifactId, { runtime: replicas(3) }));
    t.advance(POD_COURSE_SECONDS);
    const [proton] = (await api.get(`workloads/${id}/protons`)).body.data;
    const details = await api.get(`workloads/${id}/protons/${proton.id}/statusDetails`);
    expect(details.body.replicas).toHaveLength(3);
    // The list shows each proton as GET answers it, with its workload's endpoint.
    expect((await api.get(`workloads/${id}/protons/${proton.id}`)).body).toEqual(proton);
    expect(proton.endpoint).toBe((await api.get(`workloads/${id}`)).body.endpoint);
    expect(proton.endpoint).toEqual(expect.any(String));
  });

  it('names the bundle its pods were placed on, with the bundle memory', async () => {
    const artifactId = await createArtifact(api);
    const created = await api.post('workloads', workloadBody(artifactId, { runtime: replicas(1) }));
    t.advance(POD_COURSE_SECONDS);
    const { body } = await api.get(`workloads/${created.body.id}`);
    // What was not given is there as null, as a pydantic model answers it.
    expect(body.runtime.containerGroups[0].containers[0].resourceAllocation).toEqual({
      cpu: 2,
      memory: '4GB',
      gpu: null,
      gpuMemory: null,
    });
    // 2 CPUs and 4 GB (decimal) asked for: the 4 GiB bundle, whose memory is 4 GiB.
    expect(body.runtime.containerGroups[0].resolvedBundle).toEqual({
      id: 'cpu2-mem4gi',
      cpuCount: 2,
      memoryBytes: 4 * 2 ** 30,
      gpuCount: 0,
      gpuMaker: null,
      gpuTypeLabel: null,
    });
  });

  it('places pods on the first bundle the group lists, with the resources its containers ask for', async () => {
    const artifactId = await createArtifact(api);
    const runtime = replicas(1);
    runtime.containerGroups![0]!.resourceBundles = ['gpu-l4-small', 'cpu-large'];
    const created = await api.post('workloads', workloadBody(artifactId, { runtime }));
    const group = () =>
      api.get(`workloads/${created.body.id}`).then((r) => r.body.runtime.containerGroups[0]);
    t.advance(POD_COURSE_SECONDS);
    expect((await group()).resourceBundles).toEqual(['gpu-l4-small', 'cpu-large']);
    expect((await group()).resolvedBundle).toMatchObject({
      id: 'gpu-l4-small',
      cpuCount: 2,
      memoryBytes: 4 * 2 ** 30,
    });
  });

  it('sizes the bundle of containers given no resources (1 CPU, 2 GiB), and names a GPU bundle after its GPUs', async () => {
    const bundleOf = async (artifactId: string, runtime: unknown) => {
      const created = await api.post('workloads', { name: 'w', artifactId, runtime });
      expect(created.status, JSON.stringify(runtime)).toBe(201);
      t.advance(POD_COURSE_SECONDS);
      return (await api.get(`workloads/${created.body.id}`)).body.runtime.containerGroups[0].resolvedBundle;
    };
    // 1500 MB asked for, 1 CPU and 2 GiB for the sidecar that asks nothing: 3.4 GiB, so a 4 GiB bundle.
    const sidecarId = await createArtifact(api, sidecarArtifact());
    const app = { name: 'app', resourceAllocation: { cpu: 1, memory: '1500MB' } };
    expect(await bundleOf(sidecarId, { containerGroups: [{ name: 'default', containers: [app] }] })).toEqual({
      id: 'cpu2-mem4gi',
      cpuCount: 2,
      memoryBytes: 4 * 2 ** 30,
      gpuCount: 0,
      gpuMaker: null,
      gpuTypeLabel: null,
    });
    // Half a GPU is a GPU of the bundle; 20 GB (decimal) is 18.6 GiB, in a 19 GiB bundle.
    const artifactId = await createArtifact(api);
    const agent = { name: 'agent', resourceAllocation: { cpu: 1, memory: '20GB', gpu: 0.5 } };
    expect(
      await bundleOf(artifactId, { containerGroups: [{ name: 'default', containers: [agent] }] }),
    ).toEqual({
      id: 'gpu0.5-cpu1-mem19gi',
      cpuCount: 1,
      memoryBytes: 19 * 2 ** 30,
      gpuCount: 1,
      gpuMaker: 'nvidia',
      gpuTypeLabel: 'nvidia-l4',
    });
    // Half a CPU is half a CPU of the bundle: its cores as asked for, not rounded to whole ones.
    const half = { name: 'agent', resourceAllocation: { cpu: 0.5, memory: '1GiB' } };
    expect(
      await bundleOf(artifactId, { containerGroups: [{ name: 'default', containers: [half] }] }),
    ).toMatchObject({ id: 'cpu0.5-mem1gi', cpuCount: 0.5, memoryBytes: 2 ** 30 });
    // A size in binary units with a fraction, and one in bytes: 15.5 GiB and 512 MiB fill 16 GiB;
    // the containers' GPUs add up as their CPUs do.
    const binary = [
      { name: 'app', resourceAllocation: { cpu: 1, memory: '15.5Gi', gpu: 1 } },
      { name: 'sidecar', resourceAllocation: { cpu: 1, memory: 512 * 2 ** 20, gpu: 1 } },
    ];
    expect(
      await bundleOf(sidecarId, { containerGroups: [{ name: 'default', containers: binary }] }),
    ).toMatchObject({ id: 'gpu2-cpu2-mem16gi', cpuCount: 2, memoryBytes: 16 * 2 ** 30, gpuCount: 2 });
    // Petabytes are a unit too; a unit it does not know is a 422, not bytes ("4e9" was 4 bytes).
    const huge = { name: 'agent', resourceAllocation: { cpu: 1, memory: '0.001Pi' } };
    expect(
      await bundleOf(artifactId, { containerGroups: [{ name: 'default', containers: [huge] }] }),
    ).toMatchObject({ memoryBytes: 1049 * 2 ** 30 });
    // A fraction without its leading 0, spaces around the text or before the unit, and a unit of
    // bytes are sizes too: half a GiB and 2 GiB in bytes fill 3 GiB.
    const loose = [
      { name: 'app', resourceAllocation: { cpu: 1, memory: ' .5Gi ' } },
      { name: 'sidecar', resourceAllocation: { cpu: 1, memory: `${2 * 2 ** 30} b` } },
    ];
    expect(
      await bundleOf(sidecarId, { containerGroups: [{ name: 'default', containers: loose }] }),
    ).toMatchObject({ id: 'cpu2-mem3gi', memoryBytes: 3 * 2 ** 30 });
    // (Text of 3,000 digits and no unit is answered at once: the size is read without backtracking.)
    for (const [memory, gpuMemory] of [
      ['4e9', undefined],
      ['2GBs', undefined],
      ['1Gi', '16 gigs'],
      [`${'1'.repeat(3_000)}!`, undefined],
    ]) {
      const refused = await api.post('workloads', {
        name: 'w',
        artifactId,
        runtime: {
          containerGroups: [
            { name: 'default', containers: [{ name: 'agent', resourceAllocation: { memory, gpuMemory } }] },
          ],
        },
      });
      const field = gpuMemory === undefined ? 'memory' : 'gpuMemory';
      expect(refused.status, memory).toBe(422);
      expect(refused.body.detail).toEqual([
        {
          loc: ['body', 'runtime', 'containerGroups', 0, 'containers', 0, 'resourceAllocation', field],
          msg: `Value error, ${JSON.stringify(gpuMemory ?? memory)} is no size: a number and a unit of B, KB, MB, GB, TB, PB, EB or KiB to EiB (K, Ki, M, Mi and so on too)`,
          type: 'value_error',
        },
      ]);
    }
  });

  it('patches name, description and importance; ignores nulls for required fields', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    t.advance(3);
    const patched = await api.patch(`workloads/${id}`, {
      name: 'renamed',
      description: 'hello',
      importance: 'critical',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'renamed',
      description: 'hello',
      importance: 'critical',
      updatedAt: at(3),
    });
    const nulls = await api.patch(`workloads/${id}`, { name: null, importance: null });
    expect(nulls.body).toMatchObject({ name: 'renamed', importance: 'critical' });
    expect((await api.patch(`workloads/${id}`, { status: 'running' })).status).toBe(422);
  });

  it("takes a name of 1 to 5000 characters, as the reference's maxLength, on create and on patch", async () => {
    const artifactId = await createArtifact(api);
    const longest = await api.post('workloads', workloadBody(artifactId, { name: 'x'.repeat(5000) }));
    expect(longest.status).toBe(201);
    const tooLong = {
      loc: ['body', 'name'],
      msg: 'String should have at most 5000 characters',
      type: 'string_too_long',
      ctx: { max_length: 5000 },
    };
    const created = await api.post('workloads', workloadBody(artifactId, { name: 'x'.repeat(5001) }));
    expect(created.status).toBe(422);
    expect(created.body.detail).toMatchObject([tooLong]);
    expect((await api.patch(`workloads/${longest.body.id}`, { name: 'y'.repeat(5000) })).status).toBe(200);
    expect(
      (await api.patch(`workloads/${longest.body.id}`, { name: 'y'.repeat(5001) })).body.detail,
    ).toMatchObject([tooLong]);
  });

  it("reads numbers and booleans given as text, as pydantic's lax mode does, and refuses what it refuses", async () => {
    const artifactId = await createArtifact(api);
    const deploy = (replicaCount: unknown, extra: Record<string, unknown> = {}) =>
      api.post('workloads', {
        ...workloadBody(artifactId),
        runtime: {
          containerGroups: [
            {
              name: 'default',
              replicaCount,
              containers: [{ name: 'agent', resourceAllocation: { cpu: '0.5', memory: '4GB' } }],
              ...extra,
            },
          ],
        },
      });
    const autoscaled = (enabled: unknown) =>
      deploy(null, {
        autoscaling: {
          enabled,
          policies: [{ scalingMetric: 'cpuAverageUtilization', target: '70', minCount: '1', maxCount: 3 }],
        },
      });
    const created = await deploy(' 2 ');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.runtime.containerGroups[0]).toMatchObject({
      replicaCount: 2,
      containers: [{ resourceAllocation: { cpu: 0.5 } }],
    });
    const scaled = await autoscaled('true');
    expect(scaled.status, JSON.stringify(scaled.body)).toBe(201);
    expect(scaled.body.runtime.containerGroups[0].autoscaling).toMatchObject({ enabled: true });
    // Every word pydantic reads as a boolean, in any case.
    for (const [word, enabled] of [
      ['Y', true],
      ['yes', true],
      ['On', true],
      ['t', true],
      ['1', true],
      ['n', false],
      ['NO', false],
      ['off', false],
      ['F', false],
      ['0', false],
    ] as const) {
      const read = await autoscaled(word);
      expect(read.status, word).toBe(201);
      expect(read.body.runtime.containerGroups[0].autoscaling.enabled, word).toBe(enabled);
    }
    const advanced = await api.request('POST', '/_mock/clock/advance', { seconds: '1.5' });
    expect(advanced.status).toBe(200);
    // A boolean field: pydantic's words exactly, no spaces around; other text is bool_parsing.
    for (const enabled of [' true ', 'maybe']) {
      const refused = await autoscaled(enabled);
      expect(refused.body.detail.map((item: any) => [item.loc.at(-1), item.type])).toEqual([
        ['enabled', 'bool_parsing'],
      ]);
    }
    // An integer field: what Python's int() reads ("1_0"; a boolean is 0 or 1), and what pydantic-core
    // reads past leading zeros: "0__2" is 2, and "00-9" is -9.
    for (const [given, expected] of [
      ['1_0', 10],
      [true, 1],
      ['0__2', 2],
    ] as const) {
      const read = await deploy(given);
      expect(read.status, JSON.stringify(read.body)).toBe(201);
      expect(read.body.runtime.containerGroups[0].replicaCount).toBe(expected);
    }
    for (const [given, type] of [
      ['2.5', 'int_parsing'],
      ['1e1', 'int_parsing'],
      ['two', 'int_parsing'],
      [{}, 'int_type'],
      ['-1', 'greater_than_equal'],
      ['00-9', 'greater_than_equal'],
      ['0-09', 'int_parsing'],
    ] as const) {
      const refused = await deploy(given);
      expect(refused.status).toBe(422);
      expect(refused.body.detail.map((item: any) => [item.loc.join('.'), item.type])).toEqual([
        ['body.runtime.containerGroups.0.replicaCount', type],
      ]);
    }
    // A number field that takes fractions reads text as pydantic-core does: trimmed, or else with
    // the underscores between characters dropped and not trimmed; and keeps pydantic's float words.
    for (const [cpu, expected] of [
      [' 0.5 ', 0.5],
      ['1._5', 1.5],
      ['2_5e-1', 2.5],
    ] as const) {
      const read = await deploy(1, { containers: [{ name: 'agent', resourceAllocation: { cpu } }] });
      expect(read.status, JSON.stringify(read.body)).toBe(201);
      expect(read.body.runtime.containerGroups[0].containers[0].resourceAllocation.cpu).toBe(expected);
    }
    for (const [cpu, type] of [
      ['lots', 'float_parsing'],
      [' 1_0', 'float_parsing'],
      ['1__0', 'float_parsing'],
      ['_1', 'float_parsing'],
      [{}, 'float_type'],
    ] as const) {
      const refused = await deploy(1, { containers: [{ name: 'agent', resourceAllocation: { cpu } }] });
      expect(refused.status).toBe(422);
      expect(refused.body.detail.map((item: any) => [item.loc.join('.'), item.type])).toEqual([
        ['body.runtime.containerGroups.0.containers.0.resourceAllocation.cpu', type],
      ]);
    }
    // A size is text or a number of bytes: a boolean is a number there too (pydantic's lax pass
    // tries the union's members in turn), and what neither member reads is refused by both.
    const sized = (memory: unknown) =>
      deploy(1, { containers: [{ name: 'agent', resourceAllocation: { cpu: 1, memory } }] });
    const bytes = await sized(true);
    expect(bytes.status, JSON.stringify(bytes.body)).toBe(201);
    expect(bytes.body.runtime.containerGroups[0].containers[0].resourceAllocation.memory).toBe(1);
    const refused = await sized({});
    expect(refused.body.detail.map((item: any) => [item.loc.at(-1), item.type])).toEqual([
      ['constrained-str', 'string_type'],
      ['constrained-int', 'int_type'],
    ]);
    // Text that is no size but an integer is bytes too; the number member refuses a negative one
    // on its bound, as it reads it, and text that is no number as unparsable (pydantic 2.13).
    for (const [text, memory] of [
      ['+5', 5],
      ['-0', 0],
    ] as const) {
      const read = await sized(text);
      expect(read.status, JSON.stringify(read.body)).toBe(201);
      expect(read.body.runtime.containerGroups[0].containers[0].resourceAllocation.memory).toBe(memory);
    }
    for (const [text, type] of [
      ['-5', 'greater_than_equal'],
      ['-1_0', 'greater_than_equal'],
      ['-5GB', 'int_parsing'],
    ] as const) {
      const negative = await sized(text);
      expect(negative.body.detail.map((item: any) => [item.loc.at(-1), item.type])).toEqual([
        ['constrained-str', 'string_pattern_mismatch'],
        ['constrained-int', type],
      ]);
    }
  });

  it('reads a "__proto__" or "constructor" key in a body as any other key, as json.loads does', async () => {
    const artifactId = await createArtifact(api);
    const json = { 'content-type': 'application/json' };
    const hostile = `{"name":"w","artifactId":"${artifactId}","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`;
    const refused = await api.request('POST', 'workloads', hostile, json);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([
      { loc: ['body', '__proto__'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
      { loc: ['body', 'constructor'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
    ]);
    // An environment variable's model ignores keys it does not know: the key is dropped, not obeyed.
    const artifact = serviceArtifact();
    const text = JSON.stringify({ name: 'w', artifact }).replace(
      '"primary":true',
      '"primary":true,"environmentVars":[{"name":"A","value":"1","__proto__":{"name":"B","polluted":true}}]',
    );
    const created = await api.request('POST', 'workloads', text, json);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const stored = await api.get(`artifacts/${created.body.artifactId}`);
    expect(stored.body.spec.containerGroups[0].containers[0].environmentVars).toEqual([
      { name: 'A', value: '1', source: 'string' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses text with half a surrogate pair, which no strict JSON reader could read back, and keeps nothing', async () => {
    const artifactId = await createArtifact(api);
    const post = (text: string) =>
      api.request('POST', 'workloads', text, { 'content-type': 'application/json' });
    const unpaired = await post(`{"name":"bad\\ud800name","artifactId":"${artifactId}"}`);
    expect(unpaired.status).toBe(422);
    expect(unpaired.body.detail).toEqual([
      {
        loc: ['body', 'name'],
        msg: 'Input should be a valid string, unable to parse raw data as a unicode string',
        type: 'string_unicode',
      },
    ]);
    // In a key, named with the replacement character: the answer stays UTF-8.
    const inKey = await post(`{"name":"w","artifactId":"${artifactId}","a\\udc00":1}`);
    expect(inKey.body.detail[0].loc).toEqual(['body', 'a\ufffd']);
    // Found however deep it is nested, in document order.
    const deep = `{"name":"w","artifactId":"${artifactId}","a":${'['.repeat(100_000)}"\\udfff"${']'.repeat(100_000)},"b":"\\ud800"}`;
    const nested = await post(deep);
    expect(nested.body.detail.map((item: { type: string }) => item.type)).toEqual(['string_unicode']);
    expect(nested.body.detail[0].loc).toEqual(['body', 'a', ...Array(100_000).fill(0)]);
    expect((await api.get('workloads')).body.totalCount).toBe(0);
    // A whole pair is a character like any other.
    const paired = await post(`{"name":"ok\\ud83d\\ude00","artifactId":"${artifactId}"}`);
    expect(paired.status).toBe(201);
    expect(paired.body.name).toBe('ok\u{1F600}');
    // An escaped backslash before "ud800" is text, not an escape: kept, and the pair beside it too.
    const literal = await post(`{"name":"C:\\\\ud800 \\ud83d\\ude00","artifactId":"${artifactId}"}`);
    expect(literal.status, JSON.stringify(literal.body)).toBe(201);
    expect(literal.body.name).toBe('C:\\ud800 \u{1F600}');
    // An escape's hex digits are read in either case: an upper-case lone half is refused too.
    const upper = await post(`{"name":"bad\\uD800name","artifactId":"${artifactId}"}`);
    expect(upper.status).toBe(422);
    expect(upper.body.detail).toEqual([
      expect.objectContaining({ loc: ['body', 'name'], type: 'string_unicode' }),
    ]);
  });

  it('deletes: 204, then 404 everywhere', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    expect((await api.delete(`workloads/${id}`)).status).toBe(204);
    for (const url of [`workloads/${id}`, `workloads/${id}/protons`, `workloads/${id}/settings`]) {
      expect((await api.get(url)).status).toBe(404);
    }
    expect((await api.delete(`workloads/${id}`)).status).toBe(404);
    expect((await api.get('workloads')).body.totalCount).toBe(0);
    // Its events, until its proton has terminated.
    expect((await api.get(`workloads/${id}/events`)).status).toBe(200);
    t.advance(60);
    expect((await api.get(`workloads/${id}/events`)).status).toBe(404);
  });

  it('lists with filters and orderBy', async () => {
    const locked = await createArtifact(api);
    const draft = await createArtifact(api, serviceArtifact({ name: 'draft' }), false);
    const a = await createWorkload(api, workloadBody(locked, { name: 'zeta', importance: 'low' }));
    t.advance(1);
    const b = await createWorkload(
      api,
      workloadBody(draft, { name: 'alpha', importance: 'critical', description: 'the ONE' }),
    );
    t.advance(1);
    const c = await createWorkload(api, workloadBody(locked, { name: 'mid', importance: 'moderate' }));
    const ids = async (query: string) =>
      (await api.get(`workloads${query}`)).body.data.map((w: { id: string }) => w.id);
    expect(await ids('')).toEqual([a, b, c]);
    expect(await ids('?orderBy=name')).toEqual([b, c, a]);
    expect(await ids('?orderBy=-createdAt')).toEqual([c, b, a]);
    expect(await ids('?orderBy=-importance')).toEqual([b, c, a]);
    expect(await ids('?importance=low&importance=moderate')).toEqual([a, c]);
    // A comma is part of the value, as FastAPI reads a repeated query parameter.
    // pydantic lists the choices in the reference's order, the last after "or".
    const choices = "'critical', 'high', 'moderate' or 'low'";
    expect((await api.get('workloads?importance=low,critical')).body.detail).toEqual([
      {
        loc: ['query', 'importance', 0],
        msg: `Input should be ${choices}`,
        type: 'enum',
        ctx: { expected: choices },
      },
    ]);
    expect(await ids(`?artifactId=${draft}`)).toEqual([b]);
    expect(await ids('?artifactStatus=draft')).toEqual([b]);
    expect(await ids('?search=one')).toEqual([b]);
    expect(await ids(`?ids=${a}&ids=${c}`)).toEqual([a, c]);
    expect(await ids(`?ids=${a},${c}`)).toEqual([]);
    // Given empty or blank, as FastAPI reads it: one item as it is, matching nothing or no choice.
    for (const blank of ['', ',', '%20', ',%20,']) {
      expect(await ids(`?ids=${blank}`), blank).toEqual([]);
      expect((await api.get(`workloads?status=${blank}`)).body.detail, blank).toMatchObject([
        { loc: ['query', 'status', 0], type: 'enum' },
      ]);
    }
    // At 2s the first workload's pods have a node; the others are still waiting for one.
    expect(await ids('?status=provisioning')).toEqual([a]);
    expect(await ids('?status=submitted')).toEqual([b, c]);
    t.advance(POD_COURSE_SECONDS);
    expect(await ids('?status=running')).toEqual([a, b, c]);
    await api.post(`workloads/${b}/stop`);
    t.advance(POD_COURSE_SECONDS);
    // The reference: ascending puts STOPPED before RUNNING, descending RUNNING before STOPPED.
    expect(await ids('?orderBy=status')).toEqual([b, a, c]);
    expect(await ids('?orderBy=-status')).toEqual([a, c, b]);
    // A sort the reference does not list: its sort parameters are unions of one-value literals,
    // so pydantic answers a literal_error for each.
    const unknownSort = await api.get('artifacts?orderBy=importance');
    expect(unknownSort.status).toBe(422);
    const sorts = [
      'name',
      '-name',
      'createdAt',
      '-createdAt',
      'updatedAt',
      '-updatedAt',
      'status',
      '-status',
    ];
    expect(unknownSort.body.detail).toEqual(
      sorts.map((sort) => ({
        loc: ['query', 'orderBy', `literal['${sort}']`],
        msg: `Input should be '${sort}'`,
        type: 'literal_error',
        ctx: { expected: `'${sort}'` },
      })),
    );
    const page = await api.get('workloads?limit=1&offset=1');
    expect(page.body).toMatchObject({ totalCount: 3, count: 1 });
    expect(page.body.next).toBe('http://localhost:80/api/v2/workloads?limit=1&offset=2');
    expect(page.body.previous).toBe('http://localhost:80/api/v2/workloads?limit=1&offset=0');
    const proxied = await t.app.inject({
      url: '/api/v2/workloads?limit=1',
      headers: {
        authorization: 'Bearer tenant-a',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'mock.example.com',
      },
    });
    expect(proxied.json().next).toBe('https://mock.example.com/api/v2/workloads?limit=1&offset=1');
    // The first of a chain (what the client reached); what is no scheme or host is not taken.
    const origin = async (headers: Record<string, string>) =>
      (
        await t.app.inject({
          url: '/api/v2/workloads?limit=1',
          headers: { authorization: 'Bearer tenant-a', ...headers },
        })
      ).json().next as string;
    expect(
      await origin({ 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'a.example.com, b.internal' }),
    ).toMatch(/^https:\/\/a\.example\.com\/api\/v2\//);
    expect(await origin({ 'x-forwarded-proto': 'ftp', 'x-forwarded-host': 'evil.com/path?x=1#f' })).toMatch(
      /^http:\/\/localhost:80\/api\/v2\//,
    );
    // Docker Compose names services and containers with underscores; Starlette takes such a Host.
    expect(await origin({ host: 'workload_mock:8080' })).toMatch(/^http:\/\/workload_mock:8080\/api\/v2\//);
    expect(await origin({ 'x-forwarded-host': 'my_proxy.local' })).toMatch(
      /^http:\/\/my_proxy\.local\/api\/v2\//,
    );
    // A port of five digits and a bracketed IPv6 address are hosts too.
    expect(await origin({ 'x-forwarded-host': 'mock.example:54321' })).toMatch(
      /^http:\/\/mock\.example:54321\/api\/v2\//,
    );
    expect(await origin({ 'x-forwarded-host': '[::1]:8080' })).toMatch(/^http:\/\/\[::1\]:8080\/api\/v2\//);
    expect(await origin({ 'x-forwarded-host': '[::FFFF:127.0.0.1]' })).toMatch(
      /^http:\/\/\[::FFFF:127\.0\.0\.1\]\/api\/v2\//,
    );
    // Names with hyphens and capitals, kept as given; a scheme in capitals, taken without a host;
    // blanks around the first value of a chain.
    expect(await origin({ 'x-forwarded-host': 'Mock-API.Example.com' })).toMatch(
      /^http:\/\/Mock-API\.Example\.com\/api\/v2\//,
    );
    expect(await origin({ 'x-forwarded-proto': 'HTTPS' })).toMatch(/^https:\/\/localhost:80\/api\/v2\//);
    expect(
      await origin({ 'x-forwarded-proto': 'https , http', 'x-forwarded-host': 'a.example.com , b.internal' }),
    ).toMatch(/^https:\/\/a\.example\.com\/api\/v2\//);
    // A Host that is no host, on a request injected in process (no socket address): links on localhost.
    expect(await origin({ host: 'x/y' })).toMatch(/^http:\/\/localhost\/api\/v2\//);
    // A parameter given twice takes its last value, whatever its type.
    expect(await ids('?search=zeta&search=alpha')).toEqual([b]);
  });

  it('orders by updatedAt, by importance and by name ignoring case; filters by creator, repository and partial id; pages a filtered list', async () => {
    const first = await createArtifact(api);
    const second = await createArtifact(api, serviceArtifact({ name: 'other' }));
    const a = await createWorkload(api, workloadBody(first, { name: 'Beta', importance: 'moderate' }));
    t.advance(1);
    const b = await createWorkload(api, workloadBody(second, { name: 'alpha', importance: 'high' }));
    t.advance(1);
    const c = await createWorkload(api, workloadBody(first, { name: 'charlie', importance: 'low' }));
    // Every status change updates a workload: once all run, only the PATCHes below do.
    t.advance(30);
    expect((await api.patch(`workloads/${b}`, { description: 'touched' })).status).toBe(200);
    t.advance(1);
    expect((await api.patch(`workloads/${a}`, { description: 'touched' })).status).toBe(200);
    const ids = async (query: string) =>
      (await api.get(`workloads${query}`)).body.data.map((w: { id: string }) => w.id);
    expect(await ids('?orderBy=name')).toEqual([b, a, c]);
    expect(await ids('?orderBy=updatedAt')).toEqual([c, b, a]);
    expect(await ids('?orderBy=-importance')).toEqual([b, a, c]);
    expect(await ids('?orderBy=importance')).toEqual([c, a, b]);
    const creator = (await api.get(`workloads/${a}`)).body.creator;
    expect(await ids(`?createdBy=${creator.username}`)).toEqual([a, b, c]);
    expect(await ids(`?createdBy=${creator.id}`)).toEqual([a, b, c]);
    expect(await ids('?createdBy=nobody')).toEqual([]);
    const repositoryId = (await api.get(`artifacts/${second}`)).body.artifactRepositoryId;
    expect(await ids(`?repositoryId=${repositoryId}`)).toEqual([b]);
    expect(await ids(`?search=${c.slice(8, 20).toUpperCase()}`)).toEqual([c]);
    // A filtered list is paged as an unfiltered one: `limit` items, links at both ends.
    const filtered = (await api.get(`workloads?artifactId=${first}&limit=1&offset=1`)).body;
    expect(filtered).toMatchObject({ totalCount: 2, count: 1, data: [{ id: c }], next: null });
    const head = (await api.get(`workloads?artifactId=${first}&limit=1`)).body;
    expect(head).toMatchObject({ totalCount: 2, count: 1, data: [{ id: a }] });
    expect(await ids('?orderBy=name&limit=2')).toEqual([b, a]);
    // An offset that is no multiple of the limit: the previous page starts at 0, never below.
    const odd = (await api.get('workloads?limit=2&offset=1')).body;
    expect(odd).toMatchObject({ totalCount: 3, count: 2 });
    expect(odd.previous).toBe('http://localhost:80/api/v2/workloads?limit=2&offset=0');
    // An offset past the end: an empty page, its previous link one limit back from that offset.
    const past = (await api.get('workloads?limit=2&offset=10')).body;
    expect(past).toMatchObject({ totalCount: 3, count: 0, data: [], next: null });
    expect(past.previous).toBe('http://localhost:80/api/v2/workloads?limit=2&offset=8');
  });

  it('records a PATCH that changes something as workload.updated; a null description clears it', async () => {
    const id = await createWorkload(
      api,
      workloadBody(await createArtifact(api), { description: 'to be cleared' }),
    );
    t.advance(20);
    const cleared = await api.patch(`workloads/${id}`, { description: null, importance: 'low' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.description).toBeNull();
    expect(cleared.body.updatedAt).toBe(at(20));
    const updated = (await api.get(`workloads/${id}/events`)).body.data.filter(
      (e: { eventType: string }) => e.eventType === 'workload.updated',
    );
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({
      timestamp: at(20),
      details: { fields: ['description', 'importance'] },
    });
    // Nothing changed, each field given as it is: nothing recorded, updatedAt kept.
    t.advance(1);
    const same = await api.patch(`workloads/${id}`, {
      name: 'agent-prod',
      description: null,
      importance: 'low',
    });
    expect(same.body.updatedAt).toBe(at(20));
    const again = (await api.get(`workloads/${id}/events`)).body.data;
    expect(again.filter((e: { eventType: string }) => e.eventType === 'workload.updated')).toHaveLength(1);
  });

  it('refuses to deploy an artifact with no container', async () => {
    const empty = await createArtifact(api, serviceArtifact({ spec: { containerGroups: [] } }), false);
    const refused = await api.post('workloads', workloadBody(empty));
    expect(refused.status).toBe(422);
    expect(refused.body.detail[0]).toMatchObject({
      loc: ['body', 'artifactId'],
      msg: expect.stringMatching(/declares no container to run/),
    });
    // Nor one with a group of none beside groups that run: its pods could never be ready.
    const body = serviceArtifact();
    body.spec.containerGroups = [...(body.spec.containerGroups ?? []), { name: 'empty', containers: [] }];
    const partly = await createArtifact(api, body, false);
    const refusedToo = await api.post('workloads', workloadBody(partly));
    expect([refusedToo.status, refusedToo.body.detail[0]]).toEqual([
      422,
      {
        loc: ['body', 'artifactId'],
        msg: `Value error, container group 'empty' of artifact ${partly} declares no container to run`,
        type: 'value_error',
      },
    ]);
    expect((await api.get('workloads')).body.totalCount).toBe(0);
  });

  it('orders names by code point, as Python and MongoDB do: an emoji after a fullwidth letter', async () => {
    const artifactId = await createArtifact(api, serviceArtifact({ name: 'zed' }));
    const names = ['🚀rocket', 'ａbc', 'zed'];
    for (const name of names) await createWorkload(api, workloadBody(artifactId, { name }));
    await createArtifact(api, serviceArtifact({ name: '🚀rocket' }));
    await createArtifact(api, serviceArtifact({ name: 'ａbc' }));
    const order = async (path: string) =>
      (await api.get(path)).body.data.map((item: { name: string }) => item.name);
    expect(await order('workloads?orderBy=name')).toEqual(['zed', 'ａbc', '🚀rocket']);
    expect(await order('workloads?orderBy=-name')).toEqual(['🚀rocket', 'ａbc', 'zed']);
    expect(await order('artifacts?orderBy=name')).toEqual(['zed', 'ａbc', '🚀rocket']);
    // A name sorts before the longer names it begins, and every unit counts, the last too.
    for (const name of ['abc', 'ab', 'ac']) await createArtifact(api, serviceArtifact({ name }));
    expect(await order('artifacts?orderBy=name')).toEqual(['ab', 'abc', 'ac', 'zed', 'ａbc', '🚀rocket']);
  });

  it('orders the units either side of the surrogates by code point: U+D7A3, U+E000, U+FF41, U+10000, U+1F680', async () => {
    // A unit just below the surrogates, the first unit above them, the first astral code point.
    for (const name of ['🚀', '𐀀', 'ａ', '\uE000', '힣'])
      await createArtifact(api, serviceArtifact({ name }), false);
    const names = (await api.get('artifacts?orderBy=name')).body.data.map(
      (item: { name: string }) => item.name,
    );
    expect(names).toEqual(['힣', '\uE000', 'ａ', '𐀀', '🚀']);
  });

  it('paginates within bounds: limit 1..100, offset >= 0', async () => {
    for (const query of [
      'limit=0',
      'limit=101',
      'offset=-1',
      'limit=abc',
      'limit=1.5',
      'limit=',
      'limit=1e1',
      'limit=2.',
      'limit=2.0_0',
    ]) {
      const refused = await api.get(`workloads?${query}`);
      expect(refused.status, query).toBe(422);
      expect(refused.body.detail[0].loc[0]).toBe('query');
    }
    expect((await api.get('workloads?limit=abc')).body.detail).toEqual([
      {
        loc: ['query', 'limit'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        type: 'int_parsing',
      },
    ]);
    // Past the bound, only the bound: not also the largest integer a double holds exactly.
    expect((await api.get('workloads?limit=9007199254740993')).body.detail).toEqual([
      {
        loc: ['query', 'limit'],
        msg: 'Input should be less than or equal to 100',
        type: 'less_than_equal',
        ctx: { le: 100 },
      },
    ]);
    expect((await api.get('workloads?limit=100')).status).toBe(200);
    // Text pydantic reads as an integer: underscores between digits, a fraction of zeros.
    for (const limit of ['1_0', '10.0', '+10.00', ' 10 ']) {
      const read = await api.get(`workloads?limit=${encodeURIComponent(limit)}`);
      expect(read.status, limit).toBe(200);
      expect(read.body.next, limit).toBeNull();
    }
    // A parameter given twice takes its last value, as FastAPI does.
    const artifactId = await createArtifact(api);
    for (const name of ['a', 'b', 'c']) await createWorkload(api, workloadBody(artifactId, { name }));
    const twice = await api.get('workloads?limit=1&limit=2&offset=0');
    expect(twice.status).toBe(200);
    expect(twice.body.count).toBe(2);
  });

  it('pages 10 records when no limit is given, its links giving that limit', async () => {
    const artifactId = await createArtifact(api);
    for (let i = 0; i < 11; i++) await createWorkload(api, workloadBody(artifactId, { name: `w${i}` }));
    const first = await api.get('workloads');
    expect(first.body).toMatchObject({ totalCount: 11, count: 10, previous: null });
    const next = new URL(first.body.next);
    expect([next.searchParams.get('offset'), next.searchParams.get('limit')]).toEqual(['10', '10']);
    const second = await api.get(`${next.pathname}${next.search}`);
    expect(second.body).toMatchObject({ totalCount: 11, count: 1, next: null });
    expect(new URL(second.body.previous).searchParams.get('offset')).toBe('0');
  });

  it('runs a group of any name, "__proto__" too, with or without autoscaling', async () => {
    const body = serviceArtifact();
    body.spec.containerGroups![0]!.name = '__proto__';
    const artifactId = await createArtifact(api, body);
    const fixed = await createWorkload(api, workloadBody(artifactId, { name: 'fixed' }));
    const runtime = autoscaledRuntime([
      { scalingMetric: 'httpRequestsConcurrency', target: 5, minCount: 2, maxCount: 4 },
    ]);
    runtime.containerGroups![0]!.name = '__proto__';
    const scaled = await createWorkload(api, workloadBody(artifactId, { name: 'scaled', runtime }));
    t.advance(POD_COURSE_SECONDS + 60);
    for (const [id, pods] of [
      [fixed, 1],
      [scaled, 2],
    ] as const) {
      expect((await api.get(`workloads/${id}`)).body.status, id).toBe('running');
      const details = await statusDetails(api, id);
      expect(details.overallStatus.summary, id).toBe(`${pods}/${pods} replicas ready.`);
    }
  });
});
