import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANDIDATE_DRAIN_SECONDS } from '../src/sim/replacement-machine.js';
import { POD_COURSE_SECONDS, replicas } from './fixtures.js';
import { type Client, createTestApp, type TestApp } from './helpers.js';
import {
  events,
  protonSequence,
  protons,
  type ReplacementConfig,
  rollingVersions,
  sampleReplacement,
  secondsOf,
  startReplacement,
  V2_IMAGE,
} from './sim-helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

/** A running workload on v1 (one replica) and a locked v2 to roll out. Time is then 17s. */
const prerequisites = () => rollingVersions(t, api, replicas(1));

function replace(workloadId: string, artifactId: string, config: ReplacementConfig) {
  return startReplacement(api, workloadId, artifactId, config);
}

/** The candidate's containers crash `afterSeconds` from now (the old proton's image is untouched). */
function crashCandidate(afterSeconds: number) {
  return api.post('/_mock/faults', {
    match: { imageUri: V2_IMAGE },
    fault: 'CrashLoopBackOff',
    afterSeconds,
  });
}

/** The replacement's events, oldest first, as [eventType, seconds after the POST at 17s]. */
async function steps(workloadId: string): Promise<[string, number][]> {
  return (await events(api, workloadId))
    .filter((e) => e.details?.replacementId !== undefined)
    .map((e) => [e.eventType, secondsOf(e.timestamp) - POD_COURSE_SECONDS]);
}

/** [id, artifactId, role, status] of each proton the workload still has. */
async function remaining(workloadId: string) {
  return (await protons(api, workloadId)).map((p) => [p.id, p.artifactId, p.role, p.status]);
}

describe('the candidate status guard', () => {
  it('a candidate that crashes during its warm-up ends the replacement errored at once; the old proton keeps serving', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await crashCandidate(60);
    const posted = await replace(workloadId, v2, { warmupDurationMinutes: 5, keepOldVersionMinutes: 1 });
    // Pods ready at 18s, warming until 318s: the crash at 60s lands inside the warm-up, and the
    // candidate is errored once it backs off, a second later.
    const timeline = await sampleReplacement(api, t.advance, workloadId, { previous }, 70);
    expect(timeline.replacement).toEqual(['0:submitted', '1:initializing', '61:errored']);
    expect(timeline.candidate).toEqual([
      '1:submitted/candidate',
      '3:provisioning/candidate',
      '8:launching/candidate',
      '18:warming/candidate',
      '60:launching/candidate',
      '61:stopping/candidate',
      '66:gone',
    ]);
    expect(timeline.previous).toEqual(['0:running/active']);
    expect(timeline.artifactId).toEqual([`0:${v1}`]);

    // Past where the warm-up and the switch would have been: still nothing switched.
    t.advance(300);
    const record = (await api.get(`workloads/${workloadId}/replacement`)).body;
    expect(record).toMatchObject({ id: posted.body.id, status: 'errored', switchedAt: null });
    expect(record.message).toMatch(/^The candidate proton errored: .*CrashLoopBackOff\.$/);
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect([workload.status, workload.artifactId, workload.protonId]).toEqual(['running', v1, previous]);
    expect(await remaining(workloadId)).toEqual([[previous, v1, 'active', 'running']]);
    expect(await steps(workloadId)).toEqual([
      ['replacement.created', 0],
      ['replacement.errored', 61],
    ]);
  });

  it('a candidate that stops being ready during its warm-up warms up again, from its start, once ready', async () => {
    const { v2, workloadId } = await prerequisites();
    const fault = await api.post('/_mock/faults', {
      match: { imageUri: V2_IMAGE },
      fault: 'NeverReady',
      afterSeconds: 60,
    });
    await replace(workloadId, v2, { warmupDurationMinutes: 5, keepOldVersionMinutes: 1 });
    // Ready at 18s, warming; not ready from 60s; the fault cleared at 90s, ready again 5s later.
    t.advance(90);
    await api.delete(`/_mock/faults/${fault.body.id}`);
    t.advance(320);
    const [candidate] = (await api.get(`workloads/${workloadId}/replacement`)).body.candidateProtonIds;
    const shown = (await protonSequence(api, workloadId, candidate)).map((step) => {
      const [second, status] = step.split(':');
      return `${Number(second) - POD_COURSE_SECONDS}:${status}`;
    });
    // The five minutes count from 95s, not from 18s: it runs as the candidate at 395s, not 318s.
    expect(shown).toEqual([
      '3:provisioning',
      '8:launching',
      '18:warming',
      '60:launching',
      '95:warming',
      '395:running',
    ]);
    expect(await steps(workloadId)).toEqual([
      ['replacement.created', 0],
      ['replacement.candidateRunning', 395],
      ['replacement.trafficSwitched', 397],
    ]);
  });

  it('a candidate that crashes after the switch errors the workload, not the replacement: it completes and the serving proton stays', async () => {
    const { v2, workloadId, previous } = await prerequisites();
    await crashCandidate(30);
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 1 });
    // Traffic switches at 20s; the crash at 30s falls in the minute the old proton drains (not
    // ready at once, errored once it backs off a second later).
    const timeline = await sampleReplacement(api, t.advance, workloadId, { previous }, 90);
    expect(timeline.replacement).toEqual([
      '0:submitted',
      '1:initializing',
      '20:promoting',
      '22:finalizing',
      '87:completed',
    ]);
    expect(timeline.candidate.slice(-3)).toEqual([
      '20:running/active',
      '30:launching/active',
      '31:errored/active',
    ]);
    expect(timeline.previous).toEqual([
      '0:running/active',
      '20:draining/none',
      '82:stopping/none',
      '87:gone',
    ]);
    expect(timeline.workload).toEqual(['0:running', '30:launching', '31:errored']);

    const candidate = timeline.candidateId!;
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect([workload.status, workload.artifactId, workload.protonId]).toEqual(['errored', v2, candidate]);
    expect(await remaining(workloadId)).toEqual([[candidate, v2, 'active', 'errored']]);
    expect(await steps(workloadId)).toEqual([
      ['replacement.created', 0],
      ['replacement.candidateRunning', 18],
      ['replacement.trafficSwitched', 20],
      ['replacement.oldProtonDrained', 82],
      ['replacement.completed', 87],
    ]);
  });
});

describe('a traffic switch between protons in different states', () => {
  it('says the workload status changed, there and back, though no proton changed', async () => {
    const { v2, workloadId, previous } = await prerequisites();
    // The old proton crash-loops: the workload is errored, and the replacement onto v2 mends it.
    await api.post('/_mock/faults', {
      match: { imageUri: 'registry.example.com/agent:1.0' },
      fault: 'CrashLoopBackOff',
    });
    t.advance(10);
    expect((await api.get(`workloads/${workloadId}`)).body.status).toBe('errored');
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 1 });
    const shown = async () =>
      (await events(api, workloadId))
        .filter((e) => e.eventType === 'workload.statusChanged')
        .map((e) => [secondsOf(e.timestamp) - POD_COURSE_SECONDS, e.details]);
    t.advance(19);
    expect(await shown()).toEqual([]);
    t.advance(1);
    const candidate = (await api.get(`workloads/${workloadId}`)).body;
    expect(candidate.status).toBe('running');
    expect(candidate.protonId).not.toBe(previous);
    expect(await shown()).toEqual([[30, { from: 'errored', to: 'running', protonId: candidate.protonId }]]);
    // It follows the switch's own event.
    const types = (await events(api, workloadId)).map((e) => e.eventType);
    expect(types.slice(-2)).toEqual(['replacement.trafficSwitched', 'workload.statusChanged']);

    expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
    t.advance(1);
    const back = (await api.get(`workloads/${workloadId}`)).body;
    expect([back.status, back.protonId]).toEqual(['errored', previous]);
    expect((await shown()).at(-1)).toEqual([31, { from: 'running', to: 'errored', protonId: previous }]);
  });

  it('says nothing when both show the same', async () => {
    const { v2, workloadId } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 1 });
    t.advance(120);
    const types = (await events(api, workloadId)).map((e) => e.eventType);
    expect(types).toContain('replacement.completed');
    expect(types).not.toContain('workload.statusChanged');
  });
});

describe('a second DELETE /replacement', () => {
  it('while the first is being accepted (before the switch) changes nothing', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 600, keepOldVersionMinutes: 60 });
    t.advance(30);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).body.status).toBe('deleting');
    const again = await api.delete(`workloads/${workloadId}/replacement`);
    expect([again.status, again.body.status]).toEqual([202, 'deleting']);
    const timeline = await sampleReplacement(api, t.advance, workloadId, { previous }, 10);
    expect(timeline.replacement).toEqual(['0:deleting', '1:finalizing', '6:none']);
    expect(timeline.artifactId).toEqual([`0:${v1}`]);
    expect(await remaining(workloadId)).toEqual([[previous, v1, 'active', 'running']]);
    expect(await steps(workloadId)).toEqual([
      ['replacement.created', 0],
      ['replacement.cancelled', 30],
    ]);
  });

  it('by another user of the tenant keeps the name of the one who cancelled first', async () => {
    await t.close();
    t = await createTestApp({
      tokens: new Map([
        ['tok-first', 'team'],
        ['tok-second', 'team'],
      ]),
    });
    api = t.client('tok-first');
    const second = t.client('tok-second');
    const { v2, workloadId } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 600, keepOldVersionMinutes: 60 });
    t.advance(30);
    const first = await api.delete(`workloads/${workloadId}/replacement`);
    const { creator } = (await api.get(`workloads/${workloadId}`)).body;
    expect(first.body.message).toBe(`Cancelled by ${creator.username}.`);
    const again = await second.delete(`workloads/${workloadId}/replacement`);
    expect([again.status, again.body.status, again.body.message]).toEqual([
      202,
      'deleting',
      first.body.message,
    ]);
    t.advance(10);
    const [entry] = (await second.get(`workloads/${workloadId}/history`)).body.data;
    expect(entry.message).toBe(first.body.message);
  });

  it('while the switch-back is under way changes nothing', async () => {
    const { v1, v2, workloadId, previous } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(30);
    expect((await api.get(`workloads/${workloadId}`)).body.artifactId).toBe(v2);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).body.status).toBe('deleting');
    t.advance(1);
    // Traffic is back on the old proton and the candidate stopping: the cancel is in finalizing.
    const again = await api.delete(`workloads/${workloadId}/replacement`);
    expect([again.status, again.body.status]).toEqual([202, 'finalizing']);
    const timeline = await sampleReplacement(api, t.advance, workloadId, { previous }, 10);
    // The candidate drains, then stops.
    expect(timeline.replacement).toEqual(['0:finalizing', `${CANDIDATE_DRAIN_SECONDS + 5}:none`]);
    expect(timeline.artifactId).toEqual([`0:${v1}`]);
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect([workload.status, workload.artifactId, workload.protonId]).toEqual(['running', v1, previous]);
    expect(await remaining(workloadId)).toEqual([[previous, v1, 'active', 'running']]);
    expect(await steps(workloadId)).toEqual([
      ['replacement.created', 0],
      ['replacement.candidateRunning', 18],
      ['replacement.trafficSwitched', 20],
      ['replacement.cancelled', 30],
    ]);
  });
});

describe('DELETE /replacement of one that has ended', () => {
  it('is a 404 that says how it ended, while GET still shows it; then the plain 404', async () => {
    const { v1, v2, workloadId } = await prerequisites();
    await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 });
    t.advance(60);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.status).toBe('completed');
    const completed = await api.delete(`workloads/${workloadId}/replacement`);
    expect([completed.status, completed.body]).toEqual([
      404,
      { detail: "The workload's last replacement has already completed: there is nothing to cancel." },
    ]);
    t.advance(60);
    expect((await api.get(`workloads/${workloadId}/replacement`)).status).toBe(404);
    expect((await api.delete(`workloads/${workloadId}/replacement`)).body).toEqual({
      detail: 'There is no active replacement for this workload.',
    });

    // Back onto v1, whose pods now fail: errored, shown until the next replacement.
    await api.post('/_mock/faults', { match: { artifactId: v1 }, fault: 'PodFailed' });
    await replace(workloadId, v1, { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 });
    t.advance(10);
    expect((await api.get(`workloads/${workloadId}/replacement`)).body.status).toBe('errored');
    expect((await api.delete(`workloads/${workloadId}/replacement`)).body).toEqual({
      detail: "The workload's last replacement has already errored: there is nothing to cancel.",
    });
  });
});

describe('a replacement that keeps no old version', () => {
  it('still announces the old proton drained, between the switch and the completion', async () => {
    const { v2, workloadId } = await prerequisites();
    const posted = await replace(workloadId, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 0 });
    t.advance(30);
    expect(await steps(workloadId)).toEqual([
      ['replacement.created', 0],
      ['replacement.candidateRunning', 18],
      ['replacement.trafficSwitched', 20],
      ['replacement.oldProtonDrained', 22],
      ['replacement.completed', 27],
    ]);
    const record = (await api.get(`workloads/${workloadId}/replacement`)).body;
    expect(record).toMatchObject({ id: posted.body.id, status: 'completed' });
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    expect([workload.artifactId, workload.protonId]).toEqual([v2, record.candidateProtonIds[0]]);
  });
});

describe('PATCH /settings on a stopped workload', () => {
  it('answers 422 with the FastAPI validation list, and starts nothing', async () => {
    const { workloadId } = await prerequisites();
    await api.post(`workloads/${workloadId}/stop`);
    t.advance(5);
    const refused = await api.patch(`workloads/${workloadId}/settings`, { runtime: replicas(2) });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      detail: [
        {
          loc: ['body'],
          msg: 'Value error, The workload has no active proton to replace (it is stopped).',
          type: 'value_error',
        },
      ],
    });
    expect((await api.get(`workloads/${workloadId}/history`)).body.totalCount).toBe(0);
  });
});
