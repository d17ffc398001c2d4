import { afterEach, describe, expect, it } from 'vitest';
import { SUBMIT_SECONDS, SWITCH_SECONDS } from '../src/sim/replacement-machine.js';
import {
  autoscaledRuntime,
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  replicas,
  serviceArtifact,
  workloadBody,
} from './fixtures.js';
import { at, type Client, createTestApp, type TestApp } from './helpers.js';
import {
  activeProtonId,
  injectFault,
  logLine,
  protonSequence,
  protons,
  runningWorkload,
  startReplacement,
  statusDetails,
  watch,
  workloadStatus,
} from './sim-helpers.js';

/**
 * The simulated cluster (sim/cluster.ts) as a client reads it: where pods go and come back, what a
 * proton's own situation does to its status after a stop, a restart or an eviction, and which
 * replicas a scale-down takes.
 */

const apps: TestApp[] = [];
let t: TestApp;
let api: Client;

async function setup(config: Parameters<typeof createTestApp>[0] = {}): Promise<void> {
  t = await createTestApp(config);
  apps.push(t);
  api = t.client();
}
afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.close();
});

async function exportState(app: TestApp): Promise<any> {
  const res = await app.app.inject({ method: 'GET', url: '/_mock/state' });
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body);
}

async function protonStatus(id: string): Promise<string> {
  return (await protons(api, id))[0].status;
}

/** Suspends a workload for ten seconds and resumes it. */
async function suspendAndResume(id: string): Promise<void> {
  expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
  t.advance(10);
  expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(200);
}

/** A replica as it is before it has a node. */
const UNPLACED = { status: 'pending', nodeAddress: '', address: '' };

describe('nodes and placements', () => {
  it('has six nodes, one per 10.0.<n>.0/24, and a state import brings the exported ones back', async () => {
    await setup();
    const nodes = (await exportState(t)).sections.cluster.nodes;
    expect(nodes.map((n: any) => n.ip.replace(/\.\d+$/, ''))).toEqual([
      '10.0.1',
      '10.0.2',
      '10.0.3',
      '10.0.4',
      '10.0.5',
      '10.0.6',
    ]);
    for (const n of nodes) expect(n.node).toMatch(/^node-pool-[a-z0-9]{5}$/);
    const exported = await t.app.inject({ method: 'GET', url: '/_mock/state' });

    // Another seed gives other nodes; the import puts the exported ones back.
    await setup({ seed: 'another' });
    expect((await exportState(t)).sections.cluster.nodes).not.toEqual(nodes);
    const imported = await t.app.inject({
      method: 'PUT',
      url: '/_mock/state',
      headers: { 'content-type': 'application/json' },
      payload: exported.body,
    });
    expect(imported.statusCode).toBe(200);
    expect((await exportState(t)).sections.cluster.nodes).toEqual(nodes);
    // A pod scheduled after the import lands on one of them.
    const id = await runningWorkload(t, api);
    const [replica] = (await statusDetails(api, id)).replicas;
    expect(nodes.map((n: any) => n.ip)).toContain(replica.nodeAddress);
  });

  it('a pod suspended before it had a node is scheduled from scratch on resume', async () => {
    await setup();
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    t.advance(1);
    await suspendAndResume(id);
    expect((await statusDetails(api, id)).replicas[0]).toMatchObject(UNPLACED);
    expect(await watch(api, t.advance, id, 17)).toEqual([
      '0:submitted',
      '2:provisioning',
      '7:launching',
      '17:running',
    ]);
  });

  it('a resume uses up the places it restored: a later suspend of pods without a node resumes from scratch', async () => {
    await setup();
    const id = await runningWorkload(t, api);
    await suspendAndResume(id);
    t.advance(10);
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    t.advance(10);
    expect((await api.post(`workloads/${id}/start`)).status).toBe(202);
    t.advance(1);
    await suspendAndResume(id);
    expect((await statusDetails(api, id)).replicas[0]).toMatchObject(UNPLACED);
  });

  it('starts one pod per container group, each with its own containers', async () => {
    await setup();
    const artifact = serviceArtifact();
    artifact.spec!.containerGroups!.push({
      name: 'worker',
      containers: [{ name: 'worker', imageUri: 'registry.example.com/worker:1' }],
    });
    const id = await createWorkload(api, workloadBody(await createArtifact(api, artifact)));
    t.advance(POD_COURSE_SECONDS);
    expect(await workloadStatus(api, id)).toBe('running');
    const { replicas: pods } = await statusDetails(api, id);
    expect(pods.map((pod: any) => pod.containers.map((c: any) => c.name))).toEqual([['agent'], ['worker']]);
  });
});

describe("the proton's own situation", () => {
  it('a stop and a start bring the proton back running, as it was, not warming or cold-starting', async () => {
    await setup();
    const id = await runningWorkload(t, api);
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    t.advance(10);
    const [stopped] = await protons(api, id);
    expect(stopped).toMatchObject({ status: 'stopped', runningSince: at(POD_COURSE_SECONDS) });
    expect((await api.post(`workloads/${id}/start`)).status).toBe(202);
    // Not a cold start: a request while the replica starts is turned away at once, not held.
    // (A held request would wait for a clock that does not move: the test would time out.)
    expect((await api.post(`/api/v2/endpoints/workloads/${id}/predict`, {})).status).toBe(503);
    expect(t.app.emulator.endpoint.waitingCount).toBe(0);
    t.advance(POD_COURSE_SECONDS);
    const start = POD_COURSE_SECONDS + 10;
    const [proton] = await protons(api, id);
    expect(proton).toMatchObject({ status: 'running', runningSince: at(start + POD_COURSE_SECONDS) });
    expect((await statusDetails(api, id)).overallStatus.summary).toBe('1/1 replicas ready.');
    expect((await protonSequence(api, id)).slice(-4)).toEqual([
      `${start}:submitted`,
      `${start + 2}:provisioning`,
      `${start + 7}:launching`,
      `${start + POD_COURSE_SECONDS}:running`,
    ]);
  });

  it('a stop during an eviction stops at once: the eviction is over', async () => {
    await setup();
    const id = await runningWorkload(t, api);
    const pod = (await statusDetails(api, id)).replicas[0].name;
    expect((await api.post(`/_mock/workloads/${id}/interrupt`, { seconds: 60 })).status).toBe(200);
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    expect(await watch(api, t.advance, id, 70)).toEqual(['0:stopping', '5:stopped']);
    // The evicted pod was being stopped already: the stop does not stop it again.
    const tail: string[] = (await protons(api, id))[0].statusDetails.logTail;
    expect(tail.filter((l) => l.includes(`Stopping pod ${pod}`))).toHaveLength(1);
    expect(t.clock.state().pendingTimers).toBe(0);
  });

  it('a stop of a suspended workload ends the suspension: stopped, and a start brings it back running', async () => {
    await setup();
    const id = await runningWorkload(t, api);
    expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
    t.advance(10);
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    expect(await protonStatus(id)).toBe('stopped');
    expect((await api.post(`workloads/${id}/start`)).status).toBe(202);
    expect(await watch(api, t.advance, id, POD_COURSE_SECONDS)).toEqual([
      '0:submitted',
      '2:provisioning',
      '7:launching',
      `${POD_COURSE_SECONDS}:running`,
    ]);
  });

  it('an eviction logs each pod evicted from its node and the rescheduling when capacity is back', async () => {
    await setup();
    const id = await runningWorkload(t, api);
    const pod = (await statusDetails(api, id)).replicas[0].name;
    const node = (await exportState(t)).sections.store.protons[0].pods[0].node;
    expect((await api.post(`/_mock/workloads/${id}/interrupt`, { seconds: 10 })).status).toBe(200);
    // The evicted pod says why it went, in the state export, while it terminates.
    expect((await exportState(t)).sections.store.protons[0].pods[0]).toMatchObject({
      name: pod,
      stage: 'terminating',
      failedReason: 'Evicted',
    });
    t.advance(10);
    const tail: string[] = (await protons(api, id))[0].statusDetails.logTail;
    const start = tail.indexOf(logLine(17, `WARN Pod ${pod} evicted from ${node}: node preempted`));
    expect(start).toBeGreaterThan(0);
    expect(tail.slice(start)).toEqual([
      logLine(17, `WARN Pod ${pod} evicted from ${node}: node preempted`),
      logLine(17, `INFO Stopping pod ${pod}`),
      logLine(17, 'INFO Proton is interrupted (was running)'),
      logLine(22, `INFO Pod ${pod} terminated`),
      logLine(27, 'INFO Capacity available again; rescheduling pods'),
      expect.stringMatching(new RegExp(`^${logLine(27, 'INFO Created pod ')}\\S+$`)),
      logLine(27, 'INFO Proton is submitted (was interrupted)'),
    ]);
  });

  it('once an in-place restart is over, a later loss of readiness shows launching, not initializing', async () => {
    await setup();
    const id = await runningWorkload(t, api);
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    t.advance(15);
    expect(await protonStatus(id)).toBe('running');
    await injectFault(api, { match: { workloadId: id }, fault: 'NeverReady' });
    expect(await protonStatus(id)).toBe('launching');
  });

  it('an in-place restart stays initializing until every recreated replica is running', async () => {
    await setup();
    const id = await runningWorkload(t, api, replicas(2));
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    // The old pods are gone at 5 s and the new ones are being created on the same nodes.
    t.advance(5);
    expect(await protonStatus(id)).toBe('initializing');
    const [, held] = (await statusDetails(api, id)).replicas;
    await injectFault(api, { match: { pod: held.name }, fault: 'NeverReady' });
    t.advance(10);
    expect((await statusDetails(api, id)).replicas.map((r: any) => r.containers[0].ready)).toEqual([
      true,
      false,
    ]);
    expect(await protonStatus(id)).toBe('initializing');
  });
});

describe('scale-down', () => {
  const policies = [
    { scalingMetric: 'httpRequestsConcurrency' as const, target: 2, minCount: 1, maxCount: 4 },
  ];

  /** A workload autoscaled up to 4 replicas (at 62 s) by a load that ends at 317 s; all ready at 80 s. */
  async function scaledUp() {
    await setup({ scaleUpDelaySeconds: 30, scaleDownDelaySeconds: 300 });
    const id = await createWorkload(
      api,
      workloadBody(await createArtifact(api), { runtime: autoscaledRuntime(policies) }),
    );
    t.advance(POD_COURSE_SECONDS);
    const traffic = await api.post(`/_mock/workloads/${id}/traffic`, {
      rps: 20,
      seconds: 300,
      concurrency: 8,
    });
    expect(traffic.status).toBe(201);
    t.advance(80 - POD_COURSE_SECONDS);
    const pods = (await statusDetails(api, id)).replicas;
    expect(pods.map((p: any) => p.containers[0].ready)).toEqual([true, true, true, true]);
    return { id, pods: pods.map((p: any) => p.name) as string[] };
  }

  it('keeps the oldest of equally advanced replicas: the newest go first', async () => {
    const { id, pods } = await scaledUp();
    t.advance(617 - 80 + 5);
    expect((await statusDetails(api, id)).replicas.map((r: any) => r.name)).toEqual([pods[0]]);
  });

  it('takes the least advanced replicas first', async () => {
    const { id, pods } = await scaledUp();
    // The first replica loses readiness; the three added ones serve.
    await injectFault(api, { match: { pod: pods[0] }, fault: 'NeverReady' });
    t.advance(617 - 80 + 5);
    const [kept] = (await statusDetails(api, id)).replicas;
    expect(pods.slice(1)).toContain(kept.name);
    expect(kept.containers[0].ready).toBe(true);
  });

  it('takes an errored replica before the ready ones', async () => {
    const { id, pods } = await scaledUp();
    // The first replica fails and stays failed while the fault holds; the three added ones serve.
    await injectFault(api, { match: { pod: pods[0] }, fault: 'PodFailed' });
    t.advance(617 - 80 + 5);
    const [kept] = (await statusDetails(api, id)).replicas;
    expect(pods.slice(1)).toContain(kept.name);
    expect(kept.status).toBe('running');
  });
});

describe('a cancel after the traffic switch', () => {
  it('gives the old proton back running since it first ran: it never stopped', async () => {
    await setup();
    const id = await runningWorkload(t, api);
    const old = await activeProtonId(api, id);
    const v2 = await createArtifact(
      api,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
    );
    expect(
      (await startReplacement(api, id, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 })).status,
    ).toBe(202);
    // The candidate is ready 18s later and takes the traffic 2s after that.
    t.advance(SUBMIT_SECONDS + POD_COURSE_SECONDS + SWITCH_SECONDS);
    expect(await activeProtonId(api, id)).not.toBe(old);
    expect((await protons(api, id)).find((p) => p.id === old).status).toBe('draining');
    expect((await api.delete(`workloads/${id}/replacement`)).status).toBe(202);
    t.advance(1);
    expect(await activeProtonId(api, id)).toBe(old);
    expect((await protons(api, id)).find((p) => p.id === old)).toMatchObject({
      status: 'running',
      runningSince: at(POD_COURSE_SECONDS),
    });
  });
});
