import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  replicas,
  serviceArtifact,
  twoGroupArtifact,
  twoGroupRuntime,
  workloadBody,
} from './fixtures.js';
import { at, type Client, createTestApp, type TestApp } from './helpers.js';
import { events, secondsOf, statusDetails } from './sim-helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

/** A running workload on a locked v1 artifact, and a locked v2 to roll out. Time is then 17 s. */
async function prerequisites(runtime = replicas(2)) {
  const v1 = await createArtifact(
    api,
    serviceArtifact({ name: 'agent-v1' }, 'registry.example.com/agent:1.0'),
  );
  const v2 = await createArtifact(
    api,
    serviceArtifact({ name: 'agent-v2' }, 'registry.example.com/agent:2.0'),
  );
  const workloadId = await createWorkload(api, workloadBody(v1, { runtime }));
  t.advance(POD_COURSE_SECONDS);
  const workload = (await api.get(`workloads/${workloadId}`)).body;
  expect(workload.status).toBe('running');
  return { v1, v2, workloadId, protonId: workload.protonId as string };
}

const endpoint = (workloadId: string, path = '/') => `/api/v2/endpoints/workloads/${workloadId}${path}`;

describe('the workload endpoint', () => {
  it('answers any method and sub-path with an echo from a ready replica, latency reported not slept', async () => {
    const { v1, workloadId, protonId } = await prerequisites();
    const pods = (
      await api.get(`workloads/${workloadId}/protons/${protonId}/statusDetails`)
    ).body.replicas.map((r: any) => r.name);
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect(workload.endpoint).toBe(`http://localhost:80${endpoint(workloadId, '/')}`);
    for (const [method, path] of [
      ['GET', '/'],
      ['POST', '/predict'],
      ['PUT', '/v1/chat/completions?stream=false&tag=a&tag=b'],
      ['PATCH', ''],
      ['DELETE', '/items/7/'],
      ['OPTIONS', '/'],
    ] as const) {
      const res = await api.request(
        method,
        endpoint(workloadId, path),
        method === 'GET' ? undefined : { x: 1 },
      );
      expect(res.status, `${method} ${path}`).toBe(200);
      expect(res.headers['x-workload-mock-upstream']).toBe('simulated');
      expect(res.body).toMatchObject({
        workloadId,
        protonId,
        artifactId: v1,
        artifactVersion: 1,
        method,
        servedAt: at(17),
        coldStartMs: 0,
      });
      expect(pods).toContain(res.body.replica);
      expect(res.body.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(res.headers['x-request-id']).toBe(res.body.requestId);
      expect(Number(res.headers['x-workload-mock-latency-ms'])).toBe(res.body.latencyMs);
      expect(res.body.latencyMs).toBeGreaterThan(0);
    }
    // The simulated clock did not move: the latency was reported, not slept.
    expect(t.clock.now()).toBe(Date.parse(at(17)));

    const sub = await api.request(
      'PUT',
      endpoint(workloadId, '/v1/chat/completions?stream=false&tag=a&tag=b'),
      {},
    );
    expect(sub.body).toMatchObject({
      path: '/v1/chat/completions',
      query: { stream: 'false', tag: ['a', 'b'] },
    });
    expect((await api.get(endpoint(workloadId, ''))).body.path).toBe('/');
    // The path as sent, its trailing slash kept though the router matches without it.
    for (const [sent, echoed] of [
      ['/items/7/', '/items/7/'],
      ['/items/7//?q=1', '/items/7//'],
      ['//', '//'],
      ['/a%20b/', '/a b/'],
    ]) {
      expect((await api.get(endpoint(workloadId, sent))).body.path, sent).toBe(echoed);
    }
    const own = await api.request('GET', endpoint(workloadId, '/'), undefined, { 'x-request-id': 'req-42' });
    expect(own.body.requestId).toBe('req-42');
    expect(own.headers['x-request-id']).toBe('req-42');
    const head = await api.request('HEAD', endpoint(workloadId, '/'));
    expect(head.status).toBe(200);
    expect(head.headers['x-workload-mock-upstream']).toBe('simulated');
  });

  it("echoes a client's X-Request-ID of up to 128 word characters and . : @ -, and answers any other with its own", async () => {
    const { workloadId } = await prerequisites();
    const idOf = async (requestId: string) => {
      const res = await api.request('GET', endpoint(workloadId, '/'), undefined, {
        'x-request-id': requestId,
      });
      expect(res.headers['x-request-id']).toBe(res.body.requestId);
      return res.body.requestId as string;
    };
    for (const echoed of ['a'.repeat(128), 'Trace:7@svc-A.b_c', 'x'])
      expect(await idOf(echoed), echoed).toBe(echoed);
    // Space around it is not part of it, as over HTTP (Node's parser drops it there).
    expect(await idOf(' req-42\t')).toBe('req-42');
    for (const refused of ['a'.repeat(129), 'two words', 'a/b', 'ok;not'])
      expect(await idOf(refused), refused).toMatch(/^[0-9a-f]{32}$/);
  });

  it('has the API auth and tenancy: 401 without a token, 404 for another tenant or no workload', async () => {
    const { workloadId } = await prerequisites();
    const anonymous = await t.client(null).get(endpoint(workloadId));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ detail: 'Not authenticated' });
    for (const res of [
      await t.client('tenant-b').post(endpoint(workloadId, '/predict'), {}),
      await api.get(endpoint('0123456789abcdef01234567')),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Workload not found.' });
      expect(res.headers['x-workload-mock-upstream']).toBeUndefined();
    }
    await api.delete(`workloads/${workloadId}`);
    expect((await api.get(endpoint(workloadId))).status).toBe(404);
  });

  it('records each request: stats, lastResponse, a trace and a log line on the OpenTelemetry surface', async () => {
    const { workloadId, protonId } = await prerequisites();
    t.advance(43); // 60 s
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await api.post(endpoint(workloadId, '/predict'), { i })).body);
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect(workload.requestStats).toMatchObject({ totalRequests: 5, errorRate: 0, lastRequestAt: at(60) });
    expect(workload.lastResponse).toBe(at(60));
    const mean = answers.reduce((sum, a) => sum + a.latencyMs, 0) / answers.length;
    expect(workload.requestStats.responseTime).toBe(Math.round(mean));
    // OTel's request duration is the mean too, over the step that holds the five.
    const durations = (
      await api.get(`otel/workload/${workloadId}/metrics/?resolution=PT1H`)
    ).body.metrics.find((metric: any) => metric.name === 'http.server.request.duration').dataPoints;
    expect(durations).toHaveLength(1);
    expect(durations[0].value).toBeCloseTo(mean, 2);
    const stats = (await api.get(`workloads/${workloadId}/stats?protonId=${protonId}`)).body.metrics;
    expect(stats).toMatchObject({ totalRequests: 5, serverErrors: 0, userErrors: 0 });

    const traces = (await api.get(`otel/workload/${workloadId}/traces/`)).body;
    expect(traces.data.map((trace: any) => trace.traceId).sort()).toEqual(
      answers.map((a) => a.traceId).sort(),
    );
    const trace = (await api.get(`otel/workload/${workloadId}/traces/${answers[0].traceId}/`)).body;
    expect(trace.spans.map((span: any) => span.name)).toEqual(['POST /predict', 'handle request']);
    expect(trace.spans[0].attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/predict',
      'http.response.status_code': 200,
      'url.path': endpoint(workloadId, '/predict'),
      'datarobot.proton.id': protonId,
      'k8s.pod.name': answers[0].replica,
    });
    const logs = (await api.get(`otel/workload/${workloadId}/logs/?includes=POST%20%2Fpredict`)).body;
    expect(logs.data).toHaveLength(5);
    expect(logs.data[0]).toMatchObject({ level: 'info', traceId: expect.any(String) });
    expect(logs.data[0].message).toMatch(/^"POST \/predict HTTP\/1\.1" 200 \d+ ms$/);
  });

  it('sends requests to the groups with a primary container only, and names that container in the trace', async () => {
    const artifactId = await createArtifact(api, twoGroupArtifact(), false);
    const runtime = twoGroupRuntime({ replicaCount: 1 }, 3);
    const workloadId = await createWorkload(api, workloadBody(artifactId, { runtime }));
    t.advance(POD_COURSE_SECONDS);
    const { replicas } = await statusDetails(api, workloadId);
    const apiPod = replicas.find((r: any) => r.containers.some((c: any) => c.name === 'web')).name;
    const served = new Set<string>();
    for (let i = 0; i < 20; i++)
      served.add((await api.post(endpoint(workloadId, '/predict'), {})).body.replica);
    expect([...served]).toEqual([apiPod]);
    const [trace] = (await api.get(`otel/workload/${workloadId}/traces/`)).body.data;
    const spans = (await api.get(`otel/workload/${workloadId}/traces/${trace.traceId}/`)).body.spans;
    expect(spans.map((span: any) => span.attributes['container.name']).filter(Boolean)).toEqual(['web']);

    // The groups that take requests are those its pods were made with: a later edit of the draft
    // (the primary moved to the worker) changes nothing until a replacement runs it.
    const spec = twoGroupArtifact().spec!;
    const [apiGroup, workerGroup] = spec.containerGroups as any[];
    apiGroup.containers[1] = { name: 'web', imageUri: 'registry.example.com/web:1' };
    workerGroup.containers[0] = { ...workerGroup.containers[0], port: 9000, primary: true };
    expect((await api.patch(`artifacts/${artifactId}`, { spec })).status).toBe(200);
    for (let i = 0; i < 10; i++)
      served.add((await api.post(endpoint(workloadId, '/predict'), {})).body.replica);
    expect([...served]).toEqual([apiPod]);

    // The worker never ready: the workload is launching, not all ready, yet the ready web answers.
    await api.post('/_mock/faults', { match: { workloadId }, container: 'w1', fault: 'NeverReady' });
    t.advance(1);
    expect((await api.get(`workloads/${workloadId}`)).body.status).toBe('launching');
    const meanwhile = await api.post(endpoint(workloadId, '/predict'), {});
    expect([meanwhile.status, meanwhile.body.replica]).toEqual([200, apiPod]);

    // The web container never ready: the workload is launching, and no worker answers for it.
    await api.post('/_mock/faults', { match: { workloadId }, container: 'web', fault: 'NeverReady' });
    t.advance(1);
    expect((await api.get(`workloads/${workloadId}`)).body.status).toBe('launching');
    expect((await api.post(endpoint(workloadId, '/predict'), {})).status).toBe(503);
  });

  it("loads only the replicas that take requests, on their own cores: a worker's adds no capacity", async () => {
    const artifactId = await createArtifact(api, twoGroupArtifact());
    // The api replica has 2 cores (40 requests a second at full use); the worker 1 more.
    const workloadId = await createWorkload(api, workloadBody(artifactId, { runtime: twoGroupRuntime() }));
    t.advance(POD_COURSE_SECONDS);
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 50, seconds: 60 });
    t.advance(30);
    // The endpoint's own requests meet the same overloaded replica.
    let overloaded = 0;
    for (let i = 0; i < 100; i++) {
      const answer = await api.get(`/api/v2/endpoints/workloads/${workloadId}/predict`);
      if (answer.status === 503 && answer.headers['x-workload-mock-upstream'] === 'simulated') overloaded++;
    }
    expect(overloaded).toBeGreaterThan(5);
    t.advance(30);
    // 50 a second is 125 % of the api replica: a fifth fail as overloaded (counted with the worker's
    // core, 83 %, none would).
    const { totalRequests, serverErrors } = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
    expect(totalRequests).toBe(3100);
    expect(serverErrors / totalRequests).toBeCloseTo(0.2, 1);
  });

  it('answers 503 with a detail from the gateway while no replica is ready, and when stopped', async () => {
    const v1 = await createArtifact(api);
    const workloadId = await createWorkload(api, workloadBody(v1, { runtime: replicas(1) }));
    const protonId = (await api.get(`workloads/${workloadId}`)).body.protonId;
    const launching = await api.get(endpoint(workloadId, '/x'));
    expect(launching.status).toBe(503);
    expect(launching.headers['x-workload-mock-upstream']).toBeUndefined();
    expect(launching.body).toEqual({
      detail: `No replica of workload ${workloadId} is ready to take the request: its active proton ${protonId} is submitted.`,
    });
    t.advance(POD_COURSE_SECONDS);
    expect((await api.get(endpoint(workloadId, '/x'))).status).toBe(200);
    await api.post(`workloads/${workloadId}/stop`);
    const stopping = await api.get(endpoint(workloadId, '/x'));
    expect(stopping.status).toBe(503);
    expect(stopping.body.detail).toBe(`Workload ${workloadId} is stopping: no replica takes requests.`);
    t.advance(10);
    expect((await api.get(endpoint(workloadId))).body.detail).toBe(
      `Workload ${workloadId} is stopped: no replica takes requests.`,
    );
    const stats = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
    expect(stats).toMatchObject({ totalRequests: 4, serverErrors: 3 });
    const failed = (await api.get(`otel/workload/${workloadId}/traces/?status=error`)).body.data;
    expect(failed).toHaveLength(3);
    expect(failed.every((trace: any) => trace.httpStatusCode === 503 && trace.spanCount === 1)).toBe(true);
    // The gateway's span says that no replica was there to pass the request on to.
    const [gateway] = (await api.get(`otel/workload/${workloadId}/traces/${failed[0].traceId}`)).body.spans;
    expect(gateway.statusMessage).toBe('Service Unavailable: no ready replica');
  });

  it('takes replicas that a fault makes unready out of rotation', async () => {
    const { workloadId, protonId } = await prerequisites(replicas(3));
    const names = (
      await api.get(`workloads/${workloadId}/protons/${protonId}/statusDetails`)
    ).body.replicas.map((r: any) => r.name as string);
    const [sick, ...healthy] = names;
    // Readiness fails on one replica (its pod name), the others keep serving.
    await api.post('/_mock/faults', { match: { pod: sick }, fault: 'NeverReady' });
    t.advance(1);
    const served = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const res = await api.get(endpoint(workloadId, '/'));
      expect(res.status).toBe(200);
      served.add(res.body.replica);
    }
    expect([...served].sort()).toEqual([...healthy].sort());
  });

  it('an ErrorRate fault fails its share of requests with 500 from the simulated workload', async () => {
    const { workloadId } = await prerequisites();
    const fault = await api.post('/_mock/faults', { match: { workloadId }, fault: 'ErrorRate', rate: 0.25 });
    expect(fault.status).toBe(201);
    expect(fault.body).toMatchObject({ fault: 'ErrorRate', rate: 0.25 });
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) {
      const res = await api.get(endpoint(workloadId, '/'));
      statuses.push(res.status);
      // Every answer comes from the simulated workload, the failures too.
      expect(res.headers['x-workload-mock-upstream']).toBe('simulated');
      if (res.status === 500)
        expect(res.body.detail).toMatch(/failed the request \(an ErrorRate fault makes 25 %/);
    }
    const failures = statuses.filter((s) => s === 500).length;
    expect(statuses.every((s) => s === 200 || s === 500)).toBe(true);
    // 100 expected; seeded, so the draw is reproducible, and well within binomial bounds.
    expect(failures).toBeGreaterThan(70);
    expect(failures).toBeLessThan(130);
    const stats = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
    expect(stats).toMatchObject({ totalRequests: 400, serverErrors: failures });
    const errorLogs = (await api.get(`otel/workload/${workloadId}/logs/?level=error&limit=1000`)).body.data;
    expect(errorLogs.filter((l: any) => l.message.includes('ErrorRate fault'))).toHaveLength(failures);

    // The mock's own API is untouched by it, and clearing the fault ends the failures.
    expect((await api.get(`workloads/${workloadId}`)).status).toBe(200);
    await api.delete(`/_mock/faults/${fault.body.id}`);
    for (let i = 0; i < 20; i++) expect((await api.get(endpoint(workloadId, '/'))).status).toBe(200);

    const rateless = await api.post('/_mock/faults', { match: { workloadId }, fault: 'ErrorRate' });
    expect(rateless.body.rate).toBe(0.5);
    const misplaced = await api.post('/_mock/faults', {
      match: { workloadId },
      fault: 'CrashLoopBackOff',
      rate: 1,
    });
    expect(misplaced.status).toBe(422);
    expect(misplaced.body.detail[0]).toMatchObject({ loc: ['body', 'rate'] });
    const outOfRange = await api.post('/_mock/faults', {
      match: { workloadId },
      fault: 'ErrorRate',
      rate: 2,
    });
    expect(outOfRange.status).toBe(422);
  });

  it('two ErrorRate faults on the same replicas each fail their share, independently: 0.5 and 0.5 fail three in four', async () => {
    const { workloadId } = await prerequisites();
    for (const match of [{ workloadId }, { imageUri: 'registry.example.com/agent:*' }])
      expect((await api.post('/_mock/faults', { match, fault: 'ErrorRate', rate: 0.5 })).status).toBe(201);
    let failures = 0;
    for (let i = 0; i < 400; i++) if ((await api.get(endpoint(workloadId, '/'))).status === 500) failures++;
    // 300 expected (one fault alone would fail 200); seeded, so the draw is reproducible.
    expect(failures).toBeGreaterThan(260);
    expect(failures).toBeLessThan(340);
  });

  it('an ErrorRate fault naming a pod fails the requests that replica serves, not those of the other', async () => {
    const { workloadId, protonId } = await prerequisites();
    const [hit, spared] = (await statusDetails(api, workloadId, protonId)).replicas.map((r: any) => r.name);
    const fault = await api.post('/_mock/faults', { match: { pod: hit }, fault: 'ErrorRate', rate: 1 });
    expect(fault.status).toBe(201);
    const answers = { failed: 0, served: 0 };
    for (let i = 0; i < 40; i++) {
      const res = await api.get(endpoint(workloadId, '/'));
      if (res.status === 500) {
        expect(res.body.detail).toMatch(
          new RegExp(`^Replica ${hit} failed the request \\(an ErrorRate fault`),
        );
        answers.failed++;
      } else {
        expect([res.status, res.body.replica]).toEqual([200, spared]);
        answers.served++;
      }
    }
    expect(answers.failed).toBeGreaterThan(0);
    expect(answers.served).toBeGreaterThan(0);
  });

  it('an ErrorRate fault with afterSeconds starts failing then, and fails simulated traffic too', async () => {
    const { workloadId } = await prerequisites();
    await api.post('/_mock/faults', { match: { workloadId }, fault: 'ErrorRate', rate: 1, afterSeconds: 10 });
    expect((await api.get(endpoint(workloadId))).status).toBe(200);
    t.advance(10);
    expect((await api.get(endpoint(workloadId))).status).toBe(500);
    await api.post(`/_mock/workloads/${workloadId}/traffic`, { rps: 2, seconds: 30 });
    t.advance(30);
    const stats = (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
    expect(stats).toMatchObject({ totalRequests: 62, serverErrors: 61 });
  });
});

describe('routing through a replacement', () => {
  it('every request is answered, by the old artifact until the switch and the new one from it, never the draining proton', async () => {
    const { v1, v2, workloadId, protonId: previous } = await prerequisites();
    const posted = await api.post(`workloads/${workloadId}/replacement`, {
      artifactId: v2,
      strategy: 'rolling',
      config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
    });
    expect(posted.status).toBe(202);
    const answers: { second: number; status: number; artifactId: string; protonId: string }[] = [];
    for (let second = 0; second <= 150; second++) {
      // Two requests each simulated second, half a second apart.
      for (let half = 0; half < 2; half++) {
        const res = await api.post(endpoint(workloadId, '/predict'), { second });
        answers.push({
          second: secondsOf(res.body.servedAt ?? at(0)),
          status: res.status,
          artifactId: res.body.artifactId,
          protonId: res.body.protonId,
        });
        t.advance(0.5);
      }
    }
    const record = (await api.get(`workloads/${workloadId}/history`)).body.data[0];
    expect(record.status).toBe('completed');
    const switchedAt = secondsOf(record.switchedAt);
    expect(switchedAt).toBe(17 + 80);
    const candidate = record.candidateProtonIds[0];

    expect(answers).toHaveLength(302);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    // No gap: a request every half second, each served when it was sent.
    expect(answers.map((a) => a.second)).toEqual(answers.map((_, i) => 17 + i / 2));
    for (const a of answers) {
      if (a.second < switchedAt)
        expect(a, String(a.second)).toMatchObject({ artifactId: v1, protonId: previous });
      else expect(a, String(a.second)).toMatchObject({ artifactId: v2, protonId: candidate });
    }
    // The old proton drained from the switch to its removal and took no request in that time.
    const drained = (await events(api, workloadId)).find(
      (e) => e.eventType === 'replacement.oldProtonDrained',
    );
    expect(secondsOf(drained.timestamp)).toBeGreaterThan(switchedAt);
    expect(answers.filter((a) => a.second >= switchedAt && a.protonId === previous)).toEqual([]);
    // Both protons' statistics hold what each served.
    const before = answers.filter((a) => a.second < switchedAt).length;
    const old = (await api.get(`workloads/${workloadId}/stats?protonId=${previous}`)).body.metrics;
    const fresh = (await api.get(`workloads/${workloadId}/stats?protonId=${candidate}`)).body.metrics;
    expect([old.totalRequests, fresh.totalRequests]).toEqual([before, 302 - before]);
  });

  it('a cancel after the switch routes back to the old proton', async () => {
    const { v1, v2, workloadId, protonId: previous } = await prerequisites();
    await api.post(`workloads/${workloadId}/replacement`, {
      artifactId: v2,
      strategy: 'rolling',
      config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 10 },
    });
    t.advance(80); // switched at 78 s after the start
    const after = await api.get(endpoint(workloadId, '/'));
    expect(after.body.artifactId).toBe(v2);
    const candidate = after.body.protonId;
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await api.get(endpoint(workloadId, '/'));
      expect(res.status).toBe(200);
      seen.push(
        `${secondsOf(res.body.servedAt) - 97}:${res.body.protonId === previous ? 'old' : res.body.protonId === candidate ? 'new' : '?'}`,
      );
      t.advance(0.25);
    }
    // The cancel is accepted after a second; from then on the old proton answers again.
    expect(seen).toEqual([
      '0:new',
      '0.25:new',
      '0.5:new',
      '0.75:new',
      '1:old',
      '1.25:old',
      '1.5:old',
      '1.75:old',
    ]);
    t.advance(30);
    const res = await api.get(endpoint(workloadId, '/'));
    expect(res.body).toMatchObject({ artifactId: v1, protonId: previous });
  });
});
