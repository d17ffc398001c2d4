import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createArtifact,
  createWorkload,
  nimArtifact,
  serviceArtifact,
  sidecarArtifact,
  workloadBody,
} from './fixtures.js';
import { at, type Client, createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

describe('artifacts', () => {
  it('creates a draft in the reference shape, with a repository and the spec type injected', async () => {
    const created = await api.post('artifacts', serviceArtifact({ description: 'first' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'agent',
      description: 'first',
      type: 'service',
      status: 'draft',
      version: null,
      createdAt: at(0),
      updatedAt: at(0),
      spec: {
        type: 'service',
        containerGroups: [{ name: 'default', containers: [{ name: 'agent', port: 8080, primary: true }] }],
      },
    });
    expect(created.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.body.artifactRepositoryId).toMatch(/^[0-9a-f]{24}$/);
    expect(created.body.creator.id).toMatch(/^[0-9a-f]{24}$/);
    const probe = created.body.spec.containerGroups[0].containers[0].readinessProbe;
    // Every field the probe leaves out has the reference's default.
    expect(probe).toEqual({
      path: '/healthz',
      port: 8080,
      scheme: 'HTTP',
      host: null,
      initialDelaySeconds: 30,
      periodSeconds: 30,
      timeoutSeconds: 30,
      failureThreshold: 3,
    });
    // What was not given is there as null, as a pydantic model answers it.
    expect(created.body.spec.containerGroups[0].containers[0]).toMatchObject({
      entrypoint: null,
      livenessProbe: null,
      startupProbe: null,
      securityContext: null,
      imageBuildConfig: null,
      build: null,
    });
  });

  it("takes a probe on any port of 1 to 65535, over HTTP or HTTPS, as the reference's ProbeConfig", async () => {
    const probed = (readinessProbe: Record<string, unknown>) => {
      const body = serviceArtifact();
      body.spec.containerGroups![0]!.containers![0]!.readinessProbe = { path: '/healthz', ...readinessProbe };
      return api.post('artifacts', body);
    };
    for (const [port, scheme] of [
      [1, 'HTTP'],
      [65535, 'HTTPS'],
    ] as const) {
      const taken = await probed({ port, scheme });
      expect(taken.status, JSON.stringify(taken.body)).toBe(201);
      expect(taken.body.spec.containerGroups[0].containers[0].readinessProbe).toMatchObject({ port, scheme });
    }
    const refused = await probed({ port: 65536 });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatchObject([
      {
        loc: ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'readinessProbe', 'port'],
        type: 'less_than_equal',
        ctx: { le: 65535 },
      },
    ]);
  });

  it("answers a container given no primary as not primary: false, the reference's default", async () => {
    const created = await api.post('artifacts', sidecarArtifact());
    expect(created.status).toBe(201);
    expect(created.body.spec.containerGroups[0].containers.map((c: any) => [c.name, c.primary])).toEqual([
      ['app', true],
      ['sidecar', false],
    ]);
  });

  it("fills a provided Dockerfile's path and the code reference's provider with the reference's defaults", async () => {
    const body = serviceArtifact();
    const container = body.spec.containerGroups![0]!.containers![0]!;
    container.imageUri = null;
    container.imageBuildConfig = {
      codeRef: { datarobot: { catalogId: 'c0ffee000000000000000001', catalogVersionId: 'v1' } },
      dockerfile: { source: 'provided' },
    };
    const created = await api.post('artifacts', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.spec.containerGroups[0].containers[0].imageBuildConfig).toEqual({
      codeRef: {
        provider: 'datarobot',
        type: 'datarobot',
        datarobot: { catalogId: 'c0ffee000000000000000001', catalogVersionId: 'v1' },
      },
      dockerfile: { source: 'provided', path: './Dockerfile' },
    });
  });

  it('takes a NIM pvcSize in Gi, Mi or Ti, whole or with a fraction, and refuses another unit', async () => {
    const nim = (pvcSize: string) => api.post('artifacts', nimArtifact({ pvcSize }));
    for (const pvcSize of ['150Gi', '512Mi', '1.5Ti']) {
      const taken = await nim(pvcSize);
      expect(taken.status, pvcSize).toBe(201);
      expect(taken.body.spec.storage, pvcSize).toEqual({ mode: 'dedicatedPvc', pvcSize });
    }
    const refused = await nim('150GB');
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatchObject([
      { loc: ['body', 'spec', 'nim', 'storage', 'pvcSize'], type: 'string_pattern_mismatch' },
    ]);
  });

  it('drops the build a client sends on a new artifact: a FAILED one given does not keep it from running', async () => {
    const body = serviceArtifact();
    const container = body.spec.containerGroups![0]!.containers![0]!;
    container.build = { artifactImageBuildId: '0'.repeat(24), status: 'FAILED', createdAt: at(0) };
    const created = await api.post('artifacts', body);
    expect(created.status).toBe(201);
    expect(created.body.spec.containerGroups[0].containers[0].build).toBeNull();
    expect((await api.post('workloads', workloadBody(created.body.id))).status).toBe(201);
  });

  it("a clone is the cloner's: its creator is who cloned it", async () => {
    const team = await createTestApp({
      tokens: new Map([
        ['author', 'team'],
        ['cloner', 'team'],
      ]),
    });
    try {
      const author = team.client('author');
      const cloner = team.client('cloner');
      const original = (await author.post('artifacts', serviceArtifact())).body;
      const clone = await cloner.post(`artifacts/${original.id}/clone`, { name: 'copy' });
      expect(clone.status).toBe(200);
      const own = (await cloner.post('artifacts', serviceArtifact())).body.creator;
      expect(own.id).not.toBe(original.creator.id);
      expect(clone.body.creator).toEqual(own);
    } finally {
      await team.close();
    }
  });

  it('creates a locked artifact when the body says so, with version 1', async () => {
    const created = await api.post('artifacts', serviceArtifact({ status: 'locked' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'locked', version: 1 });
  });

  it('gets, patches and puts a draft', async () => {
    const id = await createArtifact(api, serviceArtifact(), false);
    expect((await api.get(`artifacts/${id}`)).body.name).toBe('agent');
    t.advance(5);
    const patched = await api.patch(`artifacts/${id}`, { name: 'agent-v2', description: 'patched' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'agent-v2',
      description: 'patched',
      status: 'draft',
      updatedAt: at(5),
    });
    const put = await api.put(
      `artifacts/${id}`,
      serviceArtifact({ name: 'replaced' }, 'registry.example.com/agent:9'),
    );
    expect(put.status).toBe(200);
    expect(put.body.name).toBe('replaced');
    expect(put.body.description).toBe('');
    expect(put.body.spec.containerGroups[0].containers[0].imageUri).toBe('registry.example.com/agent:9');
    // A repository keeps the type of the artifact that started it, as a POST into it does.
    const nim = await api.put(`artifacts/${id}`, { ...serviceArtifact(), type: 'nim' });
    expect(nim.status).toBe(422);
    expect(nim.body.detail[0]).toMatchObject({
      loc: ['body', 'type'],
      msg: 'Value error, the repository holds service artifacts, not nim',
    });
    const mismatched = await api.put(`artifacts/${id}`, {
      ...serviceArtifact(),
      spec: { type: 'nim', containerGroups: [] },
    });
    expect(mismatched.status).toBe(422);
    expect(mismatched.body.detail[0].loc).toEqual(['body', 'spec', 'type']);
    // A PUT that says locked locks it, as a PATCH does.
    const lockedByPut = await api.put(
      `artifacts/${id}`,
      serviceArtifact({ name: 'replaced', status: 'locked' }),
    );
    expect(lockedByPut.status).toBe(200);
    expect(lockedByPut.body).toMatchObject({ status: 'locked', version: 1 });
    expect((await api.put(`artifacts/${id}`, serviceArtifact())).status).toBe(403);
  });

  it("a PATCH of a NIM artifact's container groups keeps the rest of its spec", async () => {
    const body = nimArtifact();
    const id = await createArtifact(api, body, false);
    const patched = await api.patch(`artifacts/${id}`, {
      spec: { containerGroups: body.spec.containerGroups },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.spec).toMatchObject({ type: 'nim', storage: { mode: 'nimCache', pvcSize: '10Gi' } });
  });

  it('locks one way: a version is assigned; editing or re-locking is 403; unlocking too', async () => {
    const id = await createArtifact(api, serviceArtifact(), false);
    const locked = await api.patch(`artifacts/${id}`, { status: 'locked' });
    expect(locked.status).toBe(200);
    expect(locked.body).toMatchObject({ status: 'locked', version: 1 });
    for (const body of [{ status: 'locked' }, { name: 'x' }, { status: 'draft' }]) {
      const refused = await api.patch(`artifacts/${id}`, body);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/locked/);
    }
    expect((await api.put(`artifacts/${id}`, serviceArtifact())).status).toBe(403);
  });

  it('numbers versions per repository: a clone locked later gets the next version', async () => {
    const id = await createArtifact(api);
    const clone = await api.post(`artifacts/${id}/clone`, { name: 'agent copy' });
    expect(clone.status).toBe(200);
    expect(clone.body).toMatchObject({ name: 'agent copy', status: 'draft', version: null });
    const original = (await api.get(`artifacts/${id}`)).body;
    expect(clone.body.artifactRepositoryId).toBe(original.artifactRepositoryId);
    expect(clone.body.id).not.toBe(id);
    const locked = await api.patch(`artifacts/${clone.body.id}`, { status: 'locked' });
    expect(locked.body.version).toBe(2);
  });

  it("names a clone with 1 to 5000 characters, as the reference's ArtifactCloneRequest", async () => {
    const id = await createArtifact(api);
    for (const [name, type] of [
      ['', 'string_too_short'],
      ['x'.repeat(5001), 'string_too_long'],
    ] as const) {
      const refused = await api.post(`artifacts/${id}/clone`, { name });
      expect(refused.status, type).toBe(422);
      expect(refused.body.detail, type).toMatchObject([{ loc: ['body', 'name'], type }]);
    }
    expect((await api.post(`artifacts/${id}/clone`, { name: 'x'.repeat(5000) })).status).toBe(200);
    expect((await api.get('artifacts')).body.totalCount).toBe(2);
  });

  it('deletes a draft (204, then 404); a locked one is 409', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    expect((await api.delete(`artifacts/${draft}`)).status).toBe(204);
    expect((await api.get(`artifacts/${draft}`)).status).toBe(404);
    const locked = await createArtifact(api);
    const refused = await api.delete(`artifacts/${locked}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/locked/);
  });

  it('refuses to delete a draft a workload runs, naming the workload', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    const workload = await createWorkload(api, workloadBody(draft));
    const refused = await api.delete(`artifacts/${draft}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      `Artifact ${draft} is in use by workload "agent-prod" (${workload}) and cannot be deleted.`,
    );
    const other = await createWorkload(api, workloadBody(draft, { name: 'agent-canary' }));
    expect((await api.delete(`artifacts/${draft}`)).body.detail).toBe(
      `Artifact ${draft} is in use by workloads "agent-prod" (${workload}), "agent-canary" (${other}) and cannot be deleted.`,
    );
  });

  it('a PUT cannot change the type of a draft a workload runs', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    await createWorkload(api, workloadBody(draft));
    const refused = await api.put(`artifacts/${draft}`, { ...serviceArtifact(), type: 'nim' });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([
      {
        loc: ['body', 'type'],
        msg: 'Value error, the type of an artifact in use cannot change',
        type: 'value_error',
      },
    ]);
  });

  it('names the workloads when the artifact refused is locked too', async () => {
    const locked = await createArtifact(api);
    const workload = await createWorkload(api, workloadBody(locked));
    const refused = await api.delete(`artifacts/${locked}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(workload);
  });

  it('deletes the artifact of a workload deleted a moment before, while its protons still wind down', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    const workload = await createWorkload(api, workloadBody(draft));
    t.advance(60);
    expect((await api.delete(`workloads/${workload}`)).status).toBe(204);
    expect((await api.delete(`artifacts/${draft}`)).status).toBe(204);
    expect((await api.get(`artifacts/${draft}`)).status).toBe(404);
    // The teardown finishes without its artifact.
    t.advance(600);
    expect((await api.get(`workloads/${workload}`)).status).toBe(404);
    expect(t.app.emulator.store.protons.size).toBe(0);
    expect((await api.get('workloads')).status).toBe(200);
  });

  it('lists with filters, search, ids and ordering, paginated with absolute links', async () => {
    const a = await createArtifact(api, serviceArtifact({ name: 'alpha', description: 'first one' }), false);
    t.advance(1);
    const b = await createArtifact(api, serviceArtifact({ name: 'beta' }), true);
    t.advance(1);
    const c = await createArtifact(
      api,
      serviceArtifact({ name: 'gamma', type: 'nim', spec: { containerGroups: [] } }),
      false,
    );
    const all = await api.get('artifacts');
    expect(all.body).toMatchObject({ totalCount: 3, count: 3, next: null, previous: null });
    expect(all.body.data.map((x: { id: string }) => x.id)).toEqual([a, b, c]);
    expect((await api.get('artifacts?status=locked')).body.data.map((x: { id: string }) => x.id)).toEqual([
      b,
    ]);
    expect((await api.get('artifacts?type=nim')).body.data.map((x: { id: string }) => x.id)).toEqual([c]);
    expect((await api.get('artifacts?search=FIRST')).body.data.map((x: { id: string }) => x.id)).toEqual([a]);
    expect(
      (await api.get(`artifacts?search=${b.slice(5, 12)}`)).body.data.map((x: { id: string }) => x.id),
    ).toEqual([b]);
    expect((await api.get(`artifacts?ids=${a}&ids=${c}`)).body.totalCount).toBe(2);
    expect((await api.get(`artifacts?ids=${a},${b}`)).body.totalCount).toBe(0);
    expect((await api.get('artifacts?orderBy=-name')).body.data.map((x: { name: string }) => x.name)).toEqual(
      ['gamma', 'beta', 'alpha'],
    );
    const unfiltered = (await api.get('artifacts?limit=1&offset=1')).body;
    expect(unfiltered).toMatchObject({ totalCount: 3, count: 1, data: [{ id: b }] });
    const repositoryId = (await api.get(`artifacts/${c}`)).body.artifactRepositoryId;
    expect((await api.get(`artifacts?repositoryId=${repositoryId}`)).body.data).toMatchObject([{ id: c }]);
    const first = await api.get('artifacts?limit=2&search=a');
    expect(first.body).toMatchObject({ totalCount: 3, count: 2, previous: null });
    expect(first.body.next).toBe('http://localhost:80/api/v2/artifacts?limit=2&search=a&offset=2');
    const second = await api.get('artifacts?limit=2&offset=2&search=a');
    expect(second.body).toMatchObject({ count: 1, next: null });
    expect(second.body.previous).toBe('http://localhost:80/api/v2/artifacts?limit=2&offset=0&search=a');
    // A `?` inside a value belongs to the value: the links keep the whole query.
    for (const name of ['what?', 'why?']) await createArtifact(api, serviceArtifact({ name }), false);
    await createArtifact(
      api,
      serviceArtifact({ name: 'when?', type: 'nim', spec: { containerGroups: [] } }),
      false,
    );
    const asked = await api.get('artifacts?search=?&type=service&limit=1');
    expect(asked.body).toMatchObject({ totalCount: 2, data: [{ name: 'what?' }] });
    expect(asked.body.next).toBe(
      'http://localhost:80/api/v2/artifacts?search=%3F&type=service&limit=1&offset=1',
    );
    const next = await api.get(asked.body.next.replace('http://localhost:80/api/v2/', ''));
    expect(next.body).toMatchObject({ totalCount: 2, data: [{ name: 'why?' }], next: null });
    expect(next.body.previous).toBe(
      'http://localhost:80/api/v2/artifacts?search=%3F&type=service&limit=1&offset=0',
    );
  });

  it('orders by name whatever the case, as workloads are ordered', async () => {
    for (const name of ['Gamma', 'alpha', 'Beta'])
      await createArtifact(api, serviceArtifact({ name }), false);
    const names = async (orderBy: string) =>
      (await api.get(`artifacts?orderBy=${orderBy}`)).body.data.map((a: { name: string }) => a.name);
    expect(await names('name')).toEqual(['alpha', 'Beta', 'Gamma']);
    expect(await names('-name')).toEqual(['Gamma', 'Beta', 'alpha']);
  });

  it('rejects specs the platform would: ports off primaries, missing images, a stray seccomp profile, mismatched spec type', async () => {
    const noPort = serviceArtifact();
    noPort.spec = {
      containerGroups: [{ name: 'default', containers: [{ name: 'a', imageUri: 'x', primary: true }] }],
    };
    const sidecarPort = serviceArtifact();
    sidecarPort.spec = {
      containerGroups: [{ name: 'default', containers: [{ name: 'a', imageUri: 'x', port: 8080 }] }],
    };
    const noImage = serviceArtifact();
    noImage.spec = {
      containerGroups: [{ name: 'default', containers: [{ name: 'a', port: 8080, primary: true }] }],
    };
    const mismatch = serviceArtifact({ type: 'nim' });
    mismatch.spec = { type: 'service', containerGroups: [] };
    const withSeccomp = (type: 'RuntimeDefault' | 'Localhost') => {
      const body = serviceArtifact();
      body.spec = {
        containerGroups: [
          {
            name: 'default',
            containers: [
              {
                name: 'a',
                imageUri: 'x',
                port: 8080,
                primary: true,
                securityContext: { seccompProfile: { type, localhostProfile: 'p.json' } },
              },
            ],
          },
        ],
      };
      return body;
    };
    const profileSeccomp = ['securityContext', 'seccompProfile', 'localhostProfile'];
    for (const [body, loc] of [
      [
        withSeccomp('RuntimeDefault'),
        ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, ...profileSeccomp],
      ],
      [noPort, ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'port']],
      [sidecarPort, ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'port']],
      [noImage, ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'imageUri']],
      [mismatch, ['body', 'spec', 'type']],
    ] as const) {
      const refused = await api.post('artifacts', body);
      expect(refused.status).toBe(422);
      expect(refused.body.detail[0].loc).toEqual(loc);
    }
    expect((await api.post('artifacts', withSeccomp('Localhost'))).status).toBe(201);
    // A profile given without a localhostProfile takes null for it, as the API's model has it.
    const noProfile = withSeccomp('RuntimeDefault');
    delete noProfile.spec.containerGroups![0]!.containers![0]!.securityContext!.seccompProfile!
      .localhostProfile;
    const takenNoProfile = await api.post('artifacts', noProfile);
    expect(takenNoProfile.status, JSON.stringify(takenNoProfile.body)).toBe(201);
    expect(
      takenNoProfile.body.spec.containerGroups[0].containers[0].securityContext.seccompProfile,
    ).toStrictEqual({
      type: 'RuntimeDefault',
      localhostProfile: null,
    });
    // A profile given, even empty, is one: only the Localhost type takes it.
    const emptyProfile = withSeccomp('RuntimeDefault');
    const seccomp = emptyProfile.spec.containerGroups![0]!.containers![0]!.securityContext!.seccompProfile!;
    seccomp.localhostProfile = '';
    const refusedEmpty = await api.post('artifacts', emptyProfile);
    expect(refusedEmpty.status).toBe(422);
    expect(refusedEmpty.body.detail[0].loc.slice(-1)).toEqual(['localhostProfile']);
  });

  it('refuses a group or a container declared twice', async () => {
    const container = (name: string) => ({ name, imageUri: 'x' });
    const primary = { name: 'a', imageUri: 'x', port: 8080, primary: true };
    const twoGroups = serviceArtifact();
    twoGroups.spec = {
      containerGroups: [
        { name: 'default', containers: [primary] },
        { name: 'default', containers: [container('b')] },
      ],
    };
    const twoContainers = serviceArtifact();
    twoContainers.spec = { containerGroups: [{ name: 'default', containers: [primary, container('a')] }] };
    for (const [body, loc, msg] of [
      [
        twoGroups,
        ['body', 'spec', 'service', 'containerGroups', 1, 'name'],
        /group 'default' is declared twice/,
      ],
      [
        twoContainers,
        ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 1, 'name'],
        /container 'a' is declared twice/,
      ],
    ] as const) {
      const refused = await api.post('artifacts', body);
      expect(refused.status).toBe(422);
      expect(refused.body.detail[0]).toMatchObject({ loc, msg: expect.stringMatching(msg) });
    }
    expect((await api.get('artifacts')).body.totalCount).toBe(0);
  });

  it('filters by creator id or username; a null description clears it; a PUT cannot move the artifact', async () => {
    const id = await createArtifact(api, serviceArtifact({ description: 'first' }), false);
    const creator = (await api.get(`artifacts/${id}`)).body.creator;
    await t.client('someone-else').post('artifacts', serviceArtifact());
    for (const who of [creator.id, creator.username]) {
      const mine = (await api.get(`artifacts?createdBy=${who}`)).body;
      expect(
        mine.data.map((a: { id: string }) => a.id),
        who,
      ).toEqual([id]);
    }
    expect((await api.get('artifacts?createdBy=nobody')).body.totalCount).toBe(0);

    const cleared = await api.patch(`artifacts/${id}`, { description: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.description).toBe('');
    await api.patch(`artifacts/${id}`, { description: 'again' });
    expect((await api.patch(`artifacts/${id}`, { description: '' })).body.description).toBe('');

    const elsewhere = (await api.post('artifacts', serviceArtifact({ name: 'other' }))).body
      .artifactRepositoryId;
    const moved = await api.put(`artifacts/${id}`, serviceArtifact({ artifactRepositoryId: elsewhere }));
    expect(moved.status).toBe(422);
    expect(moved.body.detail[0]).toMatchObject({
      loc: ['body', 'artifactRepositoryId'],
      msg: 'Value error, an artifact cannot move to another repository',
    });
    expect((await api.get(`artifacts/${id}`)).body.artifactRepositoryId).not.toBe(elsewhere);
  });

  it('answers FastAPI-style 422s for schema errors', async () => {
    const refused = await api.post('artifacts', { type: 'service', spec: { containerGroups: [] }, extra: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual(
      expect.arrayContaining([
        { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'extra'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
      ]),
    );
    const badEnum = await api.post('artifacts', serviceArtifact({ type: 'other' as 'nim' }));
    expect(badEnum.status).toBe(422);
    expect(badEnum.body.detail[0]).toMatchObject({ loc: ['body', 'type'], type: 'enum' });
    // A port of 1e20 is past the port's bound, which is all pydantic says of it.
    const hugePort = serviceArtifact();
    hugePort.spec = {
      containerGroups: [
        { name: 'default', containers: [{ name: 'a', imageUri: 'x', port: 1e20, primary: true }] },
      ],
    };
    expect((await api.post('artifacts', hugePort)).body.detail).toEqual([
      {
        loc: ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'port'],
        msg: 'Input should be less than or equal to 65535',
        type: 'less_than_equal',
        ctx: { le: 65535 },
      },
    ]);
    // And below it, -1e20: only the port's own lower bound, not the smallest exact integer's too.
    hugePort.spec = {
      containerGroups: [
        { name: 'default', containers: [{ name: 'a', imageUri: 'x', port: -1e20, primary: true }] },
      ],
    };
    expect((await api.post('artifacts', hugePort)).body.detail).toEqual([
      {
        loc: ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'port'],
        msg: 'Input should be greater than or equal to 1024',
        type: 'greater_than_equal',
        ctx: { ge: 1024 },
      },
    ]);
    // An integer given as text inside the spec (a union of the spec types) is read as pydantic's
    // lax mode reads an integer: "8080", but not a number in exponent form.
    const textPort = (port: string) => {
      const body = serviceArtifact();
      body.spec = {
        containerGroups: [
          { name: 'default', containers: [{ name: 'a', imageUri: 'x', port, primary: true }] },
        ],
      } as never;
      return api.post('artifacts', body);
    };
    const read = await textPort('8080');
    expect(read.status, JSON.stringify(read.body)).toBe(201);
    expect(read.body.spec.containerGroups[0].containers[0].port).toBe(8080);
    expect((await textPort('8.08e3')).body.detail).toEqual([
      {
        loc: ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'port'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        type: 'int_parsing',
      },
    ]);
  });

  it("words a name too short and a list that is none as pydantic does, with the length's unit in the singular", async () => {
    // And a name too long, with the bound it is past.
    expect((await api.post('artifacts', serviceArtifact({ name: 'x'.repeat(5001) }))).body.detail).toEqual([
      {
        loc: ['body', 'name'],
        msg: 'String should have at most 5000 characters',
        type: 'string_too_long',
        ctx: { max_length: 5000 },
      },
    ]);
    const unnamed = await api.post('artifacts', serviceArtifact({ name: '' }));
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.detail).toEqual([
      {
        loc: ['body', 'name'],
        msg: 'String should have at least 1 character',
        type: 'string_too_short',
        ctx: { min_length: 1 },
      },
    ]);
    const notAList = serviceArtifact();
    notAList.spec = { containerGroups: { default: {} } as never };
    const refused = await api.post('artifacts', notAList);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([
      {
        loc: ['body', 'spec', 'service', 'containerGroups'],
        msg: 'Input should be a valid list',
        type: 'list_type',
      },
    ]);
  });

  it('locates errors as pydantic does: after the spec type, with literal_error for inline choices', async () => {
    const container = { name: 'a', imageUri: 'x', primary: true, port: 80 };
    const service = await api.post('artifacts', {
      name: 'a',
      spec: { containerGroups: [{ containers: [container] }] },
    });
    expect(service.status).toBe(422);
    expect(service.body.detail).toEqual([
      {
        loc: ['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'port'],
        msg: 'Input should be greater than or equal to 1024',
        type: 'greater_than_equal',
        ctx: { ge: 1024 },
      },
    ]);
    const probe = { path: '/', port: 8080, scheme: 'http' };
    const nim = await api.post('artifacts', {
      name: 'a',
      type: 'nim',
      spec: {
        containerGroups: [{ containers: [{ ...container, port: 8080, readinessProbe: probe }] }],
        storage: { mode: 'shared' },
      },
    });
    expect(nim.body.detail).toEqual([
      {
        loc: ['body', 'spec', 'nim', 'containerGroups', 0, 'containers', 0, 'readinessProbe', 'scheme'],
        msg: "Input should be 'HTTP' or 'HTTPS'",
        type: 'literal_error',
        ctx: { expected: "'HTTP' or 'HTTPS'" },
      },
      {
        loc: ['body', 'spec', 'nim', 'storage', 'mode'],
        msg: "Input should be 'dedicatedPvc' or 'nimCache'",
        type: 'literal_error',
        ctx: { expected: "'dedicatedPvc' or 'nimCache'" },
      },
    ]);
    // The dockerfile is told by its source, as the reference's discriminator says.
    const dockerfile = async (given: unknown) => {
      const imageBuildConfig = { dockerfile: given };
      const body = {
        name: 'a',
        spec: { containerGroups: [{ containers: [{ ...container, port: 8080, imageBuildConfig }] }] },
      };
      return (await api.post('artifacts', body)).body.detail;
    };
    const at = [
      'body',
      'spec',
      'service',
      'containerGroups',
      0,
      'containers',
      0,
      'imageBuildConfig',
      'dockerfile',
    ];
    expect(await dockerfile({ path: 'Dockerfile' })).toEqual([
      {
        loc: at,
        msg: "Unable to extract tag using discriminator 'source'",
        type: 'union_tag_not_found',
        ctx: { discriminator: "'source'" },
      },
    ]);
    expect(await dockerfile({ source: 'inline' })).toEqual([
      {
        loc: at,
        msg: "Input tag 'inline' found using 'source' does not match any of the expected tags: 'provided', 'generated'",
        type: 'union_tag_invalid',
        ctx: { discriminator: "'source'", tag: 'inline', expected_tags: "'provided', 'generated'" },
      },
    ]);
    // A tag that is no text is written as Python writes what json.loads made of it.
    for (const [source, tag] of [
      [null, 'None'],
      [true, 'True'],
      [['x', "it's"], `['x', "it's"]`],
      [{ a: 1, b: [false] }, "{'a': 1, 'b': [False]}"],
      // repr() keeps single quotes when the text has both kinds, and escapes backslashes and controls.
      [['both \' and "', 'a\\b\n\t\r'], `['both \\' and "', 'a\\\\b\\n\\t\\r']`],
      [{ "it's": null }, `{"it's": None}`],
    ] as const) {
      const [item] = await dockerfile({ source });
      expect(item.type, tag).toBe('union_tag_invalid');
      expect(item.ctx.tag).toBe(tag);
      expect(item.msg).toBe(
        `Input tag '${tag}' found using 'source' does not match any of the expected tags: 'provided', 'generated'`,
      );
    }
    // A tag nested deeper than the stack goes is named by its type, still a 422. Sent as text: the
    // test's own JSON.stringify would not get through it either.
    const withTag = JSON.stringify({
      name: 'a',
      spec: {
        containerGroups: [
          { containers: [{ ...container, port: 8080, imageBuildConfig: { dockerfile: { source: 0 } } }] },
        ],
      },
    });
    const deep = await t.app.inject({
      method: 'POST',
      url: '/api/v2/artifacts',
      headers: { authorization: 'Bearer tenant-a', 'content-type': 'application/json' },
      payload: withTag.replace('"source":0', `"source":${'['.repeat(200_000)}${']'.repeat(200_000)}`),
    });
    expect(deep.statusCode).toBe(422);
    expect(deep.json().detail[0]).toMatchObject({ type: 'union_tag_invalid', ctx: { tag: 'object' } });
    expect(
      (await dockerfile({ source: 'generated', entrypoint: ['python'] })).map((item: any) => item.loc),
    ).toEqual([
      [...at, 'generated', 'executionEnvironmentId'],
      [...at, 'generated', 'executionEnvironmentVersionId'],
    ]);
    // A generated Dockerfile needs an entrypoint of one item at least (the reference's minItems).
    expect(
      await dockerfile({
        source: 'generated',
        executionEnvironmentId: 'e',
        executionEnvironmentVersionId: 'v',
        entrypoint: [],
      }),
    ).toMatchObject([{ loc: [...at, 'generated', 'entrypoint'], type: 'too_short', ctx: { min_length: 1 } }]);
    // A list given for a name is of the wrong type, and nothing more (zod also measured its length).
    const listName = await api.post('artifacts', { name: [], spec: { containerGroups: [] } });
    expect(listName.body.detail).toEqual([
      { loc: ['body', 'name'], msg: 'Input should be a valid string', type: 'string_type' },
    ]);
    // A number that is no boolean was read as one; headers must be a dictionary (not a model).
    const probeOf = (readinessProbe: unknown, primary: unknown = true) => ({
      name: 'a',
      spec: { containerGroups: [{ containers: [{ ...container, port: 8080, primary, readinessProbe }] }] },
    });
    const odd = await api.post('artifacts', probeOf({ path: '/', port: 8080, httpHeaders: 'x' }, 2));
    expect(odd.body.detail.map((item: any) => [item.loc.at(-1), item.type, item.msg])).toEqual([
      ['primary', 'bool_parsing', 'Input should be a valid boolean, unable to interpret input'],
      ['httpHeaders', 'dict_type', 'Input should be a valid dictionary'],
    ]);
    // pydantic reads a whole number as a boolean only within 64 bits; beyond, or a fraction, it is
    // of the wrong type.
    for (const [primary, type] of [
      [-(2 ** 63), 'bool_parsing'],
      [2 ** 62, 'bool_parsing'],
      [2 ** 63, 'bool_type'],
      [-(2 ** 64), 'bool_type'],
      [1e300, 'bool_type'],
      [0.5, 'bool_type'],
    ] as const) {
      const refused = await api.post('artifacts', probeOf(null, primary));
      expect(refused.body.detail.map((item: any) => [item.loc.at(-1), item.type])).toEqual([
        ['primary', type],
      ]);
    }
    // The checks beyond the schema locate theirs the same way, in an artifact given inline too.
    const twoPrimaries = {
      name: 'a',
      spec: { containerGroups: [{ containers: [container, { ...container, name: 'b' }] }] },
    };
    for (const group of twoPrimaries.spec.containerGroups) for (const c of group.containers) c.port = 8080;
    const inline = await api.post('workloads', { name: 'w', importance: 'low', artifact: twoPrimaries });
    expect(inline.status).toBe(422);
    expect(inline.body.detail[0].loc).toEqual([
      'body',
      'artifact',
      'spec',
      'service',
      'containerGroups',
      0,
      'containers',
    ]);
    // A named enumeration (a component of the document) is an enum error.
    const artifactId = await createArtifact(api);
    const policy = await api.post('workloads', {
      ...workloadBody(artifactId),
      runtime: { containerGroups: [{ name: 'default', bundleSelectionPolicy: 'cheapest' }] },
    });
    expect(policy.body.detail).toEqual([
      {
        loc: ['body', 'runtime', 'containerGroups', 0, 'bundleSelectionPolicy'],
        msg: "Input should be 'availability'",
        type: 'enum',
        ctx: { expected: "'availability'" },
      },
    ]);
    // A value no member of a plain union takes: every member's errors, under its tag.
    const memory = async (value: unknown) => {
      const container = { name: 'agent', resourceAllocation: { memory: value } };
      const runtime = { containerGroups: [{ name: 'default', containers: [container] }] };
      const refused = await api.post('workloads', { ...workloadBody(artifactId), runtime });
      expect(refused.status).toBe(422);
      return refused.body.detail.map((item: any) => [item.loc.slice(-2).join(' '), item.type]);
    };
    expect(await memory('lots')).toEqual([
      ['memory constrained-str', 'string_pattern_mismatch'],
      ['memory constrained-int', 'int_parsing'],
    ]);
    expect(await memory(-1)).toEqual([
      ['memory constrained-str', 'string_type'],
      ['memory constrained-int', 'greater_than_equal'],
    ]);
    expect(await memory([1])).toEqual([
      ['memory constrained-str', 'string_type'],
      ['memory constrained-int', 'int_type'],
    ]);
    // Beyond 200 issues (a flood, not a mistake) items come as zod finds them: one member's each.
    const envs = async (count: number) => {
      const primary = {
        ...container,
        port: 8080,
        environmentVars: Array.from({ length: count }, () => ({})),
      };
      const body = { name: 'a', spec: { containerGroups: [{ containers: [primary] }] } };
      return (await api.post('artifacts', body)).body.detail;
    };
    const few = await envs(200);
    expect(few).toHaveLength(200 * 6);
    expect(few[0].loc).toEqual([
      ...['body', 'spec', 'service', 'containerGroups', 0, 'containers', 0, 'environmentVars', 0],
      ...['StringEnvironmentVariable', 'name'],
    ]);
    const flood = await envs(201);
    expect(flood).toHaveLength(201 * 2);
    expect(flood[0].loc).toEqual([
      ...['body', 'spec', 'containerGroups', 0, 'containers', 0, 'environmentVars', 0, 'name'],
    ]);
  });
});
