import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { Random } from '../src/random.js';
import { FAULT_KINDS } from '../src/sim/faults.js';
import type { EventRecord } from '../src/store/types.js';
import {
  autoscaledRuntime,
  buildableArtifact,
  createArtifact,
  createWorkload,
  replicas,
  serviceArtifact,
  workloadBody,
} from './fixtures.js';
import { type Answer, Client, createTestApp, type TestApp } from './helpers.js';
import {
  expectConsistentStore,
  expectNothingScheduled,
  expectSettled,
  expectUnbrokenProtonChains,
} from './invariants.js';

/**
 * Seeded random walks over every lifecycle operation: the API's (create, replace, change settings,
 * autoscaled ones included, cancel, stop, start, promote, delete), the cluster's disruptions through
 * /_mock (suspend, resume, restart, interrupt), pod and build faults coming and going, new artifacts,
 * builds and locks, simulated traffic and calls to the endpoints, renames, sharing, a neighbouring
 * tenant's workloads and its resets, and time.
 * The invariants are checked after every step, mid-transition, not only once everything has
 * settled. Part-way, a twin is restored from a snapshot; from then on it gets every request and
 * advance the original gets, must answer each exactly alike, and must end in the same state.
 * WALK_SEED and WALK_STEPS choose another walk; a failure names the steps that led to it.
 * `npm run fuzz` walks WALK_COUNT seeds from WALK_FIRST_SEED.
 */

const { WALK_SEED, WALK_COUNT, WALK_FIRST_SEED } = process.env;
/** Seeds given: the closing check is for the default walks, which between them reach every operation. */
const CHOSEN = WALK_SEED !== undefined || WALK_COUNT !== undefined;
const SEEDS = WALK_SEED
  ? [Number(WALK_SEED)]
  : WALK_COUNT
    ? Array.from({ length: Number(WALK_COUNT) }, (_, i) => Number(WALK_FIRST_SEED) + i)
    : // 7, 13 and 29 restore transitions due at the same instant, which must then run in their saved
      // order; 7, 12 and 29 share with a user the restored state must still know (found by walking
      // without each; a change to the walk changes what each seed does).
      [7, 12, 13, 29];
const STEPS = Number(process.env.WALK_STEPS ?? 300);
const TOKEN = 'walker';
const NEIGHBOUR = 'neighbour';
const CONFIG = { rolloutTimeoutSeconds: 600 };
/** The faults that break pods (ErrorRate only fails requests; BuildFailed comes with the builds). */
const POD_BREAKERS = FAULT_KINDS.filter((kind) => kind !== 'ErrorRate' && kind !== 'BuildFailed');
const SETTLED = ['running', 'stopped', 'errored', 'suspended'];

/** Runtime settings that scale the primary container's group on concurrent requests. */
const AUTOSCALED = autoscaledRuntime([
  { scalingMetric: 'httpRequestsConcurrency', target: 2, minCount: 1, maxCount: 3 },
]);

/** Answers to operations, by what was done and how it was answered: `replace 202`. */
const outcomes = new Map<string, number>();

/** Sends to the app and, once it has one, to the twin, which must answer alike; never a 5xx. */
class WalkClient extends Client {
  twin: Client | null = null;

  constructor(
    app: FastifyInstance,
    token: string,
    /** What the walk did so far, shared by its clients. */
    readonly steps: string[],
    recorded = true,
  ) {
    super(app, token, recorded);
  }

  override async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const answer = await super.request(method, url, body, headers);
    // A workload's endpoint answers 503 without a ready replica, as the simulated gateway does.
    const simulated = url.startsWith('/api/v2/endpoints/') && answer.status === 503;
    if (answer.status >= 500 && !simulated) {
      throw new Error(`${method} ${url}: ${answer.status}${this.context()}`);
    }
    if (this.twin) {
      const twins = await this.twin.request(method, url, body, headers);
      expect(
        { status: twins.status, body: twins.body },
        `the twin on ${method} ${url}${this.context()}`,
      ).toEqual({
        status: answer.status,
        body: answer.body,
      });
    }
    return answer;
  }

  record(what: string, answer: Answer): void {
    const detail = answer.status >= 400 ? ` ${JSON.stringify(answer.body).slice(0, 160)}` : '';
    this.steps.push(`${what} -> ${answer.status}${detail}`);
    const outcome = `${what.split(' ')[1]} ${answer.status}`;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }

  context(): string {
    return `\nlast steps:\n${this.steps.slice(-40).join('\n')}`;
  }
}

async function walk(seed: number): Promise<void> {
  const t = await createTestApp(CONFIG);
  let twin: TestApp | null = null;
  const events: EventRecord[] = [];
  // The walker's: a tenant reset forgets the neighbour's protons without ending their chains.
  t.app.emulator.activity.listen({
    event: (workload, event) => {
      if (workload.tenant === TOKEN) events.push(event);
    },
  });
  const random = new Random(`walk ${seed}`);
  const chance = (p: number) => random.next() < p;
  const client = new WalkClient(t.app, TOKEN, []);
  // Another tenant's workloads share the cluster, the clock and the generator; at times it is reset.
  const neighbour = new WalkClient(t.app, NEIGHBOUR, client.steps);
  // The reads after every step, compared with the twin's but not recorded for the contract test.
  const checker = new WalkClient(t.app, TOKEN, client.steps, false);
  let neighbourArtifact: string | null = null;
  const neighbours: string[] = [];
  const advance = (seconds: number) => {
    t.advance(seconds);
    twin?.advance(seconds);
  };

  const artifacts: string[] = [];
  const newArtifact = async (name: string, locked: boolean) =>
    artifacts.push(
      await createArtifact(client, serviceArtifact({ name }, `registry.example.com/${name}:1`), locked),
    );
  for (const name of ['agent-a', 'agent-b']) await newArtifact(name, true);
  await newArtifact('agent-c', false);
  const workloads: string[] = [];
  // One on each artifact, the last a draft (which promote locks), and one that autoscales.
  for (const [index, name] of ['w1', 'w2', 'w3'].entries())
    workloads.push(await createWorkload(client, workloadBody(artifacts[index]!, { name })));
  workloads.push(
    await createWorkload(client, workloadBody(artifacts[0]!, { name: 'w4', runtime: AUTOSCALED })),
  );
  const faults: string[] = [];

  const operations: Record<string, (step: string, target: string) => Promise<void>> = {
    async create(step) {
      const answer = await client.post('workloads', workloadBody(random.pick(artifacts), { name: step }));
      client.record(step, answer);
      if (answer.status === 201 && workloads.length < 8) workloads.push(answer.body.id);
    },
    async artifact(step) {
      if (artifacts.length >= 10) return;
      await newArtifact(`agent-${artifacts.length}`, chance(0.5));
      client.steps.push(`${step} -> ${artifacts.at(-1)}`);
    },
    async build(step) {
      if (artifacts.length >= 10) return;
      const artifactId = await createArtifact(client, buildableArtifact({ name: `built-${step}` }), false);
      artifacts.push(artifactId);
      if (chance(0.3)) {
        const fault = await client.post('/_mock/faults', { match: { artifactId }, fault: 'BuildFailed' });
        client.record(`${step} BuildFailed`, fault);
        faults.push(fault.body.id);
      }
      client.record(`${step} ${artifactId}`, await client.post(`artifacts/${artifactId}/builds`));
    },
    async lock(step) {
      const artifactId = random.pick(artifacts);
      client.record(
        `${step} ${artifactId}`,
        await client.patch(`artifacts/${artifactId}`, { status: 'locked' }),
      );
    },
    async traffic(step, target) {
      const body = {
        rps: random.int(1, 20),
        seconds: random.pick([30, 120, 600]),
        concurrency: random.int(1, 8),
      };
      client.record(step, await client.post(`/_mock/workloads/${target}/traffic`, body));
    },
    async replace(step, target) {
      const config = { warmupDurationMinutes: random.int(0, 1), keepOldVersionMinutes: random.int(0, 1) };
      const body = { artifactId: random.pick(artifacts), strategy: 'rolling', config };
      client.record(step, await client.post(`workloads/${target}/replacement`, body));
    },
    async settings(step, target) {
      const body = { runtime: chance(0.3) ? AUTOSCALED : replicas(random.int(1, 3)) };
      client.record(step, await client.patch(`workloads/${target}/settings`, body));
    },
    async cancel(step, target) {
      client.record(step, await client.delete(`workloads/${target}/replacement`));
    },
    async stop(step, target) {
      client.record(step, await client.post(`workloads/${target}/stop`));
    },
    async start(step, target) {
      client.record(step, await client.post(`workloads/${target}/start`));
    },
    async promote(step, target) {
      client.record(step, await client.post(`workloads/${target}/promote`));
    },
    async delete(step, target) {
      // Rarer than the rest, so that the walk keeps workloads to act on.
      if (chance(0.5)) return;
      const answer = await client.delete(`workloads/${target}`);
      client.record(step, answer);
      if (answer.status === 204) workloads.splice(workloads.indexOf(target), 1);
    },
    async suspend(step, target) {
      client.record(step, await client.post(`/_mock/workloads/${target}/suspend`));
    },
    async resume(step, target) {
      client.record(step, await client.post(`/_mock/workloads/${target}/resume`));
    },
    async restart(step, target) {
      client.record(step, await client.post(`/_mock/workloads/${target}/restart`));
    },
    async interrupt(step, target) {
      const body = { seconds: random.pick([0, 30, 120]) };
      client.record(step, await client.post(`/_mock/workloads/${target}/interrupt`, body));
    },
    async fault(step, target) {
      const match = chance(0.5) ? { workloadId: target } : { artifactId: random.pick(artifacts) };
      const fault = random.pick(POD_BREAKERS);
      const body = { match, fault, afterSeconds: random.pick([0, 10, 60]) };
      const answer = await client.post('/_mock/faults', body);
      client.record(`${step} ${fault} ${JSON.stringify(match)}`, answer);
      if (answer.status === 201) faults.push(answer.body.id);
    },
    async unfault(step) {
      if (faults.length === 0) return;
      const id = faults.splice(random.int(0, faults.length - 1), 1)[0]!;
      client.record(`${step} ${id}`, await client.delete(`/_mock/faults/${id}`));
    },
    async neighbour(step) {
      neighbourArtifact ??= await createArtifact(
        neighbour,
        serviceArtifact({ name: 'next-door' }, 'registry.example.com/next-door:1'),
      );
      if (neighbours.length < 3 || chance(0.3)) {
        const answer = await neighbour.post('workloads', workloadBody(neighbourArtifact, { name: step }));
        neighbour.record(step, answer);
        if (answer.status === 201) neighbours.push(answer.body.id);
        return;
      }
      const target = random.pick(neighbours);
      const op = random.pick(['stop', 'start']);
      neighbour.record(`${step} ${op} ${target}`, await neighbour.post(`workloads/${target}/${op}`));
    },
    async call(step, target) {
      // Answered by a ready replica, with a latency from the generator, and counted in the statistics.
      const method = random.pick(['GET', 'POST']);
      const url = `/api/v2/endpoints/workloads/${target}/predict`;
      client.record(
        `${step} ${method}`,
        await client.request(method, url, method === 'POST' ? { x: 1 } : undefined),
      );
      await checker.get(`workloads/${target}/stats`);
    },
    async rename(step, target) {
      const body = random.pick([
        { name: `renamed-${client.steps.length}` },
        { importance: random.pick(['low', 'critical']) },
        { description: null },
      ]);
      client.record(`${step} ${JSON.stringify(body)}`, await client.patch(`workloads/${target}`, body));
    },
    async share(step, target) {
      // The neighbour is a known user only once it has called (again, after a reset).
      const base = chance(0.5) ? `workloads/${target}` : `artifacts/${random.pick(artifacts)}`;
      const username = random.pick([NEIGHBOUR, 'someone.new']);
      const roles = [{ shareRecipientType: 'user', role: random.pick(['USER', 'OWNER']), username }];
      client.record(
        `${step} ${base} ${username}`,
        await client.patch(`${base}/sharedRoles`, { operation: 'updateRoles', roles }),
      );
    },
    async resetNeighbour(step) {
      neighbour.record(step, await neighbour.post(`/_mock/reset?tenant=${NEIGHBOUR}`));
      neighbourArtifact = null;
      neighbours.length = 0;
    },
    async advance(step) {
      const seconds = random.pick([1, 5, 20, 60, 300]);
      client.steps.push(`${step} +${seconds} s`);
      advance(seconds);
    },
  };
  // Time passes more often than anything else happens.
  const choices = [...Object.keys(operations), 'create', 'replace', 'advance', 'advance', 'advance'];

  const checkStep = async () => {
    const context = client.context();
    expectConsistentStore(t.app.emulator, context);
    const list = await checker.get('workloads?limit=100');
    for (const workload of t.app.emulator.store.workloads.values()) {
      if (workload.deleted || workload.tenant !== TOKEN) continue;
      const status = t.app.emulator.workloads.status(workload);
      const listed = list.body.data.find((w: { id: string }) => w.id === workload.id);
      expect(listed?.status, `workload ${workload.id} in the list${context}`).toBe(status);
      expect((await checker.get(`workloads/${workload.id}`)).body.status).toBe(status);
    }
  };

  for (let i = 0; i < STEPS; i++) {
    if (i === Math.floor(STEPS / 3)) {
      const snapshot = await t.client().get('/_mock/state');
      twin = await createTestApp({ ...CONFIG, seed: 'another seed' });
      const restored = await twin.client().put('/_mock/state', snapshot.body);
      expect(restored.status, JSON.stringify(restored.body).slice(0, 500)).toBe(200);
      client.twin = new Client(twin.app, TOKEN, false);
      checker.twin = client.twin;
      neighbour.twin = new Client(twin.app, NEIGHBOUR, false);
      client.steps.push(`${i} the twin is restored from a snapshot`);
    }
    const op = random.pick(choices);
    const target = workloads.length > 0 ? random.pick(workloads) : 'none';
    await operations[op]!(`${i} ${op} ${target}`, target);
    await checkStep();
  }

  client.record('end clear-faults', await client.delete('/_mock/faults'));
  for (let i = 0; i < 500 && t.clock.state().pendingTimers > 0; i++) advance(60);
  advance(600);
  client.steps.push('settled');
  await checkStep();
  expectNothingScheduled(t.app.emulator);
  expectSettled(t.app.emulator, SETTLED, client.context());
  expect(expectUnbrokenProtonChains(events, t.app.emulator)).toBeGreaterThan(10);
  const [original, restored] = [
    await t.client().get('/_mock/state'),
    await twin!.client().get('/_mock/state'),
  ];
  expect(restored.body).toEqual(original.body);
  await Promise.all([t.close(), twin!.close()]);
}

it.each(SEEDS)(
  'walk %i: invariants hold at every step, and a twin restored mid-walk stays identical',
  walk,
  60_000,
);

it.skipIf(CHOSEN)('exercised every operation: each succeeded in some walk', () => {
  const succeeded = (op: string) =>
    [...outcomes].some(([outcome, count]) => outcome.startsWith(`${op} 2`) && count > 0);
  const operations =
    'create replace settings cancel stop start promote delete suspend resume restart interrupt ' +
    'fault unfault build lock traffic neighbour resetNeighbour share call rename';
  for (const op of operations.split(' ')) expect(succeeded(op), op).toBe(true);
});
