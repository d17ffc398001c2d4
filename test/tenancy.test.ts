import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArtifact, createWorkload, workloadBody } from './fixtures.js';
import { createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

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
});
