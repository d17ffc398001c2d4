import http from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AutoscalingPolicyValue } from '../src/schemas/runtime.js';
import {
  autoscaledRuntime,
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  replicas,
  serviceArtifact,
  twoGroupArtifact,
  twoGroupRuntime,
  workloadBody,
} from './fixtures.js';
import { type Answer, at, type Client, createTestApp, type TestApp } from './helpers.js';
import {
  events,
  injectFault,
  protonSequence,
  secondsOf,
  startReplacement,
  statusDetails,
  V2_IMAGE,
} from './sim-helpers.js';

let t: TestApp;
let api: Client;

async function setup() {
  t = await createTestApp({
    scaleUpDelaySeconds: 30,
    scaleDownDelaySeconds: 300,
    coldStartTimeoutSeconds: 120,
  });
  api = t.client();
}
afterEach(() => t.close());

/** A workload with these policies, running at 17 s. */
async function autoscaledWorkload(policies: AutoscalingPolicyValue[], cpu = 1) {
  const artifactId = await createArtifact(api);
  const workloadId = await createWorkload(
    api,
    workloadBody(artifactId, { runtime: autoscaledRuntime(policies, cpu) }),
  );
  t.advance(POD_COURSE_SECONDS);
  const protonId = (await api.get(`workloads/${workloadId}`)).body.protonId as string;
  return { workloadId, protonId };
}

const endpoint = (workloadId: string) => `/api/v2/endpoints/workloads/${workloadId}/predict`;

/** The autoscaling decisions, oldest first, as "second:from->to". */
async function scalings(workloadId: string): Promise<string[]> {
  return (await events(api, workloadId))
    .filter((e) => e.eventType === 'autoscaling.scaled')
    .map((e) => `${secondsOf(e.timestamp)}:${e.details.from}->${e.details.to}`);
}

async function replicaCount(workloadId: string, protonId: string): Promise<number> {
  return (await statusDetails(api, workloadId, protonId)).replicas.length;
}

/** Lets in-process requests reach the endpoint until `count` wait for a cold start (no clock moves). */
async function waiting(count: number) {
  for (let i = 0; i < 200 && t.app.emulator.endpoint.waitingCount !== count; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(t.app.emulator.endpoint.waitingCount).toBe(count);
}

/** Advances to `second` (since T0), one simulated second at a time, calling `each` every second. */
async function until(second: number, each?: (second: number) => Promise<void>) {
  for (let now = secondsOf(t.clock.nowIso()); now < second; now++) {
    await each?.(now);
    t.advance(1);
  }
}

/** A workload that autoscales to zero, as it is at 330 s: scaled to zero (at 317 s) and idle since. */
async function idleAtZero() {
  await setup();
  const created = await autoscaledWorkload([
    { scalingMetric: 'httpRequestsConcurrency', target: 1, minCount: 0, maxCount: 3 },
  ]);
  await until(330);
  return created;
}

describe('autoscaling on httpRequestsConcurrency', () => {
  it('a load step drives the replicas up to maxCount and back down to minCount after it ends', async () => {
    await setup();
    const { workloadId, protonId } = await autoscaledWorkload([
      { scalingMetric: 'httpRequestsConcurrency', target: 2, minCount: 1, maxCount: 4 },
    ]);
    const traffic = await api.post(`/_mock/workloads/${workloadId}/traffic`, {
      rps: 20,
      seconds: 300,
      concurrency: 8,
    });
    expect(traffic.status).toBe(201);
    const replicasServing = new Set<string>();
    const answers: Answer[] = [];
    // Real requests alongside, one every 5 s while the load lasts.
    let inFlight = 0;
    let scalingUp: any = null;
    await until(317, async (second) => {
      if (second === 300)
        inFlight = (await api.get(`workloads/${workloadId}/stats`)).body.metrics.concurrentRequests;
      // Just after the scale-up the new replicas are on their way; the proton stays running.
      if (second === 63) scalingUp = await statusDetails(api, workloadId, protonId);
      if (second % 5 !== 0) return;
      const res = await api.post(endpoint(workloadId), { second });
      answers.push(res);
      if (second >= 79) replicasServing.add(res.body.replica);
    });
    expect(answers.every((res) => res.status === 200)).toBe(true);
    // Ticks every 15 s from 17: the load is seen at 32, has called for 4 replicas for 30 s at 62.
    expect(await scalings(workloadId)).toEqual(['62:1->4']);
    expect(await replicaCount(workloadId, protonId)).toBe(4);
    expect(replicasServing.size).toBe(4);
    // The traffic's 8 in flight, and the real requests' share (about 80 ms every 5 s).
    expect(inFlight).toBe(8);

    await until(616);
    expect(await scalings(workloadId)).toEqual(['62:1->4']);
    t.advance(1);
    // The load ended at 317: 300 s later the replicas go back to minCount.
    expect(await scalings(workloadId)).toEqual(['62:1->4', '617:4->1']);
    t.advance(5);
    expect(await replicaCount(workloadId, protonId)).toBe(1);

    const decisions = (await events(api, workloadId)).filter((e) => e.eventType === 'autoscaling.scaled');
    expect(decisions[0].details).toMatchObject({
      protonId,
      group: 'default',
      from: 1,
      to: 4,
      kind: 'scaleUp',
      metric: 'httpRequestsConcurrency',
      target: 2,
    });
    expect(decisions[0].details.observed).toBeCloseTo(8, 1);
    // To three decimals, as the load model's fractions of a request would read otherwise.
    expect(String(decisions[0].details.observed)).toMatch(/^8\.\d{1,3}$/);
    expect(decisions[0].details.reason).toMatch(
      /^8\.\d+ requests in flight against a target of 2 per replica for 30 s calls for 4 replicas \(maxCount 4\)\.$/,
    );
    expect(decisions[1].details).toMatchObject({ from: 4, to: 1, kind: 'scaleDown' });
    expect(decisions[1].details.reason).toMatch(/for 300 s calls for 1 replica \(minCount 1\)\.$/);
    // Adding and removing replicas never disturbed the proton's status: running all along.
    expect(await protonSequence(api, workloadId, protonId)).toEqual([
      '2:provisioning',
      '7:launching',
      '17:running',
    ]);
    const logs = (await api.get(`otel/workload/${workloadId}/logs/?includes=Autoscaling`)).body.data;
    expect(logs.map((l: any) => l.message)).toEqual([
      expect.stringMatching(/^Autoscaling: group default of proton \w+ scaled from 4 to 1 replica\. /),
      expect.stringMatching(/^Autoscaling: group default of proton \w+ scaled from 1 to 4 replicas\. /),
    ]);

    // The replica counts over time, as the OpenTelemetry metrics show them.
    const metrics = (
      await api.get(
        `otel/workload/${workloadId}/metrics/?startTime=${encodeURIComponent(at(0))}&endTime=${encodeURIComponent(at(720))}&resolution=PT1M`,
      )
    ).body.metrics;
    const desired = metrics.find((m: any) => m.name === 'workload.replicas.desired').dataPoints;
    const ready = metrics.find((m: any) => m.name === 'workload.replicas.ready').dataPoints;
    // Up to the present: the window asked for runs on past it, with no points there.
    expect(desired.map((p: any) => p.value)).toEqual([1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1]);
    expect(ready.map((p: any) => p.value)).toEqual([1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1]);
    expect(desired.at(-1).timestamp).toBe(t.clock.nowIso());
    expect(scalingUp.overallStatus).toMatchObject({ state: 'running', summary: '1/4 replicas ready.' });
    expect(scalingUp.replicas.map((r: any) => r.status).sort()).toEqual([
      'pending',
      'pending',
      'pending',
      'running',
    ]);
  });

  it('scales an idle proton to zero (still running) and back on the next request: the cold start', async () => {
    await setup();
    const { workloadId, protonId } = await autoscaledWorkload([
      { scalingMetric: 'httpRequestsConcurrency', target: 1, minCount: 0, maxCount: 3 },
    ]);
    await until(316);
    expect(await scalings(workloadId)).toEqual([]);
    t.advance(1);
    expect(await scalings(workloadId)).toEqual(['317:1->0']);
    t.advance(10);
    const proton = (await api.get(`workloads/${workloadId}/protons/${protonId}`)).body;
    expect(proton.status).toBe('running');
    expect((await api.get(`workloads/${workloadId}`)).body.status).toBe('running');
    const idle = await statusDetails(api, workloadId, protonId);
    expect(idle.replicas).toEqual([]);
    expect(idle.overallStatus).toMatchObject({
      state: 'running',
      summary: 'Scaled to zero while idle; the next request starts a replica (cold start).',
    });

    await until(400);
    let answered: Answer | null = null;
    const first = api.post(endpoint(workloadId), { cold: true }).then((res) => {
      answered = res;
      return res;
    });
    await waiting(1);
    expect(answered).toBeNull();
    expect(await scalings(workloadId)).toEqual(['317:1->0', '400:0->1']);
    const starting = await statusDetails(api, workloadId, protonId);
    expect(starting.replicas).toHaveLength(1);
    expect(starting.replicas[0].status).toBe('pending');
    expect(starting.overallStatus.state).toBe('running');
    expect(starting.overallStatus.summary).toBe('Cold start: 1 replica starting for the requests waiting.');
    // The waiting request is in flight.
    expect((await api.get(`workloads/${workloadId}`)).body.requestStats.concurrentRequests).toBe(1);

    t.advance(POD_COURSE_SECONDS - 1);
    await waiting(1);
    expect(answered).toBeNull();
    t.advance(1);
    const cold = await first;
    expect(cold.status).toBe(200);
    expect(cold.body).toMatchObject({ protonId, servedAt: at(417), coldStartMs: 17_000 });
    expect(cold.body.latencyMs).toBeGreaterThan(17_000);
    expect(cold.body.latencyMs).toBeLessThan(17_000 + 1000);
    expect(Number(cold.headers['x-workload-mock-latency-ms'])).toBe(cold.body.latencyMs);
    const warm = await api.post(endpoint(workloadId), { cold: false });
    expect(warm.body.coldStartMs).toBe(0);
    expect(warm.body.latencyMs).toBeLessThan(1000);
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect(workload.requestStats).toMatchObject({ totalRequests: 2, errorRate: 0, lastRequestAt: at(417) });
    expect(workload.requestStats.responseTime).toBe(
      Math.round((cold.body.latencyMs + warm.body.latencyMs) / 2),
    );

    // The answered requests weigh on the load for up to two minutes, then 300 s idle: zero again.
    await until(780);
    expect(await scalings(workloadId)).toEqual(['317:1->0', '400:0->1', '780:1->0']);
    const coldStart = (await events(api, workloadId)).find((e) => e.details?.kind === 'coldStart');
    expect(coldStart.details.reason).toBe(
      'Cold start: 1 request in flight against a target of 1 per replica while scaled to zero calls for 1 replica.',
    );
    expect(await protonSequence(api, workloadId, protonId)).toEqual([
      '2:provisioning',
      '7:launching',
      '17:running',
    ]);

    const metrics = (
      await api.get(
        `otel/workload/${workloadId}/metrics/?startTime=${encodeURIComponent(at(0))}&endTime=${encodeURIComponent(at(900))}&resolution=PT1M`,
      )
    ).body.metrics;
    const series = (name: string) =>
      metrics.find((m: any) => m.name === name).dataPoints.map((p: any) => p.value);
    // Up to the present (780 s): the window asked for runs on to 900 s, with no points there.
    const expected = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0];
    expect(series('workload.replicas.desired')).toEqual(expected);
    expect(series('workload.replicas.ready')).toEqual(expected);
  });

  it('a client that hangs up while its request waits for the cold start is no longer waiting, nor served', async () => {
    const { workloadId, protonId } = await idleAtZero();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const requests = Array.from({ length: 3 }, () => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: endpoint(workloadId),
        headers: { authorization: 'Bearer tenant-a' },
      });
      request.on('error', () => {});
      request.end();
      return request;
    });
    const settled = async (count: number) => {
      for (let i = 0; i < 10_000 && t.app.emulator.endpoint.waitingCount !== count; i++)
        await new Promise((resolve) => setImmediate(resolve));
      expect(t.app.emulator.endpoint.waitingCount).toBe(count);
    };
    await settled(3);
    expect((await api.get(`workloads/${workloadId}`)).body.requestStats.concurrentRequests).toBe(3);
    for (const request of requests) request.destroy();
    await settled(0);
    expect((await api.get(`workloads/${workloadId}`)).body.requestStats.concurrentRequests).toBe(0);
    // Three more, pipelined on one connection: the two queued behind the first are never told of its
    // close by their responses, and are dropped all the same.
    const pipelined = connect(port, '127.0.0.1');
    pipelined.on('error', () => {});
    const head = `GET ${endpoint(workloadId)} HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer tenant-a\r\n\r\n`;
    pipelined.write(head.repeat(3));
    await settled(3);
    pipelined.destroy();
    await settled(0);
    expect((await api.get(`workloads/${workloadId}`)).body.requestStats.concurrentRequests).toBe(0);
    // The replica they woke comes up and stays the scale-down delay; none of them is counted as served.
    t.advance(60);
    expect((await api.get(`workloads/${workloadId}`)).body.requestStats.totalRequests).toBe(0);
    expect(await scalings(workloadId)).toEqual(['317:1->0', '330:0->1']);
    expect(await replicaCount(workloadId, protonId)).toBe(1);
    await until(631);
    expect(await scalings(workloadId)).toEqual(['317:1->0', '330:0->1', '630:1->0']);
  });

  it("requests waiting for the old proton's cold start go to the new proton at the traffic switch", async () => {
    for (const keepOldVersionMinutes of [0, 1]) {
      const { workloadId, protonId: previous } = await idleAtZero();
      const v2 = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
      await startReplacement(api, workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes });
      // The candidate runs from 18 s after the POST and takes the traffic 2 s later; a request sent
      // in between finds the old proton at zero and waits for its cold start.
      t.advance(19);
      const sent = secondsOf(t.clock.nowIso());
      const answer = api.post(endpoint(workloadId), { waiting: true });
      await waiting(1);
      t.advance(2);
      const record = (await api.get(`workloads/${workloadId}/history`)).body.data[0];
      const served = await answer;
      expect(served.status, JSON.stringify(served.body)).toBe(200);
      expect(served.body).toMatchObject({
        protonId: record.candidateProtonIds[0],
        servedAt: record.switchedAt,
        coldStartMs: (secondsOf(record.switchedAt) - sent) * 1000,
      });
      expect(served.body.protonId).not.toBe(previous);
      expect(t.app.emulator.endpoint.waitingCount).toBe(0);
      await t.close();
    }
  });

  it('a request whose cold start ends at the very instant of the switch is served by the new proton', async () => {
    const { workloadId, protonId: previous } = await idleAtZero();
    const v2 = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    await startReplacement(api, workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 1 });
    // Sent 3 s after the POST: the old proton's replica is ready 17 s later, as the traffic switches.
    t.advance(3);
    const answer = api.post(endpoint(workloadId), { waiting: true });
    await waiting(1);
    t.advance(POD_COURSE_SECONDS);
    const record = (await api.get(`workloads/${workloadId}/history`)).body.data[0];
    const served = await answer;
    expect(served.body).toMatchObject({
      servedAt: record.switchedAt,
      protonId: record.candidateProtonIds[0],
    });
    expect(served.body.protonId).not.toBe(previous);
  });

  it('they do when that cold start errored too: the errored proton stays errored through the switch', async () => {
    const { workloadId, protonId: previous } = await idleAtZero();
    await injectFault(api, {
      match: { imageUri: 'registry.example.com/agent:1.0' },
      fault: 'CrashLoopBackOff',
    });
    const answers = [api.post(endpoint(workloadId), { n: 1 }), api.post(endpoint(workloadId), { n: 2 })];
    await waiting(2);
    t.advance(POD_COURSE_SECONDS + 30);
    expect((await api.get(`workloads/${workloadId}/protons/${previous}`)).body.status).toBe('errored');
    const v2 = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    await startReplacement(api, workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 5 });
    t.advance(20);
    const record = (await api.get(`workloads/${workloadId}/replacement`)).body;
    expect(record.switchedAt).toBe(t.clock.nowIso());
    await waiting(0);
    for (const served of await Promise.all(answers)) {
      expect(served.status, JSON.stringify(served.body)).toBe(200);
      expect(served.body).toMatchObject({
        protonId: record.candidateProtonIds[0],
        servedAt: record.switchedAt,
      });
    }
    expect((await api.get(`workloads/${workloadId}/protons/${previous}`)).body.status).toBe('errored');
  });

  /**
   * A replacement of a workload scaled to zero (at 330 s), cancelled after the switch: the old
   * proton's cold start is waited for, the candidate serving until then.
   */
  async function cancelAfterTheSwitch(workloadId: string, previous: string, v2: string) {
    await startReplacement(api, workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 5 });
    t.advance(19);
    // Sent at 349 s, it starts the old proton's cold start (ready at 366 s); the switch at 350 s
    // takes it to the candidate.
    const first = api.post(endpoint(workloadId), { n: 1 });
    await waiting(1);
    t.advance(1);
    const candidate = (await first).body.protonId;
    expect(candidate).not.toBe(previous);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);

    const seen: string[] = [];
    await until(373, async (second) => {
      const record = (await api.get(`workloads/${workloadId}/replacement`)).body;
      const served = await api.post(endpoint(workloadId), { second });
      seen.push(`${second}:${record.status}:${served.body.protonId === candidate ? 'candidate' : 'old'}`);
    });
    const from = (first: number, last: number, text: string) =>
      Array.from({ length: last - first + 1 }, (_, i) => `${first + i}:${text}`);
    // Switched back once the old proton is ready; the candidate drains 2 s and stops in 5 s.
    expect(seen).toEqual([...from(350, 365, 'deleting:candidate'), ...from(366, 372, 'finalizing:old')]);
    const [record] = (await api.get(`workloads/${workloadId}/history`)).body.data;
    expect(record).toMatchObject({ status: 'finalizing', deletedAt: at(373) });
  }

  it("a cancel after the switch waits for the old proton's cold start: the candidate serves until then", async () => {
    const { workloadId, protonId: previous } = await idleAtZero();
    const v2 = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    await cancelAfterTheSwitch(workloadId, previous, v2);
  });

  it("a cancel after the switch sends a request waiting for the candidate's cold start to the old proton", async () => {
    const { workloadId, protonId: previous } = await idleAtZero();
    const v2 = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    await startReplacement(api, workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    // Traffic switches at 350 s; the idle candidate is scaled to zero by 700 s, the old proton drains.
    await until(700);
    const candidate = (await api.get(`workloads/${workloadId}`)).body.protonId;
    expect(candidate).not.toBe(previous);
    expect(await replicaCount(workloadId, candidate)).toBe(0);
    const answer = api.post(endpoint(workloadId), { n: 1 });
    await waiting(1);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    // The switch back at 701 s takes the waiting request to the old proton, whose cold start serves it.
    t.advance(130);
    const served = await answer;
    expect(served.status, JSON.stringify(served.body)).toBe(200);
    expect(served.body).toMatchObject({ protonId: previous });
  });

  it("waits so for the cold start of the old proton's group that takes requests, whatever its worker runs", async () => {
    await setup();
    const policies: AutoscalingPolicyValue[] = [
      { scalingMetric: 'httpRequestsConcurrency', target: 1, minCount: 0, maxCount: 3 },
    ];
    const runtime = twoGroupRuntime({ autoscaling: { enabled: true, policies } }, 1);
    const workloadId = await createWorkload(
      api,
      workloadBody(await createArtifact(api, twoGroupArtifact()), { runtime }),
    );
    await until(330);
    const previous = (await api.get(`workloads/${workloadId}`)).body.protonId;
    const v2 = await createArtifact(api, twoGroupArtifact({ name: 'api-and-worker-v2' }));
    await cancelAfterTheSwitch(workloadId, previous, v2);
  });

  it('a proton scaled to zero has no pods a node eviction could take: an interrupt is a 409 that changes nothing', async () => {
    const { workloadId, protonId } = await idleAtZero();
    const refused = await api.post(`/_mock/workloads/${workloadId}/interrupt`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      `Proton ${protonId} has no pods on a node to evict: it is scaled to zero while idle.`,
    );
    expect((await api.get(`workloads/${workloadId}`)).body.status).toBe('running');
    expect((await events(api, workloadId)).map((e) => e.eventType)).not.toContain('proton.interrupted');
    // Nor are there pods to recreate in place.
    const noRestart = await api.post(`/_mock/workloads/${workloadId}/restart`);
    expect([noRestart.status, noRestart.body.detail]).toEqual([
      409,
      `Proton ${protonId} has no pods to restart: it is scaled to zero while idle.`,
    ]);
    const answer = api.post(endpoint(workloadId), {});
    await waiting(1);
    t.advance(POD_COURSE_SECONDS);
    expect((await answer).status).toBe(200);
  });

  it('reads a group its share of the requests when several groups take them', async () => {
    await setup();
    const artifact = twoGroupArtifact();
    const worker = artifact.spec!.containerGroups![1]!;
    worker.containers = [{ ...worker.containers![0]!, port: 8080, primary: true }];
    const policies: AutoscalingPolicyValue[] = [
      { scalingMetric: 'cpuAverageUtilization', target: 50, minCount: 1, maxCount: 10 },
    ];
    const runtime = twoGroupRuntime({ autoscaling: { enabled: true, policies } }, 1);
    const workloadId = await createWorkload(
      api,
      workloadBody(await createArtifact(api, artifact), { runtime }),
    );
    t.advance(POD_COURSE_SECONDS);
    // 30 a second spread over the api's replica and the worker's: 15 on the api's 2 cores is about
    // 40 % of them, under the target (all 30 would be 78 %).
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 30, seconds: 120 });
    await until(150);
    expect(await scalings(workloadId)).toEqual([]);
  });

  it('a worker group, taking no requests, is not scaled up by the requests in flight', async () => {
    await setup();
    const { containerGroups } = twoGroupRuntime();
    const { replicaCount: _fixed, ...worker } = containerGroups![1]!;
    const policies: AutoscalingPolicyValue[] = [
      { scalingMetric: 'httpRequestsConcurrency', target: 1, minCount: 1, maxCount: 5 },
    ];
    const runtime = {
      containerGroups: [containerGroups![0]!, { ...worker, autoscaling: { enabled: true, policies } }],
    };
    const workloadId = await createWorkload(
      api,
      workloadBody(await createArtifact(api, twoGroupArtifact()), { runtime }),
    );
    t.advance(POD_COURSE_SECONDS);
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 20, seconds: 120, concurrency: 8 });
    await until(150);
    expect(await scalings(workloadId)).toEqual([]);
  });

  it('a group that takes requests scales to zero beside a worker group: the next request waits for its cold start', async () => {
    await setup();
    const artifactId = await createArtifact(api, twoGroupArtifact());
    const policies: AutoscalingPolicyValue[] = [
      { scalingMetric: 'httpRequestsConcurrency', target: 1, minCount: 0, maxCount: 3 },
    ];
    const runtime = twoGroupRuntime({ autoscaling: { enabled: true, policies } }, 1);
    const workloadId = await createWorkload(api, workloadBody(artifactId, { runtime }));
    await until(330);
    expect(await scalings(workloadId)).toEqual(['317:1->0']);
    // The worker's replica is no cold start on its way.
    expect((await statusDetails(api, workloadId)).overallStatus.summary).toBe(
      'Scaled to zero while idle; the next request starts a replica (cold start).',
    );
    const answer = api.post(endpoint(workloadId), {});
    await waiting(1);
    t.advance(POD_COURSE_SECONDS);
    const served = await answer;
    expect(served.status).toBe(200);
    expect(served.body.coldStartMs).toBeGreaterThan(0);
    const { replicas } = await statusDetails(api, workloadId);
    const apiPods = replicas.filter((r: any) => r.containers.some((c: any) => c.name === 'web'));
    expect(apiPods.map((r: any) => r.name)).toContain(served.body.replica);
  });

  it.each([
    ['', {}],
    [' (a run that says none are in flight too: queued ones are)', { concurrency: 0 }],
  ])(
    'simulated traffic wakes a proton scaled to zero; its requests queue through the cold start%s',
    async (_, run) => {
      const { workloadId } = await idleAtZero();
      expect(await scalings(workloadId)).toEqual(['317:1->0']);
      await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 1, seconds: 60, ...run });
      await until(346);
      // Its queue holds a request in flight at least, however low its rate, latency or concurrency.
      expect((await api.get(`workloads/${workloadId}`)).body.requestStats.concurrentRequests).toBe(1);
      await until(400);
      // The first tick (345) finds no replica and wakes the proton; none of its requests fails.
      expect(await scalings(workloadId)).toEqual(['317:1->0', '345:0->1']);
      const stats = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
      expect(stats).toMatchObject({ totalRequests: 60, serverErrors: 0 });
    },
  );

  it("a run's own concurrency is what its queued requests put in flight: the cold start starts as many replicas", async () => {
    const { workloadId } = await idleAtZero();
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 1, seconds: 60, concurrency: 3 });
    await until(346);
    // Queued at the tick at 345: three in flight (not the one its rate and latency would give).
    expect((await api.get(`workloads/${workloadId}`)).body.requestStats.concurrentRequests).toBe(3);
    expect(await scalings(workloadId)).toEqual(['317:1->0', '345:0->3']);
  });

  it('a run that sends nothing wakes nothing', async () => {
    const { workloadId } = await idleAtZero();
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 0, seconds: 60 });
    await until(560);
    expect(await scalings(workloadId)).toEqual(['317:1->0']);
    const stats = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
    expect(stats).toMatchObject({ totalRequests: 0, serverErrors: 0 });
  });

  it('a run shorter than the cold start still has its requests served once a replica is ready', async () => {
    const { workloadId } = await idleAtZero();
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 10, seconds: 15 });
    await until(400);
    // Its one tick (345) ends the run and wakes the proton; the queue keeps it awake until served.
    expect(await scalings(workloadId)).toEqual(['317:1->0', '345:0->1']);
    const stats = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
    expect(stats).toMatchObject({ totalRequests: 150, serverErrors: 0 });
    expect((await api.get(`/_mock/workloads/${workloadId}/traffic`)).body.data).toEqual([]);
  });

  it('serves simulated requests queued for a cold start once the replica is ready, their wait in their latency', async () => {
    const { workloadId } = await idleAtZero();
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 1, seconds: 15 });
    // The tick at 345 queues its 15 requests and wakes the proton; its replica is ready 17 s later.
    let servedAt = 0;
    await until(400, async (second) => {
      const { totalRequests } = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
      if (totalRequests > 0 && servedAt === 0) servedAt = second;
    });
    // Served as the replica is ready (362), not at the run's next tick (375).
    expect(servedAt).toBe(362);
    const stats = (await api.get(`workloads/${workloadId}/stats?responseTimeQuantile=0.5`)).body.metrics;
    expect(stats.totalRequests).toBe(15);
    // Arrived over the 15 s before the tick at 345, served at 362: 8.5 s waited on average at least.
    expect(stats.responseTime).toBeGreaterThan(5000);
    expect((await api.get(`/_mock/workloads/${workloadId}/traffic`)).body.data).toEqual([]);
  });

  it('serves simulated requests queued for the old proton where the traffic goes at a switch', async () => {
    const { workloadId, protonId: previous } = await idleAtZero();
    const v2 = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 2, seconds: 600 });
    await startReplacement(api, workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 1 });
    let servedAt = 0;
    await until(400, async (second) => {
      const { totalRequests } = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
      if (totalRequests > 0 && servedAt === 0) servedAt = second;
    });
    const switched = (await api.get(`workloads/${workloadId}/history`)).body.data[0].switchedAt;
    // The queue (from the tick at 345) goes to the candidate as the traffic does.
    expect(at(servedAt)).toBe(switched);
    expect((await api.get(`workloads/${workloadId}`)).body.protonId).not.toBe(previous);
  });

  it('goes on after a state import as it would have, several runs queued for one cold start', async () => {
    const { workloadId } = await idleAtZero();
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 2, seconds: 100 });
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 1, seconds: 20 });
    await until(361);
    const exported = async (app: TestApp) =>
      (await app.app.inject({ method: 'GET', url: '/_mock/state' })).body;
    const copy = await createTestApp({
      scaleUpDelaySeconds: 30,
      scaleDownDelaySeconds: 300,
      coldStartTimeoutSeconds: 120,
    });
    try {
      const imported = await copy.app.inject({
        method: 'PUT',
        url: '/_mock/state',
        payload: await exported(t),
      });
      expect(imported.statusCode).toBe(200);
      for (let second = 0; second < 60; second++) {
        t.advance(1);
        copy.advance(1);
      }
      expect(await exported(copy)).toBe(await exported(t));
    } finally {
      await copy.close();
    }
  });

  it('simulated requests waiting for a cold start that never ends fail as the gateway times them out', async () => {
    const { workloadId } = await idleAtZero();
    await api.post('/_mock/faults', { match: { workloadId }, fault: 'ImagePullBackOff' });
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 1, seconds: 60 });
    await until(330 + 60 + 120 + 30);
    // Queued from the first tick (345) for the 120 s a request waits (MOCK_COLD_START_TIMEOUT), then 504s.
    const stats = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
    expect(stats).toMatchObject({ totalRequests: 60, serverErrors: 60 });
    expect((await api.get(`/_mock/workloads/${workloadId}/traffic`)).body.data).toEqual([]);
    // Sampled as the endpoint's own 504: the gateway timed out, saying why.
    const [trace] = (await api.get(`otel/workload/${workloadId}/traces?status=error`)).body.data;
    expect(trace.httpStatusCode).toBe(504);
    const [root] = (await api.get(`otel/workload/${workloadId}/traces/${trace.traceId}`)).body.spans;
    expect(root.statusMessage).toBe('Gateway Timeout');
    const [line] = (await api.get(`otel/workload/${workloadId}/logs?traceId=${trace.traceId}`)).body.data;
    expect(line.message).toMatch(
      new RegExp(
        `" 504 120000 ms: No replica of workload ${workloadId} became ready within 120 s of simulated time`,
      ),
    );
  });

  it('a cold start that does not finish in time answers 504 from the gateway; stopping answers 503', async () => {
    const { workloadId } = await idleAtZero();
    await api.post('/_mock/faults', { match: { workloadId }, fault: 'ImagePullBackOff' });
    const pending = api.get(endpoint(workloadId));
    await waiting(1);
    t.advance(119);
    await waiting(1);
    t.advance(1);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(res.headers['x-workload-mock-upstream']).toBeUndefined();
    expect(res.headers['x-workload-mock-latency-ms']).toBe('120000');
    expect(res.body.detail).toMatch(
      new RegExp(
        `^No replica of workload ${workloadId} became ready within 120 s of simulated time \\(cold start of proton \\w+\\)\\.$`,
      ),
    );
    expect((await api.get(`workloads/${workloadId}/stats`)).body.metrics).toMatchObject({
      totalRequests: 1,
      serverErrors: 1,
    });

    const stopped = api.get(endpoint(workloadId));
    await waiting(1);
    expect((await api.post(`workloads/${workloadId}/stop`)).status).toBe(202);
    const refused = await stopped;
    expect(refused.status).toBe(503);
    expect(refused.body.detail).toBe(
      `Workload ${workloadId} is stopping: the request waited for a replica that will not start.`,
    );
  });

  it('a full reset turns a waiting request away, and the journal that starts again holds neither', async () => {
    const { workloadId } = await idleAtZero();
    const pending = api.get(endpoint(workloadId));
    await waiting(1);
    expect((await api.post('/_mock/reset')).status).toBe(200);
    const refused = await pending;
    expect(refused.status).toBe(503);
    expect(refused.body.detail).toBe('The mock was reset while the request waited for a replica.');
    expect((await api.get('/_mock/requests')).body).toMatchObject({ totalCount: 0, data: [] });
  });

  it("another tenant's reset leaves a waiting request waiting: it is served at the end of its cold start", async () => {
    const { workloadId } = await idleAtZero();
    const pending = api.get(endpoint(workloadId));
    await waiting(1);
    expect((await api.post('/_mock/reset?tenant=tenant-b')).status).toBe(200);
    await waiting(1);
    t.advance(POD_COURSE_SECONDS);
    const served = await pending;
    expect(served.status).toBe(200);
    expect(served.body.coldStartMs).toBe(POD_COURSE_SECONDS * 1000);
  });

  it('a workload started again after a stop comes back with its initial replicas', async () => {
    const { workloadId, protonId } = await idleAtZero();
    await api.post(`workloads/${workloadId}/stop`);
    t.advance(10);
    expect((await api.get(`workloads/${workloadId}`)).body.status).toBe('stopped');
    await api.post(`workloads/${workloadId}/start`);
    // No longer scaled to zero: a request while its replica starts is turned away, not held for a cold start.
    const starting = send(workloadId);
    await settle();
    expect(t.app.emulator.endpoint.waitingCount).toBe(0);
    expect(starting.answered?.status).toBe(503);
    t.advance(POD_COURSE_SECONDS);
    expect((await api.get(`workloads/${workloadId}`)).body.status).toBe('running');
    expect(await replicaCount(workloadId, protonId)).toBe(1);
    expect((await api.get(endpoint(workloadId))).status).toBe(200);
  });
});

describe('autoscaling on cpuAverageUtilization', () => {
  it('follows the CPU the request rate demands, within minCount..maxCount', async () => {
    await setup();
    // 2 cores a replica: 40 requests per second each at full utilisation.
    const { workloadId, protonId } = await autoscaledWorkload(
      [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 2, maxCount: 10 }],
      2,
    );
    expect(await replicaCount(workloadId, protonId)).toBe(2);
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 200, seconds: 120 });
    await until(137);
    // 200 rps on 2 replicas is 250 % of their CPU: ceil(2 x 245.5 / 70) = 8. On 8 it is 63.6 %, within
    // 10 % of the target: it stays there.
    expect(await scalings(workloadId)).toEqual(['62:2->8']);
    const up = (await events(api, workloadId)).find((e) => e.eventType === 'autoscaling.scaled');
    expect(up.details).toMatchObject({ metric: 'cpuAverageUtilization', observed: 245.5, target: 70, to: 8 });
    expect(up.details.reason).toBe(
      'CPU at 245.5% of its allocation on average against a target of 70% for 30 s calls for 8 replicas.',
    );
    await until(437);
    expect(await scalings(workloadId)).toEqual(['62:2->8', '437:8->2']);
    t.advance(5);
    expect(await replicaCount(workloadId, protonId)).toBe(2);
  });

  it("reads each group's own CPU: another group's replicas neither add capacity nor call for more", async () => {
    await setup();
    const artifactId = await createArtifact(api, twoGroupArtifact());
    const runtime = twoGroupRuntime(
      {
        autoscaling: {
          enabled: true,
          policies: [{ scalingMetric: 'cpuAverageUtilization', target: 50, minCount: 1, maxCount: 10 }],
        },
      },
      20,
    );
    const workloadId = await createWorkload(api, workloadBody(artifactId, { runtime }));
    t.advance(POD_COURSE_SECONDS);
    // Idle, the api group stays at its one replica, however many workers run.
    await until(120);
    expect(await scalings(workloadId)).toEqual([]);
    // 30 rps on the api's one replica of 2 cores (40 rps at full use) is about 75 % of its CPU, which
    // calls for 2 against a target of 50 %; counted over the worker's 20 replicas too, it was 4 %.
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 30, seconds: 120 });
    await until(240);
    const up = (await events(api, workloadId)).find((e) => e.eventType === 'autoscaling.scaled');
    expect(up.details).toMatchObject({ group: 'api', from: 1, to: 2, target: 50 });
    expect(up.details.observed).toBeGreaterThan(70);
  });

  it('holds a group whose every replica is unready, as an HPA without pod metrics does', async () => {
    await setup();
    const artifactId = await createArtifact(api, twoGroupArtifact());
    const runtime = twoGroupRuntime({
      autoscaling: {
        enabled: true,
        policies: [{ scalingMetric: 'cpuAverageUtilization', target: 50, minCount: 1, maxCount: 10 }],
      },
    });
    const workloadId = await createWorkload(api, workloadBody(artifactId, { runtime }));
    t.advance(POD_COURSE_SECONDS);
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 30, seconds: 1200 });
    await until(240);
    expect(await scalings(workloadId)).toEqual(['62:1->2']);
    // Every api replica stops being ready while the worker runs on: the api group reports no CPU, and
    // its count stays where the last readings put it (not at minCount, as no load would).
    await injectFault(api, { match: { workloadId }, container: 'web', fault: 'NeverReady' });
    await until(1000);
    expect(await scalings(workloadId)).toEqual(['62:1->2']);
  });
});

/** Lets in-process requests run to their answer, the clock standing still. */
async function settle() {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Sends a request to the endpoint; `answered` holds its answer once there is one. */
function send(workloadId: string) {
  const sent: { answered: Answer | null; answer: Promise<Answer> } = { answered: null, answer: null! };
  sent.answer = api.post(endpoint(workloadId), {}).then((res) => {
    sent.answered = res;
    return res;
  });
  return sent;
}

describe('a group with autoscaling disabled', () => {
  it('keeps its replicaCount under heavy load, its policies notwithstanding', async () => {
    await setup();
    const runtime = autoscaledRuntime([
      { scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 1, maxCount: 5 },
    ]);
    const group = runtime.containerGroups![0]!;
    runtime.containerGroups = [
      { ...group, replicaCount: 2, autoscaling: { ...group.autoscaling!, enabled: false } },
    ];
    const workloadId = await createWorkload(api, workloadBody(await createArtifact(api), { runtime }));
    t.advance(POD_COURSE_SECONDS);
    const protonId = (await api.get(`workloads/${workloadId}`)).body.protonId;
    const traffic = await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 100, seconds: 300 });
    expect(traffic.status).toBe(201);
    await until(400);
    // 100 a second on two single-core replicas is far past the target: an enabled group would scale.
    const cpu = (await api.get(`otel/workload/${workloadId}/metrics/?resolution=PT1M`)).body.metrics.find(
      (m: any) => m.name === 'container.cpu.utilization',
    );
    expect(Math.max(...cpu.dataPoints.map((p: any) => p.value))).toBeGreaterThan(90);
    expect(await scalings(workloadId)).toEqual([]);
    expect((await statusDetails(api, workloadId, protonId)).replicas).toHaveLength(2);
  });
});

describe('requests and a cold start that will not complete', () => {
  it('a request waiting for a cold start is answered 503 at once when the workload is suspended', async () => {
    const { workloadId } = await idleAtZero();
    const sent = send(workloadId);
    await waiting(1);
    t.advance(5);
    expect(sent.answered).toBeNull();
    expect((await api.post(`/_mock/workloads/${workloadId}/suspend`)).status).toBe(200);
    await settle();
    // Answered with the clock still at the suspend.
    expect(t.app.emulator.endpoint.waitingCount).toBe(0);
    expect(sent.answered).not.toBeNull();
    const answer = sent.answered!;
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      detail: `Workload ${workloadId} is suspended: the request waited for a replica that will not start.`,
    });
    expect(Number(answer.headers['x-workload-mock-latency-ms'])).toBe(5000);
    // The workload's gateway refused it: its stats and traces count the failure.
    const { metrics } = (await api.get(`workloads/${workloadId}/stats`)).body;
    expect(metrics).toMatchObject({ totalRequests: 1, serverErrors: 1 });
    const traces = (await api.get(`otel/workload/${workloadId}/traces?status=error`)).body;
    expect(traces.data).toMatchObject([{ httpStatusCode: 503 }]);
  });

  it('during an interrupted cold start a new request is refused 503 at once, not queued', async () => {
    const { workloadId } = await idleAtZero();
    const first = send(workloadId);
    await waiting(1);
    t.advance(3);
    const interrupted = await api.post(`/_mock/workloads/${workloadId}/interrupt`, { seconds: 60 });
    expect([interrupted.status, interrupted.body.status]).toEqual([200, 'interrupted']);
    await settle();
    expect(first.answered?.status).toBe(503);
    const second = send(workloadId);
    await settle();
    expect(t.app.emulator.endpoint.waitingCount).toBe(0);
    expect(second.answered).not.toBeNull();
    expect(second.answered!.status).toBe(503);
    expect(second.answered!.body.coldStartMs).toBeUndefined();
    expect(Number(second.answered!.headers['x-workload-mock-latency-ms'])).toBe(2);
  });
});

describe('a workload at zero that will not run', () => {
  it('refuses a request at once while suspended or stopped: no cold start to wait for', async () => {
    const { workloadId, protonId } = await idleAtZero();
    expect((await api.post(`/_mock/workloads/${workloadId}/suspend`)).status).toBe(200);
    const suspended = send(workloadId);
    await settle();
    expect(t.app.emulator.endpoint.waitingCount).toBe(0);
    expect(suspended.answered?.status).toBe(503);
    expect(suspended.answered?.body.detail).toBe(
      `No replica of workload ${workloadId} is ready to take the request: its active proton ${protonId} is suspended.`,
    );
    expect((await api.post(`/_mock/workloads/${workloadId}/resume`)).status).toBe(200);
    expect((await api.post(`workloads/${workloadId}/stop`)).status).toBe(202);
    const stopped = send(workloadId);
    await settle();
    expect(t.app.emulator.endpoint.waitingCount).toBe(0);
    expect(stopped.answered?.status).toBe(503);
    expect(await scalings(workloadId)).toEqual(['317:1->0']);
  });
});

describe('requests served at the end of a cold start', () => {
  it('leave no request in flight once answered, and their wait does not move the autoscaler', async () => {
    const { workloadId } = await idleAtZero();
    const sent = [send(workloadId), send(workloadId), send(workloadId), send(workloadId)];
    await waiting(4);
    expect((await api.get(`workloads/${workloadId}`)).body.requestStats.concurrentRequests).toBe(4);
    t.advance(POD_COURSE_SECONDS);
    const answers = await Promise.all(sent.map((s) => s.answer));
    expect(answers.map((res) => [res.status, res.body.coldStartMs])).toEqual(
      new Array(4).fill([200, POD_COURSE_SECONDS * 1000]),
    );
    // Answered: only their service time weighs on the load, a few milliseconds each.
    expect((await api.get(`workloads/${workloadId}`)).body.requestStats.concurrentRequests).toBe(0);
    expect((await api.get(`workloads/${workloadId}/stats`)).body.metrics.concurrentRequests).toBe(0);
    // Past the scale-up delay, the one replica the cold start made is all there is.
    await until(420);
    expect(await scalings(workloadId)).toEqual(['317:1->0', '330:0->1']);
    // A period in the past reports its peak: the first answered while the other three still waited.
    const past = await api.get(`workloads/${workloadId}/stats?endTime=${encodeURIComponent(at(400))}`);
    expect(past.body.metrics.concurrentRequests).toBe(3);
  });
});

describe('an autoscaler paused while its proton is suspended', () => {
  it('counts the scale-up delay from the resume, not from the load it saw before the pause', async () => {
    await setup();
    const { workloadId, protonId } = await autoscaledWorkload([
      { scalingMetric: 'httpRequestsConcurrency', target: 2, minCount: 1, maxCount: 4 },
    ]);
    // Ticks every 15 s from 17: 8 in flight from 32 s call for 4 replicas, at 62 s unpaused.
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 20, seconds: 600, concurrency: 8 });
    await until(33);
    expect((await api.post(`/_mock/workloads/${workloadId}/suspend`)).status).toBe(200);
    t.advance(1);
    expect((await api.post(`/_mock/workloads/${workloadId}/resume`)).status).toBe(200);
    // Back at 44 s, before the next tick: the load it finds is the one it saw before the pause.
    await until(73);
    expect((await api.get(`workloads/${workloadId}/protons/${protonId}`)).body.status).toBe('running');
    expect(await scalings(workloadId)).toEqual([]);
    t.advance(1);
    expect(await scalings(workloadId)).toEqual(['74:1->4']);
    const [scaled] = (await events(api, workloadId)).filter((e) => e.eventType === 'autoscaling.scaled');
    expect(scaled.details.reason).toBe(
      '8 requests in flight against a target of 2 per replica for 30 s calls for 4 replicas.',
    );
  });
});

describe('a replacement of an autoscaled workload', () => {
  it('leaves the candidate its replicas while it warms up: the autoscaler drives it once it takes the traffic', async () => {
    await setup();
    const { workloadId, protonId } = await autoscaledWorkload([
      { scalingMetric: 'httpRequestsConcurrency', target: 1, minCount: 0, maxCount: 3 },
    ]);
    const v2 = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    await startReplacement(api, workloadId, v2, { warmupDurationMinutes: 8, keepOldVersionMinutes: 0 });
    await until(900);
    const record = (await api.get(`workloads/${workloadId}/history`)).body.data[0];
    const switched = secondsOf(record.switchedAt);
    const scaled = (await events(api, workloadId))
      .filter((e) => e.eventType === 'autoscaling.scaled')
      .map((e) => `${secondsOf(e.timestamp)}:${e.details.protonId === protonId ? 'old' : 'candidate'}`);
    // Idle all along, each scales to zero 300 s after it became the active proton, not before.
    expect(scaled).toEqual(['317:old', `${switched + 300}:candidate`]);
    expect(record.candidateProtonIds).toHaveLength(1);
  });
});

describe('a restarted proton', () => {
  it('shows submitted, not initializing, while its pod cannot be scheduled', async () => {
    await setup();
    const workloadId = await createWorkload(
      api,
      workloadBody(await createArtifact(api), { runtime: replicas(2) }),
    );
    t.advance(POD_COURSE_SECONDS);
    const protonId = (await api.get(`workloads/${workloadId}`)).body.protonId;
    await injectFault(api, { match: { workloadId }, fault: 'Unschedulable' });
    expect((await api.post(`/_mock/workloads/${workloadId}/interrupt`, { seconds: 5 })).status).toBe(200);
    t.advance(30);
    const status = async () => (await api.get(`workloads/${workloadId}/protons/${protonId}`)).body.status;
    expect(await status()).toBe('submitted');
    expect((await api.post(`/_mock/workloads/${workloadId}/restart`)).status).toBe(200);
    const seen: string[] = [];
    for (let s = 0; s <= 60; s++) {
      const now = await status();
      if (seen.at(-1)?.split(':')[1] !== now) seen.push(`${s}:${now}`);
      if (s < 60) t.advance(1);
    }
    // Its pods are recreated at 5 s; the scheduler finds no room for them at 7 s.
    expect(seen).toEqual(['0:restarting', '5:initializing', '7:submitted']);
    const details = await statusDetails(api, workloadId, protonId);
    expect(details.overallStatus).toMatchObject({
      state: 'submitted',
      summary: 'Waiting for a node: no node has room for the pod.',
    });
    expect(details.replicas.map((r: any) => r.status)).toEqual(['pending', 'pending']);
  });
});
