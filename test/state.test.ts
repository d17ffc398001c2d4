import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import type { StateImportError } from '../src/domain/snapshot.js';
import { Clock, LATEST_TIME } from '../src/sim/clock.js';
import {
  autoscaledRuntime,
  buildableArtifact,
  createArtifact,
  createWorkload,
  replicas,
  serviceArtifact,
  workloadBody,
} from './fixtures.js';
import { createTestApp, type TestApp } from './helpers.js';
import { events as eventsOf, eventTypes, statusDetails } from './sim-helpers.js';

const apps: TestApp[] = [];
async function app(): Promise<TestApp> {
  const t = await createTestApp();
  apps.push(t);
  return t;
}
afterEach(async () => {
  while (apps.length > 0) await apps.pop()!.close();
});

async function exportState(t: TestApp): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/_mock/state' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['content-length']).toBe(String(res.rawPayload.length));
  return res.body;
}

async function importState(t: TestApp, body: string) {
  return t.app.inject({
    method: 'PUT',
    url: '/_mock/state',
    headers: { 'content-type': 'application/json' },
    payload: body,
  });
}

/** A deleted workload's events stay readable `seconds` more, then answer 404: it is forgotten. */
async function readableFor(t: TestApp, token: string, id: string, seconds: number): Promise<void> {
  const client = t.client(token);
  t.advance(seconds - 1);
  expect((await client.get(`workloads/${id}/events`)).status).toBe(200);
  t.advance(1);
  expect((await client.get(`workloads/${id}/events`)).status).toBe(404);
}

/**
 * A busy world: two tenants, a multi-replica workload mid-replacement (candidate warming, rollout
 * timeout armed), a workload evicted from its node, a stopped one, a crash-looping one and a fault.
 */
async function busyWorld(t: TestApp) {
  const a = t.client('tenant-a');
  const b = t.client('tenant-b');
  const v1 = await createArtifact(a);
  const v2 = await createArtifact(a, serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'));
  const rolling = await createWorkload(a, workloadBody(v1, { runtime: replicas(2) }));
  const evicted = await createWorkload(a, workloadBody(v1, { name: 'evicted' }));
  const stopped = await createWorkload(b, workloadBody(await createArtifact(b), { name: 'stopped' }));
  const crashing = await createWorkload(b, workloadBody(await createArtifact(b), { name: 'crashing' }));
  const slowV1 = await createArtifact(b, serviceArtifact({ name: 'slow' }, 'registry.example.com/slow:1'));
  const slowV2 = await createArtifact(b, serviceArtifact({ name: 'slow-v2' }, 'registry.example.com/slow:2'));
  const slow = await createWorkload(b, workloadBody(slowV1, { name: 'slow' }));
  for (const payload of [
    { match: { workloadId: crashing }, fault: 'CrashLoopBackOff' },
    { match: { imageUri: 'registry.example.com/slow:2' }, fault: 'NeverReady' },
  ]) {
    expect((await t.app.inject({ method: 'POST', url: '/_mock/faults', payload })).statusCode).toBe(201);
  }
  t.advance(30);
  // Its candidate never gets ready: the rollout timeout stays armed.
  expect((await b.post(`workloads/${slow}/replacement`, { artifactId: slowV2 })).status).toBe(202);
  expect((await b.post(`workloads/${stopped}/stop`)).status).toBe(202);
  const replacement = await a.post(`workloads/${rolling}/replacement`, {
    artifactId: v2,
    strategy: 'rolling',
    config: { warmupDurationMinutes: 2, keepOldVersionMinutes: 1 },
  });
  expect(replacement.status).toBe(202);
  const interrupt = await t.app.inject({
    method: 'POST',
    url: `/_mock/workloads/${evicted}/interrupt`,
    payload: { seconds: 40 },
  });
  expect(interrupt.statusCode).toBe(200);
  // An image build on its way, and simulated traffic on the rolling workload.
  const buildable = await createArtifact(a, buildableArtifact(), false);
  expect((await a.post(`artifacts/${buildable}/builds`)).status).toBe(202);
  const traffic = await t.app.inject({
    method: 'POST',
    url: `/_mock/workloads/${rolling}/traffic`,
    payload: { rps: 20, seconds: 600, errorRate: 0.05 },
  });
  expect(traffic.statusCode).toBe(201);
  // An autoscaled workload under load: a scale-up decision is pending when the state is exported.
  const autoscaled = await createWorkload(a, {
    name: 'autoscaled',
    artifactId: v1,
    runtime: {
      containerGroups: [
        {
          name: 'default',
          autoscaling: {
            enabled: true,
            policies: [{ scalingMetric: 'httpRequestsConcurrency', target: 5, minCount: 1, maxCount: 4 }],
          },
        },
      ],
    },
  });
  t.advance(20);
  const load = await t.app.inject({
    method: 'POST',
    url: `/_mock/workloads/${autoscaled}/traffic`,
    payload: { rps: 50, concurrency: 15, seconds: 900 },
  });
  expect(load.statusCode).toBe(201);
  t.advance(5);
  return { a, b, rolling, evicted, stopped, crashing, slow, buildable, autoscaled };
}

/** A workload scaled on requests in flight, by these bounds. */
async function autoscaled(
  client: ReturnType<TestApp['client']>,
  name: string,
  bounds: { target: number; minCount: number; maxCount: number },
): Promise<string> {
  return createWorkload(client, {
    name,
    artifactId: await createArtifact(client),
    runtime: {
      containerGroups: [
        {
          name: 'default',
          autoscaling: { enabled: true, policies: [{ scalingMetric: 'httpRequestsConcurrency', ...bounds }] },
        },
      ],
    },
  });
}

describe('GET and PUT /_mock/state', () => {
  it('exports a versioned document with every section', async () => {
    const t = await app();
    await busyWorld(t);
    const text = await exportState(t);
    // Written in pieces (a large state is more text than one string holds): JSON.stringify's text.
    expect(text).toBe(JSON.stringify(t.app.emulator.snapshots.export()));
    const doc = JSON.parse(text);
    expect(doc.format).toBe('workload-api-mock/state');
    expect(doc.version).toBe(1);
    expect(Object.keys(doc.sections)).toEqual([
      'clock',
      'random',
      'cluster',
      'faults',
      'store',
      'activity',
      'telemetry',
      'traffic',
    ]);
    const [build] = doc.sections.store.builds;
    expect(build).toMatchObject({ status: 'IN_PROGRESS', timerStep: 'finishBuilding' });
    expect(build.timerAt).toBeGreaterThan(doc.sections.clock.epochMs);
    const [run] = doc.sections.traffic.runs;
    expect(run.requests).toBeGreaterThan(0);
    expect(doc.sections.telemetry.workloads[0].protons[0].totals.requests).toBe(run.requests);
    expect(doc.sections.clock).toMatchObject({ mode: 'manual', epochMs: Date.parse('2026-01-01T00:00:55Z') });
    // Stamped with the simulated time it was taken at, as the clock section says it.
    expect(doc.exportedAt).toBe(doc.sections.clock.now);
    expect(doc.sections.store.tenants.map((tenant: any) => tenant.name)).toEqual(['tenant-a', 'tenant-b']);
    expect(doc.sections.faults).toHaveLength(2);
    const [waiting, warming] = doc.sections.store.replacements;
    // Submitted at 30s, initializing (and the rollout timeout armed) one second later.
    expect(waiting).toMatchObject({
      phase: 'initializing',
      timerAt: null,
      timerEvent: null,
      timeoutAt: Date.parse('2026-01-01T00:00:31Z') + 1800_000,
    });
    // Its candidate was ready at 48s: warming for two minutes, the timeout cleared.
    expect(warming).toMatchObject({
      phase: 'warming',
      timerEvent: 'warmupElapsed',
      timerAt: Date.parse('2026-01-01T00:00:48Z') + 120_000,
      timeoutAt: null,
    });
    const evicted = doc.sections.store.protons.find((p: any) => p.interruptedUntil !== null);
    expect(evicted.interruptedUntil).toBe(Date.parse('2026-01-01T00:01:10Z'));
    expect(doc.sections.activity.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(doc)).not.toContain('"timer"');
  });

  it('exports a state too large for one piece with its pieces in order, and takes it back', async () => {
    const t = await app();
    const api = t.client();
    // Not ASCII: its length in bytes is not its length in characters.
    const description = 'é'.repeat(400_000);
    for (let i = 0; i < 4; i++) await createArtifact(api, serviceArtifact({ name: `big-${i}`, description }));
    const text = await exportState(t);
    // More than one piece of about 1 MiB each.
    expect(text.length).toBeGreaterThan(1.5 * 2 ** 20);
    expect(text).toBe(JSON.stringify(t.app.emulator.snapshots.export()));
    const copy = await app();
    expect((await importState(copy, text)).statusCode).toBe(200);
    expect(await exportState(copy)).toBe(text);
  });

  it('round-trips byte for byte, and the imported world goes on exactly as the original', async () => {
    const original = await app();
    await busyWorld(original);
    const snapshot = await exportState(original);

    const copy = await app();
    const imported = await importState(copy, snapshot);
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({
      imported: ['clock', 'random', 'cluster', 'faults', 'store', 'activity', 'telemetry', 'traffic'],
      clock: '2026-01-01T00:00:55.000+00:00',
    });
    expect(await exportState(copy)).toBe(snapshot);

    // The pending transitions were re-armed: pods, the eviction, the warm-up, the switch, the drain.
    for (const step of [1, 14, 30, 60, 120, 600, 1200]) {
      original.advance(step);
      copy.advance(step);
      expect(await exportState(copy)).toBe(await exportState(original));
    }
    const [rolling, evicted, , , slow, autoscaled] = JSON.parse(await exportState(copy)).sections.store
      .workloads;
    expect(autoscaled.name).toBe('autoscaled');
    const scaled = (await eventsOf(copy.client('tenant-a'), autoscaled.id)).filter(
      (e) => e.eventType === 'autoscaling.scaled',
    );
    expect(scaled.length).toBeGreaterThan(0);
    expect(scaled[0].details).toMatchObject({ from: 1, to: 3 });
    const a = copy.client('tenant-a');
    const b = copy.client('tenant-b');
    expect((await a.get(`workloads/${rolling.id}/replacement`)).status).toBe(404);
    expect((await a.get(`workloads/${rolling.id}/history`)).body.data[0].status).toBe('completed');
    expect((await a.get(`workloads/${evicted.id}`)).body.status).toBe('running');
    expect(await eventTypes(a, evicted.id)).toContain('proton.interrupted');
    const [build] = JSON.parse(await exportState(copy)).sections.store.builds;
    expect(build.status).toBe('COMPLETED');
    expect((await b.get(`workloads/${slow.id}/replacement`)).body).toMatchObject({
      status: 'errored',
      message: expect.stringMatching(/not running within/),
    });
  });

  it('carries a cancel after the switch waiting for the evicted old proton, and the candidate draining after it', async () => {
    const original = await app();
    const api = original.client('tenant-a');
    const v1 = await createArtifact(api);
    const v2 = await createArtifact(
      api,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
    );
    const id = await createWorkload(api, workloadBody(v1));
    original.advance(30);
    const config = { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 };
    await api.post(`workloads/${id}/replacement`, { artifactId: v2, strategy: 'rolling', config });
    original.advance(19);
    await api.post(`/_mock/workloads/${id}/interrupt`, { seconds: 5 });
    original.advance(2);
    await api.delete(`workloads/${id}/replacement`);
    original.advance(2);
    // Waiting (deleting) for the old proton, which is ready 20s after the cancel; then with the
    // candidate draining (21s): each goes on alike.
    for (const [phase, steps] of [
      ['returning', [1, 5, 13]],
      ['reverting', [1, 1, 5, 30]],
    ] as const) {
      const snapshot = await exportState(original);
      const [record] = JSON.parse(snapshot).sections.store.replacements;
      expect(record.phase).toBe(phase);
      if (phase === 'reverting') expect(record.timerEvent).toBe('drainElapsed');
      const copy = await app();
      expect((await importState(copy, snapshot)).statusCode).toBe(200);
      for (const step of steps) {
        original.advance(step);
        copy.advance(step);
        expect(await exportState(copy)).toBe(await exportState(original));
      }
    }
    const back = (await api.get(`workloads/${id}`)).body;
    expect([back.artifactId, back.status]).toEqual([v1, 'running']);
    expect((await api.get(`workloads/${id}/replacement`)).status).toBe(404);
  });

  it('re-arms a pending scale-down after the load has ended', async () => {
    const original = await app();
    const a = original.client('tenant-a');
    const id = await autoscaled(a, 'autoscaled', { target: 5, minCount: 1, maxCount: 4 });
    original.advance(20);
    const load = { rps: 50, concurrency: 15, seconds: 120 };
    expect(
      (await original.app.inject({ method: 'POST', url: `/_mock/workloads/${id}/traffic`, payload: load }))
        .statusCode,
    ).toBe(201);
    original.advance(200);
    const scaledDowns = async (t: TestApp) =>
      (await eventsOf(t.client('tenant-a'), id)).filter(
        (e) => e.eventType === 'autoscaling.scaled' && e.details.to < e.details.from,
      );
    expect(await scaledDowns(original)).toHaveLength(0);
    const copy = await app();
    expect((await importState(copy, await exportState(original))).statusCode).toBe(200);
    original.advance(400);
    copy.advance(400);
    expect(await scaledDowns(copy)).toHaveLength(1);
    expect(await exportState(copy)).toBe(await exportState(original));
  });

  it('carries the window of answered requests the autoscaler reads', async () => {
    const original = await app();
    const a = original.client('tenant-a');
    const id = await autoscaled(a, 'scales-to-zero', { target: 2, minCount: 0, maxCount: 3 });
    original.advance(30);
    expect((await a.post(`/api/v2/endpoints/workloads/${id}/predict`, {})).status).toBe(200);
    original.advance(10);
    const copy = await app();
    expect((await importState(copy, await exportState(original))).statusCode).toBe(200);
    const scalings = async (t: TestApp) =>
      (await eventsOf(t.client('tenant-a'), id))
        .filter((e) => e.eventType === 'autoscaling.scaled')
        .map((e) => `${e.timestamp} ${e.details.from}->${e.details.to}`);
    for (let step = 0; step < 60; step++) {
      original.advance(10);
      copy.advance(10);
    }
    expect(await scalings(original)).toHaveLength(1);
    expect(await scalings(copy)).toEqual(await scalings(original));
    expect(await exportState(copy)).toBe(await exportState(original));
  });

  it('carries the request rate of simulated traffic that keeps no request in flight', async () => {
    const original = await app();
    const a = original.client('tenant-a');
    const runtime = autoscaledRuntime([
      { scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 1, maxCount: 4 },
    ]);
    const id = await createWorkload(a, workloadBody(await createArtifact(a), { runtime }));
    original.advance(17);
    const traffic = { rps: 40, seconds: 300, concurrency: 0 };
    expect((await a.post(`/_mock/workloads/${id}/traffic`, traffic)).status).toBe(201);
    original.advance(20);
    const copy = await app();
    expect((await importState(copy, await exportState(original))).statusCode).toBe(200);
    // The load the replica is under shapes an answer before the next tick sets it again.
    const call = async (t: TestApp) => {
      const answer = await t.client('tenant-a').post(`/api/v2/endpoints/workloads/${id}/predict`, {});
      return { status: answer.status, body: answer.body };
    };
    expect(await call(copy)).toEqual(await call(original));
    for (let step = 0; step < 12; step++) {
      original.advance(5);
      copy.advance(5);
      expect(await exportState(copy)).toBe(await exportState(original));
    }
  });

  it('exports the simulated load in one order, whichever proton was loaded again after the import', async () => {
    const original = await app();
    const a = original.client('tenant-a');
    const artifactId = await createArtifact(a);
    const [w1, w2] = [
      await createWorkload(a, workloadBody(artifactId, { name: 'w1' })),
      await createWorkload(a, workloadBody(artifactId, { name: 'w2' })),
    ];
    original.advance(120);
    const load = (t: TestApp, id: string) =>
      t.client('tenant-a').post(`/_mock/workloads/${id}/traffic`, { rps: 5, seconds: 600 });
    await load(original, w1);
    original.advance(30);
    await a.delete(`/_mock/workloads/${w1}/traffic`);
    original.advance(30);
    await load(original, w2);
    original.advance(30);
    const copy = await app();
    expect((await importState(copy, await exportState(original))).statusCode).toBe(200);
    for (const t of [original, copy]) {
      expect((await load(t, w1)).status).toBe(201);
      t.advance(30);
    }
    expect(await exportState(copy)).toBe(await exportState(original));
  });

  it("keeps a deleted workload's events for their retention across an import, then forgets it", async () => {
    const original = await app();
    const a = original.client('tenant-a');
    const id = await createWorkload(a, workloadBody(await createArtifact(a)));
    original.advance(30);
    expect((await a.post(`workloads/${id}/stop`)).status).toBe(202);
    original.advance(10);
    // Stopped: nothing to tear down, yet its last events stay readable.
    expect((await a.delete(`workloads/${id}`)).status).toBe(204);
    original.advance(20);
    const trail = (await a.get(`workloads/${id}/events`)).body.data.map((e: any) => e.eventType);
    expect(trail.slice(0, 2)).toEqual(['proton.statusChanged', 'workload.deleted']);
    const copy = await app();
    expect((await importState(copy, await exportState(original))).statusCode).toBe(200);
    const b = copy.client('tenant-a');
    expect((await b.get(`workloads/${id}/events`)).status).toBe(200);
    await readableFor(copy, 'tenant-a', id, 40);
    expect(JSON.parse(await exportState(copy)).sections.store.workloads).toEqual([]);
  });

  it('forgets at the end of its retention a workload deleted with no proton, as an import may bring one', async () => {
    const t = await app();
    const api = t.client();
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    const doc = JSON.parse(await exportState(t));
    Object.assign(doc.sections.store.workloads[0], { protonIds: [], activeProtonId: null });
    doc.sections.store.protons = [];
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    // With no active proton, its settings hold no container group.
    const settings = await api.get(`workloads/${id}/settings`);
    expect([settings.status, settings.body]).toEqual([200, { runtime: { containerGroups: [] } }]);
    expect((await api.delete(`workloads/${id}`)).status).toBe(204);
    await readableFor(t, 'tenant-a', id, 60);
    expect(JSON.parse(await exportState(t)).sections.store.workloads).toEqual([]);
  });

  it("starts a deleted workload's retention after an import only once its protons are gone", async () => {
    // Its proton takes five minutes to terminate, past the minute's retention.
    const config = { pods: { terminationSeconds: 300 }, deletedRetentionSeconds: 60 };
    const original = await createTestApp(config);
    const copy = await createTestApp(config);
    apps.push(original, copy);
    const a = original.client('tenant-a');
    const id = await createWorkload(a, workloadBody(await createArtifact(a)));
    original.advance(60);
    expect((await a.delete(`workloads/${id}`)).status).toBe(204);
    original.advance(30);
    const state = JSON.parse(await exportState(original));
    expect(state.sections.store.workloads[0].protonIds).toHaveLength(1);
    expect((await importState(copy, JSON.stringify(state))).statusCode).toBe(200);
    for (const t of [original, copy]) {
      // Past the retention since the delete, the proton still terminating: the events stay.
      t.advance(60);
      expect((await t.client('tenant-a').get(`workloads/${id}/events`)).status).toBe(200);
      // Terminated 300 s after the delete, forgotten a minute later.
      await readableFor(t, 'tenant-a', id, 270);
    }
  });

  it('takes back a replacement that ended, whose old proton is gone, and a tenant id an older build gave', async () => {
    const original = await app();
    const a = original.client('tenant-a');
    const workloadId = await createWorkload(a, workloadBody(await createArtifact(a)));
    original.advance(60);
    const v2 = await createArtifact(
      a,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
    );
    const replacement = await a.post(`workloads/${workloadId}/replacement`, {
      artifactId: v2,
      strategy: 'rolling',
      config: { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 },
    });
    expect(replacement.status).toBe(202);
    original.advance(600);
    const doc = JSON.parse(await exportState(original));
    const [record] = doc.sections.store.replacements;
    expect(record.phase).toBe('completed');
    const held = new Set(doc.sections.store.protons.map((proton: any) => proton.id));
    expect(record.previousProtonIds.filter((id: string) => !held.has(id))).toHaveLength(1);
    // Tenant ids are kept as the document gives them, as a replacement's tenantId was recorded.
    const tenant = doc.sections.store.tenants.find((entry: any) => entry.name === 'tenant-a');
    tenant.id = '0b5c2c1e-5d0a-4c3e-9f1e-2a7b8c9d0e1f';
    const edited = JSON.stringify(doc);
    const copy = await app();
    const res = await importState(copy, edited);
    expect(res.statusCode, res.body).toBe(200);
    expect(await exportState(copy)).toBe(edited);
    const b = copy.client('tenant-a');
    const v3 = await createArtifact(
      b,
      serviceArtifact({ name: 'agent-v3' }, 'registry.example.com/agent:3.0'),
    );
    const again = await b.post(`workloads/${workloadId}/replacement`, {
      artifactId: v3,
      strategy: 'rolling',
    });
    expect(again.status).toBe(202);
    expect(again.body.tenantId).toBe('0b5c2c1e-5d0a-4c3e-9f1e-2a7b8c9d0e1f');
  });

  it("ends a deleted workload's traffic at its next tick: the snapshot kept for its retention carries no run", async () => {
    const t = await app();
    const a = t.client('tenant-a');
    const id = await createWorkload(a, workloadBody(await createArtifact(a)));
    t.advance(30);
    expect((await a.post(`/_mock/workloads/${id}/traffic`, { rps: 1, seconds: 600 })).status).toBe(201);
    t.advance(15);
    expect((await a.delete(`workloads/${id}`)).status).toBe(204);
    const runs = async () => JSON.parse(await exportState(t)).sections.traffic.runs;
    expect(await runs()).toHaveLength(1);
    t.advance(15);
    // The workload's record (and its events) stay for their retention; its traffic does not.
    expect((await a.get(`workloads/${id}/events`)).status).toBe(200);
    expect(await runs()).toEqual([]);
  });

  it('ends the traffic of a workload forgotten at its delete (no retention): a snapshot then carries no run', async () => {
    const t = await createTestApp({ deletedRetentionSeconds: 0 });
    apps.push(t);
    const a = t.client('tenant-a');
    const id = await createWorkload(a, workloadBody(await createArtifact(a)));
    t.advance(30);
    expect((await a.post(`/_mock/workloads/${id}/traffic`, { rps: 1, seconds: 600 })).status).toBe(201);
    expect((await a.post(`workloads/${id}/stop`)).status).toBe(202);
    t.advance(10);
    expect((await a.delete(`workloads/${id}`)).status).toBe(204);
    const state = await exportState(t);
    expect(JSON.parse(state).sections.traffic.runs).toEqual([]);
    expect((await importState(t, state)).statusCode).toBe(200);
  });

  it('promotes a draft run by a proton from an earlier build, whose pod templates mark no primary container', async () => {
    const t = await app();
    const api = t.client();
    const draft = await createArtifact(api, serviceArtifact(), false);
    const id = await createWorkload(api, workloadBody(draft));
    t.advance(30);
    const doc = JSON.parse(await exportState(t));
    for (const template of doc.sections.store.protons[0].podTemplates)
      for (const container of template.containers) delete container.primary;
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    const promoted = await api.post(`workloads/${id}/promote`);
    expect([promoted.status, promoted.body.artifact?.status]).toEqual([202, 'locked']);
  });

  it("forgets a replaced proton's load: a snapshot carries only the protons that remain", async () => {
    const t = await app();
    const a = t.client('tenant-a');
    const id = await createWorkload(a, workloadBody(await createArtifact(a)));
    t.advance(30);
    const before = (await a.get(`workloads/${id}`)).body.protonId;
    expect((await a.post(`/api/v2/endpoints/workloads/${id}/predict`, {})).status).toBe(200);
    const loaded = async () =>
      JSON.parse(await exportState(t)).sections.telemetry.inFlight.map((entry: any) => entry.protonId);
    expect(await loaded()).toEqual([before]);
    expect((await a.patch(`workloads/${id}/settings`, { runtime: replicas(2) })).status).toBe(202);
    t.advance(120);
    const after = (await a.get(`workloads/${id}`)).body.protonId;
    expect(after).not.toBe(before);
    expect(await loaded()).toEqual([]);
  });

  /** A workload running on v1 (30 s in), and a v2 to replace it with. */
  async function runningOnV1() {
    const t = await app();
    const a = t.client('tenant-a');
    const v1 = await createArtifact(a);
    const v2 = await createArtifact(
      a,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
    );
    const workloadId = await createWorkload(a, workloadBody(v1));
    t.advance(30);
    return { t, a, v2, workloadId };
  }

  /**
   * A replacement `seconds` into its course (no warm-up, keepOldVersionMinutes as given), exported:
   * the document, with its one replacement record, to edit as an earlier build would have written it.
   */
  async function replacementSaved(keepOldVersionMinutes: number, seconds: number) {
    const { t, a, v2, workloadId } = await runningOnV1();
    const replacement = { artifactId: v2, config: { warmupDurationMinutes: 0, keepOldVersionMinutes } };
    expect((await a.post(`workloads/${workloadId}/replacement`, replacement)).status).toBe(202);
    t.advance(seconds);
    const doc = JSON.parse(await exportState(t));
    const replacementOf = async () => (await a.get(`workloads/${workloadId}/replacement`)).body;
    const lastOf = async () => (await a.get(`workloads/${workloadId}/history`)).body.data[0];
    return { t, doc, saved: doc.sections.store.replacements[0], replacementOf, lastOf };
  }

  it('reads a replacement an earlier build saved waiting in promoting before the switch as running as the candidate', async () => {
    const { t, doc, saved, replacementOf, lastOf } = await replacementSaved(0, 1 + 17);
    expect([saved.phase, saved.timerEvent, saved.switchedAt]).toEqual(['ready', 'switchDue', null]);
    // As an earlier build wrote it: the candidate ran in promoting, traffic not yet switched.
    Object.assign(saved, { phase: 'promoting', status: 'promoting' });
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    const waiting = await replacementOf();
    expect([waiting.status, waiting.switchedAt]).toEqual(['initializing', null]);
    t.advance(2);
    const switched = await replacementOf();
    expect([switched.status, switched.switchedAt !== null]).toEqual(['promoting', true]);
    t.advance(10);
    expect((await lastOf()).status).toBe('completed');
  });

  it('takes back a replacement the API took with negative minutes, and runs it on as none', async () => {
    const { t, doc, replacementOf, lastOf } = await replacementSaved(-5, 1 + 17);
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    expect((await replacementOf()).config).toEqual({ warmupDurationMinutes: 0, keepOldVersionMinutes: -5 });
    t.advance(10);
    expect((await lastOf()).status).toBe('completed');
  });

  it("writes a replacement's status as its phase reports it, and refuses a status that disagrees", async () => {
    const { t, doc, saved, replacementOf } = await replacementSaved(0, 1 + 17);
    expect([saved.phase, saved.status, (await replacementOf()).status]).toEqual([
      'ready',
      'initializing',
      'initializing',
    ]);
    saved.status = 'completed';
    const refused = await importState(t, JSON.stringify(doc));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail).toEqual([
      expect.objectContaining({
        loc: ['body', 'sections', 'store', 'replacements', 0, 'status'],
        msg: 'The phase ready is reported as initializing, not completed.',
      }),
    ]);
    expect((await replacementOf()).status).toBe('initializing');
  });

  it('refuses a build whose timer does not fit its status: it would never move', async () => {
    const t = await app();
    const api = t.client();
    const artifactId = await createArtifact(api, buildableArtifact(), false);
    const [buildId] = (await api.post(`artifacts/${artifactId}/builds`)).body.buildIds;
    t.advance(10);
    const doc = JSON.parse(await exportState(t));
    const [build] = doc.sections.store.builds;
    expect([build.status, build.timerStep]).toEqual(['IN_PROGRESS', 'finishBuilding']);
    const refusal = async (change: Record<string, unknown>) => {
      const res = await importState(
        t,
        JSON.stringify(doc).replace(JSON.stringify(build), JSON.stringify({ ...build, ...change })),
      );
      return [
        res.statusCode,
        res.json().detail.map((d: { loc: unknown[]; msg: string }) => [d.loc.join('.'), d.msg]),
      ];
    };
    expect(await refusal({ timerAt: null, timerStep: null })).toEqual([
      422,
      [
        [
          'body.sections.store.builds.0.timerStep',
          'The build is IN_PROGRESS: its next step is finishBuilding or fail, not none.',
        ],
      ],
    ]);
    expect(await refusal({ timerStep: 'complete' })).toEqual([
      422,
      [
        [
          'body.sections.store.builds.0.timerStep',
          'The build is IN_PROGRESS: its next step is finishBuilding or fail, not complete.',
        ],
      ],
    ]);
    expect(await refusal({ timerAt: null })).toEqual([
      422,
      [['body.sections.store.builds.0.timerAt', 'A build has a due time exactly when it has a next step.']],
    ]);
    expect(await refusal({ status: 'COMPLETED' })).toEqual([
      422,
      [
        [
          'body.sections.store.builds.0.timerStep',
          'The build is COMPLETED: it has no next step, not finishBuilding.',
        ],
      ],
    ]);
    t.advance(65);
    expect((await api.get(`artifacts/${artifactId}/builds/${buildId}`)).body.status).toBe('COMPLETED');
  });

  it('reads the switch timer of an older build still, and the replacement goes on to complete', async () => {
    const { t, doc, saved, replacementOf, lastOf } = await replacementSaved(1, 1 + 17 + 2);
    expect([saved.phase, saved.timerEvent]).toEqual(['promoting', 'promoted']);
    // The name the builds before the switch moved wrote for a switched promoting's timer.
    saved.timerEvent = 'switchSettled';
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    t.advance(2);
    expect((await replacementOf()).status).toBe('finalizing');
    t.advance(70);
    expect((await lastOf()).status).toBe('completed');
  });

  it('gives the fields an older file leaves out their defaults: it answers, exports and goes on', async () => {
    const { t, a, v2, workloadId } = await runningOnV1();
    for (let i = 0; i < 3; i++) {
      expect((await a.post(`/api/v2/endpoints/workloads/${workloadId}/predict`, {})).status).toBe(200);
    }
    const replacement = { artifactId: v2, config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 } };
    expect((await a.post(`workloads/${workloadId}/replacement`, replacement)).status).toBe(202);
    t.advance(10);
    const current = await exportState(t);
    // As files written before these fields were kept (the request totals' bounds, the protons' role
    // changes, when replica history began, a fault's tenant, the deletion time).
    const doc = JSON.parse(current);
    for (const workload of doc.sections.telemetry.workloads) {
      for (const series of workload.protons) {
        for (const totals of [series.totals, ...series.buckets]) {
          delete totals.fastestMs;
          delete totals.slowestMs;
        }
      }
      for (const ring of workload.replicas) delete ring.firstAt;
    }
    for (const workload of doc.sections.store.workloads) {
      delete workload.roleChanges;
      delete workload.deletedAt;
    }
    // Nor the users who called, the order of pending timers or the export time.
    delete doc.sections.store.users;
    delete doc.sections.clock.timerOrder;
    delete doc.exportedAt;
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    const stats = await a.get(`workloads/${workloadId}/stats`);
    expect([stats.status, stats.body.metrics?.totalRequests]).toEqual([200, 3]);
    expect(stats.body.metrics.responseTime).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'GET', url: '/_mock/state' })).statusCode).toBe(200);
    // The candidate's role, rebuilt from the replacement: its lines and metrics say so before and
    // after the switch, as after a current document (the request bounds left out move percentiles).
    const roles = async () => {
      const otel = `otel/workload/${workloadId}`;
      const seen: [string, string | null][] = [];
      const collect = (body: unknown) =>
        JSON.stringify(body, (key, value) => {
          if (key === 'attributes' && 'datarobot.proton.role' in value)
            seen.push([value['datarobot.proton.id'], value['datarobot.proton.role']]);
          return value;
        });
      collect((await a.get(`${otel}/logs?limit=1000`)).body);
      t.advance(240);
      collect((await a.get(`${otel}/logs?limit=1000`)).body);
      collect((await a.get(`${otel}/metrics/autocollectedValues`)).body);
      return seen;
    };
    const rebuilt = await roles();
    expect(rebuilt.map(([, role]) => role)).toContain('candidate');
    expect((await a.get(`workloads/${workloadId}/history`)).body.data[0].status).toBe('completed');
    expect((await importState(t, current)).statusCode).toBe(200);
    expect(rebuilt).toEqual(await roles());
    // A current document comes back byte for byte.
    expect((await importState(t, current)).statusCode).toBe(200);
    expect(await exportState(t)).toBe(current);
  });

  it('refuses an invalid document with the location of each problem and changes nothing', async () => {
    const t = await app();
    await busyWorld(t);
    const before = await exportState(t);
    const doc = JSON.parse(before);
    doc.sections.store.workloads[0].name = 42;
    delete doc.sections.clock.mode;
    const res = await importState(t, JSON.stringify(doc));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ['body', 'sections', 'clock', 'mode'] }),
        expect.objectContaining({ loc: ['body', 'sections', 'store', 'workloads', 0, 'name'] }),
      ]),
    );
    expect(await exportState(t)).toBe(before);
  });

  it('refuses times no timestamp can show (past year 9999), and goes on answering', async () => {
    const t = await app();
    await busyWorld(t);
    const before = await exportState(t);
    for (const [edit, loc] of [
      [(doc: any) => (doc.sections.clock.epochMs = 1e15), ['clock', 'epochMs']],
      [(doc: any) => (doc.sections.clock.epochMs = 9e15), ['clock', 'epochMs']],
      [
        (doc: any) => (doc.sections.store.workloads[0].createdAt = 9e15),
        ['store', 'workloads', 0, 'createdAt'],
      ],
    ] as const) {
      const doc = JSON.parse(before);
      edit(doc);
      const res = await importState(t, JSON.stringify(doc));
      expect(res.statusCode).toBe(422);
      expect(res.json().detail[0].loc).toEqual(['body', 'sections', ...loc]);
    }
    expect(await exportState(t)).toBe(before);
    expect((await t.app.inject({ method: 'GET', url: '/_mock/health' })).statusCode).toBe(200);
  });

  it('takes back its own export taken at the end of time, whose timers fall due past year 9999', async () => {
    // Two minutes before the clock's last instant, these timers fall due after it and can never fire:
    // a fault's start, a pod's next step, an interruption's end, the rollout timeout, a replacement's
    // phase timer, the traffic's end (the test checks they are all there).
    const t = await createTestApp({ clock: { mode: 'manual', scale: 60, start: LATEST_TIME - 120_000 } });
    apps.push(t);
    const { rolling, autoscaled } = await busyWorld(t);
    // And a fault and an interruption that begin and end an hour on.
    for (const [url, payload] of [
      ['/_mock/faults', { match: { workloadId: rolling }, fault: 'CrashLoopBackOff', afterSeconds: 3600 }],
      [`/_mock/workloads/${autoscaled}/interrupt`, { seconds: 3600 }],
    ] as const) {
      expect((await t.app.inject({ method: 'POST', url, payload })).statusCode).toBeLessThan(300);
    }
    const state = await exportState(t);
    const pastTheEnd: string[] = [];
    JSON.parse(state, (key, value) => {
      if (typeof value === 'number' && value > LATEST_TIME) pastTheEnd.push(key);
      return value;
    });
    expect(new Set(pastTheEnd)).toEqual(
      new Set(['activeFrom', 'nextAt', 'interruptedUntil', 'timeoutAt', 'timerAt', 'endsAt']),
    );
    const imported = await importState(t, state);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(await exportState(t)).toBe(state);
    // What the control surface shows of those times stays a timestamp (RFC 3339 has four-digit years).
    const clock = (await t.app.inject({ method: 'GET', url: '/_mock/clock' })).json();
    const runs = (await t.app.inject({ method: 'GET', url: `/_mock/workloads/${rolling}/traffic` })).json();
    for (const time of [clock.now, clock.nextTransitionAt, ...runs.data.map((run: any) => run.endsAt)]) {
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(Date.parse(time)).toBeLessThanOrEqual(LATEST_TIME);
    }
  });

  it('refuses dangling references, unknown sections and other versions', async () => {
    const t = await app();
    await busyWorld(t);
    const doc = JSON.parse(await exportState(t));

    const dangling = structuredClone(doc);
    dangling.sections.store.workloads[0].activeProtonId = 'ffffffffffffffffffffffff';
    let res = await importState(t, JSON.stringify(dangling));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({
      loc: ['body', 'sections', 'store', 'workloads', 0, 'activeProtonId'],
      msg: 'No proton with id "ffffffffffffffffffffffff" in the snapshot.',
    });

    const twice = structuredClone(doc);
    expect(twice.sections.traffic.runs.length).toBeGreaterThan(0);
    twice.sections.traffic.runs.push(twice.sections.traffic.runs[0]);
    res = await importState(t, JSON.stringify(twice));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({
      loc: ['body', 'sections', 'traffic', 'runs', twice.sections.traffic.runs.length - 1, 'id'],
      msg: `Duplicate id "${twice.sections.traffic.runs[0].id}".`,
    });

    // A fault replaces the one of its id: the second would vanish without a word.
    const sameFault = structuredClone(doc);
    const [fault] = sameFault.sections.faults;
    sameFault.sections.faults.push({ ...fault, fault: 'PodFailed' });
    res = await importState(t, JSON.stringify(sameFault));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toEqual([
      {
        loc: ['body', 'sections', 'faults', sameFault.sections.faults.length - 1, 'id'],
        msg: `Duplicate id "${fault.id}".`,
        type: 'value_error',
      },
    ]);

    // Logs and telemetry are kept by workload and by proton: a second entry would replace the first.
    const keyed: [string[], string][] = [
      [['activity', 'logs'], 'workloadId'],
      [['telemetry', 'workloads'], 'workloadId'],
      [['telemetry', 'workloads', '0', 'protons'], 'protonId'],
      [['telemetry', 'inFlight'], 'protonId'],
    ];
    for (const [path, key] of keyed) {
      const copy = structuredClone(doc);
      const list = path.reduce((at, step) => at[step], copy.sections);
      expect(list.length, path.join('.')).toBeGreaterThan(0);
      list.push(structuredClone(list[0]));
      res = await importState(t, JSON.stringify(copy));
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toEqual([
        {
          loc: [
            'body',
            'sections',
            ...path.map((step) => (/^\d+$/.test(step) ? Number(step) : step)),
            list.length - 1,
            key,
          ],
          msg: `Duplicate ${key} "${list[0][key]}".`,
          type: 'value_error',
        },
      ]);
    }

    // Users are found by token: the second entry of one would replace the first.
    const sameToken = structuredClone(doc);
    const { users } = sameToken.sections.store;
    users.push({ ...users[0], user: { ...users[1].user } });
    res = await importState(t, JSON.stringify(sameToken));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toEqual([
      {
        loc: ['body', 'sections', 'store', 'users', users.length - 1, 'token'],
        msg: 'The token is listed twice.',
        type: 'value_error',
      },
    ]);

    const unknown = structuredClone(doc);
    unknown.sections.telepathy = {};
    res = await importState(t, JSON.stringify(unknown));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'sections', 'telepathy']);

    res = await importState(t, JSON.stringify({ ...doc, version: 2 }));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].msg).toMatch(/reads state version 1; the document is version 2/);
    // An older version is refused too: its sections are not this build's.
    res = await importState(t, JSON.stringify({ ...doc, version: 0 }));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatchObject([
      { loc: ['body', 'version'], msg: expect.stringMatching(/the document is version 0\.$/) },
    ]);

    res = await importState(t, JSON.stringify({ ...doc, note: 'kept by no one' }));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatchObject([{ loc: ['body', 'note'], type: 'extra_forbidden' }]);
    // A state file is read as JSON.parse reads it: a "__proto__" key is a section like any other.
    const withProto = JSON.parse(JSON.stringify(doc).replace('"sections":{', '"sections":{"__proto__":{},'));
    expect(Object.keys(withProto.sections)).toContain('__proto__');
    let items: unknown = null;
    try {
      t.app.emulator.snapshots.validate(withProto);
    } catch (error) {
      items = (error as StateImportError).items;
    }
    expect(items).toMatchObject([
      { loc: ['sections', '__proto__'], msg: expect.stringMatching(/^Unknown section/) },
    ]);

    res = await importState(t, JSON.stringify({ format: 'something-else', version: 1, sections: {} }));
    expect(res.statusCode).toBe(422);
  });

  it('carries a section registered by another subsystem, and tolerates its absence when optional', async () => {
    const t = await app();
    let counter = { builds: 3 };
    t.app.emulator.snapshots.register({
      name: 'builds',
      optional: true,
      schema: z.strictObject({ builds: z.number().int() }),
      export: () => counter,
      import: (data) => {
        counter = data;
      },
    });
    const doc = JSON.parse(await exportState(t));
    expect(doc.sections.builds).toEqual({ builds: 3 });
    doc.sections.builds.builds = 7;
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    expect(counter).toEqual({ builds: 7 });
    delete doc.sections.builds;
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    doc.sections.builds = { builds: 'many' };
    const res = await importState(t, JSON.stringify(doc));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'sections', 'builds', 'builds']);
  });

  it("names the creator among a workload's owners as its creator, though the document names no users", async () => {
    const t = await createTestApp({
      tokens: new Map([
        ['token-1', 'team'],
        ['token-2', 'team'],
      ]),
    });
    apps.push(t);
    const first = t.client('token-1');
    const workloadId = await createWorkload(first, workloadBody(await createArtifact(first)));
    const creator = (await first.get(`workloads/${workloadId}`)).body.creator;
    // Shared with someone else, the workload is still its creator's, by no grant of their own.
    const shared = await first.patch(`workloads/${workloadId}/sharedRoles`, {
      operation: 'updateRoles',
      roles: [{ shareRecipientType: 'user', role: 'USER', username: 'carol' }],
    });
    expect(shared.status).toBe(204);
    const doc = JSON.parse(await exportState(t));
    delete doc.sections.store.users;
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    // A teammate reads it before the creator calls again: the creator is no known user then.
    const workload = (await t.client('token-2').get(`workloads/${workloadId}`)).body;
    expect(workload.creator).toEqual(creator);
    expect(workload.owners).toEqual([creator]);
  });

  it('carries the users who have called: a grant by username or id finds them after an import', async () => {
    const original = await app();
    const alice = original.client('alice');
    await original.client('bob').get('workloads'); // bob is now a known user
    const artifactId = await createArtifact(alice);
    const copy = await app();
    expect((await importState(copy, await exportState(original))).statusCode).toBe(200);

    const bob = copy.app.emulator.store.knownUser({ username: 'bob' });
    expect(bob).toEqual(original.app.emulator.store.knownUser({ username: 'bob' }));
    for (const grant of [{ username: 'bob' }, { id: bob!.id }]) {
      const roles = [{ shareRecipientType: 'user', role: 'USER', ...grant }];
      for (const t of [original, copy]) {
        const patched = await t.client('alice').patch(`artifacts/${artifactId}/sharedRoles`, {
          operation: 'updateRoles',
          roles,
        });
        expect(patched.status).toBe(204);
      }
      expect(await exportState(copy)).toBe(await exportState(original));
      const shared = (await copy.client('alice').get(`artifacts/${artifactId}/sharedRoles`)).body.data;
      expect(shared[1]).toEqual({ id: bob!.id, name: 'bob', shareRecipientType: 'user', role: 'USER' });
    }
  });

  it('answers the tags an imported workload carries, the API giving no way to set them, and filters by them', async () => {
    const t = await app();
    const api = t.client();
    const workloadId = await createWorkload(api, workloadBody(await createArtifact(api)));
    const doc = JSON.parse(await exportState(t));
    const tag = { id: '0123456789abcdef01234567', name: 'team', value: 'ml' };
    const second = { id: '0123456789abcdef01234568', name: 'tier', value: 'gold' };
    doc.sections.store.workloads[0].tags = [tag, second];
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    // In the document's order.
    expect((await api.get(`workloads/${workloadId}`)).body.tags).toEqual([tag, second]);
    const listed = (await api.get('workloads?tagKeys=team&tagValues=ml')).body;
    expect(listed.data.map((w: any) => [w.id, w.tags])).toEqual([[workloadId, [tag, second]]]);
    expect((await api.get('workloads?tagKeys=other')).body.totalCount).toBe(0);
    // A value alone filters too.
    expect((await api.get('workloads?tagValues=ml')).body.totalCount).toBe(1);
    expect((await api.get('workloads?tagValues=ops')).body.totalCount).toBe(0);
  });

  it.each([
    {
      kind: 'artifact repositories',
      path: 'artifactRepositories',
      records: (doc: any) => doc.sections.store.tenants[0].repositories,
    },
    { kind: 'artifacts', path: 'artifacts', records: (doc: any) => doc.sections.store.artifacts },
  ])(
    'answers imported $kind with their tags and filters by them: any of the keys, any of the values',
    async ({ path, records }) => {
      const t = await app();
      const api = t.client();
      for (const name of ['alpha', 'beta', 'gamma']) await createArtifact(api, serviceArtifact({ name }));
      const doc = JSON.parse(await exportState(t));
      const tag = (n: number, name: string, value: string) => ({
        id: `0123456789abcdef0123456${n}`,
        name,
        value,
      });
      const [alpha, beta] = records(doc);
      alpha.tags = [tag(1, 'team', 'ml'), tag(2, 'tier', 'gold')];
      beta.tags = [tag(3, 'team', 'ops')];
      expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
      const names = async (query: string) =>
        (await api.get(`${path}?${query}`)).body.data.map((r: { name: string }) => r.name);
      expect(await names('tagKeys=tier')).toEqual(['alpha']);
      // Answered with the tags they carry.
      const answered = (await api.get(`${path}?tagKeys=tier`)).body.data;
      expect(answered.map((r: { tags: unknown }) => r.tags)).toEqual([alpha.tags]);
      expect(await names('tagKeys=team')).toEqual(['alpha', 'beta']);
      expect(await names('tagValues=ops')).toEqual(['beta']);
      expect(await names('tagValues=gold&tagValues=ops')).toEqual(['alpha', 'beta']);
      expect(await names('tagKeys=team&tagValues=gold')).toEqual(['alpha']);
      expect(await names('tagKeys=ml')).toEqual([]);
    },
  );

  it('keeps how many events and log lines a workload ever had across an import, beyond those its rings still hold', async () => {
    const t = await createTestApp({ eventsPerWorkload: 3 });
    apps.push(t);
    const api = t.client();
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    t.advance(60);
    const state = await exportState(t);
    const saved = JSON.parse(state).sections.store.workloads.find((w: any) => w.id === id).events;
    expect(saved.items).toHaveLength(3);
    expect(saved.total).toBeGreaterThan(3);
    expect((await importState(t, state)).statusCode).toBe(200);
    expect(await exportState(t)).toBe(state);
    // A log ring that dropped lines, as one does past its 2,000: its count comes back too.
    const doc = JSON.parse(state);
    const logs = doc.sections.activity.logs.find((entry: any) => entry.workloadId === id);
    logs.total += 5000;
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    const again = JSON.parse(await exportState(t)).sections.activity.logs;
    expect(again.find((entry: any) => entry.workloadId === id)).toEqual(logs);
  });

  it('reset forgets what an import brought, and a later import brings it back', async () => {
    const t = await app();
    const { a, rolling } = await busyWorld(t);
    const snapshot = await exportState(t);
    expect((await t.app.inject({ method: 'POST', url: '/_mock/reset' })).statusCode).toBe(200);
    expect((await a.get(`workloads/${rolling}`)).status).toBe(404);
    expect(t.clock.state().pendingTimers).toBe(0);
    expect((await importState(t, snapshot)).statusCode).toBe(200);
    expect((await a.get(`workloads/${rolling}`)).body.replacement.status).toBe('initializing');
  });
});

describe('PUT /_mock/state and the clock', () => {
  /** A crash-looping workload's state, exported from a manual clock a minute in. */
  async function crashLooping() {
    const t = await app();
    const api = t.client();
    const artifactId = await createArtifact(api);
    const workloadId = await createWorkload(api, workloadBody(artifactId, { runtime: replicas(2) }));
    await api.post('/_mock/faults', { match: { artifactId }, fault: 'CrashLoopBackOff', afterSeconds: 20 });
    t.advance(60);
    return { doc: JSON.parse(await exportState(t)), workloadId };
  }

  it("replays every restart of a crash loop when the document's clock lies months past its pods' next step", async () => {
    const { doc, workloadId } = await crashLooping();
    doc.sections.clock.epochMs += 120 * 24 * 3600_000;
    const t = await app();
    const res = await importState(t, JSON.stringify(doc));
    expect(res.statusCode, res.body).toBe(200);
    const workload = await t.client().get(`workloads/${workloadId}`);
    expect(workload.body.status).toBe('errored');
    const { replicas: pods } = await statusDetails(t.client(), workloadId);
    expect(pods.map((pod: any) => pod.containers[0].restartCount > 10_000)).toEqual([true, true]);
  });

  it("keeps the document's instant for the rest of the import on a scaled clock, however fast it runs", async () => {
    const { doc } = await crashLooping();
    Object.assign(doc.sections.clock, { mode: 'scaled', scale: 1_000_000 });
    // Real time moves a millisecond at every read: a simulated thousand seconds at this rate.
    let real = 0;
    const clock = new Clock({
      mode: 'scaled',
      scale: 1_000_000,
      start: doc.sections.clock.epochMs,
      realNow: () => real++,
    });
    const scaled = await buildApp({ config: { seed: 'test' }, clock, strictResponses: true });
    try {
      const res = await scaled.inject({
        method: 'PUT',
        url: '/_mock/state',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(doc),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().clock).toBe(doc.sections.clock.now);
      // The document's mode and rate are the clock's now.
      const shown = (await scaled.inject({ method: 'GET', url: '/_mock/clock' })).json();
      expect([shown.mode, shown.scale]).toEqual(['scaled', 1_000_000]);
    } finally {
      clock.stop();
      await scaled.close();
    }
  });
});

describe('PUT /_mock/state and what the API would refuse', () => {
  /** What importing `doc` after `edit` answers: its status and each problem as [location, message]. */
  async function importEdited(t: TestApp, doc: any, edit: (copy: any) => void) {
    const copy = structuredClone(doc);
    edit(copy);
    const res = await importState(t, JSON.stringify(copy));
    const detail = res.statusCode === 422 ? res.json().detail : [];
    return [
      res.statusCode,
      detail.map((d: { loc: (string | number)[]; msg: string }) => [d.loc.slice(1).join('.'), d.msg]),
    ];
  }

  it('refuses runtimes and artifact specs out of the API bounds or shape: they would hang the cluster or fail its answers', async () => {
    const t = await app();
    const world = await busyWorld(t);
    const before = await exportState(t);
    const doc = JSON.parse(before);
    const { protons, replacements } = doc.sections.store;
    const rolling = protons.findIndex((p: any) => p.workloadId === world.rolling && p.role === 'active');
    const scaled = protons.findIndex((p: any) => p.workloadId === world.autoscaled);
    const replacement = replacements.findIndex((r: any) => r.workloadId === world.rolling);
    expect([rolling, scaled, replacement].every((index) => index >= 0)).toBe(true);
    const proton = `sections.store.protons.${rolling}`;
    const policy = `sections.store.protons.${scaled}.runtime.containerGroups.0.autoscaling.policies.0`;
    const cases: [(doc: any) => void, string, string][] = [
      [
        (d) => (d.sections.store.protons[rolling].desiredReplicas.default = 1001),
        `${proton}.desiredReplicas.default`,
        'Input should be less than or equal to 1000',
      ],
      [
        (d) => (d.sections.store.protons[rolling].runtime.containerGroups[0].replicaCount = 1001),
        `${proton}.runtime.containerGroups.0.replicaCount`,
        'Input should be less than or equal to 1000',
      ],
      [
        (d) => (d.sections.store.protons[rolling].runtime.containerGroups[0].replicaCount = 'many'),
        `${proton}.runtime.containerGroups.0.replicaCount`,
        'Input should be a valid number, unable to parse string as a number',
      ],
      [
        (d) => delete d.sections.store.protons[rolling].runtime.containerGroups[0].containers,
        `${proton}.runtime.containerGroups.0.containers`,
        'Field required',
      ],
      [
        (d) =>
          (d.sections.store.protons[scaled].runtime.containerGroups[0].autoscaling.policies[0].maxCount =
            1e300),
        `${policy}.maxCount`,
        'Input should be less than or equal to 1000',
      ],
      [
        (d) =>
          (d.sections.store.protons[scaled].runtime.containerGroups[0].autoscaling.policies[0].minCount = 5),
        `${policy}.minCount`,
        'Value error, minCount (5) must not exceed maxCount (4)',
      ],
      [
        (d) => (d.sections.store.replacements[replacement].runtime.containerGroups[0].replicaCount = null),
        `sections.store.replacements.${replacement}.runtime.containerGroups.0.replicaCount`,
        'Value error, A group has a replicaCount exactly when its autoscaling is not enabled',
      ],
      [
        (d) => (d.sections.store.artifacts[0].spec.containerGroups = [1]),
        'sections.store.artifacts.0.spec.containerGroups.0',
        'Input should be a valid dictionary or object to extract fields from',
      ],
      [
        (d) => (d.sections.store.artifacts[0].spec.containerGroups[0].containers[0].port = 80),
        'sections.store.artifacts.0.spec.containerGroups.0.containers.0.port',
        'Input should be greater than or equal to 1024',
      ],
      // What the API checks beyond the shape: unique names, a port on the primary container only.
      [
        (d) => {
          const groups = d.sections.store.artifacts[0].spec.containerGroups;
          groups.push(structuredClone(groups[0]));
        },
        'sections.store.artifacts.0.spec.containerGroups.1.name',
        "Value error, container group 'default' is declared twice",
      ],
      [
        (d) => delete d.sections.store.artifacts[0].spec.containerGroups[0].containers[0].port,
        'sections.store.artifacts.0.spec.containerGroups.0.containers.0.port',
        'Value error, a primary container must define a port',
      ],
      // A group runs one pod at least, or scales with a policy that allows one.
      [
        (d) => (d.sections.store.protons[rolling].runtime.containerGroups[0].replicaCount = 0),
        `${proton}.runtime.containerGroups.0.replicaCount`,
        'Input should be greater than or equal to 1',
      ],
      [
        (d) => (d.sections.store.protons[scaled].runtime.containerGroups[0].autoscaling.policies = []),
        `sections.store.protons.${scaled}.runtime.containerGroups.0.autoscaling.policies`,
        'Value error, autoscaling needs at least one policy',
      ],
      [
        (d) =>
          Object.assign(d.sections.store.protons[scaled].runtime.containerGroups[0].autoscaling.policies[0], {
            minCount: 0,
            maxCount: 0,
          }),
        `${policy}.maxCount`,
        'Value error, maxCount must be at least 1',
      ],
      // Counts, durations and the clock's rate within what the API and the clock take.
      [
        (d) => (d.sections.store.tenants[0].repositories[0].lastVersionNumber = -1),
        'sections.store.tenants.0.repositories.0.lastVersionNumber',
        'Input should be greater than or equal to 0',
      ],
      [
        (d) => (d.sections.store.protons[rolling].pods[0].containers[0].restartCount = 1.5),
        `${proton}.pods.0.containers.0.restartCount`,
        'Input should be a valid integer, got a number with a fractional part',
      ],
      [
        (d) => (d.sections.store.replacements[replacement].config.warmupDurationMinutes = 0.5),
        `sections.store.replacements.${replacement}.config.warmupDurationMinutes`,
        'Input should be a valid integer, got a number with a fractional part',
      ],
      [
        (d) => (d.sections.store.workloads[0].events.total = -1),
        'sections.store.workloads.0.events.total',
        'Input should be greater than or equal to 0',
      ],
      [
        (d) => (d.sections.clock.scale = 1_000_001),
        'sections.clock.scale',
        'Input should be less than or equal to 1000000',
      ],
      [
        (d) => (d.sections.random.state[0] = 2 ** 32),
        'sections.random.state.0',
        'Input should be less than or equal to 4294967295',
      ],
      [
        (d) => (d.sections.cluster.nodes = []),
        'sections.cluster.nodes',
        'List should have at least 1 item after validation, not 0',
      ],
      [
        (d) => (d.sections.faults[0].rate = 1.5),
        'sections.faults.0.rate',
        'Input should be less than or equal to 1',
      ],
      [
        (d) => (d.sections.traffic.runs[0].errorRate = 1.5),
        'sections.traffic.runs.0.errorRate',
        'Input should be less than or equal to 1',
      ],
      // An id or a tenant name no request could name.
      [
        (d) => (d.sections.faults[0].id = ''),
        'sections.faults.0.id',
        'String should have at least 1 character',
      ],
      [
        (d) => (d.sections.store.protons[rolling].podTemplates[0].containers[0].primary = false),
        `${proton}.podTemplates.0.containers.0.primary`,
        'Input should be true',
      ],
      [
        (d) =>
          d.sections.store.tenants.push({
            name: '',
            id: '00000000-0000-4000-8000-000000000000',
            repositories: [],
            artifactIds: [],
            workloadIds: [],
          }),
        `sections.store.tenants.${doc.sections.store.tenants.length}.name`,
        'String should have at least 1 character',
      ],
      // A tenant's id is answered as a replacement's tenantId: a UUID.
      [
        (d) => (d.sections.store.tenants[0].id = 'tenant-a'),
        'sections.store.tenants.0.id',
        'Value error, A tenant id is a UUID (8-4-4-4-12 hexadecimal digits)',
      ],
      [
        (d) => (d.sections.store.replacements[replacement].tenantId = 'tenant-a'),
        `sections.store.replacements.${replacement}.tenantId`,
        'Value error, A tenant id is a UUID (8-4-4-4-12 hexadecimal digits)',
      ],
      // A runtime names only what the proton's pods run.
      [
        (d) => (d.sections.store.protons[rolling].runtime.containerGroups[0].name = 'nope'),
        `${proton}.runtime.containerGroups.0.name`,
        `The proton's pods run no container group "nope".`,
      ],
      [
        (d) => (d.sections.store.protons[rolling].runtime.containerGroups[0].containers[0].name = 'ghost'),
        `${proton}.runtime.containerGroups.0.containers.0.name`,
        'Container group "default" of the proton\'s pods has no container "ghost".',
      ],
    ];
    for (const [edit, loc, msg] of cases)
      expect(await importEdited(t, doc, edit), loc).toEqual([422, [[loc, msg]]]);
    expect(await exportState(t)).toBe(before);
    expect((await world.a.get('workloads?limit=100')).status).toBe(200);
    expect((await world.a.get('artifacts?limit=100')).status).toBe(200);

    // A file of a build whose API filled in fewer fields is read as the API stores the spec now.
    const older = structuredClone(doc);
    delete older.sections.store.artifacts[0].spec.containerGroups[0].containers[0].entrypoint;
    expect((await importState(t, JSON.stringify(older))).statusCode).toBe(200);
    expect(await exportState(t)).toBe(before);
    // A spec as the API stores it is kept as given, in its key order; a policy may pin its count
    // (minCount = maxCount), and a crash loop's retry may fall due past the clock's last instant.
    const kept = structuredClone(doc);
    const [artifact] = kept.sections.store.artifacts;
    artifact.spec = Object.fromEntries(Object.entries(artifact.spec).reverse());
    Object.assign(kept.sections.store.protons[scaled].runtime.containerGroups[0].autoscaling.policies[0], {
      minCount: 4,
      maxCount: 4,
    });
    const containersOf = (state: any) =>
      state.sections.store.protons.flatMap((p: any) => p.pods.flatMap((pod: any) => pod.containers));
    const retrying = containersOf(kept).findIndex((container: any) => container.retryAt !== null);
    containersOf(kept)[retrying].retryAt = LATEST_TIME + 60_000;
    // As files written before faults kept their tenant and runs waited out cold starts.
    for (const fault of kept.sections.faults) delete fault.tenant;
    for (const run of kept.sections.traffic.runs) delete run.waitingSince;
    const res = await importState(t, JSON.stringify(kept));
    expect(res.statusCode, res.body).toBe(200);
    const after = JSON.parse(await exportState(t));
    expect(Object.keys(after.sections.store.artifacts[0].spec)).toEqual(Object.keys(artifact.spec));
    expect(containersOf(after)[retrying].retryAt).toBe(LATEST_TIME + 60_000);
  });

  it('refuses latency histograms of another length (the stats read every bin) and a traffic run ticking from before its start', async () => {
    const t = await app();
    const world = await busyWorld(t);
    const before = await exportState(t);
    const doc = JSON.parse(before);
    const w = doc.sections.telemetry.workloads.findIndex((entry: any) => entry.workloadId === world.rolling);
    const series = doc.sections.telemetry.workloads[w].protons.findIndex((p: any) => p.buckets.length > 0);
    expect([w, series].every((index) => index >= 0)).toBe(true);
    const at = `sections.telemetry.workloads.${w}.protons.${series}`;
    expect(
      await importEdited(
        t,
        doc,
        (d) => (d.sections.telemetry.workloads[w].protons[series].buckets[0].histogram = []),
      ),
    ).toEqual([
      422,
      [[`${at}.buckets.0.histogram`, 'List should have at least 13 items after validation, not 0']],
    ]);
    expect(
      await importEdited(t, doc, (d) =>
        d.sections.telemetry.workloads[w].protons[series].totals.histogram.push(0),
      ),
    ).toEqual([
      422,
      [[`${at}.totals.histogram`, 'List should have at most 13 items after validation, not 14']],
    ]);

    // Replica points: no more taking requests than are ready.
    const replicas = `sections.telemetry.workloads.${w}.replicas.0.points`;
    const ready = doc.sections.telemetry.workloads[w].replicas[0].points.findIndex((p: any) => p.ready > 0);
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(
      await importEdited(t, doc, (d) => {
        const point = d.sections.telemetry.workloads[w].replicas[0].points[ready];
        point.serving = point.ready + 1;
      }),
    ).toEqual([
      422,
      [
        [
          `${replicas}.${ready}.serving`,
          'Value error, The ready replicas taking requests are at most the ready ones',
        ],
      ],
    ]);

    const r = doc.sections.traffic.runs.findIndex((run: any) => run.workloadId === world.rolling);
    expect(
      await importEdited(t, doc, (d) => {
        const run = d.sections.traffic.runs[r];
        run.lastTickAt = run.startedAt - 60_000;
      }),
    ).toEqual([
      422,
      [
        [
          `sections.traffic.runs.${r}.lastTickAt`,
          'A run ticks from its start on: its last tick cannot come before it started.',
        ],
      ],
    ]);
    expect(await exportState(t)).toBe(before);
    expect((await world.a.get(`workloads/${world.rolling}/stats`)).status).toBe(200);
  });

  /** busyWorld exported: the document, its store, and the rolling workload's and its replacement's places in it. */
  async function exportedBusyWorld() {
    const t = await app();
    const world = await busyWorld(t);
    const before = await exportState(t);
    const doc = JSON.parse(before);
    const store = doc.sections.store;
    const w = store.workloads.findIndex((workload: any) => workload.id === world.rolling);
    const r = store.replacements.findIndex((record: any) => record.workloadId === world.rolling);
    return { t, world, before, doc, store, w, r };
  }

  it('refuses records that contradict each other: a replacement without its candidate or timer, a proton of another workload, a record of another tenant', async () => {
    const { t, world, before, doc, store, w, r } = await exportedBusyWorld();
    const record = store.replacements[r];
    expect([record.phase, record.timerEvent, record.candidateProtonIds.length]).toEqual([
      'warming',
      'warmupElapsed',
      1,
    ]);
    const [candidateId] = record.candidateProtonIds;
    const c = store.protons.findIndex((proton: any) => proton.id === candidateId);
    const evicted = store.workloads.find((workload: any) => workload.id === world.evicted);
    const active = store.protons.findIndex((proton: any) => proton.id === store.workloads[w].activeProtonId);
    const tenantB = store.tenants.findIndex((tenant: any) => tenant.name === 'tenant-b');
    const at = (...loc: (string | number)[]) => ['sections', 'store', ...loc].join('.');
    const cases: [(doc: any) => void, [string, string][]][] = [
      [
        // The candidate gone: the old proton would drain and leave the workload with none.
        (d) => {
          d.sections.store.protons.splice(c, 1);
          d.sections.store.workloads[w].protonIds = [d.sections.store.workloads[w].activeProtonId];
        },
        [
          [
            at('replacements', r, 'candidateProtonIds', 0),
            `No proton with id "${candidateId}" in the snapshot, and the warming replacement still moves it.`,
          ],
        ],
      ],
      [
        (d) => (d.sections.store.replacements[r].candidateProtonIds = [evicted.activeProtonId]),
        [
          [
            at('replacements', r, 'candidateProtonIds', 0),
            `Proton "${evicted.activeProtonId}" belongs to workload "${world.evicted}".`,
          ],
        ],
      ],
      [
        (d) => Object.assign(d.sections.store.replacements[r], { timerAt: null, timerEvent: null }),
        [[at('replacements', r, 'timerEvent'), 'The phase warming waits on warmupElapsed, not none.']],
      ],
      [
        (d) => (d.sections.store.replacements[r].timerEvent = 'drainElapsed'),
        [
          [
            at('replacements', r, 'timerEvent'),
            'The phase warming waits on warmupElapsed, not drainElapsed.',
          ],
        ],
      ],
      [
        (d) => Object.assign(d.sections.store.replacements[r], { phase: 'cancelled', status: 'finalizing' }),
        [[at('replacements', r, 'timerEvent'), 'The phase cancelled waits on none, not warmupElapsed.']],
      ],
      [
        (d) => (d.sections.store.replacements[r].timerAt = null),
        [
          [
            at('replacements', r, 'timerAt'),
            'A replacement has a due time exactly when it has a timer event.',
          ],
        ],
      ],
      [
        (d) => (d.sections.store.workloads[w].activeProtonId = evicted.activeProtonId),
        [
          [
            at('workloads', w, 'activeProtonId'),
            `Proton "${evicted.activeProtonId}" is not one of the workload's protonIds.`,
          ],
          [
            at('protons', active, 'role'),
            `An active proton is its workload's activeProtonId, and workload "${world.rolling}" names "${evicted.activeProtonId}".`,
          ],
        ],
      ],
      [
        (d) => (d.sections.store.protons[c].role = 'active'),
        [
          [
            at('protons', c, 'role'),
            `An active proton is its workload's activeProtonId, and workload "${world.rolling}" names "${store.workloads[w].activeProtonId}".`,
          ],
        ],
      ],
      [
        (d) => d.sections.store.workloads[w].protonIds.push(evicted.activeProtonId),
        [
          [
            at('workloads', w, 'protonIds', 2),
            `Proton "${evicted.activeProtonId}" belongs to workload "${world.evicted}".`,
          ],
        ],
      ],
      [
        // The workload would not move, stop or delete a proton it does not list.
        (d) => (d.sections.store.workloads[w].protonIds = [d.sections.store.workloads[w].activeProtonId]),
        [
          [
            at('protons', c, 'workloadId'),
            `Workload "${world.rolling}" does not list the proton in its protonIds.`,
          ],
        ],
      ],
      [
        // Another workload's replacement: a cancel through this workload would move that one's protons.
        (d) => {
          const other = d.sections.store.workloads.find((workload: any) => workload.id === world.evicted);
          other.replacementIds.push(record.id);
        },
        [
          [
            at(
              'workloads',
              store.workloads.indexOf(evicted),
              'replacementIds',
              evicted.replacementIds.length,
            ),
            `Replacement "${record.id}" belongs to workload "${world.rolling}".`,
          ],
        ],
      ],
      [
        (d) => (d.sections.store.replacements[r].tenant = 'tenant-b'),
        expect.arrayContaining([
          [at('replacements', r, 'tenant'), `Its workload "${world.rolling}" belongs to tenant "tenant-a".`],
        ]),
      ],
      [
        // Tenant B would see, stop and delete tenant A's workload.
        (d) => d.sections.store.tenants[tenantB].workloadIds.push(world.rolling),
        [
          [
            at('tenants', tenantB, 'workloadIds', store.tenants[tenantB].workloadIds.length),
            `Workload "${world.rolling}" belongs to tenant "tenant-a".`,
          ],
        ],
      ],
      [
        // Tenant A would run tenant B's artifact.
        (d) => (d.sections.store.protons[active].artifactId = store.tenants[tenantB].artifactIds[0]),
        [
          [
            at('protons', active, 'tenant'),
            `Its artifact "${store.tenants[tenantB].artifactIds[0]}" belongs to tenant "tenant-b".`,
          ],
        ],
      ],
      [
        // Tenant A's replacement would go back to tenant B's artifact.
        (d) => (d.sections.store.replacements[r].originalArtifactId = store.tenants[tenantB].artifactIds[0]),
        [
          [
            at('replacements', r, 'tenant'),
            `Its artifact "${store.tenants[tenantB].artifactIds[0]}" belongs to tenant "tenant-b".`,
          ],
        ],
      ],
      [
        // Or run on to tenant B's artifact.
        (d) => (d.sections.store.replacements[r].candidateArtifactId = store.tenants[tenantB].artifactIds[0]),
        expect.arrayContaining([
          [
            at('replacements', r, 'tenant'),
            `Its artifact "${store.tenants[tenantB].artifactIds[0]}" belongs to tenant "tenant-b".`,
          ],
        ]),
      ],
      [
        // Tenant B would build tenant A's artifact.
        (d) => (d.sections.store.builds[0].tenant = 'tenant-b'),
        [
          [
            at('builds', 0, 'tenant'),
            `Its artifact "${store.builds[0].artifactId}" belongs to tenant "tenant-a".`,
          ],
        ],
      ],
      [
        // No token would see it, and it would be simulated for ever.
        (d) => {
          const tenant = d.sections.store.tenants.find((entry: any) => entry.name === 'tenant-a');
          tenant.workloadIds = tenant.workloadIds.filter((id: string) => id !== world.rolling);
        },
        [
          [
            at('workloads', w, 'tenant'),
            'Tenant "tenant-a" does not list the workload, and only a deleted one leaves its list.',
          ],
        ],
      ],
    ];
    for (const [edit, items] of cases) expect(await importEdited(t, doc, edit)).toEqual([422, items]);
    expect(await exportState(t)).toBe(before);
  });

  it('refuses a proton of another tenant than its workload, a record or tenant listed wrongly or twice, a timeout its phase never arms, a tick before its run and a section left out', async () => {
    const { t, world, before, doc, store, w, r } = await exportedBusyWorld();
    expect(store.replacements[r].phase).toBe('warming');
    const active = store.protons.findIndex((proton: any) => proton.id === store.workloads[w].activeProtonId);
    const tenantA = store.tenants.findIndex((tenant: any) => tenant.name === 'tenant-a');
    const tenantB = store.tenants.findIndex((tenant: any) => tenant.name === 'tenant-b');
    expect(store.tenants[tenantB].repositories.length).toBeGreaterThan(0);
    const listedA = store.tenants[tenantA].workloadIds;
    const at = (...loc: (string | number)[]) => ['sections', 'store', ...loc].join('.');
    const cases: [(doc: any) => void, [string, string][]][] = [
      [
        // Tenant B would see a proton of tenant A's workload; its reset would stop it.
        (d) => {
          const proton = d.sections.store.protons[active];
          const artifact = d.sections.store.artifacts.find((a: any) => a.id === proton.artifactId);
          proton.tenant = 'tenant-b';
          artifact.tenant = 'tenant-b';
          const ofA = d.sections.store.tenants[tenantA];
          ofA.artifactIds = ofA.artifactIds.filter((id: string) => id !== artifact.id);
          d.sections.store.tenants[tenantB].artifactIds.push(artifact.id);
        },
        expect.arrayContaining([
          [at('protons', active, 'tenant'), `Its workload "${world.rolling}" belongs to tenant "tenant-a".`],
        ]),
      ],
      [
        (d) => (d.sections.store.tenants[tenantB].repositories[0].tenant = 'tenant-a'),
        [
          [
            at('tenants', tenantB, 'repositories', 0, 'tenant'),
            'The repository is listed by tenant "tenant-b".',
          ],
        ],
      ],
      [
        (d) => d.sections.store.tenants[tenantA].workloadIds.push(world.rolling),
        [
          [
            at('tenants', tenantA, 'workloadIds', listedA.length),
            `Workload "${world.rolling}" is listed twice.`,
          ],
        ],
      ],
      [
        // A deleted workload is no longer listed: its tenant would still see and act on it.
        (d) => (d.sections.store.workloads[w].deleted = true),
        expect.arrayContaining([
          [
            at('tenants', tenantA, 'workloadIds', listedA.indexOf(world.rolling)),
            `Workload "${world.rolling}" is deleted: its tenant no longer lists it.`,
          ],
        ]),
      ],
      [
        // The rollout timeout would fail a replacement past its candidate's readiness.
        (d) => (d.sections.store.replacements[r].timeoutAt = d.sections.clock.epochMs + 60_000),
        [
          [
            at('replacements', r, 'timeoutAt'),
            'The rollout timeout is armed only in initializing and returning, not in warming.',
          ],
        ],
      ],
    ];
    // References to records the document lacks.
    const none = 'ffffffffffffffffffffffff';
    cases.push(
      [
        (d) => (d.sections.store.workloads[w].currentReplacementId = none),
        expect.arrayContaining([
          [at('workloads', w, 'currentReplacementId'), `No replacement with id "${none}" in the snapshot.`],
        ]),
      ],
      [
        (d) => (d.sections.store.protons[active].workloadId = none),
        expect.arrayContaining([
          [at('protons', active, 'workloadId'), `No workload with id "${none}" in the snapshot.`],
        ]),
      ],
      [
        (d) => (d.sections.store.replacements[r].workloadId = none),
        expect.arrayContaining([
          [at('replacements', r, 'workloadId'), `No workload with id "${none}" in the snapshot.`],
        ]),
      ],
      [
        (d) => (d.sections.store.builds[0].artifactId = none),
        expect.arrayContaining([
          [at('builds', 0, 'artifactId'), `No artifact with id "${none}" in the snapshot.`],
        ]),
      ],
      // Listed ids alone: a token's list, a workload's protons or its replacements would hold nothing.
      [
        (d) => d.sections.store.tenants[tenantA].artifactIds.push(none),
        [
          [
            at('tenants', tenantA, 'artifactIds', store.tenants[tenantA].artifactIds.length),
            `No artifact with id "${none}" in the snapshot.`,
          ],
        ],
      ],
      [
        (d) => d.sections.store.workloads[w].protonIds.push(none),
        [
          [
            at('workloads', w, 'protonIds', store.workloads[w].protonIds.length),
            `No proton with id "${none}" in the snapshot.`,
          ],
        ],
      ],
      [
        (d) => d.sections.store.workloads[w].replacementIds.push(none),
        [
          [
            at('workloads', w, 'replacementIds', store.workloads[w].replacementIds.length),
            `No replacement with id "${none}" in the snapshot.`,
          ],
        ],
      ],
    );
    const activeId = store.workloads[w].activeProtonId;
    const protonIds = store.workloads[w].protonIds;
    const unlisted = store.tenants[tenantA].artifactIds[0];
    const a = store.artifacts.findIndex((artifact: any) => artifact.id === unlisted);
    cases.push(
      [
        (d) => d.sections.store.workloads[w].protonIds.push(activeId),
        [[at('workloads', w, 'protonIds', protonIds.length), `Proton "${activeId}" is listed twice.`]],
      ],
      [
        // No token would see it.
        (d) => d.sections.store.tenants[tenantA].artifactIds.splice(0, 1),
        [[at('artifacts', a, 'tenant'), 'Tenant "tenant-a" does not list the artifact.']],
      ],
    );
    // Two builds of one id: a build step would move the one it finds.
    cases.push([
      (d) => d.sections.store.builds.push(d.sections.store.builds[0]),
      expect.arrayContaining([
        [at('builds', store.builds.length, 'id'), `Duplicate id "${store.builds[0].id}".`],
      ]),
    ]);
    // Two entries of one tenant: which one would a token see?
    cases.push([
      (d) =>
        d.sections.store.tenants.push({
          ...d.sections.store.tenants[tenantB],
          repositories: [],
          artifactIds: [],
          workloadIds: [],
        }),
      [[at('tenants', store.tenants.length, 'name'), 'Duplicate tenant "tenant-b".']],
    ]);
    for (const [edit, items] of cases) expect(await importEdited(t, doc, edit)).toEqual([422, items]);
    // A traffic run whose last tick comes a millisecond before its start.
    const early = structuredClone(doc);
    const run = early.sections.traffic.runs[0];
    run.lastTickAt = run.startedAt - 1;
    const refused = await importState(t, JSON.stringify(early));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail).toMatchObject([
      { loc: ['body', 'sections', 'traffic', 'runs', 0, 'lastTickAt'] },
    ]);
    // A section every document carries, left out.
    const { cluster: _cluster, ...sections } = doc.sections;
    const res = await importState(t, JSON.stringify({ ...doc, sections }));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatchObject([
      { loc: ['body', 'sections', 'cluster'], msg: 'Field required', type: 'missing' },
    ]);
    expect(await exportState(t)).toBe(before);
  });

  it('never gives a new record the id of one held, when the random section is older than the records', async () => {
    const fresh = await app();
    const rewound = JSON.parse(await exportState(fresh)).sections.random;
    const t = await app();
    const world = await busyWorld(t);
    const doc = JSON.parse(await exportState(t));
    const { artifacts, workloads } = doc.sections.store;
    const first = artifacts[0];
    // As when fixtures are merged: the generator goes back to where it stood before any record.
    doc.sections.random = rewound;
    expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
    const repositories = doc.sections.store.tenants.flatMap((tenant: any) => tenant.repositories);
    const held = new Set([...artifacts, ...workloads, ...repositories].map((record: any) => record.id));
    const artifactId = await createArtifact(world.a);
    const workloadId = await createWorkload(world.a, workloadBody(artifactId, { name: 'after-import' }));
    const repositoryId = (await world.a.get(`artifacts/${artifactId}`)).body.artifactRepositoryId;
    expect([held.has(artifactId), held.has(workloadId), held.has(repositoryId)]).toEqual([
      false,
      false,
      false,
    ]);
    expect((await world.a.get(`artifacts/${first.id}`)).body).toMatchObject({ name: first.name });
    expect((await world.a.get(`artifacts?limit=100`)).body.totalCount).toBe(
      doc.sections.store.tenants.find((tenant: any) => tenant.name === 'tenant-a').artifactIds.length + 1,
    );
  });

  it('never gives a record of any kind an id held, the generator rewound to just before the one made last', async () => {
    const t = await app();
    const api = t.client('tenant-a');
    const v1 = await createArtifact(api);
    const v2 = await createArtifact(
      api,
      serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
    );
    const buildable = await createArtifact(api, buildableArtifact(), false);
    const workloads = [
      await createWorkload(api, workloadBody(v1, { name: 'one' })),
      await createWorkload(api, workloadBody(v1, { name: 'two' })),
    ];
    t.advance(60);
    const mock = async (url: string, payload: object) =>
      (await t.app.inject({ method: 'POST', url, payload })).json();
    // Each makes one record (a workload its proton too), the second time on the other workload.
    const makers: Record<string, (n: number) => Promise<string[]>> = {
      fault: async () => [
        (await mock('/_mock/faults', { match: { imageUri: 'none/*' }, fault: 'NeverReady' })).id,
      ],
      traffic: async (n) => [
        (await mock(`/_mock/workloads/${workloads[n]}/traffic`, { rps: 1, seconds: 60 })).id,
      ],
      build: async () => (await api.post(`artifacts/${buildable}/builds`)).body.buildIds,
      replacement: async (n) => [
        (await api.post(`workloads/${workloads[n]}/replacement`, { artifactId: v2 })).body.id,
      ],
      workload: async (n) => {
        const id = await createWorkload(api, workloadBody(v1, { name: `made-${n}` }));
        return [id, (await api.get(`workloads/${id}`)).body.protonId];
      },
    };
    for (const [kind, make] of Object.entries(makers)) {
      const rewound = JSON.parse(await exportState(t)).sections.random;
      const first = await make(0);
      const doc = JSON.parse(await exportState(t));
      doc.sections.random = rewound;
      expect((await importState(t, JSON.stringify(doc))).statusCode).toBe(200);
      // The generator draws the ids of the first again: each is held, the proton's by another kind.
      const second = await make(1);
      expect(
        second.filter((id) => first.includes(id)),
        kind,
      ).toEqual([]);
    }
  });
});
