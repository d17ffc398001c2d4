import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../src/store/types.js';
import { createArtifact, createWorkload, replicas, serviceArtifact, workloadBody } from './fixtures.js';
import { type Answer, createTestApp, type TestApp } from './helpers.js';
import {
  expectConsistentStore,
  expectNothingScheduled,
  expectSettled,
  expectUnbrokenProtonChains,
} from './invariants.js';

/**
 * Many clients at once, on shared and separate workloads: create, replace, change settings,
 * cancel, stop, start and delete, interleaved through app.inject promises, clock advances and a
 * real socket. Once the clock has settled everything, every invariant of the simulation holds.
 */

const CLIENTS = 12;
const SOCKET_CLIENTS = 3;
const OPERATIONS = 25;
const TENANTS = ['team-a', 'team-b'];
const SEED = Number(process.env.CONCURRENCY_SEED ?? 1000);

/** A small seeded generator: the same interleaving on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Accepted {
  client: number;
  op: string;
  tenant: string;
  workloadId: string;
  status: number;
  replacementId?: string;
}

let t: TestApp;
let baseUrl: string;
const events: EventRecord[] = [];
const accepted: Accepted[] = [];
const artifacts: Record<string, string[]> = {};
const shared: Record<string, string[]> = {};

type Send = (method: string, url: string, body?: unknown) => Promise<Answer>;

function injector(token: string): Send {
  const client = t.client(token);
  return (method, url, body) => client.request(method, url, body);
}

function socketClient(token: string): Send {
  return async (method, url, body) => {
    const response = await fetch(`${baseUrl}/api/v2/${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: {} };
  };
}

async function runClient(index: number): Promise<void> {
  const random = mulberry32(SEED + index);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const tenant = TENANTS[index % TENANTS.length]!;
  const send = index < SOCKET_CLIENTS ? socketClient(tenant) : injector(tenant);
  const own: string[] = [];
  const record = (op: string, workloadId: string, answer: Answer) => {
    if (answer.status >= 500)
      throw new Error(`${op} ${workloadId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (answer.status >= 200 && answer.status < 300) {
      const replacementId =
        op === 'replace' || op === 'settings' || op === 'cancel' ? (answer.body?.id as string) : undefined;
      accepted.push({
        client: index,
        op,
        tenant,
        workloadId,
        status: answer.status,
        ...(replacementId ? { replacementId } : {}),
      });
    }
  };
  for (let i = 0; i < OPERATIONS; i++) {
    const target = own.length > 0 && random() < 0.5 ? pick(own) : pick(shared[tenant]!);
    const op = pick([
      'create',
      'create',
      'replace',
      'replace',
      'settings',
      'cancel',
      'stop',
      'start',
      'delete',
      'read',
    ]);
    switch (op) {
      case 'create': {
        const answer = await send(
          'POST',
          'workloads',
          workloadBody(pick(artifacts[tenant]!), { name: `c${index}-${i}` }),
        );
        record(op, answer.body?.id, answer);
        if (answer.status === 201) own.push(answer.body.id);
        break;
      }
      case 'replace': {
        const config = { warmupDurationMinutes: pick([0, 1, 2]), keepOldVersionMinutes: pick([0, 1]) };
        const artifactId = pick(artifacts[tenant]!);
        record(
          op,
          target,
          await send('POST', `workloads/${target}/replacement`, { artifactId, strategy: 'rolling', config }),
        );
        break;
      }
      case 'settings':
        record(
          op,
          target,
          await send('PATCH', `workloads/${target}/settings`, { runtime: replicas(pick([1, 2, 3])) }),
        );
        break;
      case 'cancel':
        record(op, target, await send('DELETE', `workloads/${target}/replacement`));
        break;
      case 'stop':
      case 'start':
        record(op, target, await send('POST', `workloads/${target}/${op}`, {}));
        break;
      case 'delete': {
        // Shared workloads are deleted rarely, so the others keep having something to fight over.
        if (!own.includes(target) && random() < 0.8) break;
        record(op, target, await send('DELETE', `workloads/${target}`));
        break;
      }
      default:
        for (const path of [
          `workloads/${target}`,
          `workloads/${target}/protons`,
          `workloads/${target}/events`,
        ]) {
          const answer = await send('GET', path);
          if (answer.status >= 500) throw new Error(`GET ${path}: ${answer.status}`);
        }
    }
    // Time moves while other clients' requests are in flight.
    if (random() < 0.3) t.advance(Math.floor(random() * 20));
  }
}

beforeAll(async () => {
  t = await createTestApp({ rolloutTimeoutSeconds: 600 });
  t.app.emulator.activity.listen({ event: (_workload, event) => events.push(event) });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  for (const tenant of TENANTS) {
    const client = t.client(tenant);
    artifacts[tenant] = [];
    for (const version of [1, 2, 3]) {
      artifacts[tenant]!.push(
        await createArtifact(
          client,
          serviceArtifact({ name: `agent-v${version}` }, `registry.example.com/agent:${version}`),
        ),
      );
    }
    shared[tenant] = [];
    for (let i = 0; i < 4; i++) {
      const id = await createWorkload(client, workloadBody(artifacts[tenant]![0]!, { name: `shared-${i}` }));
      accepted.push({ client: -1, op: 'create', tenant, workloadId: id, status: 201 });
      shared[tenant]!.push(id);
    }
  }
  t.advance(60);
  await Promise.all(Array.from({ length: CLIENTS }, (_, index) => runClient(index)));
  // Settle: advance until nothing is scheduled any more (bounded).
  for (let i = 0; i < 500 && t.clock.state().pendingTimers > 0; i++) t.advance(60);
  t.advance(600);
}, 120_000);
afterAll(() => t.close());

describe('concurrent clients, then a settled cluster', () => {
  it('did something worth checking', () => {
    const count = (op: string) => accepted.filter((a) => a.op === op).length;
    expect(count('create')).toBeGreaterThan(20);
    expect(count('replace')).toBeGreaterThan(5);
    expect(count('settings')).toBeGreaterThan(3);
    expect(count('cancel')).toBeGreaterThan(0);
    expect(count('stop')).toBeGreaterThan(3);
    expect(count('delete')).toBeGreaterThan(3);
  });

  it('leaves nothing scheduled: no timer for a gone pod, proton or replacement', () => {
    expectNothingScheduled(t.app.emulator);
  });

  it('has no orphan: every proton belongs to a workload that lists it; a live one has exactly one active proton', () => {
    expectConsistentStore(t.app.emulator);
  });

  it('settles every workload: deleted ones gone, a running one on its active proton alone, no replacement left', () => {
    expectSettled(t.app.emulator, ['running', 'stopped', 'errored']);
  });

  it('keeps every accepted replacement in the history, finished', async () => {
    const { store } = t.app.emulator;
    for (const a of accepted.filter((a) => a.op === 'replace' || a.op === 'settings')) {
      if (!store.workloads.has(a.workloadId)) continue;
      const history = await t.client(a.tenant).get(`workloads/${a.workloadId}/history?limit=100`);
      const entry = history.body.data.find((r: { id: string }) => r.id === a.replacementId);
      expect(entry, `replacement ${a.replacementId} of ${a.workloadId}`).toBeDefined();
      const finished = entry.status === 'completed' || entry.status === 'errored' || entry.isDeleted === true;
      expect(finished, `replacement ${a.replacementId} ended ${entry.status}`).toBe(true);
    }
    for (const a of accepted.filter((a) => a.op === 'cancel')) {
      const record = store.replacements.get(a.replacementId!);
      if (!record) continue; // its workload was deleted since
      expect(
        record.isDeleted || record.phase === 'errored',
        `cancelled ${record.id} ended ${record.phase}`,
      ).toBe(true);
    }
  });

  it('loses no event: every accepted operation has its event', () => {
    const has = (workloadId: string, eventType: string, replacementId?: string) =>
      events.some(
        (e) =>
          e.workloadId === workloadId &&
          e.eventType === eventType &&
          (replacementId === undefined || e.details?.replacementId === replacementId),
      );
    const expected: Record<string, string> = {
      create: 'workload.created',
      stop: 'workload.stopped',
      start: 'workload.started',
      delete: 'workload.deleted',
      replace: 'replacement.created',
      settings: 'workload.settingsChanged',
    };
    for (const a of accepted) {
      const eventType = expected[a.op];
      // 200 on stop and start means "already there": nothing was done, nothing to record.
      if (!eventType || a.status === 200) continue;
      expect(
        has(a.workloadId, eventType, a.op === 'settings' ? a.replacementId : undefined),
        `${a.op} of ${a.workloadId}`,
      ).toBe(true);
    }
    for (const a of accepted.filter((a) => a.op === 'replace' || a.op === 'settings')) {
      const ends = ['replacement.completed', 'replacement.errored', 'replacement.cancelled'].filter((type) =>
        has(a.workloadId, type, a.replacementId),
      );
      const record = t.app.emulator.store.replacements.get(a.replacementId!);
      if (!record) continue; // the workload was deleted, taking its replacements along
      expect(
        ends,
        `replacement ${a.replacementId} (${record.phase}, deleted ${record.isDeleted})`,
      ).toHaveLength(1);
    }
  });

  it('records every proton status change: each proton has an unbroken chain of events up to its status', () => {
    expect(expectUnbrokenProtonChains(events, t.app.emulator)).toBeGreaterThan(30);
  });
});
