import { EventEmitter } from 'node:events';
import http, { type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/config.js';
import {
  createArtifact,
  createWorkload,
  replicas,
  serviceArtifact,
  sidecarArtifact,
  workloadBody,
} from './fixtures.js';
import { createTestApp, type TestApp } from './helpers.js';
import { SseClient } from './sse.js';

/** GET /_mock/stream over a real socket, with the manual clock. */
describe('the live stream', () => {
  let t: TestApp;
  let url: string;
  const clients: SseClient[] = [];

  async function start(config: Partial<Config> = {}) {
    t = await createTestApp(config);
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  }

  async function open(query = '', headers: Record<string, string> = {}) {
    const client = await SseClient.open(`${url}/_mock/stream${query}`, headers);
    clients.push(client);
    return client;
  }

  /** Resolves once `client` received every message published so far (it must not filter). */
  const caughtUp = (client: SseClient) =>
    client.until((c) => c.lastId === t.app.liveFeed.lastEventId, `message ${t.app.liveFeed.lastEventId}`);

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await t?.close();
  });

  async function runReplacement(token = 'tenant-a') {
    const client = t.client(token);
    const v1 = await createArtifact(client);
    const v2 = await createArtifact(client, serviceArtifact({}, 'registry.example.com/agent:2.0'));
    const workloadId = await createWorkload(client, workloadBody(v1));
    t.advance(30);
    const created = await client.post(`workloads/${workloadId}/replacement`, {
      artifactId: v2,
      strategy: 'rolling',
      config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
    });
    expect(created.status).toBe(202);
    t.advance(300);
    return { client, workloadId, v1, v2, replacementId: created.body.id as string };
  }

  it('opens with retry and a hello, then sends every state change once, numbered in order', async () => {
    await start();
    const stream = await open();
    const { client, workloadId, v1, v2, replacementId } = await runReplacement();
    await caughtUp(stream);

    expect(stream.statusCode).toBe(200);
    // An event stream that no cache or proxy holds back or rewrites.
    expect(stream.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    expect(stream.retry).toBe(2000);
    expect(stream.messages[0]!.data).toEqual({
      type: 'hello',
      instance: t.app.liveFeed.instance,
      lastEventId: null,
      replayed: 0,
      resync: false,
      reason: null,
      retryMs: 2000,
    });
    const ids = stream.numbered.map((m) => m.id);
    expect(ids).toEqual(ids.map((_, i) => `${t.app.liveFeed.instance}-${i + 1}`));

    // Every workload event, exactly as GET /events lists it (oldest first here).
    const events = await client.get(`workloads/${workloadId}/events?limit=100`);
    expect(stream.of('event').map((m) => m.event)).toEqual([...events.body.data].reverse());

    const protons = await client.get(`workloads/${workloadId}/history`);
    const [original] = protons.body.data[0].previousProtonIds;
    const [candidate] = protons.body.data[0].candidateProtonIds;
    const statuses = (protonId: string) =>
      stream
        .of('proton')
        .filter((m) => m.protonId === protonId)
        .map((m) => `${m.from}->${m.to}`);
    expect(statuses(original)).toEqual([
      'submitted->provisioning',
      'provisioning->launching',
      'launching->running',
      'running->draining',
      'draining->stopping',
      'stopping->terminated',
    ]);
    expect(statuses(candidate)).toEqual([
      'submitted->provisioning',
      'provisioning->launching',
      'launching->warming',
      'warming->running',
    ]);

    const phases = stream.of('replacement').filter((m) => m.replacementId === replacementId);
    expect(phases.map((m) => [m.from, m.phase, m.status])).toEqual([
      [null, 'submitted', 'submitted'],
      ['submitted', 'initializing', 'initializing'],
      ['initializing', 'warming', 'initializing'],
      ['warming', 'ready', 'initializing'],
      ['ready', 'promoting', 'promoting'],
      ['promoting', 'draining', 'finalizing'],
      ['draining', 'retiring', 'finalizing'],
      ['retiring', 'completed', 'completed'],
    ]);
    expect(phases.at(-1)!.replacement.switchedAt).not.toBeNull();

    // The workload: created once, then one message per visible change, never the same twice in a row.
    const workloads = stream.of('workload');
    expect(workloads[0]).toMatchObject({ change: 'created', workloadId, workload: { artifactId: v1 } });
    expect(workloads.slice(1).every((m) => m.change === 'updated')).toBe(true);
    for (let i = 1; i < workloads.length; i++)
      expect(workloads[i]!.workload).not.toEqual(workloads[i - 1]!.workload);
    expect(workloads.map((m) => m.workload!.status).filter((s, i, all) => s !== all[i - 1])).toEqual([
      'submitted',
      'provisioning',
      'launching',
      'running',
    ]);
    const final = await client.get(`workloads/${workloadId}`);
    expect(workloads.at(-1)!.workload).toMatchObject({
      status: final.body.status,
      artifactId: v2,
      protonId: final.body.protonId,
      replacement: null,
      name: final.body.name,
      importance: final.body.importance,
      createdAt: final.body.createdAt,
      updatedAt: final.body.updatedAt,
    });
    // The replacement moved updatedAt, so the summary's two times differ.
    expect(final.body.updatedAt).not.toBe(final.body.createdAt);

    // Pods: a message only when something visible changed; the candidate ends all ready.
    const pods = stream.of('pods');
    for (const protonId of [original, candidate]) {
      const mine = pods.filter((m) => m.protonId === protonId).map((m) => JSON.stringify(m.pods));
      expect(new Set(mine).size).toBe(mine.length);
    }
    const lastCandidatePods = pods.filter((m) => m.protonId === candidate).at(-1)!.pods;
    expect(lastCandidatePods.flatMap((p) => p.containers.map((c) => c.ready))).toEqual([true]);
    expect(pods.filter((m) => m.protonId === original).at(-1)!.pods).toEqual([]);

    // One clock message per advance, after what the advance caused.
    expect(stream.of('clock').map((m) => m.clock.now)).toEqual([
      '2026-01-01T00:00:30.000+00:00',
      '2026-01-01T00:05:30.000+00:00',
    ]);
    expect(stream.numbered.at(-1)!.event).toBe('clock');
  });

  it("sends each proton change with its event, in the events' order and with the role it had, when the change sets off another", async () => {
    await start();
    const stream = await open();
    const client = t.client('tenant-a');
    const v1 = await createArtifact(client);
    const v2 = await createArtifact(client, serviceArtifact({}, 'registry.example.com/agent:2.0'));
    const workloadId = await createWorkload(client, workloadBody(v1));
    t.advance(30);
    await client.post('/_mock/faults', {
      match: { imageUri: 'registry.example.com/agent:2.0' },
      fault: 'CrashLoopBackOff',
    });
    // The candidate errors, which fails the replacement and stops the candidate within that change.
    const replacement = await client.post(`workloads/${workloadId}/replacement`, {
      artifactId: v2,
      strategy: 'rolling',
    });
    t.advance(300);
    await caughtUp(stream);
    // The workload's summary keeps the failed replacement, no longer in progress.
    expect(stream.of('workload').at(-1)!.workload?.replacement).toEqual({
      id: replacement.body.id,
      status: 'errored',
    });

    const events = (await client.get(`workloads/${workloadId}/events?limit=100`)).body.data
      .filter((e: { eventType: string }) => e.eventType === 'proton.statusChanged')
      .reverse()
      .map((e: { details: Record<string, unknown> }) => e.details);
    const sent = stream.of('proton').map(({ protonId, role, from, to }) => ({ protonId, role, from, to }));
    expect(sent).toEqual(
      events.map(({ protonId, role, from, to }: Record<string, unknown>) => ({ protonId, role, from, to })),
    );
    const steps = sent.map((m) => `${m.from}->${m.to}`);
    expect(steps).toContain('errored->stopping');
    expect(steps.indexOf('launching->errored')).toBe(steps.indexOf('errored->stopping') - 1);
  });

  it('sends one clock message for a PUT /_mock/clock that changes mode and rate at once, none for one that changes nothing', async () => {
    await start();
    const stream = await open('?types=clock');
    // One that changes nothing sends nothing.
    expect((await t.client(null).request('PUT', '/_mock/clock', {})).status).toBe(200);
    const changed = await t.client(null).request('PUT', '/_mock/clock', { mode: 'scaled', scale: 0 });
    expect(changed.status).toBe(200);
    await caughtUp(stream);
    expect(stream.of('clock').map((m) => [m.clock.mode, m.clock.scale])).toEqual([['scaled', 0]]);
  });

  it('announces a state import once, with the transitions the restored records wait for', async () => {
    await start();
    const client = t.client('tenant-a');
    await createWorkload(client, workloadBody(await createArtifact(client)));
    const exported = await t.client(null).get('/_mock/state');
    const stream = await open();
    const imported = await t.client(null).request('PUT', '/_mock/state', exported.body);
    expect(imported.status).toBe(200);
    const clock = (await t.client(null).get('/_mock/clock')).body;
    expect(clock.pendingTransitions).toBeGreaterThan(0);
    await caughtUp(stream);
    expect(stream.of('clock').map((m) => [m.clock.pendingTransitions, m.clock.nextTransitionAt])).toEqual([
      [clock.pendingTransitions, clock.nextTransitionAt],
    ]);
  });

  /** A stream of replacement messages, and a running workload of tenant-a to replace (v1 by v2). */
  async function replacing() {
    await start();
    const stream = await open('?types=replacement');
    const client = t.client('tenant-a');
    const v1 = await createArtifact(client);
    const v2 = await createArtifact(client, serviceArtifact({}, 'registry.example.com/agent:2.0'));
    const workloadId = await createWorkload(client, workloadBody(v1));
    t.advance(30);
    const replace = () =>
      client.post(`workloads/${workloadId}/replacement`, {
        artifactId: v2,
        strategy: 'rolling',
        config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 5 },
      });
    return { stream, client, workloadId, replace };
  }

  it("sends each replacement phase with the record as it stands after the step: the switch's time, a cancel's deletion", async () => {
    const { stream, client, workloadId, replace } = await replacing();
    // Cancelled after the switch, then again before it.
    const afterSwitch = (await replace()).body.id as string;
    t.advance(120);
    expect((await client.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    t.advance(300);
    const beforeSwitch = (await replace()).body.id as string;
    t.advance(20);
    expect((await client.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    t.advance(300);
    await stream.until(
      (c) => c.of('replacement').filter((m) => m.phase === 'cancelled').length === 2,
      'two cancels',
    );

    const history = (await client.get(`workloads/${workloadId}/history`)).body.data as { id: string }[];
    for (const id of [afterSwitch, beforeSwitch]) {
      const phases = stream.of('replacement').filter((m) => m.replacementId === id);
      const last = phases.at(-1)!;
      expect(last.phase).toBe('cancelled');
      expect(last.replacement).toEqual(history.find((r) => r.id === id));
      expect(last.replacement).toMatchObject({ isDeleted: true, deletedAt: last.at });
    }
    const promoting = stream
      .of('replacement')
      .find((m) => m.replacementId === afterSwitch && m.phase === 'promoting')!;
    expect(promoting.replacement.switchedAt).toBe(promoting.at);
  });

  it('sends a replacement message only when its phase changes: not for a second cancel, nor the end of the candidate drain', async () => {
    const { stream, client, workloadId, replace } = await replacing();
    const id = (await replace()).body.id as string;
    t.advance(120);
    expect((await client.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    expect((await client.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    t.advance(300);
    await stream.until((c) => c.of('replacement').some((m) => m.phase === 'cancelled'), 'the cancel');
    const phases = stream.of('replacement').filter((m) => m.replacementId === id);
    expect(phases.map((m) => [m.from, m.phase])).toEqual([
      [null, 'submitted'],
      ['submitted', 'initializing'],
      ['initializing', 'warming'],
      ['warming', 'ready'],
      ['ready', 'promoting'],
      ['promoting', 'draining'],
      ['draining', 'cancelling'],
      ['cancelling', 'reverting'],
      ['reverting', 'cancelled'],
    ]);
  });

  it('gives a client reconnecting with Last-Event-ID what it missed, once and in order', async () => {
    await start();
    const witness = await open();
    const first = await open();
    const client = t.client('tenant-a');
    const artifactId = await createArtifact(client);
    const workloadId = await createWorkload(client, workloadBody(artifactId, { runtime: replicas(2) }));
    t.advance(10);
    await caughtUp(first);
    const seen = first.lastId!;
    first.close();
    await first.untilEnded();

    // Changes while it is away: pods, statuses, a fault and its removal, the clock.
    t.advance(20);
    const fault = await t
      .client(null)
      .post('/_mock/faults', { match: { workloadId }, fault: 'CrashLoopBackOff', container: 'agent' });
    t.advance(15);
    await t.client(null).delete(`/_mock/faults/${fault.body.id}`);
    t.advance(60);

    const again = await open('', { 'last-event-id': seen });
    const byQuery = await open(`?lastEventId=${seen}`);
    await Promise.all([caughtUp(witness), caughtUp(again), caughtUp(byQuery)]);

    const missed = witness.numbered.filter((m) => Number(m.id!.split('-')[1]) > Number(seen.split('-')[1]));
    expect(missed.length).toBeGreaterThan(10);
    expect(missed.map((m) => m.event)).toEqual(expect.arrayContaining(['fault', 'pods', 'proton', 'clock']));
    for (const resumed of [again, byQuery]) {
      expect(resumed.messages[0]!.data).toMatchObject({
        type: 'hello',
        replayed: missed.length,
        resync: false,
      });
      // The hello's id is where the stream resumes: the last message the client had.
      expect(resumed.messages[0]!.id).toBe(seen);
      expect(resumed.numbered).toEqual(missed);
    }
    expect([...first.numbered, ...again.numbered]).toEqual(witness.numbered);

    // Resuming from the newest id replays nothing.
    const current = await open('', { 'last-event-id': t.app.liveFeed.lastEventId! });
    await current.until((c) => c.messages.length > 0);
    expect(current.messages[0]!.data).toMatchObject({ replayed: 0, resync: false });
  });

  it('filters by tenant, by workload and by type; global messages reach every filter', async () => {
    await start();
    const a = t.client('tenant-a');
    const b = t.client('tenant-b');
    const tenantA = await open('?tenant=tenant-a');
    const all = await open();
    const artifactA = await createArtifact(a);
    const artifactB = await createArtifact(b, sidecarArtifact());
    const workloadA = await createWorkload(a, workloadBody(artifactA));
    const otherA = await createWorkload(a, workloadBody(artifactA, { name: 'second' }));
    const workloadB = await createWorkload(b, workloadBody(artifactB));
    const onlyA = await open(`?workloadId=${workloadA}`);
    const clockAndFaults = await open('?types=clock,fault');
    const repeated = await open('?types=clock&types=fault');
    t.advance(30);
    await t.client(null).post('/_mock/faults', { match: { workloadId: workloadB }, fault: 'NeverReady' });
    await t.client(null).post('/_mock/faults', {
      match: { imageUri: 'registry.example.com/*' },
      fault: 'OOMKilled',
      afterSeconds: 600,
    });
    await t.client(null).post('/_mock/faults', {
      match: { imageUri: 'registry.example.com/*', tenant: 'tenant-b' },
      fault: 'PodFailed',
      afterSeconds: 600,
    });
    await t.client(null).post('/_mock/faults', {
      match: { artifactId: artifactB },
      fault: 'Unschedulable',
      afterSeconds: 600,
    });
    await t.client(null).post('/_mock/reset?tenant=tenant-b');
    t.advance(1);
    // The last message is the clock's, which every filter lets through.
    const last = t.app.liveFeed.lastEventId;
    await Promise.all([all, tenantA, onlyA, clockAndFaults, repeated].map(caughtUp));

    const tenantOf = (m: { data: any }) => m.data.tenant ?? null;
    expect(all.numbered.some((m) => tenantOf(m) === 'tenant-b')).toBe(true);
    expect(tenantA.numbered.some((m) => tenantOf(m) === 'tenant-b')).toBe(false);
    expect(
      tenantA.numbered.filter((m) => m.data.type === 'workload').map((m) => (m.data as any).workloadId),
    ).toEqual(expect.arrayContaining([workloadA, otherA]));
    // The clock, the fault matching by image for every tenant and nothing else of tenant b reach tenant a.
    expect(tenantA.of('clock')).toHaveLength(2);
    expect(tenantA.of('fault').map((m) => m.fault.fault)).toEqual(['OOMKilled']);
    // Tenant b's own faults leave with its reset, in tenant b's stream only.
    expect(all.of('fault').map((m) => `${m.change} ${m.fault.fault}`)).toEqual([
      'added NeverReady',
      'added OOMKilled',
      'added PodFailed',
      'added Unschedulable',
      'removed NeverReady',
      'removed PodFailed',
      'removed Unschedulable',
    ]);
    expect(all.of('reset')).toEqual([expect.objectContaining({ tenant: 'tenant-b' })]);
    expect(tenantA.of('reset')).toEqual([]);

    expect(onlyA.numbered.length).toBeGreaterThan(0);
    for (const message of onlyA.numbered) {
      const workloadId = (message.data as { workloadId?: string }).workloadId ?? null;
      expect([workloadA, null]).toContain(workloadId);
    }
    expect(onlyA.of('proton').map((m) => m.to)).toEqual(['provisioning', 'launching', 'running']);
    // A workload's stream is its tenant's: another tenant's reset is not about it.
    expect(onlyA.of('reset')).toEqual([]);

    expect(new Set(clockAndFaults.numbered.map((m) => m.event))).toEqual(new Set(['clock', 'fault']));
    expect(clockAndFaults.lastId).toBe(last);
    // The types may come as one list or as the parameter repeated.
    expect(repeated.numbered.map((m) => m.id)).toEqual(clockAndFaults.numbered.map((m) => m.id));

    const bad = await t.client(null).get('/_mock/stream?types=clock,weather');
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].loc).toEqual(['query', 'types', 1]);
  });

  it('tells of every fault removed: by id, with the workload it names once purged, and all at once', async () => {
    await start();
    const stream = await open();
    const client = t.client('tenant-a');
    const admin = t.client(null);
    const workloadId = await createWorkload(client, workloadBody(await createArtifact(client)));
    const byId = await admin.post('/_mock/faults', { match: { workloadId }, fault: 'NeverReady' });
    await admin.post('/_mock/faults', { match: { workloadId }, fault: 'OOMKilled' });
    await admin.post('/_mock/faults', { match: { imageUri: '*' }, fault: 'PodFailed', afterSeconds: 600 });
    expect((await admin.delete(`/_mock/faults/${byId.body.id}`)).status).toBe(204);
    expect((await client.delete(`workloads/${workloadId}`)).status).toBe(204);
    // Its events stay a minute; its faults go when it does.
    t.advance(120);
    expect((await admin.get('/_mock/faults')).body.data.map((f: any) => f.fault)).toEqual(['PodFailed']);
    expect((await admin.delete('/_mock/faults')).status).toBe(204);
    t.advance(1);
    await caughtUp(stream);
    expect(stream.of('fault').map((m) => `${m.change} ${m.fault.fault}`)).toEqual([
      'added NeverReady',
      'added OOMKilled',
      'added PodFailed',
      'removed NeverReady',
      'removed OOMKilled',
      'removed PodFailed',
    ]);
  });

  it("sends a fault naming a workload to that workload's stream only, not to another of its tenant; one naming none to both", async () => {
    await start();
    const client = t.client('tenant-a');
    const admin = t.client(null);
    const artifactId = await createArtifact(client);
    const first = await createWorkload(client, workloadBody(artifactId));
    const second = await createWorkload(client, workloadBody(artifactId, { name: 'second' }));
    const streams = [
      await open(`?workloadId=${first}&types=fault`),
      await open(`?workloadId=${second}&types=fault`),
    ];
    await admin.post('/_mock/faults', { match: { workloadId: first }, fault: 'NeverReady' });
    await admin.post('/_mock/faults', { match: { workloadId: second }, fault: 'OOMKilled' });
    await admin.post('/_mock/faults', { match: { imageUri: '*' }, fault: 'PodFailed', afterSeconds: 600 });
    await Promise.all(
      streams.map((stream) =>
        stream.until((c) => c.of('fault').some((m) => m.fault.fault === 'PodFailed'), 'the fault for all'),
      ),
    );
    expect(streams.map((stream) => stream.of('fault').map((m) => m.fault.fault))).toEqual([
      ['NeverReady', 'PodFailed'],
      ['OOMKilled', 'PodFailed'],
    ]);
  });

  it('sends a deleted workload once, and no summary of it after, while its proton still stops', async () => {
    await start();
    const stream = await open();
    const client = t.client('tenant-a');
    const workloadId = await createWorkload(client, workloadBody(await createArtifact(client)));
    t.advance(30);
    expect((await client.delete(`workloads/${workloadId}`)).status).toBe(204);
    t.advance(120);
    await caughtUp(stream);
    const changes = stream.of('workload').map((m) => m.change);
    expect(changes.at(0)).toBe('created');
    expect(changes.filter((change) => change === 'deleted')).toHaveLength(1);
    expect(stream.of('workload').at(-1)).toMatchObject({ change: 'deleted', workloadId, workload: null });
    const deleted = stream.numbered.findIndex(
      (m) => m.data.type === 'workload' && m.data.change === 'deleted',
    );
    const after = stream.numbered.slice(deleted + 1).map((m) => m.data);
    expect(
      after.filter((data) => data.type === 'proton').map((data) => data.type === 'proton' && data.to),
    ).toEqual(['stopping', 'terminated']);
  });

  it('takes a tenant by name or, with MOCK_TOKENS, by one of its tokens; refuses a name they do not know, an empty name or workload and an empty list of types', async () => {
    await start({
      tokens: new Map([
        ['tokA', 'team1'],
        ['tokC', 'team2'],
      ]),
    });
    const byToken = await open('?tenant=tokA');
    const byName = await open('?tenant=team1');
    const workloadId = await createWorkload(
      t.client('tokA'),
      workloadBody(await createArtifact(t.client('tokA'))),
    );
    await createWorkload(t.client('tokC'), workloadBody(await createArtifact(t.client('tokC'))));
    t.advance(1);
    await Promise.all([byToken, byName].map(caughtUp));
    const workloads = (client: SseClient) => [...new Set(client.of('workload').map((m) => m.workloadId))];
    expect(workloads(byToken)).toEqual([workloadId]);
    expect(byToken.numbered.map((m) => m.id)).toEqual(byName.numbered.map((m) => m.id));

    const unknown = await t.client(null).get('/_mock/stream?tenant=nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('No tenant is named nobody: MOCK_TOKENS names team1, team2.');
    // A workload it does not know has no tenant to keep to: a 404 too, not every tenant's messages.
    const unknownWorkload = await t.client(null).get('/_mock/stream?workloadId=ffffffffffffffffffffffff');
    expect(unknownWorkload.status).toBe(404);
    expect(unknownWorkload.body.detail).toBe('Workload not found.');
    // A workload of another tenant than the one named is not in it: a 404, by name or by token.
    for (const tenant of ['team2', 'tokC']) {
      const elsewhere = await t.client(null).get(`/_mock/stream?workloadId=${workloadId}&tenant=${tenant}`);
      expect(elsewhere.status, tenant).toBe(404);
      expect(elsewhere.body.detail).toBe('Workload not found.');
    }
    const own = await open(`?workloadId=${workloadId}&tenant=tokA`);
    expect(own.statusCode).toBe(200);
    // The journal's tenant filter reads a token the same way.
    const journal = await t.client(null).get('/_mock/requests?tenant=tokA&method=POST');
    expect(journal.body.data.map((entry: { tenant: string }) => entry.tenant)).toEqual(['team1', 'team1']);

    for (const types of ['', ',', ' , ']) {
      const empty = await t.client(null).get(`/_mock/stream?types=${encodeURIComponent(types)}`);
      expect(empty.status).toBe(422);
      expect(empty.body.detail).toEqual([
        expect.objectContaining({ loc: ['query', 'types'], type: 'too_short' }),
      ]);
    }
    // An empty tenant or workload is no name at all: refused as such, not looked up.
    for (const name of ['tenant', 'workloadId']) {
      const blank = await t.client(null).get(`/_mock/stream?${name}=`);
      expect(blank.status, name).toBe(422);
      expect(blank.body.detail).toEqual([
        expect.objectContaining({ loc: ['query', name], type: 'string_too_short' }),
      ]);
    }
  });

  it('builds no message before its first client, then streams every change', async () => {
    await start();
    const client = t.client('tenant-a');
    const artifactId = await createArtifact(client);
    const first = await createWorkload(client, workloadBody(artifactId));
    t.advance(30);
    expect(t.app.liveFeed.lastEventId).toBeNull();
    const stream = await open();
    await stream.until((s) => s.messages.length > 0);
    // A workload from before the feed kept anything is known from the store: its stream opens.
    const own = await open(`?workloadId=${first}`);
    expect(own.statusCode).toBe(200);
    await own.until((s) => s.messages.length > 0);
    expect(own.messages[0]!.data).toMatchObject({ type: 'hello', resync: false });
    const second = await createWorkload(client, workloadBody(artifactId, { name: 'second' }));
    t.advance(30);
    await stream.until(
      (s) => s.of('workload').some((m) => m.workloadId === second && m.workload?.status === 'running'),
      'the second workload running',
    );
  });

  /** A backlog of 5 messages, past more than 10 sent to a first client, which has them all. */
  async function pastBacklogOfFive() {
    await start({ streamBacklog: 5 });
    // The feed keeps a backlog from its first client on (before, no one could hold an id to resume).
    const first = await open();
    await first.until((s) => s.messages.length > 0);
    const client = t.client('tenant-a');
    await createWorkload(client, workloadBody(await createArtifact(client)));
    t.advance(30);
    await caughtUp(first);
    const { instance } = t.app.liveFeed;
    const newest = Number(t.app.liveFeed.lastEventId!.split('-')[1]);
    expect(newest).toBeGreaterThan(10);
    return { first, instance, newest };
  }

  it('tells a client to re-read the state when what it missed cannot be replayed', async () => {
    const { instance, newest } = await pastBacklogOfFive();

    const cases: [string, string | null][] = [
      [`${instance}-1`, 'gap'],
      ['0badc0de-3', 'restarted'],
      ['not an id', 'unknown'],
      [`${instance}-${newest + 100}`, 'unknown'],
      [`${instance}-${newest - 5}`, null],
    ];
    for (const [lastEventId, reason] of cases) {
      const stream = await open('', { 'last-event-id': lastEventId });
      await stream.until((s) => s.messages.length > 0);
      expect(stream.messages[0]!.data, lastEventId).toMatchObject({
        type: 'hello',
        resync: reason !== null,
        reason,
        replayed: reason === null ? 5 : 0,
      });
    }
  });

  it("resumes at the backlog's very edges, and announces only the replayed messages its filter lets through", async () => {
    const { first, instance, newest } = await pastBacklogOfFive();

    const hello = async (query: string, headers: Record<string, string> = {}) => {
      const stream = await open(query, headers);
      await stream.until((s) => s.messages.length > 0);
      return stream.messages[0]!;
    };
    const cases: [string, string | null, number][] = [
      [`${instance}-${newest - 6}`, 'gap', 0], // one more than the backlog holds
      [`${instance}-${newest - 5}`, null, 5], // exactly the backlog
      [`${instance}-${newest}`, null, 0],
      [`${instance}-${newest + 1}`, 'unknown', 0], // the next one, not yet sent
    ];
    for (const [lastEventId, reason, replayed] of cases) {
      expect((await hello('', { 'last-event-id': lastEventId })).data, lastEventId).toMatchObject({
        resync: reason !== null,
        reason,
        replayed,
      });
    }
    // An id with spaces around it is that id.
    expect((await hello(`?lastEventId=${encodeURIComponent(` ${instance}-${newest} `)}`)).data).toMatchObject(
      {
        resync: false,
        reason: null,
        replayed: 0,
      },
    );
    // A blank header is no header: the query's id is the one to resume from.
    expect(
      (await hello(`?lastEventId=${instance}-${newest - 5}`, { 'last-event-id': ' ' })).data,
    ).toMatchObject({ resync: false, reason: null, replayed: 5 });
    // A header outranks the query: an EventSource reconnecting sends the newest id it has there,
    // while its URL still holds the id it first resumed from.
    expect(
      (await hello(`?lastEventId=${instance}-${newest - 5}`, { 'last-event-id': `${instance}-${newest}` }))
        .data,
    ).toMatchObject({ resync: false, reason: null, replayed: 0 });
    // An empty id is no id: a fresh start, not a client to resync.
    const fresh = await hello('?lastEventId=');
    expect(fresh.data).toMatchObject({ resync: false, reason: null, replayed: 0 });
    expect(fresh.id).toBe(t.app.liveFeed.lastEventId);

    // Filtered: the hello counts what the client gets, not the backlog.
    const clocks = first.numbered.filter(
      (m) => Number(m.id!.split('-')[1]) > newest - 5 && m.event === 'clock',
    );
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.length).toBeLessThan(5);
    const filtered = await open('?types=clock', { 'last-event-id': `${instance}-${newest - 5}` });
    await filtered.until((s) => s.numbered.length === clocks.length, 'the replayed clock messages');
    expect(filtered.messages[0]!.data).toMatchObject({ resync: false, replayed: clocks.length });
    expect(filtered.numbered).toEqual(clocks);
  });

  it("sends a workload's summary and a proton's pods only when they change, across another tenant's reset and a settling", async () => {
    await start();
    const all = await open();
    await all.until((s) => s.messages.length > 0);
    const b = t.client('tenant-b');
    await createWorkload(b, workloadBody(await createArtifact(b)));
    const a = t.client('tenant-a');
    const v1 = await createArtifact(a);
    const v2 = await createArtifact(a, serviceArtifact({}, 'registry.example.com/agent:2.0'));
    const workloadId = await createWorkload(a, workloadBody(v1, { runtime: replicas(2) }));
    t.advance(30);
    const created = await a.post(`workloads/${workloadId}/replacement`, {
      artifactId: v2,
      strategy: 'rolling',
      config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
    });
    expect(created.status).toBe(202);
    for (let step = 0; step < 20; step++) {
      t.advance(15);
      if (step % 4 === 0)
        expect((await t.client(null).post('/_mock/reset?tenant=tenant-b')).status).toBe(200);
      // Clearing faults (none here) settles every proton's pods again: nothing about them changed.
      if (step % 4 === 2) expect((await t.client(null).delete('/_mock/faults')).status).toBe(204);
    }
    await caughtUp(all);
    const last = new Map<string, string>();
    let compared = 0;
    for (const message of all.numbered) {
      const data = message.data as any;
      let key: string;
      let shown: string;
      if (data.type === 'workload' && data.workload) {
        key = `workload ${data.workloadId}`;
        shown = JSON.stringify(data.workload);
      } else if (data.type === 'pods') {
        key = `pods ${data.protonId}`;
        shown = JSON.stringify(data.pods);
      } else continue;
      if (last.has(key)) compared++;
      expect(last.get(key), `${message.id} ${key}`).not.toBe(shown);
      last.set(key, shown);
    }
    expect(compared).toBeGreaterThan(5);
  });

  it("sends a crashing container's restarts in its pods message, as the proton's statusDetails counts them", async () => {
    await start();
    const stream = await open();
    const client = t.client('tenant-a');
    const workloadId = await createWorkload(client, workloadBody(await createArtifact(client)));
    t.advance(30);
    const fault = await t
      .client(null)
      .post('/_mock/faults', { match: { workloadId }, fault: 'CrashLoopBackOff' });
    expect(fault.status).toBe(201);
    // A crash at once, a 10 s back-off, a restart, a crash 3 s later, a 20 s back-off, a restart.
    t.advance(35);
    await caughtUp(stream);
    const { protonId } = (await client.get(`workloads/${workloadId}`)).body;
    const details = await client.get(`workloads/${workloadId}/protons/${protonId}/statusDetails`);
    const restarts = stream
      .of('pods')
      .filter((m) => m.protonId === protonId)
      .map((m) => m.pods[0]!.containers[0]!.restartCount);
    expect(restarts.at(-1)).toBe(2);
    expect(restarts).toContain(1);
    expect(details.body.replicas[0].containers[0].restartCount).toBe(2);
  });

  it("sends each proton's last pods as the state holds them: group, phase, node, and each container's state, reason and readiness", async () => {
    await start();
    const stream = await open();
    const client = t.client('tenant-a');
    const admin = t.client(null);
    const crashing = await createWorkload(client, workloadBody(await createArtifact(client)));
    const failing = await createWorkload(
      client,
      workloadBody(await createArtifact(client, sidecarArtifact()), { name: 'second' }),
    );
    t.advance(30);
    await admin.post('/_mock/faults', { match: { workloadId: crashing }, fault: 'CrashLoopBackOff' });
    await admin.post('/_mock/faults', { match: { workloadId: failing }, fault: 'PodFailed' });
    t.advance(5);
    await caughtUp(stream);
    interface StatePod {
      name: string;
      group: string;
      phase: string;
      stage: string;
      node: string | null;
      containers: {
        name: string;
        state: string;
        reason: string | null;
        ready: boolean;
        restartCount: number;
      }[];
    }
    const protons = (await admin.get('/_mock/state')).body.sections.store.protons as {
      id: string;
      pods: StatePod[];
    }[];
    expect(protons).toHaveLength(2);
    const sent = protons.flatMap((proton) => {
      const last = stream
        .of('pods')
        .filter((m) => m.protonId === proton.id)
        .at(-1)!.pods;
      expect(last).toEqual(
        proton.pods
          .filter((pod) => pod.stage !== 'gone')
          .map((pod) => ({
            name: pod.name,
            group: pod.group,
            phase: pod.phase,
            node: pod.node,
            terminating: pod.stage === 'terminating',
            containers: pod.containers.map(({ name, state, reason, ready, restartCount }) => ({
              name,
              state,
              reason,
              ready,
              restartCount,
            })),
          })),
      );
      return last;
    });
    // What is compared shows the faults: a crashing container waiting and unready, a failed pod.
    const containers = sent.flatMap((pod) => pod.containers);
    expect(containers).toContainEqual(
      expect.objectContaining({ state: 'waiting', reason: 'CrashLoopBackOff', ready: false }),
    );
    expect(sent.map((pod) => pod.phase)).toContain('Failed');
    expect(sent.every((pod) => pod.node !== null && pod.group !== pod.name)).toBe(true);
  });

  it('ends every open stream as soon as the feed closes, without waiting for the server to cut connections', async () => {
    await start();
    const streams = [await open(), await open('?tenant=x')];
    await Promise.all(streams.map((s) => s.until((c) => c.messages.length > 0)));
    t.app.liveFeed.close();
    for (let turn = 0; turn < 10_000 && !streams.every((s) => s.ended); turn++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(streams.every((s) => s.ended)).toBe(true);
    expect(t.app.liveFeed.clientCount).toBe(0);
  });

  it('comments every 15 seconds of real time on open streams, and only while a client is there', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      await start();
      const stream = await open();
      await stream.until((c) => c.messages.length > 0);
      vi.advanceTimersByTime(15_000);
      await stream.until((c) => c.comments.length === 1, 'a keep-alive');
      vi.advanceTimersByTime(30_000);
      await stream.until((c) => c.comments.length === 3, 'two more keep-alives');
      expect(stream.comments).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
      expect(vi.getTimerCount()).toBe(1);
      stream.close();
      await stream.untilEnded();
      // The server hears of the departure a few event-loop turns later (bounded; no sleeping).
      for (let turn = 0; turn < 1000 && t.app.liveFeed.clientCount > 0; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(t.app.liveFeed.clientCount).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops a client that stops reading instead of buffering for it without bound', async () => {
    await start({ streamBacklog: 100 });
    const stalled = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${url}/_mock/stream`, resolve),
    );
    stalled.pause();
    const closed = new Promise((resolve) => stalled.once('close', resolve));
    expect(t.app.liveFeed.clientCount).toBe(1);
    // Bounded: at most 100,000 clock messages of about 250 bytes. Once the socket's buffers are full
    // the client's next message waits in the backlog of 100, and leaves it 100 messages later.
    for (let i = 0; i < 100_000 && t.app.liveFeed.clientCount > 0; i++) t.clock.setScale(i % 2 === 0 ? 1 : 2);
    expect(t.app.liveFeed.clientCount).toBe(0);
    stalled.resume();
    await closed;
  });

  /** `count` clock messages, published in one synchronous burst as one large advance would. */
  const burst = (count: number) => {
    for (let i = 0; i < count; i++) t.clock.setScale(i % 2 === 0 ? 1 : 2);
  };
  const sequences = (client: SseClient) => client.numbered.map((m) => Number(m.id!.split('-')[1]));
  const MEGABYTES_OF_MESSAGES = 25_000; // about 6 MB of clock messages

  it('tells a client dropped by a burst larger than the backlog to re-read the state, even one with only its hello', async () => {
    await start({ streamBacklog: 100 });
    const stream = await open();
    await stream.until((c) => c.messages.length > 0, 'the hello');
    // The hello's id is the stream's position: nothing yet.
    expect(stream.lastId).toBe(`${t.app.liveFeed.instance}-0`);
    burst(20_000);
    await stream.untilEnded();
    const again = await open('', { 'last-event-id': stream.lastId! });
    await again.until((c) => c.messages.length > 0, 'the hello');
    expect(again.messages[0]!.data).toMatchObject({ type: 'hello', resync: true, reason: 'gap' });
    expect(again.messages[0]!.id).toBe(t.app.liveFeed.lastEventId);
  });

  it('gives a client that keeps reading every message of a burst of megabytes, within the backlog', async () => {
    await start({ streamBacklog: 30_000 });
    const stream = await open();
    await stream.until((c) => c.messages.length > 0, 'the hello');
    burst(MEGABYTES_OF_MESSAGES);
    await caughtUp(stream);
    expect(sequences(stream)).toEqual(Array.from({ length: MEGABYTES_OF_MESSAGES }, (_, i) => i + 1));
    expect(t.app.liveFeed.clientCount).toBe(1);
  });

  it('replays megabytes of missed messages to a client resuming within the backlog', async () => {
    await start({ streamBacklog: 30_000 });
    const first = await open();
    burst(1);
    await caughtUp(first);
    const seen = first.lastId!;
    first.close();
    burst(MEGABYTES_OF_MESSAGES);
    const resumed = await open('', { 'last-event-id': seen });
    await caughtUp(resumed);
    expect(resumed.messages[0]!.data).toMatchObject({
      type: 'hello',
      resync: false,
      replayed: MEGABYTES_OF_MESSAGES,
    });
    expect(sequences(resumed)).toEqual(Array.from({ length: MEGABYTES_OF_MESSAGES }, (_, i) => i + 2));
  });

  it('takes a backlog larger than could be held at once: it keeps only the messages that came', async () => {
    await start({ streamBacklog: 2 ** 32 });
    const first = await open();
    burst(1);
    await caughtUp(first);
    const seen = first.lastId!;
    first.close();
    burst(3);
    const resumed = await open('', { 'last-event-id': seen });
    await caughtUp(resumed);
    expect(resumed.messages[0]!.data).toMatchObject({ type: 'hello', resync: false, replayed: 3 });
    expect(sequences(resumed)).toEqual([2, 3, 4]);
  });

  it('resumes the stream of a workload deleted and forgotten since, from the messages still kept', async () => {
    await start();
    const client = t.client('tenant-a');
    const first = await open();
    const workloadId = await createWorkload(client, workloadBody(await createArtifact(client)));
    t.advance(30);
    await caughtUp(first);
    const seen = first.lastId!;
    first.close();
    expect((await client.delete(`workloads/${workloadId}`)).status).toBe(204);
    t.advance(600);
    expect(t.app.emulator.store.workloads.get(workloadId)).toBeUndefined();
    const resumed = await open(`?workloadId=${workloadId}`, { 'last-event-id': seen });
    await resumed.until((c) => c.of('workload').some((m) => m.change === 'deleted'), 'the deletion');
    expect(resumed.messages[0]!.data).toMatchObject({ type: 'hello', resync: false });
    // Kept to its tenant still: another tenant's reset does not reach it.
    await t.client(null).post('/_mock/reset?tenant=tenant-b');
    t.advance(1);
    await resumed.until((c) => c.of('clock').length > 0, 'the clock');
    expect(resumed.of('reset')).toEqual([]);
  });

  it("knows a forgotten workload's stream while the backlog's oldest message is about it, and not after", async () => {
    await start({ streamBacklog: 40 });
    const witness = await open();
    const client = t.client('tenant-a');
    const workloadId = await createWorkload(client, workloadBody(await createArtifact(client)));
    expect((await client.delete(`workloads/${workloadId}`)).status).toBe(204);
    t.advance(600);
    expect(t.app.emulator.store.workloads.get(workloadId)).toBeUndefined();
    await caughtUp(witness);
    const sequence = (id: string | null) => Number(id!.split('-')[1]);
    const about = witness.numbered.filter((m) => 'workloadId' in m.data && m.data.workloadId === workloadId);
    const lastAbout = sequence(about.at(-1)!.id);
    // Clock messages (one per advance) until its last message is the oldest one the backlog keeps.
    const kept = () => sequence(t.app.liveFeed.lastEventId) - lastAbout + 1;
    expect(kept()).toBeLessThan(40);
    while (kept() < 40) t.advance(1);
    expect(kept()).toBe(40);
    expect((await open(`?workloadId=${workloadId}`)).statusCode).toBe(200);
    t.advance(1);
    expect((await open(`?workloadId=${workloadId}`)).statusCode).toBe(404);
  });

  it('lets go of streams asked for on one pipelined connection once the client closes it', async () => {
    await start();
    const { port } = new URL(url);
    const sockets = Array.from({ length: 5 }, () => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      socket.write('GET /_mock/stream HTTP/1.1\r\nHost: mock\r\n\r\n'.repeat(2));
      return socket;
    });
    const count = async (expected: number) => {
      for (let i = 0; i < 10_000 && t.app.liveFeed.clientCount !== expected; i++)
        await new Promise((resolve) => setImmediate(resolve));
      expect(t.app.liveFeed.clientCount).toBe(expected);
    };
    await count(10);
    for (const socket of sockets) socket.destroy();
    await count(0);
  });

  it('ends open streams when the app closes, so shutdown never waits for a client', async () => {
    await start();
    const streams = [await open(), await open('?tenant=x')];
    await Promise.all(streams.map((s) => s.until((c) => c.messages.length > 0)));
    await t.close();
    await Promise.all(streams.map((s) => s.untilEnded()));
    expect(streams.every((s) => s.ended)).toBe(true);
    expect(t.app.liveFeed.clientCount).toBe(0);
  });
});

/** The socket side of a stream, played by hand: the test says when it is full and when it drains. */
class FakeStreamResponse extends EventEmitter {
  readonly written: string[] = [];
  readonly req = { socket: Object.assign(new EventEmitter(), { destroyed: false }) };
  writableNeedDrain = false;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  write(text: string): boolean {
    this.written.push(text);
    return !this.writableNeedDrain;
  }
  end(): void {
    this.writableEnded = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('the live stream, socket by hand', () => {
  it('keeps a filtered client whose socket is full while only messages it filters out go by', async () => {
    const t = await createTestApp({ streamBacklog: 10 });
    try {
      const feed = t.app.liveFeed;
      const response = new FakeStreamResponse();
      feed.attach(response as unknown as ServerResponse, { types: new Set(['clock'] as const) }, undefined);
      t.clock.setScale(2);
      expect(response.written.filter((text) => text.includes('event: clock'))).toHaveLength(1);
      response.writableNeedDrain = true;
      // Three backlogs' worth of messages this client does not take.
      for (let i = 0; i < 30; i++) {
        const added = await t
          .client(null)
          .post('/_mock/faults', { match: { imageUri: `x${i}` }, fault: 'NeverReady' });
        expect(added.status).toBe(201);
      }
      expect(response.destroyed).toBe(false);
      expect(feed.clientCount).toBe(1);
      t.clock.setScale(3);
      response.writableNeedDrain = false;
      response.emit('drain');
      const clocks = response.written.filter((text) => text.includes('event: clock'));
      expect(clocks).toHaveLength(2);
      expect(response.written.some((text) => text.includes('event: fault'))).toBe(false);
      // A message it does take, left waiting past the backlog, still gets it dropped.
      response.writableNeedDrain = true;
      t.clock.setScale(4);
      expect((await t.client(null).delete('/_mock/faults')).status).toBe(204);
      expect(response.destroyed).toBe(true);
      expect(feed.clientCount).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('GET /_mock/tenants', () => {
  it('lists each tenant with its tokens and its workloads as the API reports them', async () => {
    const t = await createTestApp();
    try {
      const a = t.client('tenant-a');
      const artifactId = await createArtifact(a);
      const workloadId = await createWorkload(a, workloadBody(artifactId));
      await createArtifact(t.client('tenant-b'));
      t.advance(30);
      const answer = await t.client(null).get('/_mock/tenants');
      expect(answer.status).toBe(200);
      const workload = await a.get(`workloads/${workloadId}`);
      expect(answer.body).toEqual({
        count: 2,
        data: [
          expect.objectContaining({
            name: 'tenant-a',
            tokens: ['tenant-a'],
            artifactCount: 1,
            workloadCount: 1,
            workloads: [
              expect.objectContaining({
                id: workloadId,
                tenant: 'tenant-a',
                name: 'agent-prod',
                status: 'running',
                artifactId,
                artifact: workload.body.artifact,
                protonId: workload.body.protonId,
                endpoint: workload.body.endpoint,
                replacement: null,
              }),
            ],
          }),
          expect.objectContaining({
            name: 'tenant-b',
            tokens: ['tenant-b'],
            artifactCount: 1,
            workloads: [],
          }),
        ],
      });
    } finally {
      await t.close();
    }
  });

  it('lists the tenants by name as a reader sorts them, whatever order they came in', async () => {
    const t = await createTestApp();
    try {
      for (const tenant of ['tenant-b', 'Tenant-C', 'tenant-a']) await createArtifact(t.client(tenant));
      const answer = await t.client(null).get('/_mock/tenants');
      expect(answer.body.data.map((tenant: any) => tenant.name)).toEqual([
        'tenant-a',
        'tenant-b',
        'Tenant-C',
      ]);
    } finally {
      await t.close();
    }
  });

  it('names the tenants of MOCK_TOKENS and their tokens, even before they have state', async () => {
    const t = await createTestApp({
      tokens: new Map([
        ['tokA', 'team1'],
        ['tokB', 'team1'],
        ['tokC', 'team2'],
      ]),
    });
    try {
      const answer = await t.client(null).get('/_mock/tenants');
      expect(
        answer.body.data.map((tenant: any) => [tenant.name, tenant.tokens, tenant.workloadCount]),
      ).toEqual([
        ['team1', ['tokA', 'tokB'], 0],
        ['team2', ['tokC'], 0],
      ]);
      // The id a tenant shows before it has state is the one it keeps once it has.
      await createArtifact(t.client('tokA'));
      const after = await t.client(null).get('/_mock/tenants');
      expect(after.body.data.map((tenant: any) => [tenant.id, tenant.artifactCount])).toEqual([
        [answer.body.data[0].id, 1],
        [answer.body.data[1].id, 0],
      ]);
    } finally {
      await t.close();
    }
  });

  it("lists a tenant's workloads in the order GET /workloads does", async () => {
    const t = await createTestApp();
    try {
      const a = t.client('tenant-a');
      const artifactId = await createArtifact(a);
      for (const name of ['first', 'second', 'third'])
        await createWorkload(a, workloadBody(artifactId, { name }));
      const listed = (await a.get('workloads')).body.data.map((workload: any) => workload.id);
      const answer = await t.client(null).get('/_mock/tenants');
      expect(answer.body.data[0].workloads.map((workload: any) => workload.id)).toEqual(listed);
      expect(listed).toHaveLength(3);
    } finally {
      await t.close();
    }
  });

  it('gives no token to a tenant a state import brings that MOCK_TOKENS does not name', async () => {
    const before = await createTestApp();
    const t = await createTestApp({ tokens: new Map([['tokA', 'team1']]) });
    try {
      await createArtifact(before.client('legacy'));
      const doc = (await before.client(null).get('/_mock/state')).body;
      expect((await t.client(null).put('/_mock/state', doc)).status).toBe(200);
      const answer = await t.client(null).get('/_mock/tenants');
      expect(
        answer.body.data.map((tenant: any) => [tenant.name, tenant.tokens, tenant.artifactCount]),
      ).toEqual([
        ['legacy', [], 1],
        ['team1', ['tokA'], 0],
      ]);
    } finally {
      await before.close();
      await t.close();
    }
  });

  it('shows the id a state import gives a tenant, not the one its name would make', async () => {
    const t = await createTestApp();
    try {
      const control = t.client(null);
      await createArtifact(t.client('tenant-a'));
      const doc = (await control.get('/_mock/state')).body;
      const id = '0b5c2c1e-5d0a-4c3e-9f1e-2a7b8c9d0e1f';
      doc.sections.store.tenants[0].id = id;
      expect((await control.put('/_mock/state', doc)).status).toBe(200);
      const answer = await control.get('/_mock/tenants');
      expect(answer.body.data.map((tenant: any) => [tenant.name, tenant.id])).toEqual([['tenant-a', id]]);
    } finally {
      await t.close();
    }
  });
});
