/**
 * A believable environment built through the public API, for the dashboard tests: two tenants,
 * locked and draft artifacts, workloads running with one or two replicas, one with a sidecar, one
 * errored by a fault, one stopped. When fixtures/demo.json lands, tests load it instead (see
 * test/dashboard.browser.test.ts).
 */

async function send(base: string, token: string | null, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

function artifact(name: string, containers: { name: string; image: string; primary?: boolean }[]) {
  return {
    name,
    type: 'service',
    description: `${name}, as deployed by the demo environment`,
    spec: {
      containerGroups: [
        {
          name: 'default',
          containers: containers.map((c) => ({
            name: c.name,
            imageUri: c.image,
            ...(c.primary === false
              ? {}
              : { port: 8080, primary: true, readinessProbe: { path: '/healthz', port: 8080 } }),
          })),
        },
      ],
    },
  };
}

function replicas(count: number, containers: string[]) {
  return {
    containerGroups: [
      {
        name: 'default',
        replicaCount: count,
        containers: containers.map((name) => ({ name, resourceAllocation: { cpu: 1, memory: '2GB' } })),
      },
    ],
  };
}

export interface DemoEnvironment {
  tenants: string[];
  fraudDetector: { workloadId: string; v1: string; v2: string };
}

/** Creates the environment on a server with a manual clock, then lets it settle for a simulated minute. */
export async function seedDemoEnvironment(base: string): Promise<DemoEnvironment> {
  const acme = (method: string, path: string, body?: unknown) =>
    send(base, 'acme', method, `/api/v2/${path}`, body);
  const globex = (method: string, path: string, body?: unknown) =>
    send(base, 'globex', method, `/api/v2/${path}`, body);

  const v1 = await acme(
    'POST',
    'artifacts',
    artifact('fraud-detector', [{ name: 'scorer', image: 'registry.example.com/fraud-detector:1.4.0' }]),
  );
  await acme('PATCH', `artifacts/${v1.id}`, { status: 'locked' });
  const v2 = await acme('POST', `artifacts/${v1.id}/clone`, { name: 'fraud-detector' });
  await acme('PATCH', `artifacts/${v2.id}`, {
    spec: artifact('fraud-detector', [{ name: 'scorer', image: 'registry.example.com/fraud-detector:1.5.0' }])
      .spec,
  });
  await acme('PATCH', `artifacts/${v2.id}`, { status: 'locked' });
  const chat = await acme(
    'POST',
    'artifacts',
    artifact('support-chat', [
      { name: 'app', image: 'registry.example.com/support-chat:3.2.1' },
      { name: 'log-shipper', image: 'registry.example.com/log-shipper:2.0', primary: false },
    ]),
  );
  await acme('PATCH', `artifacts/${chat.id}`, { status: 'locked' });
  const batch = await acme(
    'POST',
    'artifacts',
    artifact('batch-scorer', [{ name: 'worker', image: 'registry.example.com/batch-scorer:0.9.0' }]),
  );
  const report = await acme(
    'POST',
    'artifacts',
    artifact('nightly-report', [{ name: 'report', image: 'registry.example.com/nightly-report:1.0.0' }]),
  );

  const fraud = await acme('POST', 'workloads', {
    name: 'fraud-detector-prod',
    description: 'Scores card transactions in real time',
    artifactId: v1.id,
    importance: 'critical',
    runtime: replicas(2, ['scorer']),
  });
  await acme('POST', 'workloads', {
    name: 'support-chat',
    artifactId: chat.id,
    importance: 'high',
    runtime: replicas(1, ['app', 'log-shipper']),
  });
  const scorer = await acme('POST', 'workloads', {
    name: 'batch-scorer-dev',
    artifactId: batch.id,
    importance: 'low',
  });
  const nightly = await acme('POST', 'workloads', {
    name: 'nightly-report',
    artifactId: report.id,
    importance: 'moderate',
  });

  const recommender = await globex(
    'POST',
    'artifacts',
    artifact('recommender', [{ name: 'model', image: 'registry.example.com/recommender:7.1' }]),
  );
  await globex('POST', 'workloads', {
    name: 'recommender-staging',
    artifactId: recommender.id,
    importance: 'moderate',
  });

  await send(base, null, 'POST', '/_mock/faults', {
    match: { workloadId: scorer.id },
    container: 'worker',
    fault: 'CrashLoopBackOff',
  });
  await send(base, null, 'POST', '/_mock/clock/advance', { seconds: 30 });
  await acme('POST', `workloads/${nightly.id}/stop`, {});
  await send(base, null, 'POST', '/_mock/clock/advance', { seconds: 30 });
  return { tenants: ['acme', 'globex'], fraudDetector: { workloadId: fraud.id, v1: v1.id, v2: v2.id } };
}
