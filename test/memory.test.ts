import { afterEach, describe, expect, it } from 'vitest';
import { LOG_LINES_PER_WORKLOAD } from '../src/domain/activity.js';
import { EventLog, WorkloadEventLog } from '../src/store/event-log.js';
import { Interner } from '../src/store/shared.js';
import type { EventRecord } from '../src/store/types.js';
import { createArtifact, createWorkload, replicas, serviceArtifact, workloadBody } from './fixtures.js';
import { createTestApp, T0, type TestApp } from './helpers.js';

/** Nothing the mock keeps grows without bound: what is gone is forgotten, what stays is capped. */

let t: TestApp;
afterEach(() => t?.close());

/** What the emulator holds, beyond the tenants' own lists. */
function held(app: TestApp['app']) {
  const { store, clock, activity } = app.emulator;
  return {
    workloads: store.workloads.size,
    protons: store.protons.size,
    replacements: store.replacements.size,
    timers: clock.state().pendingTimers,
    logs: [...store.workloads.keys()].filter((id) => activity.logsOf(id) !== undefined).length,
  };
}

describe('bounded memory', () => {
  it('keeps at most MOCK_EVENTS_PER_WORKLOAD events, newest first, and says how many there were', async () => {
    t = await createTestApp({ eventsPerWorkload: 5 });
    const api = t.client();
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    for (let i = 0; i < 6; i++) {
      t.advance(60);
      expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
      t.advance(60);
      expect((await api.post(`workloads/${id}/start`)).status).toBe(202);
    }
    t.advance(60);
    const events = await api.get(`workloads/${id}/events?limit=100`);
    expect(events.body.totalCount).toBe(5);
    expect(events.body.data).toHaveLength(5);
    const workload = t.app.emulator.store.workloads.get(id)!;
    expect(workload.events.length).toBe(5);
    expect(workload.events.total).toBeGreaterThan(30);
    const times = events.body.data.map((e: { timestamp: string }) => Date.parse(e.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(events.body.data[0]).toMatchObject({
      eventType: 'proton.statusChanged',
      details: { to: 'running' },
    });
  });

  it('a ring grows to its capacity, then evicts the oldest', () => {
    const ring = new EventLog<number>(6);
    for (let i = 0; i < 3; i++) ring.append(i);
    expect(ring.toArray()).toEqual([0, 1, 2]);
    for (let i = 3; i < 20; i++) ring.append(i);
    expect(ring.length).toBe(6);
    expect(ring.total).toBe(20);
    expect(ring.toArray()).toEqual([14, 15, 16, 17, 18, 19]);
    expect(ring.page(1, 2)).toEqual([18, 17]);
    ring.clear();
    ring.append(99);
    expect(ring.toArray()).toEqual([99]);
  });

  it('a workload event log packs each event into slots and reads back the same events', () => {
    const log = new WorkloadEventLog('w1', 5);
    const event = (i: number, id: string): EventRecord => ({
      id,
      workloadId: 'w1',
      timestamp: T0 + i * 1000,
      eventType: i % 2 === 0 ? 'proton.statusChanged' : 'workload.updated',
      actorId: i % 2 === 0 ? null : 'a'.repeat(24),
      details: i % 2 === 0 ? { from: 'launching', to: 'running' } : null,
    });
    const ids = [
      '000000000000000000000000',
      'ffffff00000a0b0c0d0e0f10',
      '65f0c3a1b2c4d5e6f7a8b9c0',
      'not-an-object-id',
      // Ids a state file may carry, almost ObjectIds: kept as they are, not as the ObjectId they resemble.
      '65F0C3A1B2C4D5E6F7A8B9C0',
      '65f0c3a1b2c4d5e6f7a8b9c0-2',
    ];
    const events = ids.map((id, i) => event(i, id));
    for (const e of events) log.append(e);
    expect(log.total).toBe(6);
    expect(log.toArray()).toEqual(events.slice(1));
    expect(log.page(0, 1)).toEqual([events[5]]);
  });

  it('keeps at most LOG_LINES_PER_WORKLOAD log lines, even crash-looping for a simulated week', async () => {
    t = await createTestApp();
    const api = t.client();
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    const fault = await t.client().request('POST', '/_mock/faults', {
      match: { workloadId: id },
      fault: 'CrashLoopBackOff',
    });
    expect(fault.status).toBe(201);
    for (let day = 0; day < 7; day++) t.advance(86_400);
    const logs = t.app.emulator.activity.logsOf(id)!;
    expect(logs.total).toBeGreaterThan(LOG_LINES_PER_WORKLOAD);
    expect(logs.length).toBe(LOG_LINES_PER_WORKLOAD);
    // The ring keeps the newest lines: the oldest kept is from the last days, not from the start.
    expect(logs.fromNewest(logs.length - 1)!.timestamp).toBeGreaterThan(T0 + 86_400_000);
    // As the README says: the last 2,000 simulation log lines, all the OpenTelemetry logs read.
    expect((await api.get(`otel/workload/${id}/logs?limit=1&level=DEBUG`)).body.totalCount).toBe(2000);
    const proton = await api.get(`workloads/${id}/protons`);
    expect(proton.body.data[0].status).toBe('errored');
    // The tail is full: its last 20 lines.
    expect(proton.body.data[0].statusDetails.logTail).toHaveLength(20);
  });

  it('protons made alike share one frozen runtime, pod templates and replica counts; a resize gets its own', async () => {
    t = await createTestApp();
    const api = t.client();
    const artifactId = await createArtifact(api);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await createWorkload(api, workloadBody(artifactId, { runtime: replicas(2) })));
    const other = await createWorkload(api, workloadBody(artifactId, { runtime: replicas(3) }));
    const protonOf = (id: string) => {
      const workload = t.app.emulator.store.workloads.get(id)!;
      return t.app.emulator.store.protons.get(workload.activeProtonId!)!;
    };
    const [first, ...rest] = ids.map(protonOf);
    for (const proton of rest) {
      expect(proton.runtime).toBe(first!.runtime);
      expect(proton.podTemplates).toBe(first!.podTemplates);
      expect(proton.desiredReplicas).toBe(first!.desiredReplicas);
    }
    expect(Object.isFrozen(first!.runtime.containerGroups[0])).toBe(true);
    expect(protonOf(other).runtime).not.toBe(first!.runtime);
    expect(protonOf(other).runtime).toEqual({
      ...first!.runtime,
      containerGroups: [{ ...first!.runtime.containerGroups[0], replicaCount: 3 }],
    });
    // One made alike after a different one still shares the first copies.
    const again = protonOf(await createWorkload(api, workloadBody(artifactId, { runtime: replicas(2) })));
    expect(again.runtime).toBe(first!.runtime);
    expect(again.podTemplates).toBe(first!.podTemplates);
    expect(again.desiredReplicas).toBe(first!.desiredReplicas);
    // Scaling one workload leaves the others' shared counts alone.
    t.advance(60);
    const group = first!.runtime.containerGroups[0]!.name;
    t.app.emulator.cluster.setReplicas(rest[0]!, group, 1);
    expect(rest[0]!.desiredReplicas[group]).toBe(1);
    expect(first!.desiredReplicas[group]).toBe(2);
  });

  it('shares at most its limit of distinct values, then starts over: ever-new runtimes do not grow it', () => {
    const interner = new Interner<{ n: number }>(2);
    const first = interner.get({ n: 1 });
    interner.get({ n: 2 });
    expect(interner.get({ n: 1 })).toBe(first);
    // A third value finds the table full: it starts over, and the first is copied anew.
    interner.get({ n: 3 });
    const anew = interner.get({ n: 1 });
    expect(anew).not.toBe(first);
    expect(anew).toEqual(first);
  });

  it('forgets a deleted workload entirely once its protons are torn down: records, logs, timers', async () => {
    t = await createTestApp();
    const api = t.client();
    const artifactId = await createArtifact(api);
    const before = held(t.app);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await createWorkload(api, workloadBody(artifactId, { runtime: replicas(2) })));
    t.advance(8); // some pods scheduled, some still pending: timers in flight
    for (const id of ids) expect((await api.delete(`workloads/${id}`)).status).toBe(204);
    for (const id of ids) expect((await api.get(`workloads/${id}`)).status).toBe(404);
    expect(held(t.app).protons).toBe(5); // tearing down in the background
    t.advance(60);
    expect(held(t.app)).toEqual(before);
    for (const id of ids) expect(t.app.emulator.activity.logsOf(id)).toBeUndefined();
    expect(t.clock.state().pendingTimers).toBe(0);
  });

  it('forgets the old proton after a replacement, and a cancelled candidate after a cancel', async () => {
    t = await createTestApp();
    const api = t.client();
    const first = await createArtifact(api);
    const second = await createArtifact(
      api,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
    );
    const third = await createArtifact(
      api,
      serviceArtifact({ name: 'agent-v3' }, 'registry.example.com/agent:3.0'),
    );
    const id = await createWorkload(api, workloadBody(first));
    t.advance(60);
    const config = { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 };
    const replaced = await api.post(`workloads/${id}/replacement`, {
      artifactId: second,
      strategy: 'rolling',
      config,
    });
    expect(replaced.status).toBe(202);
    t.advance(600);
    expect((await api.get(`workloads/${id}/replacement`)).status).toBe(404);
    const protons = await api.get(`workloads/${id}/protons`);
    expect(protons.body.data.map((p: { artifactId: string }) => p.artifactId)).toEqual([second]);
    expect(t.app.emulator.store.protons.size).toBe(1);

    const cancelled = await api.post(`workloads/${id}/replacement`, {
      artifactId: third,
      strategy: 'rolling',
      config,
    });
    expect(cancelled.status).toBe(202);
    t.advance(10);
    expect((await api.delete(`workloads/${id}/replacement`)).status).toBe(202);
    t.advance(600);
    expect(t.app.emulator.store.protons.size).toBe(1);
    expect(t.clock.state().pendingTimers).toBe(0);
    const history = await api.get(`workloads/${id}/history`);
    expect(history.body.totalCount).toBe(2);
  });

  it('creating and deleting workloads for a long time leaves nothing behind', async () => {
    t = await createTestApp();
    const api = t.client();
    const artifactId = await createArtifact(api);
    const before = held(t.app);
    const everyId: string[] = [];
    for (let round = 0; round < 20; round++) {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await createWorkload(api, workloadBody(artifactId)));
      t.advance(round % 3 === 0 ? 1 : 30);
      if (round % 2 === 0) await api.post(`workloads/${ids[0]}/stop`);
      for (const id of ids) await api.delete(`workloads/${id}`);
      everyId.push(...ids);
      t.advance(round % 4 === 0 ? 2 : 30);
    }
    t.advance(60);
    expect(held(t.app)).toEqual(before);
    for (const id of everyId) expect(t.app.emulator.activity.logsOf(id), `log ring of ${id}`).toBeUndefined();
    expect(t.app.emulator.store.tenant('tenant-a').workloads.size).toBe(0);
  });
});
