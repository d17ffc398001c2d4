/**
 * One measured process of the benchmark. The parent (bench/run.ts) starts it with a role and talks
 * to it over IPC; every role imports the built app (dist/) so the figures are those of `npm start`.
 *
 * Roles:
 * - bare [body]: a bare Fastify hello-world route (the baseline), two routes answering the given
 *   JSON body (the mock's workload, to tell the cost of the body from the cost of the mock: one
 *   serialises it per request, one sends its text) and a POST route answering 201, on 127.0.0.1;
 * - mock: the mock with a manual clock and a small seeded tenant, listening on 127.0.0.1;
 * - scaleServer: the mock with a manual clock, listening, for the parent to create workloads in over
 *   HTTP; on request it drives them to running and reports its memory, then times saving its state
 *   to a file and restoring that file into a new app;
 * - scaleInject N: creates N workloads in process through app.inject and drives them to running;
 * - scheduler N: creates N workloads, advances until all run, then advances idle hours;
 * - build: imports the app and builds it, reporting both times.
 */
// Plain JavaScript on purpose: a TypeScript loader would add its own memory and start-up time to
// every figure measured here.

import { rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';

const distApp = pathToFileURL(`${process.cwd()}/dist/app.js`).href;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

const ARTIFACT = {
  name: 'bench',
  type: 'service',
  spec: {
    containerGroups: [
      {
        name: 'default',
        containers: [
          {
            name: 'app',
            imageUri: 'registry.example.com/bench:1',
            port: 8080,
            primary: true,
            readinessProbe: { path: '/healthz', port: 8080 },
          },
        ],
      },
    ],
  },
};

/** @param {unknown} message */
function send(message) {
  process.send?.(message);
}

/** Memory after a full collection, so figures measure what is kept, not garbage. */
function memory() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    newSpace: newSpace?.space_size ?? 0,
    external: m.external + m.arrayBuffers,
  };
}

async function inject(app, token, method, url, body) {
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { payload: body }),
  });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.body ? JSON.parse(response.body) : undefined;
}

async function manualApp() {
  const { buildApp } = await import(distApp);
  return buildApp({ config: { clock: { mode: 'manual', scale: 60, start: T0 }, seed: 'bench' } });
}

async function artifactOf(app, token) {
  const artifact = await inject(app, token, 'POST', '/api/v2/artifacts', ARTIFACT);
  await inject(app, token, 'PATCH', `/api/v2/artifacts/${artifact.id}`, { status: 'locked' });
  return artifact.id;
}

/** Creates `count` workloads through the API, `concurrency` requests in flight. */
async function createWorkloads(app, token, artifactId, count, concurrency = 64) {
  const ids = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const created = await inject(app, token, 'POST', '/api/v2/workloads', {
        name: `bench-${i}`,
        artifactId,
        importance: 'moderate',
      });
      ids[i] = created.id;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}

function countRunning(app, token) {
  const tenant = app.emulator.store.tenants.get(token);
  let running = 0;
  for (const workload of tenant?.workloads.values() ?? [])
    if (app.emulator.workloads.status(workload) === 'running') running++;
  return running;
}

async function listen(app) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** MOCK_STATE_FILE with this state: the save at shutdown, and the restore at the next start. */
async function stateFileTimes(app, path) {
  const { StateFile } = await import(pathToFileURL(`${process.cwd()}/dist/state-file.js`).href);
  const saveStart = performance.now();
  new StateFile(path, app.emulator).save();
  const saveMs = performance.now() - saveStart;
  const bytes = statSync(path).size;
  const restored = await manualApp();
  try {
    const restoreStart = performance.now();
    new StateFile(path, restored.emulator).restore();
    const restoreMs = performance.now() - restoreStart;
    return { bytes, saveMs, restoreMs, workloads: restored.emulator.store.workloads.size };
  } finally {
    await restored.close();
    rmSync(path, { force: true });
  }
}

/** Answers the parent's requests until it disconnects. */
function serveControl(app) {
  process.on('message', (message) => {
    if (message.type === 'reset' && app) {
      app.emulator.reset(message.tenant);
      send({ type: 'reset' });
    } else if (message.type === 'artifact' && app) {
      // A reset forgets the tenant's artifacts too: a POST run needs a fresh one after it.
      artifactOf(app, message.tenant).then(
        (id) => send({ type: 'artifact', id }),
        (error) => send({ type: 'error', message: String(error) }),
      );
    } else if (message.type === 'advance' && app) {
      const start = performance.now();
      app.emulator.clock.advance(message.seconds);
      const advanceMs = performance.now() - start;
      send({
        type: 'advance',
        result: {
          advanceMs,
          workloads: app.emulator.store.workloads.size,
          running: countRunning(app, 'bench'),
          memory: memory(),
        },
      });
    } else if (message.type === 'memory') {
      send({ type: 'memory', memory: memory() });
    } else if (message.type === 'stateFile' && app) {
      stateFileTimes(app, message.path).then(
        (result) => send({ type: 'stateFile', result }),
        (error) => send({ type: 'error', message: String(error) }),
      );
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/**
 * @param {string | undefined} sameBody a JSON body the mock's workload answers, which two routes answer
 *   too: serialised on every request, and as the text itself (what a response costs without the
 *   serialising: the bytes' share of the gap to hello-world).
 */
async function bare(sameBody) {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world' }));
  const body = sameBody ? JSON.parse(sameBody) : {};
  const text = sameBody ?? '{}';
  app.get('/same-body', async () => body);
  app.get('/same-text', async (_request, reply) => reply.type('application/json; charset=utf-8').send(text));
  app.post('/workloads', async (request, reply) => reply.code(201).send({ id: request.body?.name ?? null }));
  await app.ready();
  const port = await listen(app);
  serveControl(null);
  send({ type: 'ready', port });
}

async function mock() {
  const app = await manualApp();
  const artifactId = await artifactOf(app, 'bench');
  const ids = await createWorkloads(app, 'bench', artifactId, 100);
  const postArtifactId = await artifactOf(app, 'bench-post');
  app.emulator.clock.advance(60);
  if (countRunning(app, 'bench') !== 100) throw new Error('the seeded workloads are not running');
  const port = await listen(app);
  serveControl(app);
  send({ type: 'ready', port, workloadId: ids[50], postArtifactId });
}

/** The floor: the same POST, 64 in flight through app.inject, answered by a bare Fastify route. */
async function bareInjectRate(count) {
  const { default: Fastify } = await import('fastify');
  const bare = Fastify({ logger: false });
  bare.post('/api/v2/workloads', async (request, reply) => reply.code(201).send({ id: request.body.name }));
  await bare.ready();
  const total = Math.min(count, 20_000);
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next++ < total) {
      await bare.inject({
        method: 'POST',
        url: '/api/v2/workloads',
        headers: { authorization: 'Bearer bench' },
        payload: { name: 'bench', artifactId: '0123456789abcdef01234567', importance: 'moderate' },
      });
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  const rate = total / ((performance.now() - start) / 1000);
  await bare.close();
  return rate;
}

/** The mock as users run it: workloads arrive over HTTP from the parent (bench/run.ts). */
async function scaleServer() {
  const app = await manualApp();
  const artifactId = await artifactOf(app, 'bench');
  const before = memory();
  const port = await listen(app);
  serveControl(app);
  send({ type: 'ready', port, artifactId, before });
}

/** The same in process, through app.inject: what a test suite embedding the mock sees. */
async function scaleInject(count) {
  const app = await manualApp();
  const artifactId = await artifactOf(app, 'bench');
  const bareCreatePerSecond = await bareInjectRate(count);
  const before = memory();
  const createStart = performance.now();
  await createWorkloads(app, 'bench', artifactId, count);
  const createMs = performance.now() - createStart;
  app.emulator.clock.advance(60);
  const running = countRunning(app, 'bench');
  if (running !== count) throw new Error(`${running} of ${count} workloads running`);
  const afterRunning = memory();
  send({ type: 'result', result: { count, createMs, bareCreatePerSecond, before, afterRunning } });
  await app.close();
}

async function scheduler(count) {
  const app = await manualApp();
  const clock = app.emulator.clock;
  const artifactId = await artifactOf(app, 'bench');
  const before = memory();
  const createStart = performance.now();
  await createWorkloads(app, 'bench', artifactId, count);
  const createMs = performance.now() - createStart;
  // Until all run: one second at a time, as a scaled clock's timers would fire.
  const runStart = performance.now();
  let steps = 0;
  while (countRunning(app, 'bench') < count && steps < 600) {
    clock.advance(1);
    steps++;
  }
  const toRunningMs = performance.now() - runStart;
  const running = countRunning(app, 'bench');
  const afterRunning = memory();
  // An idle hour, in one-second steps: one to warm up, then several measured (the parent keeps the
  // fastest: on a shared machine, noise only ever adds time).
  for (let s = 0; s < 3600; s++) clock.advance(1);
  const hours = [];
  const firedPerHour = [];
  for (let hour = 0; hour < 15; hour++) {
    // A collection first, so no pending garbage of the set-up lands in the measured hour.
    globalThis.gc?.();
    const start = performance.now();
    let fired = 0;
    for (let s = 0; s < 3600; s++) fired += clock.advance(1);
    hours.push(performance.now() - start);
    firedPerHour.push(fired);
  }
  const afterIdle = memory();
  send({
    type: 'result',
    result: {
      count,
      running,
      createMs,
      toRunningMs,
      toRunningSteps: steps,
      idleHourMs: hours,
      firedPerIdleHour: firedPerHour,
      pendingTimers: clock.state().pendingTimers,
      before,
      afterRunning,
      afterIdle,
    },
  });
  await app.close();
}

async function build() {
  const importStart = performance.now();
  const { buildApp } = await import(distApp);
  const importMs = performance.now() - importStart;
  const buildStart = performance.now();
  const app = await buildApp();
  const buildMs = performance.now() - buildStart;
  await app.close();
  const warmStart = performance.now();
  const again = await buildApp();
  const warmBuildMs = performance.now() - warmStart;
  await again.close();
  send({ type: 'result', result: { importMs, buildMs, warmBuildMs } });
}

const [role, arg] = process.argv.slice(2);
const roles = {
  bare: () => bare(arg),
  mock,
  scaleServer,
  scaleInject: () => scaleInject(Number(arg)),
  scheduler: () => scheduler(Number(arg)),
  build,
};
const run = roles[role ?? ''];
if (!run) {
  process.stderr.write(`unknown role ${role}\n`);
  process.exit(2);
}
run().catch((error) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
