import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
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
  events,
  eventTypes,
  injectFault,
  protonSequence,
  protons,
  secondsOf,
  startReplacement,
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

async function runningWorkload(body: Partial<Parameters<typeof workloadBody>[1]> = {}): Promise<string> {
  const id = await createWorkload(api, workloadBody(await createArtifact(api), body));
  t.advance(POD_COURSE_SECONDS);
  expect(await workloadStatus(api, id)).toBe('running');
  return id;
}

describe('create', () => {
  it('runs submitted -> provisioning -> launching -> running, stamped by the clock', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api), { runtime: replicas(2) }));
    expect(await watch(api, t.advance, id, 20)).toEqual([
      '0:submitted',
      '2:provisioning',
      '7:launching',
      '17:running',
    ]);
    expect(await protonSequence(api, id)).toEqual(['2:provisioning', '7:launching', '17:running']);
    const [proton] = await protons(api, id);
    expect(proton).toMatchObject({
      role: 'active',
      status: 'running',
      runningSince: at(17),
      updatedAt: at(17),
    });
    // Its status is the workload's: the workload was last updated when it last changed.
    expect((await api.get(`workloads/${id}`)).body).toMatchObject({ createdAt: at(0), updatedAt: at(17) });
    expect((await events(api, id))[0]).toMatchObject({
      eventType: 'workload.created',
      timestamp: at(0),
      details: { protonId: proton.id },
    });
  });

  it('shows each pod step in statusDetails: node, conditions, containers', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    const expectations: [number, string, string, boolean, boolean][] = [
      // seconds, pod phase, container status, scheduled, ready
      [0, 'pending', 'waiting', false, false],
      [2, 'pending', 'waiting', true, false],
      [7, 'running', 'waiting', true, false],
      [12, 'running', 'running', true, false],
      [17, 'running', 'running', true, true],
    ];
    let now = 0;
    for (const [second, phase, containerStatus, scheduled, ready] of expectations) {
      t.advance(second - now);
      now = second;
      const details = await statusDetails(api, id);
      const [replica] = details.replicas;
      expect(replica.status, `${second}s`).toBe(phase);
      expect(replica.containers[0].status, `${second}s`).toBe(containerStatus);
      expect(replica.containers[0].ready, `${second}s`).toBe(ready);
      expect(replica.conditions.find((c: any) => c.type === 'PodScheduled').met, `${second}s`).toBe(
        scheduled,
      );
      expect(replica.conditions.find((c: any) => c.type === 'Ready').met, `${second}s`).toBe(ready);
      expect(Boolean(replica.nodeAddress), `${second}s`).toBe(scheduled);
    }
    const details = await statusDetails(api, id);
    expect(details.overallStatus).toMatchObject({
      state: 'running',
      summary: '1/1 replicas ready.',
      lastUpdated: at(17),
    });
    expect(details.replicas[0].containers[0]).toMatchObject({
      name: 'agent',
      image: 'registry.example.com/agent:1.0',
      restartCount: 0,
      startedAt: at(12),
    });
    expect(details.replicas[0].conditions.map((c: any) => [c.type, c.since])).toEqual([
      ['PodScheduled', at(2)],
      ['Initialized', at(12)],
      ['ContainersReady', at(17)],
      ['Ready', at(17)],
    ]);
    const [proton] = await protons(api, id);
    expect(proton.statusDetails.logTail.join('\n')).toMatch(/Started container agent/);
    expect(proton.statusDetails.logTail.join('\n')).toMatch(/Container agent is ready/);
  });

  it('answers 204 for statusDetails before any pod exists', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    const emulator = t.app.emulator;
    const workload = emulator.store.workloads.get(id)!;
    const artifact = emulator.store.artifacts.get(
      workload.protonIds.length ? emulator.store.protons.get(workload.protonIds[0]!)!.artifactId : '',
    )!;
    const unlaunched = emulator.workloads.newProton(
      workload,
      artifact,
      emulator.store.protons.get(workload.activeProtonId!)!.runtime,
      'candidate',
      workload.creator,
    );
    const res = await api.get(`workloads/${id}/protons/${unlaunched.id}/statusDetails`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    // Nor has its runtime a bundle its pods were placed on.
    const proton = await api.get(`workloads/${id}/protons/${unlaunched.id}`);
    expect(proton.body.runtime.containerGroups[0].resolvedBundle).toBeNull();
  });
});

describe('stop and start', () => {
  it('a pod shutting down shows Terminating on its containers, a failing one too', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    await injectFault(api, { match: { workloadId: id }, fault: 'ImagePullBackOff' });
    t.advance(60);
    expect(await workloadStatus(api, id)).toBe('errored');
    const failing = (await statusDetails(api, id)).replicas[0].containers[0];
    expect(failing).toMatchObject({ status: 'waiting', reason: 'ImagePullBackOff' });
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    expect(await workloadStatus(api, id)).toBe('stopping');
    const shuttingDown = (await statusDetails(api, id)).replicas[0].containers[0];
    expect(shuttingDown).toMatchObject({ status: 'waiting', ready: false, reason: 'Terminating' });
  });

  it('stop runs running -> stopping -> stopped; a second stop is a 200 no-op', async () => {
    const id = await runningWorkload();
    const stopped = await api.post(`workloads/${id}/stop`);
    expect(stopped.status).toBe(202);
    const shuttingDown = (await statusDetails(api, id)).replicas[0].containers[0];
    expect(shuttingDown).toMatchObject({ status: 'running', ready: false, reason: 'Terminating' });
    expect(stopped.body).toEqual({
      status: expect.any(String),
      workloadId: id,
      trackVia: `http://localhost:80/api/v2/workloads/${id}/`,
    });
    // Again while it stops: accepted, and the stop is not done or recorded twice.
    expect((await api.post(`workloads/${id}/stop`)).body).toEqual(stopped.body);
    expect(await watch(api, t.advance, id, 6)).toEqual(['0:stopping', '5:stopped']);
    expect((await eventTypes(api, id)).filter((type) => type === 'workload.stopped')).toHaveLength(1);
    // The no-op's status says so, where the accepted stop's said what it set in motion.
    const again = await api.post(`workloads/${id}/stop`);
    expect(again.status).toBe(200);
    expect(stopped.body.status).toMatch(/stopping/);
    expect(again.body).toEqual({ ...stopped.body, status: expect.stringMatching(/already stopped/) });
    expect(await statusDetails(api, id)).toMatchObject({ overallStatus: { state: 'stopped' }, replicas: [] });
  });

  it('start schedules pods again; starting one that is not stopped is 409, a running one 200', async () => {
    const id = await runningWorkload();
    const running = await api.post(`workloads/${id}/start`);
    expect(running.status).toBe(200);
    expect(running.body.status).toBe('The workload is already running.');
    await api.post(`workloads/${id}/stop`);
    const early = await api.post(`workloads/${id}/start`);
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/stopping/);
    t.advance(5);
    const started = await api.post(`workloads/${id}/start`);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('Start accepted: the workload is being scheduled.');
    expect(await watch(api, t.advance, id, 17)).toEqual([
      '0:submitted',
      '2:provisioning',
      '7:launching',
      '17:running',
    ]);
    expect(await eventTypes(api, id)).toEqual(
      expect.arrayContaining(['workload.created', 'workload.stopped', 'workload.started']),
    );
    // Each action comes before what it causes at the same instant: stop, then the proton stopping;
    // start, then the proton scheduled.
    const trail = (await events(api, id)).map(
      (e) => `${secondsOf(e.timestamp)} ${e.eventType} ${e.details?.to ?? ''}`,
    );
    expect(trail.slice(-8, -3)).toEqual([
      `${POD_COURSE_SECONDS} workload.stopped `,
      `${POD_COURSE_SECONDS} proton.statusChanged stopping`,
      `${POD_COURSE_SECONDS + 5} proton.statusChanged stopped`,
      `${POD_COURSE_SECONDS + 5} workload.started `,
      `${POD_COURSE_SECONDS + 5} proton.statusChanged submitted`,
    ]);
  });
});

describe('delete', () => {
  it('is gone from the API at once but for its events, which stay a minute (MOCK_DELETED_RETENTION), then forgotten', async () => {
    const id = await runningWorkload();
    const protonId = await activeProtonId(api, id);
    // A fault aimed at it goes with it (one at an image stays).
    await api.post('/_mock/faults', { match: { workloadId: id }, fault: 'NeverReady', afterSeconds: 3600 });
    await api.post('/_mock/faults', { match: { imageUri: 'elsewhere/*' }, fault: 'NeverReady' });
    const emulator = t.app.emulator;
    expect((await api.delete(`workloads/${id}`)).status).toBe(204);
    expect((await api.get(`workloads/${id}`)).status).toBe(404);
    const proton = emulator.store.protons.get(protonId)!;
    expect(proton.observedStatus).toBe('stopping');
    const workload = emulator.store.workloads.get(id)!;
    // Its audit trail stays readable: the delete and the proton stopping, then terminated.
    const trail = await api.get(`workloads/${id}/events`);
    expect(trail.status).toBe(200);
    expect(trail.body.data.slice(0, 2).map((e: any) => e.eventType)).toEqual([
      'proton.statusChanged',
      'workload.deleted',
    ]);
    expect((await t.client('another-tenant').get(`workloads/${id}/events`)).status).toBe(404);
    t.advance(5);
    expect(emulator.store.protons.has(protonId)).toBe(false);
    const ended = await api.get(`workloads/${id}/events`);
    expect(ended.body.data[0].details).toMatchObject({ from: 'stopping', to: 'terminated' });
    t.advance(54);
    expect((await api.get(`workloads/${id}/events`)).status).toBe(200);
    t.advance(1);
    expect((await api.get(`workloads/${id}/events`)).status).toBe(404);
    expect(emulator.store.workloads.has(id)).toBe(false);
    expect((await api.get('/_mock/faults')).body.data.map((f: any) => f.match)).toEqual([
      { imageUri: 'elsewhere/*' },
    ]);
    expect(workload.events.toArray().map((e) => e.eventType)).toEqual([
      'workload.created',
      'proton.statusChanged',
      'proton.statusChanged',
      'proton.statusChanged',
      'workload.deleted',
      'proton.statusChanged',
      'proton.statusChanged',
    ]);
    expect(
      workload.events
        .toArray()
        .slice(-2)
        .map((e) => e.details?.to),
    ).toEqual(['stopping', 'terminated']);
    expect(emulator.clock.state().pendingTimers).toBe(0);
  });
});

describe('delete, with protons that outlast the retention as they terminate', () => {
  it('keeps their last events readable as long again, in a twin restored from the state too', async () => {
    const slow = await createTestApp({ pods: { terminationSeconds: 300 }, deletedRetentionSeconds: 60 });
    try {
      const client = slow.client();
      const artifactId = await createArtifact(client);
      const id = await createWorkload(client, workloadBody(artifactId));
      slow.advance(POD_COURSE_SECONDS);
      expect((await client.delete(`workloads/${id}`)).status).toBe(204);
      slow.advance(300);
      // Terminated after five minutes, past the minute's retention: the last events can still be read.
      const trail = await client.get(`workloads/${id}/events`);
      expect(trail.status).toBe(200);
      expect(trail.body.data[0].details).toMatchObject({ from: 'stopping', to: 'terminated' });
      const twin = await createTestApp({ pods: { terminationSeconds: 300 }, deletedRetentionSeconds: 60 });
      try {
        const state = await client.get('/_mock/state');
        expect((await twin.client().request('PUT', '/_mock/state', state.body)).status).toBe(200);
        for (const app of [slow, twin]) {
          app.advance(59);
          expect((await app.client().get(`workloads/${id}/events`)).status).toBe(200);
          app.advance(1);
          expect((await app.client().get(`workloads/${id}/events`)).status).toBe(404);
        }
      } finally {
        await twin.close();
      }
    } finally {
      await slow.close();
    }
  });
});

describe('delete, with a proton that terminates as the retention ends', () => {
  it('keeps its last events readable a retention more, not forgotten at that instant', async () => {
    const even = await createTestApp({ pods: { terminationSeconds: 60 }, deletedRetentionSeconds: 60 });
    try {
      const client = even.client();
      const id = await createWorkload(client, workloadBody(await createArtifact(client)));
      even.advance(POD_COURSE_SECONDS);
      expect((await client.delete(`workloads/${id}`)).status).toBe(204);
      even.advance(60);
      const trail = await client.get(`workloads/${id}/events`);
      expect(trail.status).toBe(200);
      expect(trail.body.data[0].details).toMatchObject({ from: 'stopping', to: 'terminated' });
      even.advance(59);
      expect((await client.get(`workloads/${id}/events`)).status).toBe(200);
      even.advance(1);
      expect((await client.get(`workloads/${id}/events`)).status).toBe(404);
    } finally {
      await even.close();
    }
  });
});

describe('delete, then reset', () => {
  it('a reset forgets a deleted workload waiting out its retention, pending purge and all', async () => {
    const id = await runningWorkload();
    expect((await api.delete(`workloads/${id}`)).status).toBe(204);
    t.advance(10);
    expect(t.clock.state().pendingTimers).toBe(1);
    expect((await api.request('POST', '/_mock/reset?tenant=tenant-a')).status).toBe(200);
    expect(t.clock.state().pendingTimers).toBe(0);
    expect((await api.get(`workloads/${id}/events`)).status).toBe(404);
  });
});

describe('disruptions', () => {
  it('interrupt: evicted, then rescheduled from scratch automatically', async () => {
    const id = await runningWorkload();
    const res = await api.request('POST', `/_mock/workloads/${id}/interrupt`, { seconds: 10 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ workloadId: id, status: 'interrupted' });
    expect(await watch(api, t.advance, id, 28)).toEqual([
      '0:interrupted',
      '10:submitted',
      '12:provisioning',
      '17:launching',
      '27:running',
    ]);
    expect(await eventTypes(api, id)).toContain('proton.interrupted');
  });

  it('interrupt without a body lasts MOCK_INTERRUPTION_SECONDS; the answer names the evicted proton', async () => {
    const id = await runningWorkload();
    const res = await api.request('POST', `/_mock/workloads/${id}/interrupt`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      workloadId: id,
      protonId: await activeProtonId(api, id),
      status: 'interrupted',
    });
    const seconds = t.app.emulator.config.interruptionSeconds;
    const evicted = (await events(api, id)).find((e) => e.eventType === 'proton.interrupted');
    expect(evicted.details).toEqual({ protonId: res.body.protonId, reason: 'NodeEviction', seconds });
    t.advance(seconds - 1);
    expect(await watch(api, t.advance, id, 2)).toEqual(['0:interrupted', '1:submitted']);
  });

  it('a deleted workload is not found, though its trail is still kept', async () => {
    const id = await runningWorkload();
    expect((await api.delete(`workloads/${id}`)).status).toBe(204);
    expect((await api.get(`workloads/${id}/events`)).status).toBe(200);
    for (const action of ['interrupt', 'suspend', 'resume', 'restart']) {
      const res = await api.post(`/_mock/workloads/${id}/${action}`);
      expect([res.status, res.body.detail], action).toEqual([404, 'Workload not found.']);
    }
    expect((await api.get(`/_mock/workloads/${id}/traffic`)).status).toBe(404);
  });

  it('suspend, then resume on the same nodes without scheduling from scratch', async () => {
    const id = await runningWorkload({ runtime: replicas(2) });
    const nodesBefore = (await statusDetails(api, id)).replicas.map((r: any) => r.nodeAddress).sort();
    expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
    expect(await watch(api, t.advance, id, 10)).toEqual(['0:suspended']);
    expect((await statusDetails(api, id)).replicas).toEqual([]);
    expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(200);
    expect(await watch(api, t.advance, id, 10)).toEqual(['0:launching', '10:running']);
    const nodesAfter = (await statusDetails(api, id)).replicas.map((r: any) => r.nodeAddress).sort();
    expect(nodesAfter).toEqual(nodesBefore);
    expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(409);
    expect(await eventTypes(api, id)).toEqual(expect.arrayContaining(['proton.suspended', 'proton.resumed']));
  });

  it('resumed before its suspended pod is gone: that pod is listed, Terminating, and only its successor counts', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    t.advance(5);
    expect(await workloadStatus(api, id)).toBe('provisioning');
    expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
    expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(200);
    const details = await statusDetails(api, id);
    // The pod going is still pending on its node: a live pending pod would make it provisioning.
    expect(details.replicas.map((r: any) => [r.status, r.containers.map((c: any) => c.reason)])).toEqual([
      ['pending', ['Terminating']],
      ['running', ['ContainerCreating']],
    ]);
    expect(details.overallStatus).toMatchObject({
      state: 'launching',
      summary: expect.stringMatching(/0\/1 /),
    });
    expect(await workloadStatus(api, id)).toBe('launching');
  });

  it('a suspend during an in-place restart ends it; resume comes back on the nodes it ran on', async () => {
    const id = await runningWorkload({ runtime: replicas(2) });
    const placed = async () =>
      (await statusDetails(api, id)).replicas.map((r: any) => `${r.nodeAddress} ${r.address}`).sort();
    const before = await placed();
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
    expect(await watch(api, t.advance, id, 10)).toEqual(['0:suspended']);
    expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(200);
    expect(await watch(api, t.advance, id, 10)).toEqual(['0:launching', '10:running']);
    expect(await placed()).toEqual(before);
  });

  it('a suspend while the restarted pods are initializing ends the restart: resumed, they are launching', async () => {
    const id = await runningWorkload();
    const protonId = await activeProtonId(api, id);
    const proton = async () => (await api.get(`workloads/${id}/protons/${protonId}`)).body.status;
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    t.advance(6);
    expect(await proton()).toBe('initializing');
    expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
    t.advance(10);
    expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(200);
    expect([await proton(), await workloadStatus(api, id)]).toEqual(['launching', 'launching']);
    t.advance(10);
    expect([await proton(), await workloadStatus(api, id)]).toEqual(['running', 'running']);
  });

  it('a suspend during an eviction ends it: suspended at once, and resumed from scratch', async () => {
    const id = await runningWorkload();
    expect((await api.post(`/_mock/workloads/${id}/interrupt`, { seconds: 60 })).status).toBe(200);
    t.advance(5);
    const suspended = await api.post(`/_mock/workloads/${id}/suspend`);
    expect([suspended.status, suspended.body.status]).toEqual([200, 'suspended']);
    expect((await statusDetails(api, id)).overallStatus.summary).not.toMatch(/rescheduling/);
    // Past the eviction's end nothing reschedules it; resumed, its pods go their course.
    expect(await watch(api, t.advance, id, 90)).toEqual(['0:suspended']);
    expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(200);
    expect(await watch(api, t.advance, id, POD_COURSE_SECONDS)).toEqual([
      '0:submitted',
      '2:provisioning',
      '7:launching',
      '17:running',
    ]);
  });

  it('an eviction during an in-place restart forgets the places the restart kept: a resume after it schedules afresh', async () => {
    const id = await runningWorkload();
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    t.advance(1);
    expect((await api.post(`/_mock/workloads/${id}/interrupt`, { seconds: 60 })).status).toBe(200);
    t.advance(10);
    expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
    expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(200);
    expect((await statusDetails(api, id)).replicas[0]).toMatchObject({
      status: 'pending',
      nodeAddress: '',
      address: '',
    });
    expect(await workloadStatus(api, id)).toBe('submitted');
  });

  it('a restart during a restart keeps the places the first kept: back on its nodes, as fast as one restart', async () => {
    const id = await runningWorkload({ runtime: replicas(2) });
    const placed = async () =>
      (await statusDetails(api, id)).replicas.map((r: any) => `${r.nodeAddress} ${r.address}`).sort();
    const before = await placed();
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    t.advance(1);
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    expect(await watch(api, t.advance, id, 16)).toEqual(['0:running', '4:launching', '14:running']);
    expect(await placed()).toEqual(before);
  });

  it('a restart while evicted is a 409 that changes nothing: the pods come back from scratch with capacity', async () => {
    const id = await runningWorkload();
    expect((await api.post(`/_mock/workloads/${id}/interrupt`, { seconds: 60 })).status).toBe(200);
    t.advance(10);
    const protonId = await activeProtonId(api, id);
    const refused = await api.post(`/_mock/workloads/${id}/restart`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      `Proton ${protonId} has no pods to restart: its pods were evicted and wait for capacity.`,
    );
    expect(await eventTypes(api, id)).not.toContain('proton.restarted');
    expect(await watch(api, t.advance, id, 50 + POD_COURSE_SECONDS)).toEqual([
      '0:interrupted',
      '50:submitted',
      '52:provisioning',
      '57:launching',
      '67:running',
    ]);
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
  });

  it('restart in place: the proton goes restarting -> initializing -> running, the workload stays visible', async () => {
    const id = await runningWorkload();
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    const protonId = await activeProtonId(api, id);
    expect(await watch(api, t.advance, id, 16)).toEqual(['0:running', '5:launching', '15:running']);
    expect((await protonSequence(api, id, protonId)).slice(-3)).toEqual(
      ['0:restarting', '5:initializing', '15:running'].map((s) => {
        const [second, status] = s.split(':');
        return `${POD_COURSE_SECONDS + Number(second)}:${status}`;
      }),
    );
  });

  it('a restart of a launching workload moves updatedAt only when the status it shows changes', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    while ((await workloadStatus(api, id)) !== 'launching') t.advance(1);
    expect((await api.post(`/_mock/workloads/${id}/restart`)).status).toBe(200);
    const seen: string[] = [];
    for (let second = 0; second <= 25; second++) {
      const { status, updatedAt } = (await api.get(`workloads/${id}`)).body;
      const line = `${status} ${updatedAt}`;
      if (seen.at(-1) !== line) seen.push(line);
      t.advance(1);
    }
    expect(seen.map((line) => line.split(' ')[0])).toEqual(['launching', 'running']);
    expect(await eventTypes(api, id)).toContain('proton.restarted');
  });

  it('an interruption during an in-place restart reschedules the pods from scratch', async () => {
    const id = await runningWorkload();
    await api.post(`/_mock/workloads/${id}/restart`);
    const protonId = await activeProtonId(api, id);
    t.advance(7);
    expect((await api.post(`/_mock/workloads/${id}/interrupt`, { seconds: 5 })).status).toBe(200);
    expect(await watch(api, t.advance, id, 40)).toEqual([
      '0:interrupted',
      '5:submitted',
      '7:provisioning',
      '12:launching',
      '22:running',
    ]);
    expect((await protonSequence(api, id, protonId)).map((s) => s.split(':')[1])).toEqual([
      'provisioning',
      'launching',
      'running',
      'restarting',
      'initializing',
      'interrupted',
      'submitted',
      'provisioning',
      'launching',
      'running',
    ]);
  });

  it('refuses disruptions of a workload that is not running', async () => {
    const id = await runningWorkload();
    await api.post(`workloads/${id}/stop`);
    t.advance(5);
    for (const action of ['interrupt', 'suspend', 'restart']) {
      const refused = await api.post(`/_mock/workloads/${id}/${action}`);
      expect([refused.status, refused.body.detail], action).toEqual([
        409,
        'The workload is stopped; a stopped, stopping or suspended workload cannot be disrupted.',
      ]);
    }
    expect((await api.post(`/_mock/workloads/${'0'.repeat(24)}/interrupt`)).status).toBe(404);
  });
});

describe('promote', () => {
  it('locks the draft in place: version assigned, no restart, recorded in history and events', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    const id = await createWorkload(api, workloadBody(draft));
    t.advance(POD_COURSE_SECONDS);
    const podsBefore = (await statusDetails(api, id)).replicas.map((r: any) => r.name);
    const promoted = await api.post(`workloads/${id}/promote`);
    expect(promoted.status).toBe(202);
    expect(promoted.body).toMatchObject({
      status: 'running',
      artifact: { id: draft, status: 'locked', version: 1 },
    });
    expect((await statusDetails(api, id)).replicas.map((r: any) => r.name)).toEqual(podsBefore);
    // Locked when promoted: updated then.
    expect((await api.get(`artifacts/${draft}`)).body).toMatchObject({
      status: 'locked',
      updatedAt: at(POD_COURSE_SECONDS),
    });
    const history = await api.get(`workloads/${id}/history`);
    expect(history.body.data[0]).toMatchObject({ status: 'completed', candidateArtifactId: draft });
    // The current replacement, as a completed one is, for the retention.
    expect((await api.get(`workloads/${id}/replacement`)).body).toEqual(history.body.data[0]);
    expect((await api.get(`workloads/${id}`)).body.replacement).toMatchObject({ status: 'completed' });
    const types = await eventTypes(api, id);
    expect(types.at(-1)).toBe('workload.promoted');
    const event = (await api.get(`workloads/${id}/events`)).body.data[0];
    expect(event.details).toEqual({
      artifactId: draft,
      version: 1,
      protonId: promoted.body.protonId,
      replacementId: history.body.data[0].id,
    });
    expect(types.filter((type) => type === 'proton.statusChanged')).toHaveLength(3);
    const again = await api.post(`workloads/${id}/promote`);
    expect(again.status).toBe(422);
    expect(again.body.detail).toMatch(/already locked/);
  });

  it('locks only what runs: a draft edited since it was deployed waits for a replacement onto it', async () => {
    const draft = await createArtifact(api, serviceArtifact({}, 'registry.example.com/agent:1'), false);
    const id = await createWorkload(api, workloadBody(draft));
    t.advance(POD_COURSE_SECONDS);
    const edited = { spec: serviceArtifact({}, 'registry.example.com/agent:2').spec };
    expect((await api.patch(`artifacts/${draft}`, edited)).status).toBe(200);
    const refused = await api.post(`workloads/${id}/promote`);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/has changed since the workload deployed it/);
    expect((await api.get(`artifacts/${draft}`)).body.status).toBe('draft');

    const config = { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 };
    const replaced = await startReplacement(api, id, draft, config);
    expect(replaced.status).toBe(202);
    t.advance(60);
    const promoted = await api.post(`workloads/${id}/promote`);
    expect(promoted.status).toBe(202);
    // A promotion changes the workload, though not its status.
    expect(promoted.body.updatedAt).toBe(at(POD_COURSE_SECONDS + 60));
    const image = (await statusDetails(api, id)).replicas[0].containers[0].image;
    expect(image).toBe('registry.example.com/agent:2');
  });

  it('needs an active proton', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api, serviceArtifact(), false)));
    t.advance(POD_COURSE_SECONDS);
    await api.post(`workloads/${id}/stop`);
    t.advance(5);
    const stopped = await api.post(`workloads/${id}/promote`);
    expect(stopped.status).toBe(422);
    expect(stopped.body.detail).toBe('The workload has no active proton to promote (it is stopped).');
  });

  it('refuses while a replacement is in progress, and leaves its draft a draft', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    const id = await createWorkload(api, workloadBody(draft));
    t.advance(POD_COURSE_SECONDS);
    const v2 = await createArtifact(
      api,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2'),
      false,
    );
    const config = { warmupDurationMinutes: 5, keepOldVersionMinutes: 0 };
    expect((await startReplacement(api, id, v2, config)).status).toBe(202);
    t.advance(5);
    const refused = await api.post(`workloads/${id}/promote`);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body.detail)).toMatch(/replacement is in progress/);
    expect((await api.get(`artifacts/${draft}`)).body).toMatchObject({ status: 'draft', version: null });
  });

  it('refuses a suspended workload, as a replacement does, and leaves its draft a draft', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    const id = await createWorkload(api, workloadBody(draft));
    t.advance(POD_COURSE_SECONDS);
    expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
    const refused = await api.post(`workloads/${id}/promote`);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe('The workload has no active proton to promote (it is suspended).');
    expect((await api.get(`artifacts/${draft}`)).body.status).toBe('draft');
    expect((await api.get(`workloads/${id}/history`)).body.totalCount).toBe(0);
  });
});

describe('settings and events', () => {
  it('GET /settings answers the active proton runtime', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api), { runtime: replicas(3) }));
    const settings = await api.get(`workloads/${id}/settings`);
    expect(settings.status).toBe(200);
    expect(settings.body.runtime.containerGroups[0]).toMatchObject({ name: 'default', replicaCount: 3 });
    // Once its pods exist, the same runtime the workload shows, the bundle they were placed on too.
    t.advance(60);
    const running = await api.get(`workloads/${id}/settings`);
    expect(running.body.runtime.containerGroups[0].resolvedBundle).not.toBeNull();
    expect(running.body.runtime).toEqual((await api.get(`workloads/${id}`)).body.runtime);
  });

  it('lists events newest first, paginated', async () => {
    const id = await runningWorkload();
    const first = await api.get(`workloads/${id}/events?limit=2`);
    expect(first.body).toMatchObject({ totalCount: 4, count: 2 });
    expect(first.body.data.map((e: any) => e.details.to)).toEqual(['running', 'launching']);
    expect(first.body.data[0]).toMatchObject({ workloadId: id, actorId: null, timestamp: at(17) });
    const last = await api.get(`workloads/${id}/events?limit=2&offset=2`);
    expect(last.body.data.map((e: any) => e.eventType)).toEqual(['proton.statusChanged', 'workload.created']);
    expect(last.body.data[1].actorId).toMatch(/^[0-9a-f]{24}$/);
    expect(last.body.next).toBeNull();
  });
});

describe('a candidate that stops being ready during its warm-up', () => {
  it('gets no traffic: the switch waits until it is ready again, its warm-up from the start', async () => {
    const id = await runningWorkload();
    const v1 = (await api.get(`workloads/${id}`)).body.artifactId;
    const v2 = await createArtifact(
      api,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
    );
    const config = { warmupDurationMinutes: 5, keepOldVersionMinutes: 0 };
    expect((await startReplacement(api, id, v2, config)).status).toBe(202);
    t.advance(60);
    const fault = await api.post('/_mock/faults', { match: { artifactId: v2 }, fault: 'NeverReady' });
    t.advance(300);
    const replacement = async () => (await api.get(`workloads/${id}/replacement`)).body;
    expect([(await replacement()).status, (await replacement()).switchedAt]).toEqual(['initializing', null]);
    expect((await api.get(`workloads/${id}`)).body).toMatchObject({ artifactId: v1, status: 'running' });
    expect((await api.delete(`/_mock/faults/${fault.body.id}`)).status).toBe(204);
    t.advance(60);
    expect((await replacement()).switchedAt).toBeNull();
    t.advance(300);
    expect((await replacement()).switchedAt).not.toBeNull();
    expect((await api.get(`workloads/${id}`)).body.artifactId).toBe(v2);
  });

  /**
   * A replacement onto agent-v2 whose candidate a NeverReady fault makes unready `unreadyAt` seconds
   * after it began, for 60 s, then `after` seconds more: the replacement's steps and the candidate's
   * status changes, each at its second from the replacement's start.
   */
  async function unreadyBeforeTheSwitch(warmupDurationMinutes: number, unreadyAt: number, after: number) {
    const id = await runningWorkload();
    const v2 = await createArtifact(
      api,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
    );
    expect(
      (await startReplacement(api, id, v2, { warmupDurationMinutes, keepOldVersionMinutes: 0 })).status,
    ).toBe(202);
    const start = t.clock.now();
    t.advance(unreadyAt);
    const fault = await api.post('/_mock/faults', { match: { artifactId: v2 }, fault: 'NeverReady' });
    t.advance(60);
    expect((await api.delete(`/_mock/faults/${fault.body.id}`)).status).toBe(204);
    t.advance(after);
    return (await events(api, id))
      .filter((e: any) => e.eventType.startsWith('replacement.') || e.details?.role === 'candidate')
      .map((e: any) =>
        `${(Date.parse(e.timestamp) - start) / 1000} ${e.eventType} ${e.details?.to ?? ''}`.trim(),
      );
  }

  it('warms up again when it stops being ready in the seconds between its warm-up and the switch', async () => {
    // Its warm-up ended at 318 s; the switch is due at 320 s.
    const timeline = await unreadyBeforeTheSwitch(5, 318.5, 600);
    expect(timeline.slice(0, 11)).toEqual([
      '0 replacement.created',
      '3 proton.statusChanged provisioning',
      '8 proton.statusChanged launching',
      '18 proton.statusChanged warming',
      '318 proton.statusChanged running',
      '318 replacement.candidateRunning',
      '318.5 proton.statusChanged launching',
      '383.5 proton.statusChanged warming',
      '683.5 proton.statusChanged running',
      '683.5 replacement.candidateRunning',
      '685.5 replacement.trafficSwitched',
    ]);
  });

  it('with no warm-up, never shows warming when it stops being ready before the switch: it runs again once ready', async () => {
    // Ready (running as the candidate) at 18 s; the switch is due at 20 s.
    const timeline = await unreadyBeforeTheSwitch(0, 18.5, 60);
    expect(timeline.slice(0, 9)).toEqual([
      '0 replacement.created',
      '3 proton.statusChanged provisioning',
      '8 proton.statusChanged launching',
      '18 proton.statusChanged running',
      '18 replacement.candidateRunning',
      '18.5 proton.statusChanged launching',
      '83.5 proton.statusChanged running',
      '83.5 replacement.candidateRunning',
      '85.5 replacement.trafficSwitched',
    ]);
  });
});
