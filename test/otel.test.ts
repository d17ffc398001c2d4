import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import { at, type Client, createTestApp, type TestApp } from './helpers.js';
import { injectFault, startReplacement, V2_IMAGE } from './sim-helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

const q = encodeURIComponent;

async function runningWorkload(): Promise<string> {
  const artifactId = await createArtifact(api);
  const id = await createWorkload(api, workloadBody(artifactId, { runtime: replicas(2) }));
  t.advance(POD_COURSE_SECONDS);
  return id;
}

function seriesOf(metrics: any, name: string, protonId: string) {
  const metric = metrics.metrics.find((m: any) => m.name === name);
  return metric.dataPoints.filter((p: any) => p.attributes['datarobot.proton.id'] === protonId);
}

describe('OpenTelemetry surface', () => {
  it("answers the tutorial's three calls, and they change as a replacement runs", async () => {
    const id = await runningWorkload();
    const oldProton = (await api.get(`workloads/${id}`)).body.protonId;
    const newArtifact = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    expect((await api.post(`/_mock/workloads/${id}/traffic`, { rps: 5, seconds: 3600 })).status).toBe(201);
    t.advance(60);
    const calls = async () => ({
      logs: await api.get(`otel/workload/${id}/logs/`),
      traces: await api.get(`otel/workload/${id}/traces/`),
      metrics: await api.get(`otel/workload/${id}/metrics/`),
    });
    const before = await calls();
    for (const answer of Object.values(before)) expect(answer.status).toBe(200);
    expect(before.logs.body.data.some((l: any) => l.message.includes('agent:2.0'))).toBe(false);
    expect(before.traces.body.data.length).toBeGreaterThan(0);
    expect(before.traces.body.data.every((tr: any) => tr.protonId === oldProton)).toBe(true);
    expect(seriesOf(before.metrics.body, 'workload.replicas.ready', oldProton).at(-1).value).toBe(2);

    const replacement = await api.post(`workloads/${id}/replacement`, {
      artifactId: newArtifact,
      strategy: 'rolling',
      config: { warmupDurationMinutes: 10, keepOldVersionMinutes: 60 },
    });
    expect(replacement.status).toBe(202);
    t.advance(POD_COURSE_SECONDS + 1);
    const candidate = (await api.get(`workloads/${id}/protons`)).body.data.find(
      (p: any) => p.role === 'candidate',
    );
    expect(candidate.status).toBe('warming');

    const during = await calls();
    const startup = during.logs.body.data.filter(
      (l: any) =>
        l.attributes['datarobot.proton.id'] === candidate.id && l.message.startsWith('Started container'),
    );
    expect(startup).toHaveLength(2);
    expect(startup[0]).toMatchObject({
      level: 'info',
      severityText: 'INFO',
      severityNumber: 9,
      message: 'Started container agent (image registry.example.com/agent:2.0)',
      attributes: { 'datarobot.proton.role': 'candidate', 'k8s.container.name': 'agent' },
      resource: { attributes: { 'service.name': `workload-${id}` } },
    });
    expect(during.logs.body.data.some((l: any) => l.message.includes('candidate proton'))).toBe(true);
    expect(seriesOf(during.metrics.body, 'workload.replicas.ready', candidate.id).at(-1).value).toBe(2);
    expect(seriesOf(during.metrics.body, 'workload.replicas.ready', oldProton).at(-1).value).toBe(2);
    expect(during.traces.body.data.length).toBeGreaterThan(0);
    expect(during.traces.body.data.every((tr: any) => tr.protonId === oldProton)).toBe(true);

    t.advance(13 * 60); // past the warm-up and the switch, plus two whole minutes
    const after = await calls();
    expect(after.traces.body.data[0].protonId).toBe(candidate.id);
    const stepLines = (await api.get(`otel/workload/${id}/logs/?limit=1000&includes=Replacement`)).body.data;
    const steps = stepLines
      .map((l: any) => l.message as string)
      .filter((m: string) => m.startsWith(`Replacement ${replacement.body.id}`))
      .reverse();
    expect(steps).toEqual([
      `Replacement ${replacement.body.id} created: rolling out artifact ${newArtifact}`,
      `Replacement ${replacement.body.id}: candidate proton ${candidate.id} created from artifact ${newArtifact}`,
      `Replacement ${replacement.body.id}: candidate proton ${candidate.id} is running`,
      `Replacement ${replacement.body.id}: traffic switched to proton ${candidate.id}`,
    ]);
    // The switch's line is written as the role changes: its proton is active from that very moment.
    const switchLine = stepLines.find((l: any) => l.message.includes('traffic switched'));
    expect(switchLine.attributes).toMatchObject({
      'datarobot.proton.id': candidate.id,
      'datarobot.proton.role': 'active',
    });
    const rate = seriesOf(after.metrics.body, 'http.server.request.rate', candidate.id);
    expect(rate.at(-2).value).toBe(300); // the last step is partial
    const oldRate = seriesOf(after.metrics.body, 'http.server.request.rate', oldProton);
    expect(oldRate.length).toBeGreaterThan(0);
    expect(
      seriesOf(after.metrics.body, 'container.cpu.utilization', candidate.id).at(-1).value,
    ).toBeGreaterThan(0);

    // Telemetry keeps the role its proton had when it was written, also once the old proton is gone.
    const switchedAt = Date.parse((await api.get(`workloads/${id}/replacement`)).body.switchedAt);
    const startupRoles = async () => {
      const lines = (await api.get(`otel/workload/${id}/logs/?limit=1000&includes=${q('Started container')}`))
        .body.data;
      const rolesOf = (protonId: string) =>
        lines
          .filter((l: any) => l.attributes['datarobot.proton.id'] === protonId)
          .map((l: any) => l.attributes['datarobot.proton.role']);
      return { old: rolesOf(oldProton), candidate: rolesOf(candidate.id) };
    };
    expect(await startupRoles()).toEqual({
      old: ['active', 'active'],
      candidate: ['candidate', 'candidate'],
    });
    const rolesAround = (points: any[]) => ({
      before: [...new Set(points.filter((p) => Date.parse(p.timestamp) < switchedAt).map(roleOfPoint))],
      after: [...new Set(points.filter((p) => Date.parse(p.timestamp) > switchedAt).map(roleOfPoint))],
    });
    const roleOfPoint = (p: any) => p.attributes['datarobot.proton.role'];
    const ready = (protonId: string) => seriesOf(after.metrics.body, 'workload.replicas.ready', protonId);
    expect(rolesAround(ready(candidate.id))).toEqual({ before: ['candidate'], after: ['active'] });
    expect(rolesAround(ready(oldProton))).toEqual({ before: ['active'], after: [null] });
    // Values summed up over a window name each proton's role at the window's end.
    const collected = (await api.get(`otel/workload/${id}/metrics/autocollectedValues/`)).body.data;
    const roles = new Set(
      collected.map(
        (v: any) => `${v.attributes['datarobot.proton.id']}:${v.attributes['datarobot.proton.role']}`,
      ),
    );
    expect([...roles].sort()).toEqual([`${candidate.id}:active`, `${oldProton}:null`].sort());
    t.advance(61 * 60);
    expect((await api.get(`workloads/${id}/protons`)).body.data.map((p: any) => p.id)).toEqual([
      candidate.id,
    ]);
    expect(await startupRoles()).toEqual({
      old: ['active', 'active'],
      candidate: ['candidate', 'candidate'],
    });
    // The removed proton's replica series ends with it; the active one's goes on.
    const removedAt = Date.parse(
      (await api.get(`workloads/${id}/events?limit=100`)).body.data.find(
        (e: any) => e.eventType === 'replacement.oldProtonDrained',
      ).timestamp,
    );
    const latest = (await api.get(`otel/workload/${id}/metrics/`)).body;
    const lastOld = Date.parse(seriesOf(latest, 'workload.replicas.ready', oldProton).at(-1).timestamp);
    expect(lastOld).toBeLessThanOrEqual(removedAt + 60_000);
    // The step it was removed in still has its point.
    expect(lastOld).toBeGreaterThan(removedAt);
    expect(Date.parse(seriesOf(latest, 'workload.replicas.ready', candidate.id).at(-1).timestamp)).toBe(
      Date.parse(latest.endTime),
    );
  });

  it('lists log lines written in one instant newest first too, as they were written', async () => {
    const id = await runningWorkload();
    const written = t.app.emulator.activity.logsOf(id)!.toArray();
    const instants = written.map((line) => line.timestamp);
    expect(new Set(instants).size).toBeLessThan(instants.length);
    const listed = (await api.get(`otel/workload/${id}/logs/?limit=1000&level=DEBUG`)).body.data;
    expect(listed.map((line: any) => line.message)).toEqual(written.map((line) => line.message).reverse());
  });

  it('logs: newest first, level as a minimum, time window, paging up to 1000, text and trace filters', async () => {
    const id = await runningWorkload();
    await api.post('/_mock/faults', { match: { workloadId: id }, fault: 'CrashLoopBackOff' });
    t.advance(30);
    const all = (await api.get(`otel/workload/${id}/logs?limit=1000`)).body;
    expect(all.totalCount).toBe(all.count);
    const times = all.data.map((l: any) => l.timestamp);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.data.at(-1).message).toMatch(/Created pod/);

    const errorsOnly = (await api.get(`otel/workload/${id}/logs?level=ERROR`)).body;
    expect(errorsOnly.totalCount).toBeGreaterThan(0);
    expect(errorsOnly.data.every((l: any) => l.level === 'error')).toBe(true);
    expect(errorsOnly.data.some((l: any) => l.message.includes('exited with code 1'))).toBe(true);
    const warnings = (await api.get(`otel/workload/${id}/logs?level=warning`)).body;
    expect(warnings.data.some((l: any) => l.level === 'warn')).toBe(true);
    expect(warnings.data.some((l: any) => l.level === 'info')).toBe(false);
    expect((await api.get(`otel/workload/${id}/logs?level=critical`)).body.totalCount).toBe(0);

    const early = (await api.get(`otel/workload/${id}/logs?endTime=${q(at(5))}&limit=1000`)).body;
    expect(early.data.every((l: any) => l.timestamp <= at(5))).toBe(true);
    expect(early.totalCount).toBeGreaterThan(0);
    const late = (await api.get(`otel/workload/${id}/logs?startTime=${q(at(20))}&limit=1000`)).body;
    expect(late.totalCount + early.totalCount).toBeLessThanOrEqual(all.totalCount);
    expect(late.data.length).toBeGreaterThan(0);
    expect(late.data.every((l: any) => l.timestamp >= at(20))).toBe(true);

    const second = (await api.get(`otel/workload/${id}/logs?offset=1&limit=2`)).body;
    expect(second.data).toEqual(all.data.slice(1, 3));
    expect(second.next).toMatch(/offset=3&limit=2$/);
    expect(second.previous).toMatch(/offset=0&limit=2$/);

    const included = (await api.get(`otel/workload/${id}/logs?includes=Created&includes=pod`)).body;
    expect(included.totalCount).toBe(2);
    const excluded = (await api.get(`otel/workload/${id}/logs?excludes=Created&limit=1000`)).body;
    expect(excluded.totalCount).toBe(all.totalCount - 2);
    // Every text given counts: a line holds all the includes and none of the excludes.
    const lines = (test: (message: string) => boolean) =>
      all.data.filter((l: any) => test(l.message)).map((l: any) => l.message);
    const exited = lines((m) => m.includes('exited'));
    expect(exited.length).toBeGreaterThan(0);
    const bothIncluded = (await api.get(`otel/workload/${id}/logs?includes=Proton&includes=launching`)).body;
    const protonLaunching = lines((m) => m.includes('Proton') && m.includes('launching'));
    expect(protonLaunching.length).toBeGreaterThan(0);
    expect(protonLaunching.length).toBeLessThan(lines((m) => m.includes('Proton')).length);
    expect(bothIncluded.data.map((l: any) => l.message)).toEqual(protonLaunching);
    const bothExcluded = (
      await api.get(`otel/workload/${id}/logs?excludes=Created&excludes=exited&limit=1000`)
    ).body;
    expect(bothExcluded.totalCount).toBe(all.totalCount - 2 - exited.length);

    await api.delete('/_mock/faults');
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 1, seconds: 60, errorRate: 0.5 });
    t.advance(60);
    const trace = (await api.get(`otel/workload/${id}/traces?limit=1`)).body.data[0];
    const byTrace = (await api.get(`otel/workload/${id}/logs?traceId=${trace.traceId}`)).body;
    expect(byTrace.totalCount).toBe(1);
    expect(byTrace.data[0].message).toMatch(/^"POST \/ HTTP\/1.1" \d{3} \d+ ms/);
    // The line is the root span's: a filter on the replica's span finds none.
    const [root, child] = (await api.get(`otel/workload/${id}/traces/${trace.traceId}`)).body.spans;
    expect((await api.get(`otel/workload/${id}/logs?spanId=${root.spanId}`)).body.data).toEqual(byTrace.data);
    expect((await api.get(`otel/workload/${id}/logs?spanId=${child.spanId}`)).body.totalCount).toBe(0);
  });

  it("logs: a request line's level follows its status, and it is written when the request ended", async () => {
    const id = await runningWorkload();
    await api.post(`/_mock/workloads/${id}/traffic`, {
      rps: 4,
      seconds: 60,
      errorRate: 0.5,
      userErrorRate: 0.5,
    });
    t.advance(60);
    const lines = (await api.get(`otel/workload/${id}/logs?limit=1000&includes=${q('HTTP/1.1')}`)).body.data;
    const levels = (status: number) =>
      new Set(
        lines.filter((line: any) => line.message.includes(`" ${status} `)).map((line: any) => line.level),
      );
    expect([levels(200), levels(400), levels(500)]).toEqual([
      new Set(['info']),
      new Set(['warn']),
      new Set(['error']),
    ]);
    // OpenTelemetry's severity numbers: 9 info, 13 warn, 17 error.
    expect(new Set(lines.map((l: any) => `${l.level} ${l.severityText} ${l.severityNumber}`))).toEqual(
      new Set(['info INFO 9', 'warn WARN 13', 'error ERROR 17']),
    );
    const [line] = lines;
    const [root] = (await api.get(`otel/workload/${id}/traces/${line.traceId}`)).body.spans;
    expect(line.spanId).toBe(root.spanId);
    // W3C ids; the line names the replica and container that answered, as the replica's span does.
    expect([line.traceId, line.spanId]).toEqual([
      expect.stringMatching(/^[0-9a-f]{32}$/),
      expect.stringMatching(/^[0-9a-f]{16}$/),
    ]);
    expect(line.attributes).toMatchObject({
      'k8s.pod.name': root.attributes['k8s.pod.name'],
      'k8s.container.name': 'agent',
    });
    // To the millisecond, as log lines are.
    expect(Math.abs(Date.parse(line.timestamp) - Date.parse(root.endTime))).toBeLessThanOrEqual(1);
  });

  it("spreads a tick's sampled requests over the seconds it covers, not all at its end", async () => {
    const id = await runningWorkload();
    const start = t.clock.now();
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 4, seconds: 60 });
    t.advance(60);
    const lines = (await api.get(`otel/workload/${id}/logs?limit=1000&includes=${q('HTTP/1.1')}`)).body.data;
    const offsets = lines.map((line: any) => Date.parse(line.timestamp) - start);
    // Two sampled successes in each of the four ticks, every one within the run, none at a tick.
    expect(offsets).toHaveLength(8);
    expect(offsets.every((ms: number) => ms > 0 && ms <= 60_000)).toBe(true);
    expect(offsets.filter((ms: number) => ms % 15_000 === 0)).toEqual([]);
  });

  it('traces: sampled requests with their spans; errors by the error rate; a trace by id', async () => {
    const id = await runningWorkload();
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 4, seconds: 300, errorRate: 0.5 });
    t.advance(300);
    const traces = (await api.get(`otel/workload/${id}/traces?limit=1000`)).body;
    expect(traces.totalCount).toBeGreaterThan(20);
    expect(traces.totalCount).toBeLessThanOrEqual(500);
    const second = (await api.get(`otel/workload/${id}/traces?offset=1&limit=2`)).body;
    expect(second).toMatchObject({ totalCount: traces.totalCount, count: 2, data: traces.data.slice(1, 3) });
    expect([second.next, second.previous]).toEqual([
      expect.stringMatching(/offset=3&limit=2$/),
      expect.stringMatching(/offset=0&limit=2$/),
    ]);
    const starts = traces.data.map((tr: any) => tr.startTime);
    expect([...starts].sort().reverse()).toEqual(starts);
    const failing = (await api.get(`otel/workload/${id}/traces?status=ERROR`)).body;
    expect(failing.totalCount).toBeGreaterThan(0);
    expect(failing.data.every((tr: any) => tr.statusCode === 'Error' && tr.httpStatusCode === 500)).toBe(
      true,
    );
    const ok = (await api.get(`otel/workload/${id}/traces?status=ok`)).body;
    expect(ok.totalCount + failing.totalCount).toBe(traces.totalCount);
    // A summary carries its root span's status: an answered request's server span stays Unset.
    const answered = ok.data[0];
    expect(answered).toMatchObject({ statusCode: 'Unset', httpStatusCode: 200 });
    const answeredRoot = (await api.get(`otel/workload/${id}/traces/${answered.traceId}`)).body.spans[0];
    expect(answeredRoot.statusCode).toBe(answered.statusCode);

    const summary = failing.data[0];
    expect(summary).toMatchObject({ rootSpanName: 'POST /', serviceName: `workload-${id}`, spanCount: 2 });
    const detail = await api.get(`otel/workload/${id}/traces/${summary.traceId}/`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ traceId: summary.traceId, totalCount: 2, count: 2, next: null });
    const [root, child] = detail.body.spans;
    expect(root).toMatchObject({ parentSpanId: null, kind: 'Server', statusCode: 'Error', name: 'POST /' });
    expect(root.attributes['http.response.status_code']).toBe(500);
    expect(child).toMatchObject({ parentSpanId: root.spanId, kind: 'Internal', statusCode: 'Error' });
    expect(child.statusMessage).toMatch(/RuntimeError/);
    // The spans page too.
    const spansPage = async (query: string) =>
      (await api.get(`otel/workload/${id}/traces/${summary.traceId}?${query}`)).body;
    expect(await spansPage('offset=0&limit=1')).toMatchObject({
      traceId: summary.traceId,
      totalCount: 2,
      count: 1,
      spans: [root],
      next: expect.stringMatching(/offset=1&limit=1$/),
      previous: null,
    });
    expect(await spansPage('offset=1')).toMatchObject({
      totalCount: 2,
      count: 1,
      spans: [child],
      next: null,
    });
    expect(root.startTime).toBe(summary.startTime);
    // Durations are milliseconds to three decimals, the request's and each span's.
    const sampled = t.app.emulator.telemetry
      .traces(id)!
      .toArray()
      .find((tr) => tr.traceId === summary.traceId)!;
    const ms3 = (ms: number) => Math.round(ms * 1000) / 1000;
    expect(summary.duration).toBe(ms3(sampled.durationMs));
    expect([root.duration, child.duration]).toEqual(sampled.spans.map((span) => ms3(span.durationMs)));
    expect(Number.isInteger(child.duration)).toBe(false);
    // The replica's span lies within the gateway's, from a moment after it began.
    expect([child.startTime > root.startTime, child.endTime < root.endTime]).toEqual([true, true]);
    expect((await api.get(`otel/workload/${id}/traces/${'0'.repeat(32)}`)).status).toBe(404);
    // A trace id is matched as written: the same hex in capitals names no trace.
    expect(summary.traceId).toMatch(/[a-f]/);
    expect((await api.get(`otel/workload/${id}/traces/${summary.traceId.toUpperCase()}`)).status).toBe(404);
  });

  it('traces: a sampled failure says its cause, as the endpoint would: overload, an ErrorRate fault, the error rate', async () => {
    const id = await runningWorkload();
    // Two replicas at 400 requests a second are overloaded.
    await api.post('/_mock/faults', { match: { workloadId: id }, fault: 'ErrorRate', rate: 0.2 });
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 400, seconds: 300, errorRate: 0.2 });
    t.advance(300);
    const failing = (await api.get(`otel/workload/${id}/traces?status=error&limit=1000`)).body.data;
    const causes = new Set<string>();
    for (const summary of failing) {
      const [root, child] = (await api.get(`otel/workload/${id}/traces/${summary.traceId}`)).body.spans;
      const [line] = (await api.get(`otel/workload/${id}/logs?traceId=${summary.traceId}`)).body.data;
      expect(line.message.endsWith(child.statusMessage)).toBe(true);
      if (summary.httpStatusCode === 503) {
        expect(root.statusMessage).toBe('Service Unavailable');
        expect(child.statusMessage).toBe(
          `Replica ${root.attributes['k8s.pod.name']} is overloaded and refused the request.`,
        );
        causes.add('overload');
      } else if (child.statusMessage.startsWith('Replica')) {
        expect([summary.httpStatusCode, root.statusMessage]).toEqual([500, 'Internal Server Error']);
        expect(child.statusMessage).toMatch(
          /^Replica \S+ failed the request \(an ErrorRate fault makes 20 % of its requests fail\)\.$/,
        );
        causes.add('fault');
      } else {
        expect([summary.httpStatusCode, child.statusMessage]).toEqual([
          500,
          'RuntimeError: the model server failed to answer',
        ]);
        causes.add('error rate');
      }
    }
    expect([...causes].sort()).toEqual(['error rate', 'fault', 'overload']);
  });

  it('metrics: replica counts over time, utilisation, and values summed up per proton', async () => {
    const artifactId = await createArtifact(api);
    const id = await createWorkload(api, workloadBody(artifactId, { runtime: replicas(3) }));
    const protonId = (await api.get(`workloads/${id}`)).body.protonId;
    t.advance(120);
    const metrics = (await api.get(`otel/workload/${id}/metrics?startTime=${q(at(0))}&endTime=${q(at(120))}`))
      .body;
    expect(metrics).toMatchObject({
      entityType: 'workload',
      entityId: id,
      resolution: 'PT1M',
      startTime: at(0),
    });
    expect(metrics.resource).toEqual({
      attributes: {
        'service.name': `workload-${id}`,
        'datarobot.entity.type': 'workload',
        'datarobot.entity.id': id,
        'datarobot.workload.name': 'agent-prod',
      },
    });
    expect(metrics.metrics.map((m: any) => m.name)).toEqual([
      'workload.replicas.ready',
      'workload.replicas.desired',
      'container.cpu.utilization',
      'container.memory.utilization',
      'http.server.request.rate',
      'http.server.error.rate',
      'http.server.request.duration',
    ]);
    expect(
      seriesOf(metrics, 'workload.replicas.ready', protonId).map((p: any) => [p.timestamp, p.value]),
    ).toEqual([
      [at(60), 3],
      [at(120), 3],
    ]);
    const halfway = (await api.get(`otel/workload/${id}/metrics?startTime=${q(at(0))}&endTime=${q(at(10))}`))
      .body;
    expect(seriesOf(halfway, 'workload.replicas.ready', protonId)).toEqual([
      {
        timestamp: at(10),
        value: 0,
        attributes: { 'datarobot.proton.id': protonId, 'datarobot.proton.role': 'active' },
      },
    ]);
    const idleCpu = seriesOf(metrics, 'container.cpu.utilization', protonId).at(-1).value;
    expect(idleCpu).toBeLessThan(10);

    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 100, seconds: 300 });
    t.advance(300);
    const busy = (await api.get(`otel/workload/${id}/metrics?resolution=PT5M`)).body;
    expect(busy.resolution).toBe('PT5M');
    expect(seriesOf(busy, 'container.cpu.utilization', protonId).at(-1).value).toBeGreaterThan(idleCpu + 20);
    const values = (await api.get(`otel/workload/${id}/metrics/autocollectedValues/`)).body;
    expect(values).toMatchObject({
      entityType: 'workload',
      entityId: id,
      startTime: busy.startTime,
      endTime: busy.endTime,
      resource: metrics.resource,
    });
    expect(values.data.find((v: any) => v.name === 'workload.replicas.ready')).toMatchObject({ value: 3 });
    expect(values.data.find((v: any) => v.name === 'http.server.request.count').value).toBe(30_000);
    expect(values.data.find((v: any) => v.name === 'http.server.request.duration.p95').value).toBeGreaterThan(
      0,
    );
    const tooMany = await api.get(`otel/workload/${id}/metrics?startTime=2025-01-01T00:00:00Z`);
    expect(tooMany.status).toBe(400);
  });

  it('autocollected request counts are per proton: each its own, across a replacement', async () => {
    const id = await runningWorkload();
    const oldProton = (await api.get(`workloads/${id}`)).body.protonId;
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 1, seconds: 60 });
    t.advance(60);
    const next = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    const replacement = await startReplacement(api, id, next, {
      warmupDurationMinutes: 0,
      keepOldVersionMinutes: 0,
    });
    expect(replacement.status).toBe(202);
    t.advance(120);
    const newProton = (await api.get(`workloads/${id}`)).body.protonId;
    expect(newProton).not.toBe(oldProton);
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 2, seconds: 60 });
    t.advance(60);
    const values = (await api.get(`otel/workload/${id}/metrics/autocollectedValues?startTime=${q(at(0))}`))
      .body;
    const counts = values.data
      .filter((v: any) => v.name === 'http.server.request.count')
      .map((v: any) => [v.attributes['datarobot.proton.id'], v.value]);
    expect(new Map(counts)).toEqual(
      new Map([
        [oldProton, 60],
        [newProton, 120],
      ]),
    );
    // Its mean memory is over the proton's memory points, as its mean CPU over its CPU points.
    const series = (await api.get(`otel/workload/${id}/metrics?startTime=${q(at(0))}`)).body;
    const meanOf = (name: string) => {
      const points = seriesOf(series, name, newProton).map((p: any) => p.value);
      return Math.round((points.reduce((a: number, b: number) => a + b, 0) / points.length) * 1000) / 1000;
    };
    const collected = (name: string) =>
      values.data.find((v: any) => v.name === name && v.attributes['datarobot.proton.id'] === newProton)
        .value;
    expect([collected('container.cpu.utilization'), collected('container.memory.utilization')]).toEqual([
      meanOf('container.cpu.utilization'),
      meanOf('container.memory.utilization'),
    ]);
    // A past window names each proton's role at its end.
    const before = (
      await api.get(
        `otel/workload/${id}/metrics/autocollectedValues?startTime=${q(at(0))}&endTime=${q(at(60))}`,
      )
    ).body;
    expect(before.data.map((v: any) => v.attributes)).toContainEqual({
      'datarobot.proton.id': oldProton,
      'datarobot.proton.role': 'active',
    });
  });

  it('metrics: replica counts follow pods that come without a status change, and desired ones the intent', async () => {
    const artifactId = await createArtifact(api);
    const policies = [
      { scalingMetric: 'httpRequestsConcurrency' as const, target: 1, minCount: 1, maxCount: 3 },
    ];
    const id = await createWorkload(api, workloadBody(artifactId, { runtime: autoscaledRuntime(policies) }));
    const protonId = (await api.get(`workloads/${id}`)).body.protonId;
    const last = async (name: string) =>
      seriesOf((await api.get(`otel/workload/${id}/metrics`)).body, name, protonId).at(-1).value;
    // Starting, it wants its replica before it has it ready.
    t.advance(5);
    expect([await last('workload.replicas.ready'), await last('workload.replicas.desired')]).toEqual([0, 1]);
    // The values summed up over the window say as much.
    const collected = (await api.get(`otel/workload/${id}/metrics/autocollectedValues/`)).body.data;
    const summed = (name: string) => collected.find((v: any) => v.name === name).value;
    expect([summed('workload.replicas.ready'), summed('workload.replicas.desired')]).toEqual([0, 1]);
    t.advance(POD_COURSE_SECONDS - 5);
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 20, seconds: 600, concurrency: 8 });
    t.advance(300);
    // Scaled up while running: the new replicas are counted as they come.
    expect((await api.get(`workloads/${id}`)).body.status).toBe('running');
    expect([await last('workload.replicas.ready'), await last('workload.replicas.desired')]).toEqual([3, 3]);
    // Stopped, it wants none and has none left.
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    t.advance(120);
    expect([await last('workload.replicas.ready'), await last('workload.replicas.desired')]).toEqual([0, 0]);
  });

  it("reads a proton's CPU and memory on the replicas of its groups that take requests", async () => {
    const artifactId = await createArtifact(api, twoGroupArtifact());
    const id = await createWorkload(
      api,
      workloadBody(artifactId, { runtime: twoGroupRuntime({ replicaCount: 1 }, 8) }),
    );
    t.advance(POD_COURSE_SECONDS);
    const protonId = (await api.get(`workloads/${id}`)).body.protonId;
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 30, seconds: 600 });
    t.advance(300);
    const metrics = (await api.get(`otel/workload/${id}/metrics`)).body;
    expect(seriesOf(metrics, 'http.server.request.rate', protonId).at(-2).value).toBe(1800);
    // Every pod is ready, the 8 workers' too.
    expect(seriesOf(metrics, 'workload.replicas.ready', protonId).at(-1).value).toBe(9);
    // 30 a second on the api's one replica of 2 cores (40 a second at full use): 3 % idle plus 75 % of
    // the rest, give or take 2. Spread over the workers' replicas and cores too, it read 8 %.
    const cpu = seriesOf(metrics, 'container.cpu.utilization', protonId).at(-2).value;
    expect(cpu).toBeGreaterThan(73);
    expect(cpu).toBeLessThan(78);
    const memory = seriesOf(metrics, 'container.memory.utilization', protonId).at(-2).value;
    expect(memory).toBeGreaterThan(43);
    expect(memory).toBeLessThan(46);
    // The api replica never ready again, the workers ready on: no replica takes requests, so no CPU
    // or memory is read, though replicas are ready.
    await injectFault(api, { match: { workloadId: id }, container: 'web', fault: 'NeverReady' });
    const faultAt = t.clock.now();
    t.advance(300);
    const after = (await api.get(`otel/workload/${id}/metrics`)).body;
    expect(seriesOf(after, 'workload.replicas.ready', protonId).at(-1).value).toBe(8);
    for (const name of ['container.cpu.utilization', 'container.memory.utilization']) {
      const last = Date.parse(seriesOf(after, name, protonId).at(-1).timestamp);
      expect(last, name).toBeLessThanOrEqual(faultAt + 60_000);
    }
  });

  it('metrics count only the window, though their steps are named by the calendar', async () => {
    const id = await runningWorkload();
    const protonId = (await api.get(`workloads/${id}`)).body.protonId;
    t.advance(60 - POD_COURSE_SECONDS);
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 10, seconds: 600 });
    t.advance(29 * 60);
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 20, seconds: 600 });
    t.advance(75 * 60);
    const window = (from: number, to: number) =>
      `startTime=${q(at(from * 60))}&endTime=${q(at(to * 60))}&resolution=PT1H`;
    const points = async (query: string) =>
      seriesOf(
        (await api.get(`otel/workload/${id}/metrics?${query}`)).body,
        'http.server.request.rate',
        protonId,
      ).map((p: any) => [p.timestamp, p.value]);
    // 6,000 requests in minutes 1-11 and 12,000 in minutes 30-40: a window from minute 30 holds the second
    // run, at its rate over the half hour the first step covers.
    expect(await points(window(30, 90))).toEqual([[at(3600), 400]]);
    expect(await points(window(45, 90))).toEqual([]);
    // The default window is the last hour (minutes 45-105): no request, whatever the resolution.
    expect(await points('resolution=P1D')).toEqual([]);
    expect(await points(window(0, 60))).toEqual([[at(3600), 300]]);
  });

  it('gives a rate over the whole minutes it counts, from a startTime within a minute as from the present', async () => {
    const id = await runningWorkload();
    const protonId = (await api.get(`workloads/${id}`)).body.protonId;
    t.advance(60 - POD_COURSE_SECONDS);
    await api.post(`/_mock/workloads/${id}/traffic`, { rps: 1, seconds: 600 });
    t.advance(330);
    const rates = async (query: string) =>
      seriesOf(
        (await api.get(`otel/workload/${id}/metrics?${query}`)).body,
        'http.server.request.rate',
        protonId,
      ).map((p: any) => p.value);
    // 60 a minute however the window cuts the minutes: each counts whole, and so divides.
    expect(await rates(`startTime=${q(at(150))}&endTime=${q(at(330))}`)).toEqual([60, 60, 60, 60]);
    expect(await rates(`startTime=${q(at(179))}&endTime=${q(at(270))}`)).toEqual([60, 60, 60]);
    // The default window reaches back an hour from now (6.5 min past the hour): the current minute so far.
    expect((await rates('resolution=PT1M')).every((rate: number) => rate === 60)).toBe(true);
    // A window that begins after the present holds nothing yet.
    const later = `startTime=${q(at(400))}&endTime=${q(at(500))}`;
    expect(await rates(later)).toEqual([]);
    // A step's CPU is its own, whichever window it opens: the minute from 120 s read from 150 s and from 179 s.
    const firstCpu = async (from: number, to: number) =>
      seriesOf(
        (await api.get(`otel/workload/${id}/metrics?startTime=${q(at(from))}&endTime=${q(at(to))}`)).body,
        'container.cpu.utilization',
        protonId,
      )[0];
    const [early, late] = [await firstCpu(150, 330), await firstCpu(179, 270)];
    expect(early.timestamp).toBe(at(180));
    expect(late).toEqual(early);
  });

  it('reaches back an hour by default, but not before year 1', async () => {
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    t.advance(7200);
    for (const path of ['metrics', 'metrics/autocollectedValues']) {
      const latest = (await api.get(`otel/workload/${id}/${path}`)).body;
      expect([latest.startTime, latest.endTime]).toEqual([at(3600), at(7200)]);
      const ending = (await api.get(`otel/workload/${id}/${path}?endTime=${q(at(5400))}`)).body;
      expect([ending.startTime, ending.endTime]).toEqual([at(1800), at(5400)]);
    }
    const early = await createTestApp({
      clock: { mode: 'manual', scale: 60, start: Date.parse('0001-01-01T00:10:00Z') },
    });
    try {
      const client = early.client();
      const id = await createWorkload(client, workloadBody(await createArtifact(client)));
      early.advance(60);
      for (const path of ['metrics', 'metrics/autocollectedValues']) {
        const answer = await client.get(`otel/workload/${id}/${path}`);
        expect(answer.status).toBe(200);
        expect(answer.body.startTime).toBe('0001-01-01T00:00:00.000+00:00');
      }
    } finally {
      await early.close();
    }
  });

  it('autocollected values take any window: the finest resolution that fits, as they take none', async () => {
    const id = await runningWorkload();
    t.advance(1001 * 60);
    // 1,000 minutes from half a minute past one: 1,001 steps of PT1M.
    const minutes = await api.get(
      `otel/workload/${id}/metrics/autocollectedValues?startTime=${q(at(30))}&endTime=${q(at(30 + 1000 * 60))}`,
    );
    expect(minutes.status).toBe(200);
    expect(minutes.body.data.find((v: any) => v.name === 'workload.replicas.ready').value).toBe(2);
    // No request: no time to answer one.
    const quantiles = minutes.body.data.filter((v: any) => v.name.startsWith('http.server.request.duration'));
    expect(quantiles.map((v: any) => v.value)).toEqual([null, null]);
    // A window reaching years past the present is read at the resolution its part so far allows.
    // Its CPU is the mean of the points of those steps.
    const now = t.clock.now();
    const since = `startTime=${q(new Date(now - 1_800_000).toISOString())}`;
    const meanCpu = async (end: number) =>
      (
        await api.get(
          `otel/workload/${id}/metrics/autocollectedValues?${since}&endTime=${q(new Date(end).toISOString())}`,
        )
      ).body.data.find((v: any) => v.name === 'container.cpu.utilization').value;
    const points = (await api.get(`otel/workload/${id}/metrics?${since}&resolution=PT1M`)).body.metrics
      .find((m: any) => m.name === 'container.cpu.utilization')
      .dataPoints.map((p: any) => p.value as number);
    expect(points.length).toBeGreaterThan(1);
    const mean =
      Math.round((points.reduce((a: number, b: number) => a + b, 0) / points.length) * 1000) / 1000;
    expect(await meanCpu(now)).toBe(mean);
    expect(await meanCpu(now + 10 * 365 * 86_400_000)).toBe(mean);
    // Years: more than 1,000 days.
    const years = await api.get(
      `otel/workload/${id}/metrics/autocollectedValues?startTime=2020-01-01T00:00:00Z`,
    );
    expect(years.status).toBe(200);
  });

  it('has data for workloads only: other entity types, unknown and foreign ids are 404; bad queries 422', async () => {
    const id = await runningWorkload();
    for (const kind of ['logs', 'traces', 'metrics', 'metrics/autocollectedValues']) {
      expect((await api.get(`otel/workload/${id}/${kind}/`)).status, kind).toBe(200);
      for (const type of ['deployment', 'use_case', 'experiment_container', 'custom_application']) {
        const res = await api.get(`otel/${type}/${id}/${kind}/`);
        expect(res.status, `${type} ${kind}`).toBe(404);
        expect(res.body.detail).toMatch(/workloads only/);
      }
      expect((await api.get(`otel/workload/${'0'.repeat(24)}/${kind}/`)).status).toBe(404);
      expect((await t.client('someone-else').get(`otel/workload/${id}/${kind}/`)).status).toBe(404);
      expect((await t.client(null).get(`otel/workload/${id}/${kind}/`)).status).toBe(401);
      expect((await api.get(`otel/workloads/${id}/${kind}/`)).status).toBe(422);
    }
    expect((await api.get(`otel/workload/${id}/logs?limit=1000`)).status).toBe(200);
    expect((await api.get(`otel/workload/${id}/logs?limit=1001`)).status).toBe(422);
    expect((await api.get(`otel/workload/${id}/logs?level=loud`)).status).toBe(422);
    expect((await api.get(`otel/workload/${id}/traces?status=maybe`)).status).toBe(422);
  });
});
