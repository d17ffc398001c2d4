import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { POD_COURSE_SECONDS, replicas, serviceArtifact } from './fixtures.js';
import { T0 } from './helpers.js';

describe('simultaneous replacement requests over HTTP', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await buildApp({ config: { clock: { mode: 'manual', scale: 60, start: T0 } } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => app.close());

  it('twenty concurrent POSTs for one workload: exactly one 202, nineteen 422', async () => {
    const auth = { Authorization: 'Bearer racer' };
    const artifact = async (image: string) => {
      const created = await request(base)
        .post('/api/v2/artifacts')
        .set(auth)
        .send(serviceArtifact({ status: 'locked' }, image));
      return created.body.id as string;
    };
    const v1 = await artifact('registry.example.com/agent:1');
    const v2 = await artifact('registry.example.com/agent:2');
    const workload = await request(base)
      .post('/api/v2/workloads')
      .set(auth)
      .send({ name: 'race', artifactId: v1, runtime: replicas(1) });
    await request(base).post('/_mock/clock/advance').send({ seconds: POD_COURSE_SECONDS });

    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(base)
          .post(`/api/v2/workloads/${workload.body.id}/replacement`)
          .set(auth)
          .send({
            artifactId: v2,
            strategy: 'rolling',
            config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
          }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(19);
    for (const refused of answers.filter((a) => a.status === 422)) {
      expect(refused.body.detail).toBe('A replacement is already in progress for this workload.');
    }
    const history = await request(base).get(`/api/v2/workloads/${workload.body.id}/history`).set(auth);
    expect(history.body.totalCount).toBe(1);
  });
});
