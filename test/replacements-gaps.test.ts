import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SUBMIT_SECONDS, SWITCH_SECONDS } from '../src/sim/replacement-machine.js';
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
  protonSequence,
  startReplacement,
  statusDetails,
  V2_IMAGE,
} from './sim-helpers.js';

/**
 * What domain/replacements.ts writes where a client reads it: the names and messages of replacement
 * records, the record a promote leaves, the settings event, and which proton an aborting stop names.
 */

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

async function runningWorkload(artifactId?: string): Promise<string> {
  const id = await createWorkload(api, workloadBody(artifactId ?? (await createArtifact(api))));
  t.advance(POD_COURSE_SECONDS);
  return id;
}

describe('replacement records', () => {
  it('a promote leaves a completed record naming the promoted proton, current for the retention', async () => {
    const draft = await createArtifact(api, serviceArtifact(), false);
    const id = await runningWorkload(draft);
    const active = await activeProtonId(api, id);
    expect((await api.post(`workloads/${id}/promote`)).status).toBe(202);
    const current = await api.get(`workloads/${id}/replacement`);
    expect(current.body).toMatchObject({
      name: 'Promote agent',
      status: 'completed',
      candidateProtonIds: [active],
      previousProtonIds: [active],
      switchedAt: at(POD_COURSE_SECONDS),
      message: `Promoted artifact ${draft} from draft to locked version 1, with no restart.`,
    });
    // Current for MOCK_REPLACEMENT_RETENTION (60 s), then only in the history.
    t.advance(59);
    expect((await api.get(`workloads/${id}/replacement`)).status).toBe(200);
    t.advance(1);
    expect((await api.get(`workloads/${id}/replacement`)).status).toBe(404);
    expect((await api.get(`workloads/${id}/history`)).body.data[0]).toEqual(current.body);
  });

  it('names a replacement of a draft by a draft as drafts', async () => {
    const id = await runningWorkload(await createArtifact(api, serviceArtifact(), false));
    const v2 = await createArtifact(api, serviceArtifact({ name: 'agent-v2' }, V2_IMAGE), false);
    const posted = await startReplacement(api, id, v2, {
      warmupDurationMinutes: 0,
      keepOldVersionMinutes: 0,
    });
    expect(posted.status).toBe(202);
    expect(posted.body.name).toBe('Replace agent (draft) with agent-v2 (draft)');
  });

  it('PATCH /settings: a replacement named for the workload, its event naming it; the new proton never warms', async () => {
    const id = await runningWorkload();
    const patched = await api.patch(`workloads/${id}/settings`, { runtime: replicas(2) });
    expect(patched.status).toBe(202);
    expect(patched.body.name).toBe('Update settings of agent-prod');
    const changed = (await events(api, id)).filter((e) => e.eventType === 'workload.settingsChanged');
    expect(changed.map((e) => e.details)).toEqual([{ replacementId: patched.body.id }]);
    t.advance(60);
    expect((await api.get(`workloads/${id}/replacement`)).body.status).toBe('completed');
    const candidate = await activeProtonId(api, id);
    const sequence = (await protonSequence(api, id, candidate)).map((s) => s.split(':')[1]);
    expect(sequence).not.toContain('warming');
    expect(sequence.at(-1)).toBe('running');
  });

  it("a failed candidate's message names the failing container and its trouble", async () => {
    const id = await runningWorkload();
    await api.post('/_mock/faults', { match: { imageUri: V2_IMAGE }, fault: 'CrashLoopBackOff' });
    const v2 = await createArtifact(api, serviceArtifact({ name: 'agent-v2' }, V2_IMAGE));
    const posted = await startReplacement(api, id, v2, {
      warmupDurationMinutes: 5,
      keepOldVersionMinutes: 1,
    });
    expect(posted.status).toBe(202);
    t.advance(13);
    const [candidate] = (await api.get(`workloads/${id}/replacement`)).body.candidateProtonIds;
    const pod = (await statusDetails(api, id, candidate)).replicas[0].name;
    t.advance(60);
    const record = (await api.get(`workloads/${id}/replacement`)).body;
    expect(record.status).toBe('errored');
    expect(record.message).toBe(`The candidate proton errored: agent in ${pod}: CrashLoopBackOff.`);
  });
});

/** The workload's log lines about replacement `replacementId`, oldest first, as "level message". */
async function replacementLines(id: string, replacementId: string): Promise<string[]> {
  const logs = await api.get(`otel/workload/${id}/logs/?limit=1000&includes=Replacement`);
  expect(logs.status).toBe(200);
  return logs.body.data
    .filter((l: any) => l.message.startsWith(`Replacement ${replacementId}`))
    .map((l: any) => `${l.level} ${l.message}`)
    .reverse();
}

describe("the workload's log lines of a replacement", () => {
  it('logs each step through the old proton draining and the completion', async () => {
    const id = await runningWorkload();
    const old = await activeProtonId(api, id);
    const v2 = await createArtifact(api, serviceArtifact({ name: 'agent-v2' }, V2_IMAGE));
    const posted = await startReplacement(api, id, v2, {
      warmupDurationMinutes: 0,
      keepOldVersionMinutes: 1,
    });
    t.advance(120);
    const record = (await api.get(`workloads/${id}/replacement`)).body;
    expect(record.status).toBe('completed');
    const [candidate] = record.candidateProtonIds;
    const r = `Replacement ${posted.body.id}`;
    expect(await replacementLines(id, posted.body.id)).toEqual([
      `info ${r} created: rolling out artifact ${v2}`,
      `info ${r}: candidate proton ${candidate} created from artifact ${v2}`,
      `info ${r}: candidate proton ${candidate} is running`,
      `info ${r}: traffic switched to proton ${candidate}`,
      `info ${r}: old proton ${old} drained, shutting down`,
      `info ${r} completed`,
    ]);
    // The candidate's creation is its own line too: the first of its log tail.
    expect((await statusDetails(api, id, candidate)).logTail[0]).toBe(
      `2026-01-01T00:00:18.000Z INFO ${r}: candidate proton ${candidate} created from artifact ${v2}`,
    );
  });

  it('logs a cancel, and an error at the error level with its message', async () => {
    const id = await runningWorkload();
    const v2 = await createArtifact(api, serviceArtifact({ name: 'agent-v2' }, V2_IMAGE));
    const config = { warmupDurationMinutes: 5, keepOldVersionMinutes: 1 };
    const cancelled = await startReplacement(api, id, v2, config);
    t.advance(10);
    expect((await api.delete(`workloads/${id}/replacement`)).status).toBe(202);
    t.advance(30);
    expect((await replacementLines(id, cancelled.body.id)).at(-1)).toBe(
      `info Replacement ${cancelled.body.id} cancelled`,
    );

    await api.post('/_mock/faults', { match: { imageUri: V2_IMAGE }, fault: 'CrashLoopBackOff' });
    const errored = await startReplacement(api, id, v2, config);
    t.advance(60);
    const record = (await api.get(`workloads/${id}/replacement`)).body;
    expect(record.status).toBe('errored');
    expect((await replacementLines(id, errored.body.id)).at(-1)).toBe(
      `error Replacement ${errored.body.id} errored: ${record.message}`,
    );
  });
});

describe('the proton an aborting stop names', () => {
  it('a stop after the traffic switch names the new active proton: the replacement completes early', async () => {
    const id = await runningWorkload();
    const old = await activeProtonId(api, id);
    const v2 = await createArtifact(api, serviceArtifact({ name: 'agent-v2' }, V2_IMAGE));
    const posted = await startReplacement(api, id, v2, {
      warmupDurationMinutes: 0,
      keepOldVersionMinutes: 10,
    });
    expect(posted.status).toBe(202);
    // The candidate is ready 18s later and takes the traffic 2s after that.
    t.advance(SUBMIT_SECONDS + POD_COURSE_SECONDS + SWITCH_SECONDS);
    const active = await activeProtonId(api, id);
    expect(active).not.toBe(old);
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    const stopped = (await events(api, id)).find((e) => e.eventType === 'workload.stopped');
    expect(stopped.details).toEqual({ protonId: active });
    expect((await api.get(`workloads/${id}/replacement`)).body.status).toBe('completed');
  });

  it('a stop during the warm-up fails the replacement with no phase timer left: the state exports and imports at once', async () => {
    const id = await runningWorkload();
    const v2 = await createArtifact(api, serviceArtifact({ name: 'agent-v2' }, V2_IMAGE));
    await startReplacement(api, id, v2, { warmupDurationMinutes: 5, keepOldVersionMinutes: 10 });
    t.advance(SUBMIT_SECONDS + POD_COURSE_SECONDS + 30);
    const [candidate] = (await api.get(`workloads/${id}/replacement`)).body.candidateProtonIds;
    expect((await api.get(`workloads/${id}/protons/${candidate}`)).body.status).toBe('warming');
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    expect((await api.get(`workloads/${id}/replacement`)).body.status).toBe('errored');
    const exported = await api.get('/_mock/state');
    const imported = await api.put('/_mock/state', exported.body);
    expect([imported.status, imported.body.detail]).toEqual([200, undefined]);
  });

  it('a stop while promoting completes the replacement with no phase timer left: the state exports and imports at once', async () => {
    const id = await runningWorkload();
    const v2 = await createArtifact(api, serviceArtifact({ name: 'agent-v2' }, V2_IMAGE));
    await startReplacement(api, id, v2, { warmupDurationMinutes: 0, keepOldVersionMinutes: 10 });
    t.advance(SUBMIT_SECONDS + POD_COURSE_SECONDS + SWITCH_SECONDS);
    expect((await api.get(`workloads/${id}/replacement`)).body.status).toBe('promoting');
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    expect((await api.get(`workloads/${id}/replacement`)).body.status).toBe('completed');
    const exported = await api.get('/_mock/state');
    const imported = await api.put('/_mock/state', exported.body);
    expect([imported.status, imported.body.detail]).toEqual([200, undefined]);
  });
});
