import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  replicas,
  sidecarArtifact,
  twoGroupArtifact,
  workloadBody,
} from './fixtures.js';
import { at, type Client, createTestApp, type TestApp } from './helpers.js';
import {
  clearFault,
  injectFault,
  newWorkload,
  protonSequence,
  statusDetails,
  watch,
  workloadStatus,
} from './sim-helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

async function runningWorkload(runtime = replicas(1)): Promise<string> {
  const id = await newWorkload(api, runtime);
  t.advance(POD_COURSE_SECONDS);
  return id;
}

describe('faults', () => {
  it('ImagePullBackOff: errored once the pull backs off; cleared, the next pull succeeds', async () => {
    const fault = await injectFault(api, {
      match: { imageUri: 'registry.example.com/agent:*' },
      fault: 'ImagePullBackOff',
    });
    const id = await newWorkload(api);
    // The first pull fails at 12s (ErrImagePull: not a back-off yet, so still launching, as the
    // seeds' table has it); the retry at 22s backs off, and errored comes with ImagePullBackOff.
    expect(await watch(api, t.advance, id, 30)).toEqual([
      '0:submitted',
      '2:provisioning',
      '7:launching',
      '22:errored',
    ]);
    const container = (await statusDetails(api, id)).replicas[0].containers[0];
    expect(container).toMatchObject({ status: 'waiting', ready: false, reason: 'ImagePullBackOff' });
    await clearFault(api, fault);
    // Back-offs after 12s: 10s (22s), 20s (42s). Cleared at 30s, the pull at 42s succeeds; ready 5s later.
    expect(await watch(api, t.advance, id, 20)).toEqual(['0:errored', '17:running']);
  });

  it('ImagePullBackOff cleared after the first failed pull: the retry pulls, and no back-off ever shows', async () => {
    const fault = await injectFault(api, {
      match: { imageUri: 'registry.example.com/agent:*' },
      fault: 'ImagePullBackOff',
    });
    const id = await newWorkload(api);
    t.advance(15);
    expect((await statusDetails(api, id)).replicas[0].containers[0]).toMatchObject({
      reason: 'ErrImagePull',
    });
    await clearFault(api, fault);
    // The retry at 22s pulls the image: launching until ready 5s later, as a first start would.
    t.advance(8);
    expect((await statusDetails(api, id)).replicas[0].containers[0]).toMatchObject({
      status: 'running',
      reason: 'ReadinessPending',
    });
    expect(await watch(api, t.advance, id, 10)).toEqual(['0:launching', '4:running']);
  });

  it("an image glob picks the pods whose group runs the image, not the proton's other groups", async () => {
    await injectFault(api, { match: { imageUri: '*/batch:*' }, fault: 'PodFailed' });
    await injectFault(api, { match: { imageUri: '*/batch:*' }, container: 'web', fault: 'CrashLoopBackOff' });
    const id = await createWorkload(api, workloadBody(await createArtifact(api, twoGroupArtifact())));
    t.advance(POD_COURSE_SECONDS);
    const replicas = (await statusDetails(api, id)).replicas;
    const byGroup = Object.fromEntries(
      replicas.map((r: any) => [r.containers.map((c: any) => c.name).join(','), r.status]),
    );
    expect(byGroup).toEqual({ 'log-shipper,web': 'running', w1: 'failed' });
  });

  it('ImagePullBackOff on a sidecar only makes the proton errored (sidecars count)', async () => {
    await injectFault(api, { match: { imageUri: '*/log-shipper:*' }, fault: 'ImagePullBackOff' });
    const id = await createWorkload(api, workloadBody(await createArtifact(api, sidecarArtifact())));
    t.advance(POD_COURSE_SECONDS);
    expect(await workloadStatus(api, id)).toBe('launching');
    t.advance(10);
    expect(await workloadStatus(api, id)).toBe('errored');
    const details = await statusDetails(api, id);
    const [app, sidecar] = details.replicas[0].containers;
    expect(app).toMatchObject({ name: 'app', status: 'running', ready: true });
    expect(sidecar).toMatchObject({ name: 'sidecar', status: 'waiting', ready: false });
    // The summary names the failing sidecar only.
    expect(details.overallStatus.summary).toBe(
      `Failing: sidecar in ${details.replicas[0].name}: ImagePullBackOff.`,
    );
  });

  it('CrashLoopBackOff: restartCount climbs; errored stays until the container has stayed up a minute', async () => {
    const id = await runningWorkload();
    const fault = await injectFault(api, { match: { workloadId: id }, fault: 'CrashLoopBackOff' });
    // Crash at once (1s terminated: not ready, not a back-off yet, so launching), back-off 10s
    // (errored from there, as the seeds' table has it), restart, crash after 3s, back-off 20s...
    expect(await workloadStatus(api, id)).toBe('launching');
    const container = async () => (await statusDetails(api, id)).replicas[0].containers[0];
    expect(await container()).toMatchObject({ status: 'terminated', reason: 'Error', restartCount: 0 });
    t.advance(1);
    expect(await container()).toMatchObject({
      status: 'waiting',
      reason: 'CrashLoopBackOff',
      restartCount: 0,
    });
    expect(await workloadStatus(api, id)).toBe('errored');
    t.advance(10);
    // Restarted out of the loop, not ready yet: recovering, not merely waiting for readiness.
    expect(await container()).toMatchObject({
      status: 'running',
      restartCount: 1,
      ready: false,
      reason: 'Recovering',
    });
    expect(await workloadStatus(api, id)).toBe('errored');
    t.advance(4);
    expect(await container()).toMatchObject({
      status: 'waiting',
      reason: 'CrashLoopBackOff',
      restartCount: 1,
    });
    t.advance(20);
    expect((await container()).restartCount).toBe(2);
    await clearFault(api, fault);
    // It restarted just now (35s after the fault): with nothing making it crash, readiness passes 5s
    // later, and a minute of staying up ends the crash loop.
    t.advance(5);
    expect(await container()).toMatchObject({ status: 'running', ready: true, restartCount: 2 });
    // Ready again, so it takes traffic, as a Kubernetes Service sends it to Ready pods, while the
    // status stays errored for the minute.
    expect(await workloadStatus(api, id)).toBe('errored');
    const served = await api.post(`/api/v2/endpoints/workloads/${id}/predict`, {});
    expect(served.status).toBe(200);
    expect(await watch(api, t.advance, id, 70)).toEqual(['0:errored', '60:running']);
    const sequence = await protonSequence(api, id);
    expect(sequence.slice(-3)).toEqual([
      `${POD_COURSE_SECONDS}:launching`,
      `${POD_COURSE_SECONDS + 1}:errored`,
      `${POD_COURSE_SECONDS + 100}:running`,
    ]);
  });

  it('OOMKilled: the container is killed for memory and crash-loops; ready between kills, the workload stays errored', async () => {
    const id = await runningWorkload();
    await injectFault(api, {
      match: { workloadId: id },
      container: 'agent',
      fault: 'OOMKilled',
      afterSeconds: 30,
    });
    t.advance(29);
    expect(await workloadStatus(api, id)).toBe('running');
    t.advance(1);
    expect(await workloadStatus(api, id)).toBe('launching');
    expect((await statusDetails(api, id)).replicas[0].containers[0]).toMatchObject({
      status: 'terminated',
      reason: 'OOMKilled',
    });
    // Backing off a second later; restarts at 41, 70, 119 and 208s, each ready 5s later and killed
    // 8s after it started; the back-off doubles as no restart stays up long enough to reset it.
    expect(await watch(api, t.advance, id, 300)).toEqual(['0:launching', '1:errored']);
    const details = await statusDetails(api, id);
    expect(details.replicas[0].containers[0].restartCount).toBe(4);
    const [proton] = (await api.get(`workloads/${id}/protons`)).body.data;
    const logs = proton.statusDetails.logTail.join('\n');
    expect(logs).toMatch(/OOMKilled/);
    expect(logs).toMatch(/Back-off 80s restarting failed container agent/);
    // The summary says what kills it, as the pods do.
    expect(details.overallStatus.summary).toBe(
      `Failing: agent in ${details.replicas[0].name}: CrashLoopBackOff (OOMKilled).`,
    );
    // The seeds read the log tail from statusDetails, beside the containers' readiness and restarts.
    expect(details.logTail).toEqual(proton.statusDetails.logTail);
  });

  it('OOMKilled: each start passes readiness and is killed 8 s after it started, not before', async () => {
    // Running since 17 s, its container started at 12 s: killed at 20 s, 8 s after it started.
    const id = await runningWorkload();
    await injectFault(api, { match: { workloadId: id }, fault: 'OOMKilled' });
    const container = async () => (await statusDetails(api, id)).replicas[0].containers[0];
    t.advance(2);
    expect(await container()).toMatchObject({ status: 'running', ready: true, restartCount: 0 });
    t.advance(1);
    expect(await container()).toMatchObject({ status: 'terminated', reason: 'OOMKilled', ready: false });
    // Backing off from 21 s for 10 s: restarted at 31 s, ready at 36 s, killed at 39 s.
    t.advance(18);
    expect(await container()).toMatchObject({ status: 'running', ready: true, restartCount: 1 });
    t.advance(1);
    expect(await container()).toMatchObject({ status: 'terminated', reason: 'OOMKilled', restartCount: 1 });
  });

  it('NeverReady: launching for good; cleared, readiness passes', async () => {
    const fault = await injectFault(api, {
      match: { imageUri: 'registry.example.com/*' },
      fault: 'NeverReady',
    });
    const id = await newWorkload(api);
    expect(await watch(api, t.advance, id, 120)).toEqual(['0:submitted', '2:provisioning', '7:launching']);
    expect((await statusDetails(api, id)).replicas[0].containers[0]).toMatchObject({
      status: 'running',
      ready: false,
    });
    await clearFault(api, fault);
    expect(await watch(api, t.advance, id, 6)).toEqual(['0:launching', '5:running']);
  });

  it('NeverReady on a running workload takes it out of readiness after the delay', async () => {
    const id = await runningWorkload();
    const fault = await injectFault(api, {
      match: { workloadId: id },
      fault: 'NeverReady',
      afterSeconds: 10,
    });
    expect(await watch(api, t.advance, id, 12)).toEqual(['0:running', '10:launching']);
    await clearFault(api, fault);
    expect(await watch(api, t.advance, id, 6)).toEqual(['0:launching', '5:running']);
  });

  it("a workload's fault removed, by id or with every fault, holds its pods no more while other faults exist", async () => {
    const id = await runningWorkload();
    const elsewhere = { match: { imageUri: 'registry.example.com/elsewhere:*' }, fault: 'NeverReady' };
    await injectFault(api, elsewhere);
    const fault = await injectFault(api, { match: { workloadId: id }, fault: 'NeverReady' });
    expect(await workloadStatus(api, id)).toBe('launching');
    await clearFault(api, fault);
    expect(await watch(api, t.advance, id, 6)).toEqual(['0:launching', '5:running']);

    await injectFault(api, { match: { workloadId: id }, fault: 'NeverReady' });
    await injectFault(api, { match: { imageUri: 'registry.example.com/agent:*' }, fault: 'NeverReady' });
    expect(await workloadStatus(api, id)).toBe('launching');
    await clearFault(api);
    expect(await watch(api, t.advance, id, 6)).toEqual(['0:launching', '5:running']);
    // A fault added after the clear brings none of the cleared ones back.
    await injectFault(api, elsewhere);
    expect(await watch(api, t.advance, id, 10)).toEqual(['0:running']);
  });

  it('Unschedulable: pending without a node; cleared, the pod is scheduled', async () => {
    const fault = await injectFault(api, { match: { imageUri: '*' }, fault: 'Unschedulable' });
    const id = await newWorkload(api);
    expect(await watch(api, t.advance, id, 60)).toEqual(['0:submitted']);
    const details = await statusDetails(api, id);
    expect(details.overallStatus.summary).toBe('Waiting for a node: no node has room for the pod.');
    const replica = details.replicas[0];
    expect(replica).toMatchObject({ status: 'pending', nodeAddress: '' });
    expect(replica.conditions[0]).toMatchObject({
      type: 'PodScheduled',
      met: false,
      reason: 'Unschedulable',
    });
    await clearFault(api, fault);
    expect(await watch(api, t.advance, id, 15)).toEqual(['0:provisioning', '5:launching', '15:running']);
  });

  it('Unschedulable after an in-place restart: submitted, as a new pod is, not initializing', async () => {
    // Restarted before its pod was on a node: the new pod has no node to go back to.
    const id = await newWorkload(api);
    const protonId = (await api.get(`workloads/${id}`)).body.protonId;
    t.advance(1);
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    const fault = await injectFault(api, { match: { workloadId: id }, fault: 'Unschedulable' });
    const proton = async () => (await api.get(`workloads/${id}/protons/${protonId}`)).body.status;
    t.advance(60);
    expect([await proton(), await workloadStatus(api, id)]).toEqual(['submitted', 'submitted']);
    expect((await statusDetails(api, id)).overallStatus.summary).toBe(
      'Waiting for a node: no node has room for the pod.',
    );
    t.advance(3600);
    expect(await proton()).toBe('submitted');
    // Once placed, its containers are recreated: initializing until ready (the workload launching).
    await clearFault(api, fault);
    t.advance(5);
    expect([await proton(), await workloadStatus(api, id)]).toEqual(['initializing', 'launching']);
    t.advance(10);
    expect([await proton(), await workloadStatus(api, id)]).toEqual(['running', 'running']);
  });

  it.each([1, 3])(
    'PodFailed on %i replicas: errored while the fault holds; cleared, every failed pod is replaced',
    async (count) => {
      const id = await runningWorkload(replicas(count));
      const before = (await statusDetails(api, id)).replicas.map((r: any) => r.name);
      const fault = await injectFault(api, { match: { workloadId: id }, fault: 'PodFailed' });
      expect(await workloadStatus(api, id)).toBe('errored');
      expect((await statusDetails(api, id)).replicas.map((r: any) => r.status)).toEqual(
        Array(count).fill('failed'),
      );
      t.advance(60);
      expect(await workloadStatus(api, id)).toBe('errored');
      await clearFault(api, fault);
      // The failed pods go at once, with no grace period: only their replacements are listed.
      const replacing = (await statusDetails(api, id)).replicas.map((r: any) => r.name);
      expect(replacing).toHaveLength(count);
      for (const name of replacing) expect(before).not.toContain(name);
      expect(await watch(api, t.advance, id, 17)).toEqual([
        '0:submitted',
        '2:provisioning',
        '7:launching',
        '17:running',
      ]);
      const after = (await statusDetails(api, id)).replicas.map((r: any) => r.name);
      expect(after).toHaveLength(count);
      for (const name of after) expect(before).not.toContain(name);
    },
  );

  it("a fault naming an artifact touches the workloads that run it, not another artifact's", async () => {
    const hit = await createArtifact(api);
    const spared = await createArtifact(api);
    await injectFault(api, { match: { artifactId: hit }, fault: 'PodFailed' });
    const onHit = await createWorkload(api, workloadBody(hit));
    const onSpared = await createWorkload(api, workloadBody(spared));
    t.advance(POD_COURSE_SECONDS);
    expect(await workloadStatus(api, onHit)).toBe('errored');
    expect(await workloadStatus(api, onSpared)).toBe('running');
  });

  it('one failing replica of three makes the proton errored: worst state wins', async () => {
    const id = await runningWorkload(replicas(3));
    const pods = (await statusDetails(api, id)).replicas.map((r: any) => r.name);
    await injectFault(api, { match: { pod: pods[1] }, fault: 'PodFailed' });
    expect(await workloadStatus(api, id)).toBe('errored');
    const details = await statusDetails(api, id);
    expect(details.replicas.map((r: any) => r.status)).toEqual(['running', 'failed', 'running']);
    expect(details.overallStatus.summary).toBe(`Failing: agent in ${pods[1]}: Error.`);
  });

  it('a fault on one container spares the others', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api, sidecarArtifact())));
    await injectFault(api, { match: { workloadId: id }, container: 'app', fault: 'CrashLoopBackOff' });
    t.advance(POD_COURSE_SECONDS);
    const [app, sidecar] = (await statusDetails(api, id)).replicas[0].containers;
    expect(app.ready).toBe(false);
    expect(sidecar).toMatchObject({ status: 'running', ready: true, restartCount: 0 });
  });

  it("an image glob picks the pods, and `container` the one of theirs it hits, whatever that one's image", async () => {
    await injectFault(api, {
      match: { imageUri: 'registry.example.com/app:*' },
      container: 'sidecar',
      fault: 'CrashLoopBackOff',
    });
    const id = await createWorkload(api, workloadBody(await createArtifact(api, sidecarArtifact())));
    t.advance(POD_COURSE_SECONDS + 30);
    const [app, sidecar] = (await statusDetails(api, id)).replicas[0].containers;
    expect(app).toMatchObject({ name: 'app', ready: true, restartCount: 0 });
    expect(sidecar).toMatchObject({ name: 'sidecar', ready: false });
    expect(sidecar.restartCount).toBeGreaterThan(0);
    expect(await workloadStatus(api, id)).toBe('errored');
  });

  it("re-plans only the pods a fault can touch: its workload's, or every one for an image glob", async () => {
    const target = await runningWorkload();
    for (let i = 0; i < 3; i++) await runningWorkload();
    const settled = vi.spyOn(t.app.emulator.cluster, 'settle');
    const settledWorkloads = () => new Set(settled.mock.calls.map(([proton]) => proton.workloadId));

    const id = await injectFault(api, { match: { workloadId: target }, fault: 'NeverReady' });
    expect(settledWorkloads()).toEqual(new Set([target]));
    settled.mockClear();
    await clearFault(api, id);
    expect(settledWorkloads()).toEqual(new Set([target]));
    t.advance(POD_COURSE_SECONDS);
    expect(await workloadStatus(api, target)).toBe('running');

    settled.mockClear();
    await injectFault(api, { match: { imageUri: 'registry.example.com/*' }, fault: 'NeverReady' });
    expect(settledWorkloads().size).toBe(4);
  });

  it("a fault naming a tenant touches only its pods; its reset or DELETE ?tenant= takes it away, others' stay", async () => {
    const suiteA = t.client('suite-a');
    const suiteB = t.client('suite-b');
    const byImage = await suiteA.request('POST', '/_mock/faults', {
      match: { imageUri: 'registry.example.com/agent:*', tenant: 'suite-a' },
      fault: 'ImagePullBackOff',
    });
    expect(byImage.status).toBe(201);
    expect(byImage.body.match).toEqual({ imageUri: 'registry.example.com/agent:*', tenant: 'suite-a' });
    const inA = await createWorkload(suiteA, workloadBody(await createArtifact(suiteA)));
    const artifactB = await createArtifact(suiteB);
    const inB = await createWorkload(suiteB, workloadBody(artifactB));
    t.advance(30);
    expect(await workloadStatus(suiteA, inA)).toBe('errored');
    expect(await workloadStatus(suiteB, inB)).toBe('running');

    // A tenant alone matches every pod of it; a workload or artifact of another tenant cannot be named with it.
    await injectFault(api, { match: { tenant: 'suite-b' }, fault: 'NeverReady', afterSeconds: 3600 });
    for (const [field, value] of [
      ['workloadId', inB],
      ['artifactId', artifactB],
    ] as const) {
      const mismatched = await api.request('POST', '/_mock/faults', {
        match: { [field]: value, tenant: 'suite-a' },
        fault: 'PodFailed',
      });
      expect(mismatched.status).toBe(422);
      expect(mismatched.body.detail[0]).toMatchObject({ loc: ['body', 'match', field] });
    }
    const listed = async (query = '') =>
      (await api.request('GET', `/_mock/faults${query}`)).body.data.map((fault: any) => fault.match.tenant);
    expect(await listed()).toEqual(['suite-a', 'suite-b']);
    expect(await listed('?tenant=suite-a')).toEqual(['suite-a']);

    expect((await api.request('DELETE', '/_mock/faults?tenant=suite-a')).status).toBe(204);
    expect(await listed()).toEqual(['suite-b']);
    t.advance(60);
    expect(await workloadStatus(suiteA, inA)).toBe('running');
    expect((await api.request('POST', '/_mock/reset?tenant=suite-b')).status).toBe(200);
    expect(await listed()).toEqual([]);
  });

  it('a full reset takes away every fault, one matching an image for every tenant too', async () => {
    await injectFault(api, {
      match: { imageUri: 'registry.example.com/agent:*' },
      fault: 'ImagePullBackOff',
    });
    await injectFault(api, { match: { tenant: 'suite-b' }, fault: 'NeverReady' });
    expect((await api.request('POST', '/_mock/reset')).status).toBe(200);
    expect((await api.request('GET', '/_mock/faults')).body.data).toEqual([]);
    const id = await newWorkload(api);
    t.advance(POD_COURSE_SECONDS);
    expect(await workloadStatus(api, id)).toBe('running');
  });

  it('DELETE ?tenant= clears and re-plans that tenant alone; DELETE clears every fault, and the pods recover', async () => {
    const suiteA = t.client('suite-a');
    const suiteB = t.client('suite-b');
    const inA = await newWorkload(suiteA);
    const inB = await newWorkload(suiteB);
    t.advance(POD_COURSE_SECONDS);
    for (const tenant of ['suite-a', 'suite-b']) {
      await injectFault(api, { match: { tenant }, fault: 'NeverReady' });
    }
    t.advance(30);
    expect([await workloadStatus(suiteA, inA), await workloadStatus(suiteB, inB)]).toEqual([
      'launching',
      'launching',
    ]);
    const settled = vi.spyOn(t.app.emulator.cluster, 'settle');
    const settledWorkloads = () => new Set(settled.mock.calls.map(([proton]) => proton.workloadId));
    const listed = async () =>
      (await api.request('GET', '/_mock/faults')).body.data.map((fault: any) => fault.match.tenant);

    await clearFault(api, undefined, 'suite-a');
    expect(settledWorkloads()).toEqual(new Set([inA]));
    expect(await listed()).toEqual(['suite-b']);
    expect(await watch(suiteA, t.advance, inA, 6)).toEqual(['0:launching', '5:running']);
    expect(await workloadStatus(suiteB, inB)).toBe('launching');

    settled.mockClear();
    await clearFault(api);
    expect(settledWorkloads()).toEqual(new Set([inA, inB]));
    expect(await listed()).toEqual([]);
    expect(await watch(suiteB, t.advance, inB, 6)).toEqual(['0:launching', '5:running']);
  });

  it('lists faults and refuses a match with nothing to match', async () => {
    const artifactId = await createArtifact(api);
    t.advance(10);
    const id = await injectFault(api, { match: { artifactId }, fault: 'PodFailed', afterSeconds: 5 });
    const list = await api.request('GET', '/_mock/faults');
    // Made at 10s, in force from 15s: the two times apart, as afterSeconds puts them.
    expect(list.body).toMatchObject({
      count: 1,
      data: [
        { id, fault: 'PodFailed', afterSeconds: 5, container: null, createdAt: at(10), activeFrom: at(15) },
      ],
    });
    // A rate belongs to ErrorRate faults alone: none on another, not even the default.
    expect(list.body.data[0]).not.toHaveProperty('rate');
    // A null container is every container, as when left out.
    const anyContainer = await api.request('POST', '/_mock/faults', {
      match: { artifactId },
      fault: 'PodFailed',
      container: null,
    });
    expect(anyContainer.status).toBe(201);
    expect(anyContainer.body.container).toBeNull();
    expect((await api.request('POST', '/_mock/faults', { match: {}, fault: 'PodFailed' })).status).toBe(422);
    // An empty image glob would match nothing: refused, naming the field.
    const emptyGlob = await api.request('POST', '/_mock/faults', {
      match: { imageUri: '' },
      fault: 'PodFailed',
    });
    expect(emptyGlob.status).toBe(422);
    expect(emptyGlob.body.detail[0]).toMatchObject({ loc: ['body', 'match', 'imageUri'] });
    expect(
      (await api.request('POST', '/_mock/faults', { match: { imageUri: '*' }, fault: 'Meteor' })).status,
    ).toBe(422);
    // A fault it does not know is a 404 naming the fault, not the workload or artifact it would match.
    const unknownFault = await api.request('DELETE', `/_mock/faults/${'b'.repeat(24)}`);
    expect([unknownFault.status, unknownFault.body.detail]).toEqual([404, 'Fault not found.']);
    // An id that names nothing would never fire: refused, naming the field.
    for (const [field, value] of [
      ['workloadId', 'c'.repeat(24)],
      ['artifactId', 'd'.repeat(24)],
    ]) {
      const refused = await api.request('POST', '/_mock/faults', {
        match: { [field!]: value },
        fault: 'PodFailed',
      });
      expect(refused.status).toBe(422);
      expect(refused.body.detail[0]).toMatchObject({ loc: ['body', 'match', field] });
    }
  });

  it('refuses a fault on a deleted workload while its pods still tear down', async () => {
    const id = await runningWorkload();
    expect((await api.request('DELETE', `/api/v2/workloads/${id}`)).status).toBe(204);
    const refused = await api.request('POST', '/_mock/faults', {
      match: { workloadId: id },
      fault: 'PodFailed',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail[0]).toMatchObject({ loc: ['body', 'match', 'workloadId'] });
  });
});
