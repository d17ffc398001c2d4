import { afterAll, beforeAll, expect, test } from 'vitest';
import { type MockServer, startMockServer } from 'workload-api-mock';

let mock: MockServer;

beforeAll(async () => {
  // A free port on 127.0.0.1; simulated time moves only when the test says so.
  mock = await startMockServer({ clock: 'manual' });
});

afterAll(() => mock.close());

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${mock.apiUrl}${path}`, {
    method,
    headers: { authorization: 'Bearer my-test', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

test('a new workload runs once its pods are ready', async () => {
  const artifact = await api('POST', '/artifacts', {
    name: 'agent',
    status: 'locked',
    spec: {
      containerGroups: [
        {
          containers: [
            { name: 'agent', imageUri: 'registry.example.com/agent:1.0', port: 8080, primary: true },
          ],
        },
      ],
    },
  });
  const workload = await api('POST', '/workloads', { name: 'agent-prod', artifactId: artifact.id });
  expect(workload.status).toBe('submitted');

  mock.clock.advance(60); // one simulated minute, at once
  expect((await api('GET', `/workloads/${workload.id}`)).status).toBe('running');
});
