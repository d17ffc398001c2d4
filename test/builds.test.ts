import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildableArtifact, createArtifact, replicas, serviceArtifact, workloadBody } from './fixtures.js';
import { at, type Client, createTestApp, type TestApp } from './helpers.js';
import { clearFault, injectFault } from './sim-helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

/** Advances the clock to `seconds` after T0, second by second being unnecessary: timers fire in order. */
function advanceTo(seconds: number) {
  const now = (t.clock.now() - Date.parse(at(0))) / 1000;
  t.advance(seconds - now);
}

describe('artifact builds', () => {
  it('builds a draft PENDING -> IN_PROGRESS -> BUILT -> COMPLETED and gives its containers the image', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const triggered = await api.post(`artifacts/${artifactId}/builds`);
    expect(triggered.status).toBe(202);
    expect(triggered.body.buildIds).toHaveLength(1);
    const [buildId] = triggered.body.buildIds;

    const seen: string[] = [];
    for (const second of [0, 5, 64, 65, 74, 75]) {
      advanceTo(second);
      const build = await api.get(`artifacts/${artifactId}/builds/${buildId}`);
      expect(build.status).toBe(200);
      seen.push(`${second}:${build.body.status}`);
    }
    expect(seen).toEqual([
      '0:PENDING',
      '5:IN_PROGRESS',
      '64:IN_PROGRESS',
      '65:BUILT',
      '74:BUILT',
      '75:COMPLETED',
    ]);

    const build = (await api.get(`artifacts/${artifactId}/builds/${buildId}`)).body;
    expect(build).toMatchObject({
      id: buildId,
      artifactId,
      name: 'built-agent (agent, worker)',
      status: 'COMPLETED',
      createdAt: at(0),
      updatedAt: at(75),
    });
    const containers = (await api.get(`artifacts/${artifactId}`)).body.spec.containerGroups[0].containers;
    for (const container of containers) {
      expect(container.imageUri).toBe(`registry.local/artifacts/${artifactId}/${container.name}:${buildId}`);
      expect(container.build).toEqual({
        artifactImageBuildId: buildId,
        status: 'COMPLETED',
        createdAt: at(0),
      });
    }

    const logs = await api.get(`artifacts/${artifactId}/builds/${buildId}/logs`);
    expect(logs.status).toBe(200);
    expect(logs.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(logs.body).toContain(`${at(0)} Build ${buildId} of artifact ${artifactId} queued`);
    expect(logs.body).toContain('Fetching code: catalog c0ffee000000000000000001, version v1.');
    // A short image digest, as docker prints it: 12 hex characters.
    expect(logs.body).toMatch(/ Successfully built sha256:[0-9a-f]{12}$/m);
    expect(logs.body).toContain(`${at(75)} Build completed: container(s) agent, worker updated.`);

    const list = await api.get(`artifacts/${artifactId}/builds`);
    expect(list.body).toMatchObject({ totalCount: 1, count: 1, data: [{ id: buildId }] });
  });

  it('one build per distinct code reference; a new build cancels the running ones', async () => {
    const body = buildableArtifact();
    const containers = body.spec.containerGroups![0]!.containers!;
    containers[1]!.imageBuildConfig!.codeRef!.datarobot.catalogVersionId = 'v2';
    const artifactId = await createArtifact(api, body, false);
    const first = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    expect(first).toHaveLength(2);
    t.advance(10);
    const second = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    expect(second).toHaveLength(2);
    const list = (await api.get(`artifacts/${artifactId}/builds`)).body;
    expect(list.totalCount).toBe(4);
    expect(list.data.map((b: any) => b.status)).toEqual(['PENDING', 'PENDING', 'CANCELLED', 'CANCELLED']);
    expect(list.data.slice(0, 2).map((b: any) => b.id)).toEqual([...second].reverse());
    const older = (await api.get(`artifacts/${artifactId}/builds?offset=2&limit=1`)).body;
    expect(older).toMatchObject({ totalCount: 4, count: 1 });
    expect(older.data[0].id).toBe(list.data[2].id);
    const one = (await api.get(`artifacts/${artifactId}/builds/${older.data[0].id}`)).body;
    expect(one).toEqual(older.data[0]);
    // A cancelled build goes no further.
    t.advance(75);
    const later = (await api.get(`artifacts/${artifactId}/builds`)).body.data;
    expect(later.map((b: any) => b.status)).toEqual(['COMPLETED', 'COMPLETED', 'CANCELLED', 'CANCELLED']);
    // Built but not yet given to its containers, a build still runs: a new one cancels it too.
    const third = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    t.advance(65);
    expect((await api.get(`artifacts/${artifactId}/builds/${third[0]}`)).body.status).toBe('BUILT');
    await api.post(`artifacts/${artifactId}/builds`);
    expect((await api.get(`artifacts/${artifactId}/builds/${third[0]}`)).body.status).toBe('CANCELLED');
  });

  it('refuses locked, NIM and image-only artifacts; unknown ids are 404', async () => {
    const locked = await createArtifact(api, serviceArtifact(), true);
    const lockedRes = await api.post(`artifacts/${locked}/builds`);
    expect(lockedRes.status).toBe(422);
    expect(lockedRes.body.detail).toMatch(/locked/);
    const plain = await createArtifact(api, serviceArtifact(), false);
    const plainRes = await api.post(`artifacts/${plain}/builds`);
    expect(plainRes.status).toBe(422);
    expect(plainRes.body.detail).toMatch(/no container with an imageBuildConfig/);
    const nim = await createArtifact(api, { ...serviceArtifact(), type: 'nim' }, false);
    expect((await api.post(`artifacts/${nim}/builds`)).status).toBe(422);

    const draft = await createArtifact(api, buildableArtifact(), false);
    const [buildId] = (await api.post(`artifacts/${draft}/builds`)).body.buildIds;
    expect((await api.get(`artifacts/${plain}/builds/${buildId}`)).status).toBe(404);
    expect((await api.get(`artifacts/${draft}/builds/${'0'.repeat(24)}`)).status).toBe(404);
    expect((await api.get(`artifacts/${draft}/builds/${'0'.repeat(24)}/logs`)).status).toBe(404);
    // A build id that is no id at all is the reference's 422.
    const malformed = await api.get(`artifacts/${draft}/builds/nothex`);
    expect(malformed.status).toBe(422);
    expect(malformed.body.detail).toEqual([
      {
        loc: ['path', 'build_id'],
        msg: "String should match pattern '^[0-9a-f]{24}$'",
        type: 'string_pattern_mismatch',
        ctx: { pattern: '^[0-9a-f]{24}$' },
      },
    ]);
    expect((await t.client('someone-else').get(`artifacts/${draft}/builds`)).status).toBe(404);
    expect((await t.client('someone-else').get(`artifacts/${draft}/builds/${buildId}`)).status).toBe(404);
  });

  it('needs the code (imageBuildConfig.codeRef) before a build or a lock', async () => {
    const body = buildableArtifact();
    const worker = body.spec.containerGroups?.[0]?.containers?.[1];
    if (!worker?.imageBuildConfig) throw new Error('the fixture builds its worker from code');
    worker.imageBuildConfig.codeRef = null;
    const draft = await createArtifact(api, body, false);
    const build = await api.post(`artifacts/${draft}/builds`);
    expect(build.status).toBe(422);
    expect(build.body.detail).toMatch(
      /^Container 'worker' of artifact [0-9a-f]{24} has no imageBuildConfig\.codeRef/,
    );
    const codeRef = ['body', 'spec', 'containerGroups', 0, 'containers', 1, 'imageBuildConfig', 'codeRef'];
    const lock = await api.patch(`artifacts/${draft}`, { status: 'locked' });
    expect(lock.status).toBe(422);
    expect(lock.body.detail[0]).toMatchObject({
      loc: codeRef,
      msg: expect.stringMatching(/'worker' has no codeRef/),
    });
    const createdLocked = await api.post('artifacts', { ...body, status: 'locked' });
    expect(createdLocked.status).toBe(422);
    // A new artifact's spec is located after its type, as pydantic locates a discriminated union's.
    const typedCodeRef = [...codeRef.slice(0, 2), 'service', ...codeRef.slice(2)];
    expect(createdLocked.body.detail[0].loc).toEqual(typedCodeRef);
    // A lock that comes with a new spec checks the new spec, not the one it replaces.
    const withCode = await createArtifact(api, buildableArtifact(), false);
    const lockedWithSpec = await api.patch(`artifacts/${withCode}`, { spec: body.spec, status: 'locked' });
    expect(lockedWithSpec.status).toBe(422);
    expect(lockedWithSpec.body.detail[0].loc).toEqual(codeRef);
    const putLocked = await api.put(`artifacts/${withCode}`, { ...body, status: 'locked' });
    expect(putLocked.status).toBe(422);
    expect(putLocked.body.detail[0].loc).toEqual(typedCodeRef);
    expect((await api.delete(`artifacts/${withCode}`)).status).toBe(204);
    expect((await api.get('artifacts')).body.totalCount).toBe(1);
    expect((await api.get(`artifacts/${draft}`)).body).toMatchObject({ status: 'draft', version: null });
  });

  it('promoting a running draft that names no code for a container it builds is a 422: it stays a draft', async () => {
    const body = buildableArtifact();
    const containers = body.spec.containerGroups![0]!.containers!;
    // Deployable through images given outright, but the worker names no code to build it from.
    containers[0]!.imageUri = 'registry.example.com/agent:1';
    containers[1]!.imageUri = 'registry.example.com/worker:1';
    containers[1]!.imageBuildConfig!.codeRef = null;
    const draft = await createArtifact(api, body, false);
    const workload = (await api.post('workloads', workloadBody(draft))).body.id;
    t.advance(60);
    const refused = await api.post(`workloads/${workload}/promote`);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(
      /^Container 'worker' of artifact [0-9a-f]{24} has no imageBuildConfig\.codeRef/,
    );
    expect((await api.get(`artifacts/${draft}`)).body).toMatchObject({ status: 'draft', version: null });
  });

  it('deploying an artifact whose build is not COMPLETED is a 422; once completed it runs the built image', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const unbuilt = await api.post('workloads', workloadBody(artifactId));
    expect(unbuilt.status).toBe(422);
    expect(unbuilt.body.detail[0]).toMatchObject({
      loc: ['body', 'artifactId'],
      msg: expect.stringMatching(/has no image: build the artifact/),
    });
    await api.post(`artifacts/${artifactId}/builds`);
    t.advance(30);
    const building = await api.post('workloads', workloadBody(artifactId));
    expect(building.status).toBe(422);
    expect(building.body.detail[0].msg).toMatch(/is IN_PROGRESS; deploy it once the build is COMPLETED/);
    t.advance(60);
    const created = await api.post('workloads', workloadBody(artifactId));
    expect(created.status).toBe(201);
    t.advance(30);
    const protonId = created.body.protonId;
    const details = await api.get(`workloads/${created.body.id}/protons/${protonId}/statusDetails`);
    expect(details.body.replicas[0].containers[0].image).toMatch(
      new RegExp(`^registry\\.local/artifacts/${artifactId}/agent:`),
    );

    // Rebuilt while it runs: new settings would deploy it again, so they wait for the build too.
    await api.post(`artifacts/${artifactId}/builds`);
    t.advance(5);
    const settings = await api.patch(`workloads/${created.body.id}/settings`, { runtime: replicas(2) });
    expect(settings.status).toBe(422);
    expect(settings.body.detail[0].msg).toMatch(/deploy it once the build is COMPLETED/);
    // Nor is it promoted: the locked version would not be what runs.
    const promoting = await api.post(`workloads/${created.body.id}/promote`);
    expect(promoting.status).toBe(422);
    expect(promoting.body.detail).toMatch(/is (PENDING|IN_PROGRESS); promote it once the build is COMPLETED/);
    t.advance(120);
    expect((await api.post(`workloads/${created.body.id}/promote`)).body.detail).toMatch(/has changed since/);
    expect((await api.patch(`workloads/${created.body.id}/settings`, { runtime: replicas(2) })).status).toBe(
      202,
    );
    t.advance(60);
    expect((await api.post(`workloads/${created.body.id}/promote`)).status).toBe(202);
  });

  it('a build started after a replacement onto its draft was accepted fails the candidate, naming the build once', async () => {
    const draft = await createArtifact(api, buildableArtifact(), false);
    expect((await api.post(`artifacts/${draft}/builds`)).status).toBe(202);
    advanceTo(75);
    const created = await api.post('workloads', workloadBody(draft));
    expect(created.status).toBe(201);
    t.advance(30);
    const config = { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 };
    const replacement = `workloads/${created.body.id}/replacement`;
    expect((await api.post(replacement, { artifactId: draft, strategy: 'rolling', config })).status).toBe(
      202,
    );
    // Within its first second (submitted), a new build of the draft starts.
    const rebuilt = await api.post(`artifacts/${draft}/builds`);
    expect(rebuilt.status).toBe(202);
    t.advance(1);
    const record = (await api.get(replacement)).body;
    expect(record.status).toBe('errored');
    expect(record.message).toBe(
      `Artifact ${draft} changed before the candidate started: the image build ${rebuilt.body.buildIds[0]} of container 'agent' is PENDING; deploy it once the build is COMPLETED.`,
    );
  });

  it('a draft edited after a replacement onto it was accepted is checked again when the candidate starts', async () => {
    const running = await createArtifact(api, serviceArtifact(), false);
    const target = await createArtifact(api, serviceArtifact({}, 'registry.example.com/agent:2'), false);
    const created = await api.post('workloads', workloadBody(running));
    t.advance(30);
    const config = { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 };
    const replacement = `workloads/${created.body.id}/replacement`;
    expect((await api.post(replacement, { artifactId: target, strategy: 'rolling', config })).status).toBe(
      202,
    );
    // Within its first second (submitted), the target loses its image: it needs a build now.
    expect((await api.patch(`artifacts/${target}`, { spec: buildableArtifact().spec })).status).toBe(200);
    expect((await api.post('workloads', workloadBody(target))).status).toBe(422);
    t.advance(120);
    const record = (await api.get(replacement)).body;
    expect(record.status).toBe('errored');
    expect(record.message).toBe(
      `Artifact ${target} changed before the candidate started: container 'agent' has no image: build the artifact before deploying it`,
    );
    const workload = (await api.get(`workloads/${created.body.id}`)).body;
    expect([workload.status, workload.artifactId]).toEqual(['running', running]);
    // Ended before it began: no rollout timeout is left armed on the errored record.
    expect(t.app.emulator.clock.state().pendingTimers).toBe(0);
    const exported = await api.get('/_mock/state');
    expect(exported.status).toBe(200);
    expect((await api.put('/_mock/state', exported.body)).status).toBe(200);
    // The errored replacement, still the workload's to read, no longer holds the draft it aimed at.
    expect((await api.get(replacement)).body.status).toBe('errored');
    expect((await api.delete(`artifacts/${target}`)).status).toBe(204);
  });

  it('locking builds only what POST /builds would: a NIM artifact without images is not locked', async () => {
    const nim = buildableArtifact({ name: 'nim', type: 'nim' });
    nim.spec = { ...nim.spec, type: 'nim' } as typeof nim.spec;
    const created = await api.post('artifacts', nim);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api.post(`artifacts/${created.body.id}/builds`)).status).toBe(422);
    const locking = await api.patch(`artifacts/${created.body.id}`, { status: 'locked' });
    expect(locking.status).toBe(422);
    expect(locking.body.detail[0]).toMatchObject({
      loc: ['body', 'spec', 'containerGroups', 0, 'containers', 0, 'imageUri'],
      msg: expect.stringMatching(/a nim artifact is not built from code/),
    });
    const artifact = (await api.get(`artifacts/${created.body.id}`)).body;
    expect([artifact.status, (await api.get(`artifacts/${created.body.id}/builds`)).body.data]).toEqual([
      'draft',
      [],
    ]);
  });

  it('a BuildFailed fault fails the build; a new build after the fault is cleared completes', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const fault = await api.post('/_mock/faults', { match: { artifactId }, fault: 'BuildFailed' });
    expect(fault.status).toBe(201);
    const [buildId] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(34);
    expect((await api.get(`artifacts/${artifactId}/builds/${buildId}`)).body.status).toBe('IN_PROGRESS');
    advanceTo(35);
    expect((await api.get(`artifacts/${artifactId}/builds/${buildId}`)).body).toMatchObject({
      status: 'FAILED',
      updatedAt: at(35),
    });
    const logs = (await api.get(`artifacts/${artifactId}/builds/${buildId}/logs`)).body;
    expect(logs).toMatch(/ERROR: process .* did not complete successfully/);
    const refused = await api.post('workloads', workloadBody(artifactId));
    expect(refused.status).toBe(422);
    expect(refused.body.detail[0].msg).toMatch(/is FAILED/);

    await api.delete('/_mock/faults');
    const [again] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    t.advance(75);
    expect((await api.get(`artifacts/${artifactId}/builds/${again}`)).body.status).toBe('COMPLETED');
    expect((await api.post('workloads', workloadBody(artifactId))).status).toBe(201);
  });

  it('a BuildFailed fault cleared before the failure is due lets the running build finish', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const fault = await injectFault(api, { match: { artifactId }, fault: 'BuildFailed' });
    const [buildId] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(10);
    await clearFault(api, fault);
    const seen: string[] = [];
    for (const second of [35, 64, 65, 75]) {
      advanceTo(second);
      seen.push(`${second}:${(await api.get(`artifacts/${artifactId}/builds/${buildId}`)).body.status}`);
    }
    expect(seen).toEqual(['35:IN_PROGRESS', '64:IN_PROGRESS', '65:BUILT', '75:COMPLETED']);
  });

  it('a BuildFailed fault fails a long build at most 30 seconds into its run', async () => {
    const slow = await createTestApp({ buildSeconds: 120 });
    try {
      const client = slow.client();
      const artifactId = await createArtifact(client, buildableArtifact(), false);
      await injectFault(client, { match: { artifactId }, fault: 'BuildFailed' });
      const [buildId] = (await client.post(`artifacts/${artifactId}/builds`)).body.buildIds;
      slow.advance(34);
      expect((await client.get(`artifacts/${artifactId}/builds/${buildId}`)).body.status).toBe('IN_PROGRESS');
      slow.advance(1);
      expect((await client.get(`artifacts/${artifactId}/builds/${buildId}`)).body).toMatchObject({
        status: 'FAILED',
        updatedAt: at(35),
      });
    } finally {
      await slow.close();
    }
  });

  it('a BuildFailed fault due after the build ends does not fail it; one set during the run fails it at its end', async () => {
    const late = await createArtifact(api, buildableArtifact(), false);
    await injectFault(api, { match: { artifactId: late }, fault: 'BuildFailed', afterSeconds: 200 });
    const [lateBuild] = (await api.post(`artifacts/${late}/builds`)).body.buildIds;
    const during = await createArtifact(api, buildableArtifact(), false);
    const [duringBuild] = (await api.post(`artifacts/${during}/builds`)).body.buildIds;
    advanceTo(10);
    expect((await api.get(`artifacts/${during}/builds/${duringBuild}`)).body.status).toBe('IN_PROGRESS');
    await injectFault(api, { match: { artifactId: during }, fault: 'BuildFailed' });
    advanceTo(75);
    expect((await api.get(`artifacts/${late}/builds/${lateBuild}`)).body.status).toBe('COMPLETED');
    expect((await api.get(`artifacts/${during}/builds/${duringBuild}`)).body).toMatchObject({
      status: 'FAILED',
      updatedAt: at(65),
    });
  });

  it('a completed build updates its artifact; its logs end every line; a clone of the artifact carries no build', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const [buildId] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(75);
    expect((await api.get(`artifacts/${artifactId}`)).body.updatedAt).toBe(at(75));
    const logs: string = (await api.get(`artifacts/${artifactId}/builds/${buildId}/logs`)).body;
    expect(logs.endsWith('updated.\n')).toBe(true);
    const clone = await api.post(`artifacts/${artifactId}/clone`, { name: 'copy' });
    expect(clone.status).toBe(200);
    const containers = clone.body.spec.containerGroups[0].containers;
    expect(containers.map((c: { build: unknown }) => c.build)).toEqual([null, null]);
    expect((await api.get(`artifacts/${clone.body.id}/builds`)).body.totalCount).toBe(0);
  });

  it('locking a draft while its build runs starts no second build for the same containers', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const [buildId] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(10);
    expect((await api.patch(`artifacts/${artifactId}`, { status: 'locked' })).status).toBe(200);
    const builds = (await api.get(`artifacts/${artifactId}/builds`)).body;
    expect(builds.data.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual([
      [buildId, 'IN_PROGRESS'],
    ]);
  });

  it('locking a draft whose last build failed builds it again, so that it can be deployed', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    await api.post(`artifacts/${artifactId}/builds`);
    advanceTo(75);
    const fault = await injectFault(api, { match: { artifactId }, fault: 'BuildFailed' });
    const [failed] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(75 + 35);
    expect((await api.get(`artifacts/${artifactId}/builds/${failed}`)).body.status).toBe('FAILED');
    await clearFault(api, fault);

    expect((await api.patch(`artifacts/${artifactId}`, { status: 'locked' })).status).toBe(200);
    const builds = (await api.get(`artifacts/${artifactId}/builds`)).body.data;
    expect(builds.map((b: { status: string }) => b.status)).toEqual(['PENDING', 'FAILED', 'COMPLETED']);
    t.advance(75);
    const containers = (await api.get(`artifacts/${artifactId}`)).body.spec.containerGroups[0].containers;
    expect(containers.map((c: { build: { status: string } }) => c.build.status)).toEqual([
      'COMPLETED',
      'COMPLETED',
    ]);
    expect((await api.post('workloads', workloadBody(artifactId))).status).toBe(201);
  });

  it('a container whose code changes loses the image built from the old code, even echoed back', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const [first] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(75);
    const built = (await api.get(`artifacts/${artifactId}`)).body;
    const images = (spec: typeof built.spec) =>
      spec.containerGroups[0].containers.map((c: { imageUri: string | null }) => c.imageUri);
    const oldImages = images(built.spec);
    expect(oldImages).toEqual([
      `registry.local/artifacts/${artifactId}/agent:${first}`,
      `registry.local/artifacts/${artifactId}/worker:${first}`,
    ]);

    const { containerGroups } = built.spec;
    const unchanged = await api.patch(`artifacts/${artifactId}`, { spec: { containerGroups } });
    expect(images(unchanged.body.spec)).toEqual(oldImages);

    const edited = structuredClone(containerGroups);
    edited[0].containers[0].imageBuildConfig.codeRef.datarobot.catalogVersionId = 'v2';
    const patched = await api.patch(`artifacts/${artifactId}`, { spec: { containerGroups: edited } });
    expect(patched.status).toBe(200);
    expect(images(patched.body.spec)).toEqual([null, oldImages[1]]);
    expect((await api.post('workloads', workloadBody(artifactId))).status).toBe(422);

    expect((await api.patch(`artifacts/${artifactId}`, { status: 'locked' })).status).toBe(200);
    const builds = (await api.get(`artifacts/${artifactId}/builds`)).body.data;
    expect(builds).toHaveLength(2);
    expect(builds[0].name).toBe('built-agent (agent)');
    t.advance(75);
    const [rebuilt] = images((await api.get(`artifacts/${artifactId}`)).body.spec);
    expect(rebuilt).toBe(`registry.local/artifacts/${artifactId}/agent:${builds[0].id}`);
    expect((await api.post('workloads', workloadBody(artifactId))).status).toBe(201);
  });

  it('an update keeps an image the client gives with new code, or for a container no longer or not yet built; containers are matched by name', async () => {
    const body = buildableArtifact();
    const [agent, worker] = body.spec.containerGroups![0]!.containers!;
    // Both given the same image outright, built from different code.
    agent!.imageUri = 'registry.example.com/shared:1';
    worker!.imageUri = 'registry.example.com/shared:1';
    worker!.imageBuildConfig!.codeRef!.datarobot.catalogVersionId = 'v2';
    // And a group of its own whose one container is an agent built from the worker's code.
    body.spec.containerGroups!.push({
      name: 'side',
      containers: [{ ...structuredClone(worker!), name: 'agent' }],
    });
    const artifactId = await createArtifact(api, body, false);
    const images = async (containerGroups: unknown) => {
      const res = await api.patch(`artifacts/${artifactId}`, { spec: { containerGroups } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      type Group = { name: string; containers: { name: string; imageUri: string | null }[] };
      return res.body.spec.containerGroups.flatMap((g: Group) =>
        g.containers.map((c) => `${g.name}/${c.name}=${c.imageUri}`),
      );
    };
    const spec = () => structuredClone(body.spec.containerGroups!);

    // The same groups and containers in another order: each is compared with its own old self, by
    // name, so none loses its image.
    const reordered = spec().reverse();
    reordered[1]!.containers!.reverse();
    expect(await images(reordered)).toEqual([
      'side/agent=registry.example.com/shared:1',
      'default/worker=registry.example.com/shared:1',
      'default/agent=registry.example.com/shared:1',
    ]);
    // New code with a new image given for it: the image is the client's, kept.
    const newImage = spec();
    newImage[0]!.containers![0]!.imageBuildConfig!.codeRef!.datarobot.catalogVersionId = 'v3';
    newImage[0]!.containers![0]!.imageUri = 'registry.example.com/agent:3';
    expect(await images(newImage)).toEqual([
      'default/agent=registry.example.com/agent:3',
      'default/worker=registry.example.com/shared:1',
      'side/agent=registry.example.com/shared:1',
    ]);
    // No longer built from code: the image echoed back is what it runs.
    const imageOnly = spec();
    imageOnly[0]!.containers![1]!.imageBuildConfig = null;
    expect(await images(imageOnly)).toEqual([
      'default/agent=registry.example.com/shared:1',
      'default/worker=registry.example.com/shared:1',
      'side/agent=registry.example.com/shared:1',
    ]);
    // Built from code from now on, its image given before kept until a build replaces it.
    expect(await images(spec())).toEqual([
      'default/agent=registry.example.com/shared:1',
      'default/worker=registry.example.com/shared:1',
      'side/agent=registry.example.com/shared:1',
    ]);
  });

  it('faults aimed at an artifact go when it is deleted', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const other = await createArtifact(api, buildableArtifact(), false);
    await injectFault(api, { match: { artifactId }, fault: 'BuildFailed' });
    const kept = await injectFault(api, { match: { artifactId: other }, fault: 'BuildFailed' });
    expect((await api.delete(`artifacts/${artifactId}`)).status).toBe(204);
    const faults = (await api.get('/_mock/faults')).body.data;
    expect(faults.map((f: { id: string }) => f.id)).toEqual([kept]);
  });

  it("a BuildFailed fault's container, image glob and tenant pick the builds it fails; the earliest of a build's faults counts", async () => {
    const status = async (artifactId: string, buildId: string) =>
      (await api.get(`artifacts/${artifactId}/builds/${buildId}`)).body.status;
    // An image glob is matched against the image a container has: none before its first build.
    const rebuilt = await createArtifact(api, buildableArtifact(), false);
    await injectFault(api, {
      match: { artifactId: rebuilt, imageUri: 'registry.local/*' },
      fault: 'BuildFailed',
    });
    const [firstBuild] = (await api.post(`artifacts/${rebuilt}/builds`)).body.buildIds;
    advanceTo(75);
    expect(await status(rebuilt, firstBuild)).toBe('COMPLETED');
    const [secondBuild] = (await api.post(`artifacts/${rebuilt}/builds`)).body.buildIds;

    // Two codes, two builds: a fault naming the worker fails the worker's build only.
    const split = buildableArtifact();
    split.spec.containerGroups![0]!.containers![1]!.imageBuildConfig!.codeRef!.datarobot.catalogVersionId =
      'v2';
    const twoBuilds = await createArtifact(api, split, false);
    await injectFault(api, { match: { artifactId: twoBuilds }, container: 'worker', fault: 'BuildFailed' });
    const [agentBuild, workerBuild] = (await api.post(`artifacts/${twoBuilds}/builds`)).body.buildIds;

    // One build of both containers: the worker's fault, due first, fails it; the agent's would be too late.
    const shared = await createArtifact(api, buildableArtifact(), false);
    await injectFault(api, {
      match: { artifactId: shared },
      container: 'agent',
      fault: 'BuildFailed',
      afterSeconds: 500,
    });
    await injectFault(api, { match: { artifactId: shared }, container: 'worker', fault: 'BuildFailed' });
    const [sharedBuild] = (await api.post(`artifacts/${shared}/builds`)).body.buildIds;

    // A fault kept to the artifact's tenant fails its build.
    const ofTenant = await createArtifact(api, buildableArtifact(), false);
    await injectFault(api, { match: { artifactId: ofTenant, tenant: 'tenant-a' }, fault: 'BuildFailed' });
    const [tenantBuild] = (await api.post(`artifacts/${ofTenant}/builds`)).body.buildIds;

    advanceTo(75 + 75);
    expect({
      secondBuild: await status(rebuilt, secondBuild),
      agentBuild: await status(twoBuilds, agentBuild),
      workerBuild: await status(twoBuilds, workerBuild),
      sharedBuild: await status(shared, sharedBuild),
      tenantBuild: await status(ofTenant, tenantBuild),
    }).toEqual({
      secondBuild: 'FAILED',
      agentBuild: 'COMPLETED',
      workerBuild: 'FAILED',
      sharedBuild: 'FAILED',
      tenantBuild: 'FAILED',
    });
  });

  it('build logs tell the code fetched, the Dockerfile used and the images pushed; a cancelled build says why', async () => {
    const body = buildableArtifact();
    const worker = body.spec.containerGroups![0]!.containers![1]!;
    worker.imageBuildConfig = {
      codeRef: { datarobot: { catalogId: 'c0ffee000000000000000001', catalogVersionId: 'v2' } },
      dockerfile: { source: 'provided', path: 'build/Dockerfile' },
    };
    const artifactId = await createArtifact(api, body, false);
    const [agentBuild, workerBuild] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(75);
    const logs = async (buildId: string): Promise<string[]> =>
      (await api.get(`artifacts/${artifactId}/builds/${buildId}/logs`)).body.trimEnd().split('\n');
    expect(await logs(agentBuild)).toEqual(
      expect.arrayContaining([
        `${at(5)} Fetching code: catalog c0ffee000000000000000001, version v1.`,
        `${at(5)} Generating a Dockerfile from execution environment e0e0e0000000000000000001 (version e0e0e0000000000000000002).`,
        `${at(5)} Step 4/4 : ENTRYPOINT ["python","agent.py"]`,
        `${at(65)} Pushed registry.local/artifacts/${artifactId}/agent:${agentBuild}`,
      ]),
    );
    const workerLogs = await logs(workerBuild);
    expect(workerLogs).toEqual(
      expect.arrayContaining([
        `${at(5)} Fetching code: catalog c0ffee000000000000000001, version v2.`,
        `${at(5)} Building from the provided Dockerfile build/Dockerfile.`,
        `${at(65)} Pushed registry.local/artifacts/${artifactId}/worker:${workerBuild}`,
      ]),
    );
    expect(workerLogs.filter((line) => /Pushed|Generating|Step/.test(line))).toHaveLength(1);

    const [superseded] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(80);
    const [edited] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    advanceTo(85);
    expect((await api.patch(`artifacts/${artifactId}`, { spec: body.spec })).status).toBe(200);
    expect((await logs(superseded)).at(-1)).toBe(`${at(80)} Build cancelled: superseded by a new build.`);
    expect((await logs(edited)).at(-1)).toBe(`${at(85)} Build cancelled: the artifact spec changed.`);
  });

  it('a BuildFailed fault that also names pods fails no build: a build runs in no pod', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const fault = await api.post('/_mock/faults', { match: { artifactId, pod: '*' }, fault: 'BuildFailed' });
    expect(fault.status).toBe(201);
    const [buildId] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    t.advance(75);
    expect((await api.get(`artifacts/${artifactId}/builds/${buildId}`)).body.status).toBe('COMPLETED');
  });

  it('BuildFailed faults must name the artifact', async () => {
    const res = await api.post('/_mock/faults', { match: { imageUri: '*' }, fault: 'BuildFailed' });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].loc).toEqual(['body', 'match', 'artifactId']);
  });

  it('locking a draft builds the images it lacks; a replacement onto it waits for the build', async () => {
    const running = await createArtifact(api, serviceArtifact(), false);
    const workload = (await api.post('workloads', workloadBody(running))).body;
    t.advance(60);
    await api.patch(`artifacts/${running}`, { status: 'locked' });
    const target = await createArtifact(api, buildableArtifact({ status: 'locked' }), false);
    const builds = (await api.get(`artifacts/${target}/builds`)).body;
    expect(builds.data.map((b: any) => b.status)).toEqual(['PENDING']);
    const early = await api.post(`workloads/${workload.id}/replacement`, {
      artifactId: target,
      strategy: 'rolling',
    });
    expect(early.status).toBe(422);
    expect(early.body.detail[0]).toMatchObject({
      loc: ['body', 'artifactId'],
      msg: expect.stringMatching(/PENDING/),
    });
    t.advance(75);
    const late = await api.post(`workloads/${workload.id}/replacement`, {
      artifactId: target,
      strategy: 'rolling',
    });
    expect(late.status).toBe(202);
  });

  it("the builds a lock starts are the locking user's, as those POST /builds starts are", async () => {
    const team = await createTestApp({
      tokens: new Map([
        ['author', 'team'],
        ['locker', 'team'],
      ]),
    });
    try {
      const author = team.client('author');
      const locker = team.client('locker');
      const draft = await createArtifact(author, buildableArtifact(), false);
      expect((await locker.patch(`artifacts/${draft}`, { status: 'locked' })).status).toBe(200);
      const [build] = (await author.get(`artifacts/${draft}/builds`)).body.data;
      const lockerUser = (await locker.post('artifacts', serviceArtifact())).body.creator;
      expect(build.creator.id).toBe(lockerUser.id);
    } finally {
      await team.close();
    }
  });

  it('editing the spec of a draft cancels its running build; deleting the artifact forgets its builds', async () => {
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const [buildId] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    t.advance(10);
    const patched = await api.patch(`artifacts/${artifactId}`, { spec: buildableArtifact().spec });
    expect(patched.status).toBe(200);
    expect((await api.get(`artifacts/${artifactId}/builds/${buildId}`)).body.status).toBe('CANCELLED');
    expect(patched.body.spec.containerGroups[0].containers[0].build).toBeNull();
    // A PUT replaces the spec: it cancels the running build too.
    const [putBuild] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    t.advance(10);
    expect((await api.put(`artifacts/${artifactId}`, buildableArtifact())).status).toBe(200);
    expect((await api.get(`artifacts/${artifactId}/builds/${putBuild}`)).body.status).toBe('CANCELLED');
    expect((await api.delete(`artifacts/${artifactId}`)).status).toBe(204);
    expect(t.app.emulator.store.builds.size).toBe(0);
    // A build still running when its artifact goes leaves no transition due on the clock.
    const building = await createArtifact(api, buildableArtifact(), false);
    await api.post(`artifacts/${building}/builds`);
    t.advance(10);
    expect((await api.delete(`artifacts/${building}`)).status).toBe(204);
    expect((await api.get('/_mock/clock')).body).toMatchObject({
      pendingTransitions: 0,
      nextTransitionAt: null,
    });
  });
});
