import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CANDIDATE_DRAIN_SECONDS,
  PROMOTE_SECONDS,
  SUBMIT_SECONDS,
  SWITCH_SECONDS,
} from '../src/sim/replacement-machine.js';
import {
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  replicas,
  serviceArtifact,
  sidecarArtifact,
  workloadBody,
} from './fixtures.js';
import { at, type Client, createTestApp, type TestApp } from './helpers.js';
import {
  activeProtonId,
  events,
  eventTypes,
  protonSequence,
  protons,
  rollingVersions,
  sampleReplacement,
  secondsOf,
  startReplacement,
  statusDetails,
} from './sim-helpers.js';

let t: TestApp;
let api: Client;

async function setup(config: Parameters<typeof createTestApp>[0] = {}) {
  t = await createTestApp(config);
  api = t.client();
}
afterEach(() => t.close());

/** A running workload on v1 (two replicas unless said otherwise) and a locked v2 to roll out. */
const prerequisites = (runtime = replicas(2)) => rollingVersions(t, api, runtime);

function replace(
  workloadId: string,
  artifactId: string,
  config = { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
  extra = {},
) {
  return startReplacement(api, workloadId, artifactId, config, extra);
}

describe('a rolling replacement', () => {
  beforeEach(() => setup());

  it('runs submitted -> initializing -> promoting -> finalizing -> completed, the endpoint unchanged', async () => {
    const { v1, v2, workloadId, previous, endpoint } = await prerequisites();
    const posted = await replace(workloadId, v2);
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({
      workloadId,
      candidateArtifactId: v2,
      candidateProtonIds: [],
      previousProtonIds: [previous],
      name: 'Replace agent-v1 v1 with agent-v2 v1',
      status: 'submitted',
      strategy: 'rolling',
      config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
      isDeleted: false,
      switchedAt: null,
      createdAt: at(17),
    });
    expect(posted.body.tenantId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );

    const timeline = await sampleReplacement(api, t.advance, workloadId, { previous }, 250);
    // Candidate: created at 1s, pods ready at 18s, warms 60s, runs as the candidate (still
    // initializing) for 2s, takes traffic at 80s (promoting, BEHAVIOR's switch), finalizing from 82s.
    expect(timeline.replacement).toEqual([
      '0:submitted',
      '1:initializing',
      '80:promoting',
      '82:finalizing',
      '147:completed',
      '207:none',
    ]);
    expect(timeline.candidate).toEqual([
      '1:submitted/candidate',
      '3:provisioning/candidate',
      '8:launching/candidate',
      '18:warming/candidate',
      '78:running/candidate',
      '80:running/active',
    ]);
    // The old proton drains from the switch, through promoting and keepOldVersionMinutes of
    // finalizing, then stops and goes.
    expect(timeline.previous).toEqual([
      '0:running/active',
      '80:draining/none',
      '142:stopping/none',
      '147:gone',
    ]);
    expect(timeline.workload).toEqual(['0:running']);
    expect(timeline.artifactId).toEqual([`0:${v1}`, `80:${v2}`]);

    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect(workload).toMatchObject({
      artifactId: v2,
      protonId: timeline.candidateId,
      endpoint,
      status: 'running',
      replacement: null,
    });
    expect(workload.artifact).toMatchObject({ id: v2, name: 'agent-v2', version: 1 });
    const candidate = (await api.get(`workloads/${workloadId}/protons/${timeline.candidateId}`)).body;
    expect(candidate.runningSince).toBe(at(17 + 78));
    const remaining = await protons(api, workloadId);
    expect(remaining.map((p) => [p.artifactId, p.role, p.status])).toEqual([[v2, 'active', 'running']]);

    const history = (await api.get(`workloads/${workloadId}/history`)).body;
    expect(history.totalCount).toBe(1);
    expect(history.data[0]).toMatchObject({
      id: posted.body.id,
      status: 'completed',
      candidateArtifactId: v2,
      candidateProtonIds: [timeline.candidateId],
      previousProtonIds: [previous],
      switchedAt: at(17 + 80),
      // Moved by each step, the last the completion.
      updatedAt: at(17 + 147),
    });

    const replacementEvents = (await events(api, workloadId)).filter(
      (e) => e.details?.replacementId === posted.body.id,
    );
    expect(replacementEvents.map((e) => [e.eventType, secondsOf(e.timestamp) - 17])).toEqual([
      ['replacement.created', 0],
      ['replacement.candidateRunning', 78],
      ['replacement.trafficSwitched', 80],
      ['replacement.oldProtonDrained', 142],
      ['replacement.completed', 147],
    ]);
    const replacementId = posted.body.id;
    expect(replacementEvents.map((e) => e.details)).toEqual([
      { replacementId },
      { replacementId, warmupSeconds: 60 },
      { replacementId },
      { replacementId },
      { replacementId },
    ]);
    expect(t.app.emulator.clock.state().pendingTimers).toBe(0);
  });

  it('keeps a completed record readable for the whole retention, and moves the workload updatedAt when it starts', async () => {
    const { v2, workloadId } = await prerequisites();
    const before = (await api.get(`workloads/${workloadId}`)).body.updatedAt;
    t.advance(3);
    const posted = await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 });
    expect(posted.status).toBe(202);
    const started = (await api.get(`workloads/${workloadId}`)).body.updatedAt;
    expect(started).not.toBe(before);
    expect(started).toBe(posted.body.createdAt);
    t.advance(60);
    const completed = (await events(api, workloadId)).find((e) => e.eventType === 'replacement.completed');
    const sinceCompletion = (t.clock.now() - Date.parse(completed.timestamp)) / 1000;
    // 60 simulated seconds of retention (MOCK_REPLACEMENT_RETENTION): readable to its last moment.
    t.advance(60 - sinceCompletion - 0.01);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body).toMatchObject({
      id: posted.body.id,
      status: 'completed',
    });
    t.advance(0.01);
    expect((await api.get(`workloads/${workloadId}/replacement`)).status).toBe(404);
  });

  it('mirrors the current record on the workload while it runs, and keeps the candidate at two replicas of the reused runtime', async () => {
    const { v2, workloadId } = await prerequisites();
    await replace(workloadId, v2);
    t.advance(10);
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    const current = (await api.get(`workloads/${workloadId}/replacement`)).body;
    expect(workload.replacement).toEqual({
      status: 'initializing',
      strategy: 'rolling',
      candidateProtonIds: current.candidateProtonIds,
    });
    t.advance(10);
    const candidate = current.candidateProtonIds[0];
    const details = await statusDetails(api, workloadId, candidate);
    expect(details.replicas).toHaveLength(2);
    expect(details.replicas[0].containers[0].image).toBe('registry.example.com/agent:2.0');
    expect((await api.get(`workloads/${workloadId}/protons/${candidate}`)).body).toMatchObject({
      role: 'candidate',
      status: 'warming',
    });
  });

  it('takes the artifact alone: rolling, no warm-up, no drain; a runtime of null reuses the current one', async () => {
    const { v2, workloadId } = await prerequisites();
    const posted = await api.post(`workloads/${workloadId}/replacement`, { artifactId: v2, runtime: null });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    expect(posted.body).toMatchObject({
      strategy: 'rolling',
      config: { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 },
    });
    t.advance(POD_COURSE_SECONDS + SUBMIT_SECONDS);
    const current = (await api.get(`workloads/${workloadId}/replacement`)).body;
    const details = await statusDetails(api, workloadId, current.candidateProtonIds[0]);
    expect(details.replicas).toHaveLength(2);
  });

  it.each([
    [0, 0],
    [-1, -5],
  ])(
    'runs warm-up and drain minutes of %i and %i as none, and keeps them as given (the API sets no lower bound)',
    async (warmupDurationMinutes, keepOldVersionMinutes) => {
      const { workloadId, v2, previous } = await prerequisites();
      const posted = await replace(workloadId, v2, { warmupDurationMinutes, keepOldVersionMinutes });
      expect(posted.status, JSON.stringify(posted.body)).toBe(202);
      expect(posted.body.config).toEqual({ warmupDurationMinutes, keepOldVersionMinutes });
      const timeline = await sampleReplacement(api, t.advance, workloadId, { previous }, 100);
      expect(timeline.replacement).toEqual([
        '0:submitted',
        '1:initializing',
        '20:promoting',
        '22:finalizing',
        '27:completed',
        '87:none',
      ]);
      expect(timeline.candidate).toEqual([
        '1:submitted/candidate',
        '3:provisioning/candidate',
        '8:launching/candidate',
        '18:running/candidate',
        '20:running/active',
      ]);
      expect(timeline.previous).toEqual([
        '0:running/active',
        '20:draining/none',
        '22:stopping/none',
        '27:gone',
      ]);
      const history = (await api.get(`workloads/${workloadId}/history`)).body;
      expect(history.data[0].config).toEqual({ warmupDurationMinutes, keepOldVersionMinutes });
      const candidateRunning = (await events(api, workloadId)).find(
        (e) => e.eventType === 'replacement.candidateRunning',
      );
      expect(candidateRunning.details).toEqual({ replacementId: posted.body.id, warmupSeconds: 0 });
    },
  );

  it('takes a runtime with autoscaling for the candidate in the same call', async () => {
    const { v2, workloadId } = await prerequisites();
    const posted = await replace(
      workloadId,
      v2,
      { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 },
      {
        runtime: {
          containerGroups: [
            {
              name: 'default',
              containers: [{ name: 'agent', resourceAllocation: { cpu: 2, memory: '4GB' } }],
              autoscaling: {
                enabled: true,
                policies: [{ scalingMetric: 'cpuAverageUtilization', target: 70, minCount: 3, maxCount: 10 }],
              },
            },
          ],
        },
      },
    );
    expect(posted.status).toBe(202);
    t.advance(20);
    const candidate = (await api.get(`workloads/${workloadId}/replacement`)).body.candidateProtonIds[0];
    expect((await statusDetails(api, workloadId, candidate)).replicas).toHaveLength(3);
    t.advance(60);
    const settings = (await api.get(`workloads/${workloadId}/settings`)).body;
    expect(settings.runtime.containerGroups[0]).toMatchObject({
      replicaCount: null,
      autoscaling: { enabled: true, policies: [{ minCount: 3, maxCount: 10 }] },
    });
  });
});

describe('a failing replacement', () => {
  it('ends errored when the candidate errors; the candidate is torn down, the workload untouched', async () => {
    await setup();
    const { v1, v2, workloadId, previous } = await prerequisites();
    await api.post('/_mock/faults', { match: { artifactId: v2 }, fault: 'CrashLoopBackOff' });
    const posted = await replace(workloadId, v2);
    const timeline = await sampleReplacement(api, t.advance, workloadId, { previous }, 30);
    // Created at 1s, containers start at 13s, crash 3s later and back off a second after that.
    expect(timeline.replacement).toEqual(['0:submitted', '1:initializing', '17:errored']);
    expect(timeline.candidate).toEqual([
      '1:submitted/candidate',
      '3:provisioning/candidate',
      '8:launching/candidate',
      '17:stopping/candidate',
      '22:gone',
    ]);
    expect(timeline.previous).toEqual(['0:running/active']);
    expect(timeline.artifactId).toEqual([`0:${v1}`]);
    expect(timeline.workload).toEqual(['0:running']);
    const record = (await api.get(`workloads/${workloadId}/replacement`)).body;
    expect(record).toMatchObject({ id: posted.body.id, status: 'errored', switchedAt: null });
    expect(record.message).toMatch(/candidate proton errored.*CrashLoopBackOff/);
    const logged = (await api.get(`otel/workload/${workloadId}/logs/?level=error&includes=errored`)).body
      .data;
    expect(logged.map((l: any) => l.message)).toContain(
      `Replacement ${record.id} errored: ${record.message}`,
    );
    expect((await api.get(`workloads/${workloadId}`)).body.replacement).toMatchObject({ status: 'errored' });
    const errored = (await events(api, workloadId)).filter((e) => e.eventType === 'replacement.errored');
    expect(errored.map((e) => e.details)).toEqual([{ replacementId: record.id, message: record.message }]);
    // An errored record stays readable until the next replacement starts, which is allowed.
    await api.request('DELETE', '/_mock/faults');
    const next = await replace(workloadId, v2);
    expect(next.status).toBe(202);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.id).toBe(next.body.id);
  });

  it("lists one candidate when the next replacement starts while the errored one's is still torn down", async () => {
    await setup();
    const { v2, workloadId, previous } = await prerequisites();
    const v3 = await createArtifact(api, serviceArtifact({}, 'registry.example.com/agent:3.0'));
    await api.post('/_mock/faults', { match: { artifactId: v2 }, fault: 'PodFailed' });
    await replace(workloadId, v2);
    t.advance(SUBMIT_SECONDS + 2);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.status).toBe('errored');
    const failed = (await protons(api, workloadId)).find((p: any) => p.id !== previous);
    expect(failed).toMatchObject({ role: 'candidate', status: 'stopping' });

    const next = await replace(workloadId, v3);
    // Submitted, with no candidate of its own yet: the old one is no longer listed as the candidate.
    expect((await protons(api, workloadId)).map((p: any) => p.role)).toEqual(['active', null]);
    t.advance(SUBMIT_SECONDS);
    const [candidate] = (await api.get(`workloads/${workloadId}/replacement`)).body.candidateProtonIds;
    const listed = (await protons(api, workloadId)).map((p: any) => `${p.id}:${p.role}:${p.status}`);
    expect(listed).toEqual([
      `${previous}:active:running`,
      `${failed.id}:null:stopping`,
      `${candidate}:candidate:submitted`,
    ]);
    // Paged as the other lists are, and like them (not the events) deaf to other parameters.
    expect((await api.get(`workloads/${workloadId}/protons?since=yesterday`)).body.totalCount).toBe(3);
    const paged = (await api.get(`workloads/${workloadId}/protons?offset=1&limit=1`)).body;
    expect(paged).toMatchObject({ totalCount: 3, count: 1, data: [{ id: failed.id }] });
    expect([paged.next, paged.previous].map((link) => new URL(link).search)).toEqual([
      '?offset=2&limit=1',
      '?offset=0&limit=1',
    ]);
    t.advance(60);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body).toMatchObject({
      id: next.body.id,
      status: 'initializing',
    });
    expect((await protons(api, workloadId)).map((p: any) => p.id)).toEqual([previous, candidate]);
  });

  it('ends errored when the candidate is not running within the rollout timeout', async () => {
    await setup({ rolloutTimeoutSeconds: 120 });
    const { v1, v2, workloadId, previous } = await prerequisites();
    await api.post('/_mock/faults', { match: { artifactId: v2 }, fault: 'NeverReady' });
    await replace(workloadId, v2);
    const timeline = await sampleReplacement(api, t.advance, workloadId, { previous }, 130);
    expect(timeline.replacement).toEqual(['0:submitted', '1:initializing', '121:errored']);
    expect(timeline.candidate.slice(-3)).toEqual([
      '8:launching/candidate',
      '121:stopping/candidate',
      '126:gone',
    ]);
    expect(timeline.artifactId).toEqual([`0:${v1}`]);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.message).toMatch(
      /rollout timeout of 2 minutes/,
    );
  });
});

describe('cancelling a replacement', () => {
  beforeEach(() => setup());

  it('before the switch: the candidate is torn down; the record is marked deleted and no longer current', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    const posted = await replace(workloadId, v2, { warmupDurationMinutes: 600, keepOldVersionMinutes: 60 });
    t.advance(30);
    const cancelled = await api.delete(`workloads/${workloadId}/replacement`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toMatchObject({ id: posted.body.id, status: 'deleting', isDeleted: false });
    const candidateId = cancelled.body.candidateProtonIds[0];
    const timeline = await sampleReplacement(
      api,
      t.advance,
      workloadId,
      { previous, candidate: candidateId },
      10,
    );
    expect(timeline.replacement).toEqual(['0:deleting', '1:finalizing', '6:none']);
    expect(timeline.candidate).toEqual(['0:warming/candidate', '1:stopping/candidate', '6:gone']);
    expect(timeline.previous).toEqual(['0:running/active']);
    expect(timeline.artifactId).toEqual([`0:${v1}`]);
    const [entry] = (await api.get(`workloads/${workloadId}/history`)).body.data;
    expect(entry).toMatchObject({ id: posted.body.id, isDeleted: true, deletedAt: at(17 + 30 + 6) });
    expect((await api.get(`workloads/${workloadId}`)).body.replacement).toBeNull();
    expect(await eventTypes(api, workloadId)).toContain('replacement.cancelled');
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(404);
  });

  it('while still submitted: no candidate is ever made, the cancel ends a second later and another can start', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    const posted = await replace(workloadId, v2);
    const cancelled = await api.delete(`workloads/${workloadId}/replacement`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toMatchObject({ id: posted.body.id, status: 'deleting', candidateProtonIds: [] });
    t.advance(SUBMIT_SECONDS);
    expect((await api.get(`workloads/${workloadId}/replacement`)).status).toBe(404);
    const [entry] = (await api.get(`workloads/${workloadId}/history`)).body.data;
    expect(entry).toMatchObject({ id: posted.body.id, isDeleted: true, deletedAt: at(17 + 1) });
    expect((await protons(api, workloadId)).map((p) => [p.id, p.artifactId])).toEqual([[previous, v1]]);
    expect((await replace(workloadId, v2)).status).toBe(202);
  });

  it('answers the replacement it cancels, not an earlier one of the history', async () => {
    const { v1, v2, workloadId } = await prerequisites();
    expect(
      (await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 })).status,
    ).toBe(202);
    t.advance(60);
    const posted = await replace(workloadId, v1, { warmupDurationMinutes: 600, keepOldVersionMinutes: 60 });
    t.advance(30);
    const cancelled = await api.delete(`workloads/${workloadId}/replacement`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body).toMatchObject({ id: posted.body.id, candidateArtifactId: v1, status: 'deleting' });
  });

  it('a stop during a cancel: the cancel still finishes, and ends when the candidate is gone', async () => {
    const { v2, workloadId, previous } = await prerequisites();
    const posted = await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 1 });
    t.advance(10);
    const cancelled = await api.delete(`workloads/${workloadId}/replacement`);
    expect(cancelled.status).toBe(202);
    expect((await api.post(`workloads/${workloadId}/stop`)).status).toBe(202);
    const timeline = await sampleReplacement(
      api,
      t.advance,
      workloadId,
      { previous, candidate: cancelled.body.candidateProtonIds[0] },
      10,
    );
    expect(timeline.replacement).toEqual(['0:finalizing', '5:none']);
    expect(timeline.candidate).toEqual(['0:stopping/candidate', '5:gone']);
    const [entry] = (await api.get(`workloads/${workloadId}/history`)).body.data;
    expect(entry).toMatchObject({
      id: posted.body.id,
      status: 'finalizing',
      isDeleted: true,
      deletedAt: at(17 + 10 + 5),
    });
  });

  it('after the switch: traffic goes back to the old proton, the new one is drained and removed', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(30);
    const mid = (await api.get(`workloads/${workloadId}`)).body;
    expect(mid.artifactId).toBe(v2);
    const cancelled = await api.delete(`workloads/${workloadId}/replacement`);
    expect(cancelled.status).toBe(202);
    const timeline = await sampleReplacement(
      api,
      t.advance,
      workloadId,
      { previous, candidate: cancelled.body.candidateProtonIds[0] },
      10,
    );
    // The candidate drains for CANDIDATE_DRAIN_SECONDS, then stops (five seconds).
    expect(timeline.replacement).toEqual(['0:deleting', '1:finalizing', '8:none']);
    expect(timeline.previous).toEqual(['0:draining/none', '1:running/active']);
    expect(timeline.candidate).toEqual([
      '0:running/active',
      '1:draining/none',
      `${1 + CANDIDATE_DRAIN_SECONDS}:stopping/none`,
      '8:gone',
    ]);
    expect(timeline.artifactId).toEqual([`0:${v2}`, `1:${v1}`]);
    expect(timeline.workload).toEqual(['0:running']);
    const remaining = await protons(api, workloadId);
    expect(remaining.map((p) => [p.id, p.artifactId, p.role, p.status])).toEqual([
      [previous, v1, 'active', 'running'],
    ]);
  });

  it('after the switch: the old proton says it is draining from the switch, and running again from the switch-back', async () => {
    const { v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(30); // switched at 20 s after the POST (17 s)
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    t.advance(CANDIDATE_DRAIN_SECONDS + 10);
    const steps = await protonSequence(api, workloadId, previous);
    expect(steps.slice(-2)).toEqual([`${17 + 20}:draining`, `${17 + 30 + 1}:running`]);
  });

  it('moves the workload updatedAt when traffic switches to the candidate, and when it switches back', async () => {
    const { v2, workloadId } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(30); // switched at 20 s after the POST (17 s)
    expect((await api.get(`workloads/${workloadId}`)).body).toMatchObject({
      artifactId: v2,
      updatedAt: at(17 + 20),
    });
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    t.advance(1 + CANDIDATE_DRAIN_SECONDS + 10);
    expect((await api.get(`workloads/${workloadId}`)).body.updatedAt).toBe(at(17 + 30 + 1));
  });

  /** Cancelled just after the switch, while the old proton is evicted (for 5 s, from 19 s). */
  async function cancelledOntoEvicted() {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    // The candidate is ready at 18s and takes traffic at 20s; the old proton is evicted just before.
    t.advance(19);
    expect((await api.post(`/_mock/workloads/${workloadId}/interrupt`, { seconds: 5 })).status).toBe(200);
    t.advance(2);
    const candidate = (await api.get(`workloads/${workloadId}`)).body.protonId;
    expect(candidate).not.toBe(previous);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    return { v1, v2, workloadId, previous, candidate };
  }

  it('after the switch onto an evicted old proton: the candidate serves until the old one is ready again', async () => {
    const { v1, v2, workloadId, previous, candidate } = await cancelledOntoEvicted();
    // Each second: the replacement, the workload, and who answers its endpoint.
    const seen: string[] = [];
    for (let second = 0; second <= 30; second++) {
      const replacement = await api.get(`workloads/${workloadId}/replacement`);
      const workload = (await api.get(`workloads/${workloadId}`)).body;
      const answer = await api.get(`endpoints/workloads/${workloadId}/`);
      const server =
        answer.body.protonId === candidate
          ? 'candidate'
          : answer.body.protonId === previous
            ? 'previous'
            : '-';
      const line = `${replacement.status === 200 ? replacement.body.status : 'none'} ${workload.status} ${answer.status} ${server}`;
      if (seen.at(-1)?.endsWith(line) !== true) seen.push(`${second}: ${line}`);
      t.advance(1);
    }
    // The old proton's pods are back and ready at 20s (evicted for 5s, then their course): traffic
    // goes back then, never to a proton with no ready replica; the candidate drains, then stops.
    expect(seen).toEqual([
      '0: deleting running 200 candidate',
      '20: finalizing running 200 previous',
      `${20 + CANDIDATE_DRAIN_SECONDS + 5}: none running 200 previous`,
    ]);
    // The old proton shows its pods' course while they come back, and takes the traffic as they
    // are ready (20s): running since then, never draining on the way.
    const previousSteps = (await protonSequence(api, workloadId, previous)).map((step) => step.split(':')[1]);
    expect(previousSteps.slice(-5)).toEqual([
      'interrupted',
      'submitted',
      'provisioning',
      'launching',
      'running',
    ]);
    const old = (await protons(api, workloadId)).find((p: any) => p.id === previous);
    const events = (await api.get(`workloads/${workloadId}/events?limit=100`)).body.data;
    const readyAgain = events.find(
      (e: any) =>
        e.details?.protonId === previous && e.details.to === 'running' && e.details.from === 'launching',
    );
    expect(old.runningSince).toBe(readyAgain.timestamp);
    const candidateSteps = events
      .filter((e: any) => e.eventType === 'proton.statusChanged' && e.details.protonId === candidate)
      .map((e: any) => e.details.to)
      .reverse();
    expect(candidateSteps.slice(-4)).toEqual(['running', 'draining', 'stopping', 'terminated']);
    expect((await api.get(`workloads/${workloadId}`)).body).toMatchObject({
      artifactId: v1,
      protonId: previous,
    });
    expect((await api.get(`workloads/${workloadId}/history`)).body.data[0]).toMatchObject({
      candidateArtifactId: v2,
      isDeleted: true,
    });
  });

  it('after the switch onto an evicted old proton: a crash of the serving candidate does not end the wait', async () => {
    const { v1, v2, workloadId, previous, candidate } = await cancelledOntoEvicted();
    // The candidate crashes while the cancel waits for the old proton's pods (ready again at 20s).
    await api.post('/_mock/faults', { match: { artifactId: v2 }, fault: 'CrashLoopBackOff' });
    t.advance(15);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.status).toBe('deleting');
    expect((await api.get(`workloads/${workloadId}`)).body.protonId).toBe(candidate);
    expect((await protons(api, workloadId)).find((p: any) => p.id === candidate)?.status).toBe('errored');
    t.advance(6);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.status).toBe('finalizing');
    const back = (await api.get(`workloads/${workloadId}`)).body;
    expect([back.protonId, back.artifactId, back.status]).toEqual([previous, v1, 'running']);
  });

  it('after the switch onto an old proton restarting: the candidate serves until the old one is ready again', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    // The candidate is ready at 18s and takes traffic at 20s; the old proton restarts just before.
    t.advance(19);
    expect((await api.post(`/_mock/workloads/${workloadId}/restart`)).status).toBe(200);
    t.advance(2);
    const candidate = await activeProtonId(api, workloadId);
    expect(candidate).not.toBe(previous);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    const timeline = await sampleReplacement(api, t.advance, workloadId, { previous, candidate }, 30);
    // Its new pods are ready at 13s: traffic goes back then, never to a proton with none ready, and
    // the workload never shows the restart; the candidate drains, then stops.
    expect(timeline.replacement).toEqual([
      '0:deleting',
      '13:finalizing',
      `${13 + CANDIDATE_DRAIN_SECONDS + 5}:none`,
    ]);
    expect(timeline.previous).toEqual(['0:restarting/none', '3:initializing/none', '13:running/active']);
    expect(timeline.workload).toEqual(['0:running']);
    expect(timeline.artifactId).toEqual([`0:${v2}`, `13:${v1}`]);
  });

  it('after the switch onto an errored old proton: traffic goes back at once, waiting would not mend it', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(21);
    await api.post('/_mock/faults', { match: { artifactId: v1 }, fault: 'CrashLoopBackOff' });
    t.advance(30);
    expect((await protons(api, workloadId)).find((p: any) => p.id === previous).status).toBe('errored');
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    const seen: string[] = [];
    for (let second = 0; second <= 10; second++) {
      const replacement = await api.get(`workloads/${workloadId}/replacement`);
      const workload = (await api.get(`workloads/${workloadId}`)).body;
      const line = `${replacement.status === 200 ? replacement.body.status : 'none'} ${workload.status} ${workload.artifactId === v1 ? 'v1' : 'v2'}`;
      if (seen.at(-1)?.endsWith(line) !== true) seen.push(`${second}: ${line}`);
      t.advance(1);
    }
    expect(seen).toEqual([
      '0: deleting running v2',
      '1: finalizing errored v1',
      `${1 + CANDIDATE_DRAIN_SECONDS + 5}: none errored v1`,
    ]);
  });

  it('a stop while the cancel waits for the evicted old proton: back on it at once, the candidate torn down', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(19);
    await api.post(`/_mock/workloads/${workloadId}/interrupt`, { seconds: 5 });
    t.advance(2);
    const candidate = (await api.get(`workloads/${workloadId}`)).body.protonId;
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    t.advance(5);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.status).toBe('deleting');
    expect((await api.post(`workloads/${workloadId}/stop`)).status).toBe(202);
    const stopped = (await events(api, workloadId)).filter((e) => e.eventType === 'workload.stopped');
    expect(stopped.map((e) => e.details.protonId)).toEqual([previous]);
    const listed = await protons(api, workloadId);
    expect(listed.map((p: any) => [p.id, p.role, p.status])).toEqual([
      [previous, 'active', 'stopping'],
      [candidate, null, 'stopping'],
    ]);
    t.advance(10);
    expect((await api.get(`workloads/${workloadId}`)).body).toMatchObject({
      status: 'stopped',
      artifactId: v1,
      protonId: previous,
    });
    expect((await api.get(`workloads/${workloadId}/history`)).body.data[0]).toMatchObject({
      isDeleted: true,
    });
    expect(t.app.emulator.clock.state().pendingTimers).toBe(0);
  });

  it('after the switch onto an old proton that stays unready: traffic goes back at the rollout timeout', async () => {
    await t.close();
    await setup({ rolloutTimeoutSeconds: 120 });
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(19);
    // The old proton is evicted, and its pods will never be ready again.
    await api.post('/_mock/faults', {
      match: { imageUri: 'registry.example.com/agent:1.0' },
      fault: 'NeverReady',
    });
    await api.post(`/_mock/workloads/${workloadId}/interrupt`, { seconds: 5 });
    t.advance(2);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    t.advance(1 + 119);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.status).toBe('deleting');
    expect((await api.get(`workloads/${workloadId}`)).body.artifactId).toBe(v2);
    t.advance(1);
    // The cancel is honoured: the workload is back on its original artifact, as it is.
    const back = (await api.get(`workloads/${workloadId}`)).body;
    expect([back.artifactId, back.protonId, back.status]).toEqual([v1, previous, 'launching']);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.status).toBe('finalizing');
    t.advance(CANDIDATE_DRAIN_SECONDS + 5);
    expect((await api.get(`workloads/${workloadId}/replacement`)).status).toBe(404);
    expect((await protons(api, workloadId)).map((p) => p.id)).toEqual([previous]);
  });

  it('records who cancelled, when they asked, and who started it', async () => {
    const { v2, workloadId } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 600, keepOldVersionMinutes: 60 });
    t.advance(30);
    const cancelled = await api.delete(`workloads/${workloadId}/replacement`);
    expect(cancelled.body.message).toBe('Cancelled by tenant-a.');
    const cancelledNow = (await events(api, workloadId)).filter((e) =>
      e.eventType.startsWith('replacement.'),
    );
    const userId = (await api.get(`workloads/${workloadId}`)).body.creator.id;
    expect(cancelledNow.map((e) => [e.eventType, e.actorId, e.timestamp])).toEqual([
      ['replacement.created', userId, at(17)],
      ['replacement.cancelled', userId, at(17 + 30)],
    ]);
    t.advance(10);
    const after = (await events(api, workloadId)).filter((e) => e.eventType === 'replacement.cancelled');
    expect(after).toHaveLength(1);
    const [entry] = (await api.get(`workloads/${workloadId}/history`)).body.data;
    expect(entry.message).toBe('Cancelled by tenant-a.');
  });

  it('a stop right after a cancel that follows the switch still ends on the original artifact', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(30);
    expect((await api.get(`workloads/${workloadId}`)).body.artifactId).toBe(v2);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    expect((await api.post(`workloads/${workloadId}/stop`)).status).toBe(202);
    const stoppedEvent = (await events(api, workloadId)).find((e) => e.eventType === 'workload.stopped');
    expect(stoppedEvent.details).toEqual({ protonId: previous });
    t.advance(10);
    const stopped = (await api.get(`workloads/${workloadId}`)).body;
    expect([stopped.status, stopped.artifactId, stopped.protonId]).toEqual(['stopped', v1, previous]);
    expect((await protons(api, workloadId)).map((p) => [p.id, p.status])).toEqual([[previous, 'stopped']]);
    const [entry] = (await api.get(`workloads/${workloadId}/history`)).body.data;
    expect(entry).toMatchObject({ status: 'finalizing', isDeleted: true });
    expect((await api.post(`workloads/${workloadId}/start`)).status).toBe(202);
    t.advance(POD_COURSE_SECONDS);
    const restarted = (await api.get(`workloads/${workloadId}`)).body;
    expect([restarted.status, restarted.artifactId]).toEqual(['running', v1]);
  });

  it('is refused once the old proton is shutting down', async () => {
    const { v2, workloadId } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 });
    // Submitted, the candidate's pods, its seconds running as the candidate, then promoting: the old
    // proton has nothing left to drain and is stopping.
    t.advance(SUBMIT_SECONDS + POD_COURSE_SECONDS + SWITCH_SECONDS + PROMOTE_SECONDS);
    const refused = await api.delete(`workloads/${workloadId}/replacement`);
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      detail: 'The previous proton is already shutting down: the replacement can no longer be cancelled.',
    });
  });
});

describe('settings', () => {
  beforeEach(() => setup());

  it('PATCH /settings rolls out the same artifact with the new runtime; 409 while one is in progress', async () => {
    const { v1, workloadId, previous } = await prerequisites(replicas(1));
    const patched = await api.patch(`workloads/${workloadId}/settings`, { runtime: replicas(3) });
    expect(patched.status).toBe(202);
    expect(patched.body).toMatchObject({
      candidateArtifactId: v1,
      status: 'submitted',
      runtime: { containerGroups: [{ replicaCount: 3 }] },
    });
    const busy = await api.patch(`workloads/${workloadId}/settings`, { runtime: replicas(2) });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toMatch(/already in progress/);
    // The body is read first, as FastAPI reads it: a field it lacks is the 422, not the 409.
    const lacking = await api.patch(`workloads/${workloadId}/settings`, {
      runtime: { containerGroups: [{ name: 'default', autoscaling: {} }] },
    });
    expect(lacking.status).toBe(422);
    expect(lacking.body.detail).toEqual([
      {
        loc: ['body', 'runtime', 'containerGroups', 0, 'autoscaling', 'policies'],
        msg: 'Field required',
        type: 'missing',
      },
    ]);
    const timeline = await sampleReplacement(
      api,
      t.advance,
      workloadId,
      { previous },
      40,
      (tl) => tl.replacement.at(-1)?.endsWith('completed') ?? false,
    );
    expect(timeline.replacement).toEqual([
      '0:submitted',
      '1:initializing',
      '20:promoting',
      '22:finalizing',
      '27:completed',
    ]);
    expect(timeline.artifactId).toEqual([`0:${v1}`]);
    const settings = (await api.get(`workloads/${workloadId}/settings`)).body;
    expect(settings.runtime.containerGroups[0].replicaCount).toBe(3);
    expect((await statusDetails(api, workloadId)).replicas).toHaveLength(3);
    expect(await eventTypes(api, workloadId)).toContain('workload.settingsChanged');
    expect(
      (
        await api.patch(`workloads/${workloadId}/settings`, {
          runtime: { containerGroups: [{ name: 'other' }] },
        })
      ).status,
    ).toBe(422);
  });
});

describe('replacement rules', () => {
  beforeEach(() => setup());

  it('answers the documented errors', async () => {
    const { v1, v2, workloadId } = await prerequisites();
    const draft = await createArtifact(api, serviceArtifact({ name: 'draft' }), false);
    const nim = await createArtifact(api, { name: 'nim', type: 'nim', spec: sidecarArtifact().spec });
    const sidecar = await createArtifact(api, sidecarArtifact());
    const other = t.client('someone-else');
    const foreign = await createArtifact(other);
    const cases: [string, () => ReturnType<typeof replace>, number, RegExp | null][] = [
      ['unknown workload', () => replace('0'.repeat(24), v2), 404, /Workload not found/],
      ['unknown artifact', () => replace(workloadId, 'f'.repeat(24)), 404, /Artifact not found/],
      ["another tenant's artifact", () => replace(workloadId, foreign), 404, /Artifact not found/],
      ['draft onto locked', () => replace(workloadId, draft), 400, /locked/],
      ['the same locked artifact', () => replace(workloadId, v1), 422, /already runs locked artifact/],
      ['another artifact type', () => replace(workloadId, nim), 422, /nim artifact/],
      ['runtime containers the artifact lacks', () => replace(workloadId, sidecar), 422, /lacks/],
      [
        'an explicit runtime naming unknown containers',
        () =>
          replace(workloadId, v2, undefined, {
            runtime: { containerGroups: [{ name: 'default', containers: [{ name: 'x' }] }] },
          }),
        422,
        null,
      ],
      [
        'an unknown strategy',
        () => replace(workloadId, v2, undefined, { strategy: 'blue-green' }),
        422,
        null,
      ],
    ];
    for (const [what, call, status, detail] of cases) {
      const res = await call();
      expect(res.status, what).toBe(status);
      if (detail) expect(res.body.detail, what).toMatch(detail);
    }
    expect((await other.get(`workloads/${workloadId}/replacement`)).status).toBe(404);
    expect((await replace(workloadId, v2)).status).toBe(202);
    const again = await replace(workloadId, v2);
    expect(again.status).toBe(422);
    expect(again.body.detail).toBe('A replacement is already in progress for this workload.');
  });

  it('keeps the artifact of a pending replacement from being deleted', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    const next = await createArtifact(api, serviceArtifact({ name: 'next' }), false);
    const workloadId = await createWorkload(api, workloadBody(draft));
    t.advance(POD_COURSE_SECONDS);
    expect((await replace(workloadId, next)).status).toBe(202);
    const refused = await api.delete(`artifacts/${next}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(workloadId);
  });

  it('allows a draft onto the same draft (the development loop)', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    const workloadId = await createWorkload(api, workloadBody(draft));
    t.advance(POD_COURSE_SECONDS);
    expect((await replace(workloadId, draft)).status).toBe(202);
  });

  it('needs an active proton: a stopped workload cannot be replaced', async () => {
    const { v2, workloadId } = await prerequisites();
    await api.post(`workloads/${workloadId}/stop`);
    t.advance(5);
    const refused = await replace(workloadId, v2);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/no active proton/);
  });

  it('GET /replacement is a 404 with the documented detail when there is none', async () => {
    const { workloadId } = await prerequisites();
    const none = await api.get(`workloads/${workloadId}/replacement`);
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ detail: 'There is no active replacement for this workload.' });
  });

  it('stopping or deleting the workload ends a replacement in progress and leaves nothing running', async () => {
    const { v2, workloadId } = await prerequisites();
    await replace(workloadId, v2);
    t.advance(10);
    await api.post(`workloads/${workloadId}/stop`);
    const record = (await api.get(`workloads/${workloadId}/replacement`)).body;
    expect(record).toMatchObject({ status: 'errored' });
    expect(record.message).toMatch(/stopped/);
    t.advance(10);
    expect((await protons(api, workloadId)).map((p) => p.status)).toEqual(['stopped']);

    const second = await prerequisites();
    await replace(second.workloadId, second.v2);
    t.advance(10);
    expect((await api.delete(`workloads/${second.workloadId}`)).status).toBe(204);
    // The delete first, then the replacement it ends, then the protons going down.
    expect((await eventTypes(api, second.workloadId)).slice(-4)).toEqual([
      'workload.deleted',
      'replacement.errored',
      'proton.statusChanged',
      'proton.statusChanged',
    ]);
    t.advance(10);
    const store = t.app.emulator.store;
    expect([...store.protons.values()].filter((p) => p.workloadId === second.workloadId)).toEqual([]);
    // Its events a minute more (MOCK_DELETED_RETENTION), then nothing of it.
    t.advance(50);
    expect(store.workloads.has(second.workloadId)).toBe(false);
    expect([...store.replacements.values()].filter((r) => r.workloadId === second.workloadId)).toEqual([]);
  });

  it.each([
    ['stop', 'workloads/{id}/stop', 'stopped'],
    ['suspend', '/_mock/workloads/{id}/suspend', 'suspended'],
  ])(
    'a %s after the switch completes the replacement early: the workload stays on the new artifact',
    async (_action, url, status) => {
      const { v2, workloadId, previous } = await prerequisites();
      await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
      t.advance(30);
      const candidate = await activeProtonId(api, workloadId);
      expect(candidate).not.toBe(previous);
      expect((await api.post(url.replace('{id}', workloadId))).status).toBeLessThan(300);
      const record = (await api.get(`workloads/${workloadId}/replacement`)).body;
      expect(record).toMatchObject({ status: 'completed', candidateProtonIds: [candidate] });
      expect(record.message).toMatch(new RegExp(`${status}.*completed early`));
      t.advance(10);
      const workload = (await api.get(`workloads/${workloadId}`)).body;
      expect([workload.status, workload.artifactId, workload.protonId]).toEqual([status, v2, candidate]);
      expect((await protons(api, workloadId)).map((p) => [p.id, p.status])).toEqual([[candidate, status]]);
      const ends = (await events(api, workloadId)).filter((e) =>
        ['replacement.completed', 'replacement.errored', 'replacement.cancelled'].includes(e.eventType),
      );
      expect(ends.map((e) => [e.eventType, e.details])).toEqual([
        [
          'replacement.completed',
          { replacementId: record.id, reason: `The workload was ${status} during the replacement.` },
        ],
      ]);
    },
  );

  it('a suspend before the switch ends the replacement errored; resume brings back the original artifact', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2);
    t.advance(10);
    expect((await api.post(`/_mock/workloads/${workloadId}/suspend`)).status).toBe(200);
    const record = (await api.get(`workloads/${workloadId}/replacement`)).body;
    expect(record).toMatchObject({ status: 'errored' });
    expect(record.message).toMatch(/suspended during the replacement/);
    const [action, effect] = (await events(api, workloadId))
      .filter((e) => e.eventType === 'proton.suspended' || e.eventType === 'replacement.errored')
      .map((e) => e.eventType);
    expect([action, effect]).toEqual(['proton.suspended', 'replacement.errored']);
    // Long past the warm-up the replacement asked for: nothing switches the suspended workload.
    t.advance(300);
    const suspended = (await api.get(`workloads/${workloadId}`)).body;
    expect([suspended.status, suspended.artifactId, suspended.protonId]).toEqual(['suspended', v1, previous]);
    expect((await protons(api, workloadId)).map((p) => [p.id, p.status])).toEqual([[previous, 'suspended']]);
    expect((await api.post(`/_mock/workloads/${workloadId}/resume`)).status).toBe(200);
    t.advance(POD_COURSE_SECONDS);
    const resumed = (await api.get(`workloads/${workloadId}`)).body;
    expect([resumed.status, resumed.artifactId, resumed.protonId]).toEqual(['running', v1, previous]);
  });

  it('a suspend during a cancel that follows the switch suspends the original proton, which the cancel restores', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(30);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    const suspended = await api.post(`/_mock/workloads/${workloadId}/suspend`);
    expect([suspended.status, suspended.body.protonId]).toEqual([200, previous]);
    const suspendedEvent = (await events(api, workloadId)).find((e) => e.eventType === 'proton.suspended');
    expect(suspendedEvent.details).toEqual({ protonId: previous });
    t.advance(10);
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect([workload.status, workload.artifactId, workload.protonId]).toEqual(['suspended', v1, previous]);
    expect((await protons(api, workloadId)).map((p) => [p.id, p.status])).toEqual([[previous, 'suspended']]);
    expect((await api.post(`/_mock/workloads/${workloadId}/resume`)).status).toBe(200);
    t.advance(POD_COURSE_SECONDS);
    expect((await api.get(`workloads/${workloadId}`)).body.status).toBe('running');
  });

  it('keeps every replacement in history, newest first, paginated', async () => {
    const { v1, v2, workloadId } = await prerequisites();
    const ids: string[] = [];
    for (const target of [v2, v1, v2]) {
      const posted = await replace(workloadId, target, {
        warmupDurationMinutes: 0,
        keepOldVersionMinutes: 0,
      });
      expect(posted.status).toBe(202);
      ids.push(posted.body.id);
      t.advance(60);
    }
    const page = (await api.get(`workloads/${workloadId}/history?limit=2`)).body;
    expect(page).toMatchObject({ totalCount: 3, count: 2 });
    expect(page.data.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
    expect(page.data.every((r: any) => r.status === 'completed' && r.switchedAt)).toBe(true);
    const rest = (await api.get(`workloads/${workloadId}/history?limit=2&offset=2`)).body;
    expect(rest).toMatchObject({ totalCount: 3, count: 1, next: null });
    expect(rest.data.map((r: any) => r.id)).toEqual([ids[0]]);
  });
});
