import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildableArtifact,
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  serviceArtifact,
  workloadBody,
} from './fixtures.js';
import { createTestApp, type TestApp } from './helpers.js';
import { rollingVersions, startReplacement } from './sim-helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/** The app again with MOCK_TOKENS of two tenants, team-a (tok-a) and team-b (tok-b). */
async function restartWithTwoTeams(): Promise<void> {
  await t.close();
  t = await createTestApp({
    tokens: new Map([
      ['tok-a', 'team-a'],
      ['tok-b', 'team-b'],
    ]),
  });
}

describe('tenancy', () => {
  it('two tokens never see each other: lists, reads, writes and sub-resources', async () => {
    const a = t.client('token-a');
    const b = t.client('token-b');
    const artifactA = await createArtifact(a);
    const workloadA = await createWorkload(a, workloadBody(artifactA));
    const artifactB = await createArtifact(b);
    await createWorkload(b, workloadBody(artifactB));

    for (const [client, own] of [
      [a, artifactA],
      [b, artifactB],
    ] as const) {
      const artifacts = (await client.get('artifacts')).body;
      expect(artifacts.totalCount).toBe(1);
      expect(artifacts.data[0].id).toBe(own);
      expect((await client.get('workloads')).body.totalCount).toBe(1);
    }

    const missing = await b.get(`workloads/${'f'.repeat(24)}`);
    const foreign = await b.get(`workloads/${workloadA}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);

    for (const [method, url, body] of [
      ['GET', `artifacts/${artifactA}`],
      ['PATCH', `artifacts/${artifactA}`, { name: 'stolen' }],
      ['DELETE', `artifacts/${artifactA}`],
      ['POST', `artifacts/${artifactA}/clone`, { name: 'copy' }],
      ['GET', `workloads/${workloadA}/protons`],
      ['GET', `workloads/${workloadA}/events`],
      ['POST', `workloads/${workloadA}/stop`],
      ['DELETE', `workloads/${workloadA}`],
      ['POST', 'workloads', workloadBody(artifactA)],
    ] as const) {
      const res = await b.request(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    expect((await a.get(`workloads/${workloadA}`)).status).toBe(200);
    expect((await a.get(`artifacts/${artifactA}`)).body.name).toBe('agent');
  });

  it("each tenant's replacements carry its own tenant id, the one /_mock/tenants lists", async () => {
    const tenantIds: Record<string, string[]> = {};
    for (const token of ['token-a', 'token-b']) {
      const api = t.client(token);
      const { workloadId, v2 } = await rollingVersions(t, api);
      const config = { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 };
      const first = await startReplacement(api, workloadId, v2, config);
      await api.delete(`workloads/${workloadId}/replacement`);
      t.advance(POD_COURSE_SECONDS);
      const second = await startReplacement(api, workloadId, v2, config);
      tenantIds[token] = [first.body.tenantId, second.body.tenantId];
    }
    const listed = (await t.app.inject({ method: 'GET', url: '/_mock/tenants' })).json().data;
    for (const [token, ids] of Object.entries(tenantIds)) {
      expect(ids).toEqual(Array(2).fill(listed.find((tenant: { name: string }) => tenant.name === token).id));
    }
    expect(tenantIds['token-a']![0]).not.toBe(tenantIds['token-b']![0]);
    // Version 4 UUIDs of the RFC 4122 variant, as the platform's.
    for (const [id] of Object.values(tenantIds)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('resetting one tenant forgets the faults aimed at its workloads and artifacts, deleted ones too, and only those', async () => {
    const a = t.client('token-a');
    const b = t.client('token-b');
    const control = t.client(null);
    const artifactA = await createArtifact(a);
    const workloadA = await createWorkload(a, workloadBody(artifactA));
    const workloadB = await createWorkload(b, workloadBody(await createArtifact(b)));
    const fault = async (match: Record<string, string>) => {
      const res = await control.post('/_mock/faults', { match, fault: 'NeverReady' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    await fault({ workloadId: workloadA });
    await fault({ artifactId: artifactA });
    // Aimed at what was deleted before the reset: a draft, and a workload since forgotten.
    const draft = await createArtifact(a, serviceArtifact(), false);
    await fault({ artifactId: draft });
    expect((await a.delete(`artifacts/${draft}`)).status).toBe(204);
    const deleted = await createWorkload(a, workloadBody(artifactA));
    await fault({ workloadId: deleted });
    expect((await a.delete(`workloads/${deleted}`)).status).toBe(204);
    t.advance(600);
    expect(t.app.emulator.store.workloads.has(deleted)).toBe(false);
    const kept = [
      await fault({ workloadId: workloadB }),
      await fault({ imageUri: 'registry.example.com/*' }),
    ];

    // An empty tenant names none: refused, in the query and in the body alike.
    expect((await control.post('/_mock/reset?tenant=')).status).toBe(422);
    expect((await control.post('/_mock/reset', { tenant: '' })).status).toBe(422);
    expect((await control.post('/_mock/reset?tenant=token-a')).status).toBe(200);
    const left = (await control.get('/_mock/faults')).body.data as { id: string }[];
    expect(left.map((f) => f.id).sort()).toEqual([...kept].sort());
  });

  it("a tenant's reset forgets its builds, protons, metrics and logs: the state holds the other tenant's only", async () => {
    const control = t.client(null);
    const builds: string[] = [];
    const workloads: string[] = [];
    for (const token of ['token-a', 'token-b']) {
      const client = t.client(token);
      const draft = await createArtifact(client, buildableArtifact(), false);
      const triggered = await client.post(`artifacts/${draft}/builds`);
      expect(triggered.status).toBe(202);
      builds.push(...triggered.body.buildIds);
      workloads.push(await createWorkload(client, workloadBody(await createArtifact(client))));
    }
    expect((await control.post('/_mock/reset?tenant=token-a')).status).toBe(200);
    const { store, telemetry, activity } = (await control.get('/_mock/state')).body.sections;
    expect(store.builds.map((build: { id: string }) => build.id)).toEqual(builds.slice(1));
    expect(store.protons.map((proton: { workloadId: string }) => proton.workloadId)).toEqual(
      workloads.slice(1),
    );
    // Its replica counts over time go with it, and its workloads' logs.
    expect(telemetry.workloads.map((entry: { workloadId: string }) => entry.workloadId)).toEqual(
      workloads.slice(1),
    );
    expect(activity.logs.map((entry: { workloadId: string }) => entry.workloadId)).toEqual(
      workloads.slice(1),
    );
    expect((await control.post('/_mock/reset')).status).toBe(200);
    const after = (await control.get('/_mock/state')).body.sections.store;
    expect([after.builds, after.protons]).toEqual([[], []]);
  });

  it("a tenant's reset cancels what its records had pending: rollout steps and timeouts, pods coming up, an eviction, a build, a purge", async () => {
    const control = t.client(null);
    const settled = t.client('token-b');
    await createWorkload(settled, workloadBody(await createArtifact(settled)));
    t.advance(POD_COURSE_SECONDS);
    const pending = async () => (await control.get('/_mock/clock')).body.pendingTransitions as number;
    expect(await pending()).toBe(0);
    const a = t.client('token-a');
    const { workloadId, v1, v2 } = await rollingVersions(t, a);
    const next = await createWorkload(a, workloadBody(v1, { name: 'next' }));
    const deleted = await createWorkload(a, workloadBody(v1, { name: 'deleted' }));
    const evicted = await createWorkload(a, workloadBody(v1, { name: 'evicted' }));
    t.advance(POD_COURSE_SECONDS);
    expect((await a.delete(`workloads/${deleted}`)).status).toBe(204);
    const interrupt = await control.post(`/_mock/workloads/${evicted}/interrupt`, { seconds: 600 });
    expect(interrupt.status).toBe(200);
    const draft = await createArtifact(a, buildableArtifact(), false);
    expect((await a.post(`artifacts/${draft}/builds`)).status).toBe(202);
    const config = { warmupDurationMinutes: 5, keepOldVersionMinutes: 1 };
    expect((await startReplacement(a, workloadId, v2, config)).status).toBe(202);
    // One candidate coming up under the rollout timeout, the next rollout about to begin.
    t.advance(5);
    expect((await a.get(`workloads/${workloadId}/replacement`)).body.status).toBe('initializing');
    expect((await startReplacement(a, next, v2, config)).status).toBe(202);
    expect((await control.post('/_mock/reset?tenant=token-a')).status).toBe(200);
    // Nothing of the tenant's is left to happen; the other tenant's settled workload had nothing.
    expect(await pending()).toBe(0);
  });

  it('a reset names its tenant in the query or the body; a misspelt parameter resets nothing', async () => {
    const a = t.client('token-a');
    const b = t.client('token-b');
    const control = t.client(null);
    await createArtifact(a);
    await createArtifact(b);
    const artifacts = async () => [
      (await a.get('artifacts')).body.totalCount,
      (await b.get('artifacts')).body.totalCount,
    ];
    const typo = await control.post('/_mock/reset?tennant=token-a');
    expect(typo.status).toBe(422);
    expect(typo.body.detail[0]).toMatchObject({ loc: ['query', 'tennant'], type: 'extra_forbidden' });
    const conflicting = await control.post('/_mock/reset?tenant=token-a', { tenant: 'token-b' });
    expect(conflicting.status).toBe(422);
    expect(conflicting.body.detail[0]).toMatchObject({ loc: ['body', 'tenant'] });
    expect(await artifacts()).toEqual([1, 1]);
    expect((await control.post('/_mock/reset', { tenant: 'token-a' })).body).toEqual({ reset: 'token-a' });
    expect(await artifacts()).toEqual([0, 1]);
  });

  it('with MOCK_TOKENS a reset takes a tenant name or one of its tokens, and refuses a name it does not know', async () => {
    await restartWithTwoTeams();
    const a = t.client('tok-a');
    const b = t.client('tok-b');
    const control = t.client(null);
    await createArtifact(a);
    await createArtifact(b);
    const unknown = await control.post('/_mock/reset?tenant=team-c');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('No tenant is named team-c: MOCK_TOKENS names team-a, team-b.');
    expect((await control.post('/_mock/reset?tenant=tok-a')).body).toEqual({ reset: 'team-a' });
    expect((await a.get('artifacts')).body.totalCount).toBe(0);
    expect((await b.get('artifacts')).body.totalCount).toBe(1);
    expect((await control.post('/_mock/reset?tenant=tok-b', { tenant: 'team-b' })).body).toEqual({
      reset: 'team-b',
    });
    expect((await b.get('artifacts')).body.totalCount).toBe(0);
  });

  it('with MOCK_TOKENS the faults of ?tenant= are those of the tenant a token acts as; a name it does not know is a 404', async () => {
    await restartWithTwoTeams();
    const control = t.client(null);
    for (const tenant of ['team-a', 'team-b']) {
      const res = await control.post('/_mock/faults', { match: { tenant }, fault: 'NeverReady' });
      expect(res.status).toBe(201);
    }
    const listed = async (query: string) =>
      (await control.get(`/_mock/faults${query}`)).body.data.map((fault: any) => fault.match.tenant);
    expect(await listed('?tenant=tok-a')).toEqual(['team-a']);
    for (const method of ['GET', 'DELETE'] as const) {
      const unknown = await control.request(method, '/_mock/faults?tenant=team-c');
      expect(unknown.status, method).toBe(404);
      expect(unknown.body.detail).toBe('No tenant is named team-c: MOCK_TOKENS names team-a, team-b.');
    }
    expect((await control.delete('/_mock/faults?tenant=tok-b')).status).toBe(204);
    expect(await listed('')).toEqual(['team-a']);
  });

  it("with MOCK_TOKENS a fault's match.tenant takes a token, recorded as the tenant it acts as; an unknown name is a 404", async () => {
    await restartWithTwoTeams();
    const control = t.client(null);
    const byToken = await control.post('/_mock/faults', { match: { tenant: 'tok-b' }, fault: 'NeverReady' });
    expect(byToken.status).toBe(201);
    expect(byToken.body.match).toEqual({ tenant: 'team-b' });
    const unknown = await control.post('/_mock/faults', { match: { tenant: 'team-c' }, fault: 'NeverReady' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('No tenant is named team-c: MOCK_TOKENS names team-a, team-b.');
    expect((await control.get('/_mock/faults')).body.count).toBe(1);
  });
});
