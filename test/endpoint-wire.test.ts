import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { serviceArtifact } from './fixtures.js';
import { T0 } from './helpers.js';
import { secondsOf } from './sim-helpers.js';

/** Over real sockets (fetch, that is undici): concurrent clients of a workload's endpoint. */
let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function serve(config: Record<string, unknown> = {}): Promise<string> {
  app = await buildApp({
    config: { clock: { mode: 'manual', scale: 60, start: T0 }, seed: 'wire', ...config },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

function client(base: string, token = 'wire-endpoint') {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
}

describe('the workload endpoint over the wire', () => {
  it('answers concurrent requests through a replacement with no error, switching artifact exactly at the switch', async () => {
    const base = await serve();
    const call = client(base);
    const artifact = async (name: string, image: string) => {
      const created = await call('POST', '/api/v2/artifacts', {
        ...serviceArtifact({ name }, image),
        status: 'locked',
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const v1 = await artifact('agent-v1', 'registry.example.com/agent:1.0');
    const v2 = await artifact('agent-v2', 'registry.example.com/agent:2.0');
    const workload = await call('POST', '/api/v2/workloads', {
      name: 'wire',
      artifactId: v1,
      runtime: { containerGroups: [{ name: 'default', replicaCount: 2 }] },
    });
    const workloadId = workload.body.id as string;
    const advance = (seconds: number) => call('POST', '/_mock/clock/advance', { seconds });
    await advance(17);
    const previous = (await call('GET', `/api/v2/workloads/${workloadId}`)).body.protonId as string;
    const replacement = await call('POST', `/api/v2/workloads/${workloadId}/replacement`, {
      artifactId: v2,
      strategy: 'rolling',
      config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
    });
    expect(replacement.status).toBe(202);

    const answers: {
      status: number;
      upstream: string | null;
      servedAt: number;
      artifactId: string;
      protonId: string;
    }[] = [];
    const path = `/api/v2/endpoints/workloads/${workloadId}/v1/predict`;
    // Eight clients at once, while the clock moves 2 s per round, until the old proton is gone.
    for (let round = 0; round < 80; round++) {
      const batch = Array.from({ length: 8 }, (_, i) =>
        call(i % 2 ? 'POST' : 'GET', path, i % 2 ? { round } : undefined),
      );
      const [results] = await Promise.all([Promise.all(batch), advance(2)]);
      for (const res of results) {
        answers.push({
          status: res.status,
          upstream: res.headers.get('x-workload-mock-upstream'),
          servedAt: secondsOf(res.body.servedAt ?? new Date(T0).toISOString()),
          artifactId: res.body.artifactId,
          protonId: res.body.protonId,
        });
      }
    }
    const record = (await call('GET', `/api/v2/workloads/${workloadId}/history`)).body.data[0];
    expect(record.status).toBe('completed');
    const switchedAt = secondsOf(record.switchedAt);
    const [candidate] = record.candidateProtonIds;

    expect(answers).toHaveLength(640);
    expect(answers.filter((a) => a.status !== 200 || a.upstream !== 'simulated')).toEqual([]);
    const before = answers.filter((a) => a.servedAt < switchedAt);
    const after = answers.filter((a) => a.servedAt >= switchedAt);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(before.every((a) => a.artifactId === v1 && a.protonId === previous)).toBe(true);
    expect(after.every((a) => a.artifactId === v2 && a.protonId === candidate)).toBe(true);
    // No gap: every simulated second from the start to the end was served.
    const seconds = new Set(answers.map((a) => Math.floor(a.servedAt)));
    for (let s = 17; s < 17 + 160; s += 2) expect(seconds.has(s), String(s)).toBe(true);
  });

  it('closing the server answers a request waiting for a cold start instead of hanging on it', async () => {
    const base = await serve({ scaleDownDelaySeconds: 10 });
    const call = client(base);
    const created = await call('POST', '/api/v2/artifacts', { ...serviceArtifact(), status: 'locked' });
    const workload = await call('POST', '/api/v2/workloads', {
      name: 'cold',
      artifactId: created.body.id,
      runtime: {
        containerGroups: [
          {
            name: 'default',
            autoscaling: {
              enabled: true,
              policies: [{ scalingMetric: 'httpRequestsConcurrency', target: 1, minCount: 0, maxCount: 2 }],
            },
          },
        ],
      },
    });
    const workloadId = workload.body.id as string;
    await call('POST', '/_mock/clock/advance', { seconds: 60 });
    const proton = (await call('GET', `/api/v2/workloads/${workloadId}/protons`)).body.data[0];
    expect(proton.status).toBe('running');
    const pending = call('GET', `/api/v2/endpoints/workloads/${workloadId}/`);
    for (let i = 0; i < 200 && app!.emulator.endpoint.waitingCount === 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(app!.emulator.endpoint.waitingCount).toBe(1);
    const closed = app!;
    const closing = closed.close();
    const res = await pending;
    await closing;
    app = null;
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ detail: 'The mock is shutting down.' });
    // The mock refused it, not the workload: the state saved on shutdown shows no failed request.
    const saved = JSON.stringify(closed.emulator.snapshots.export());
    expect(saved).not.toContain('shutting down');
    expect(closed.emulator.telemetry.lastRequestAt(workloadId)).toBeNull();
  });
});
