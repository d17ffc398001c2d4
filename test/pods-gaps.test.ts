import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  replicas,
  sidecarArtifact,
  workloadBody,
} from './fixtures.js';
import { at, type Client, createTestApp, T0, type TestApp } from './helpers.js';
import {
  clearFault,
  injectFault,
  logLine,
  newWorkload,
  protons,
  runningWorkload,
  statusDetails,
  watch,
  workloadStatus,
} from './sim-helpers.js';

/**
 * The pods' course as a client reads it (sim/pods.ts): each condition and container reason, the log
 * lines each step writes, and faults that start later or hold only part of the time.
 */

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

/** The crash back-offs an active proton's log tail shows. */
async function crashBackoffs(id: string): Promise<string[]> {
  return (await logTail(id)).filter((line) => / Back-off \d+s restarting /.test(line));
}

/** The pods of a workload's proton as the state export keeps them (the first proton of it). */
async function savedPods(id: string): Promise<any[]> {
  const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/_mock/state' })).body);
  return doc.sections.store.protons.find((p: any) => p.workloadId === id).pods;
}

/** The active proton's log tail. */
async function logTail(id: string): Promise<string[]> {
  return (await statusDetails(api, id)).logTail;
}

async function podName(id: string): Promise<string> {
  return (await statusDetails(api, id)).replicas[0].name;
}

const PULL_FAILED = 'ERROR [agent] Failed to pull image "registry.example.com/agent:1.0": manifest unknown';
const PULL_BACKOFF = 'ERROR [agent] Back-off pulling image "registry.example.com/agent:1.0"';
const BACKOFF = (seconds: number) => `WARN [agent] Back-off ${seconds}s restarting failed container agent`;
const PROBE_FAILED = 'WARN [agent] Readiness probe failed for agent: HTTP probe failed with statuscode 503';

describe('pod conditions and container reasons', () => {
  it('shows every condition (met, since, reason) and the container reason at each step of the course', async () => {
    const id = await newWorkload(api);
    // seconds -> [PodScheduled, Initialized, ContainersReady, Ready] as [met, since, reason], container reason
    type Row = [boolean, number, string | null];
    const steps: [number, Row, Row, Row, string | null][] = [
      [0, [false, 0, null], [false, 0, null], [false, 0, 'ContainersNotReady'], null],
      [2, [true, 2, null], [false, 0, null], [false, 2, 'ContainersNotReady'], 'ContainerCreating'],
      [7, [true, 2, null], [false, 0, null], [false, 7, 'ContainersNotReady'], 'ContainerCreating'],
      [12, [true, 2, null], [true, 12, null], [false, 12, 'ContainersNotReady'], 'ReadinessPending'],
      [17, [true, 2, null], [true, 12, null], [true, 17, null], null],
    ];
    let now = 0;
    for (const [second, scheduled, initialized, ready, reason] of steps) {
      t.advance(second - now);
      now = second;
      const [replica] = (await statusDetails(api, id)).replicas;
      const condition = ([met, since, why]: Row) => ({ met, since: at(since), reason: why });
      expect(
        replica.conditions.map(({ type, ...rest }: any) => [type, rest]),
        `${second}s`,
      ).toEqual([
        ['PodScheduled', condition(scheduled)],
        ['Initialized', condition(initialized)],
        ['ContainersReady', condition(ready)],
        ['Ready', condition(ready)],
      ]);
      expect(replica.containers[0].reason, `${second}s`).toBe(reason);
    }
  });

  it('times each step by its own setting: pending, scheduling, creating, readiness', async () => {
    const timed = await createTestApp({
      pods: { unscheduledSeconds: 1, schedulingSeconds: 2, containerCreatingSeconds: 3, readinessSeconds: 4 },
    });
    try {
      const client = timed.client();
      const id = await newWorkload(client);
      // Scheduled at 1 s, running at 3 s, containers started at 6 s, ready at 10 s.
      expect(await watch(client, timed.advance, id, 12)).toEqual([
        '0:submitted',
        '1:provisioning',
        '3:launching',
        '10:running',
      ]);
      expect(
        (await statusDetails(client, id)).replicas[0].conditions.map((c: any) => [c.type, c.since]),
      ).toEqual([
        ['PodScheduled', at(1)],
        ['Initialized', at(6)],
        ['ContainersReady', at(10)],
        ['Ready', at(10)],
      ]);
    } finally {
      await timed.close();
    }
  });

  it('a pod is Ready only once every container is, since the last of them became ready', async () => {
    const fault = await injectFault(api, {
      match: { imageUri: '*/log-shipper:*' },
      fault: 'ImagePullBackOff',
    });
    const id = await createWorkload(api, workloadBody(await createArtifact(api, sidecarArtifact())));
    t.advance(30);
    const readiness = async () =>
      (await statusDetails(api, id)).replicas[0].conditions
        .filter((c: any) => c.type === 'ContainersReady' || c.type === 'Ready')
        .map((c: any) => [c.met, c.reason]);
    // The app container has been ready since 17 s; the sidecar never pulled its image.
    expect(await readiness()).toEqual([
      [false, 'ContainersNotReady'],
      [false, 'ContainersNotReady'],
    ]);
    await clearFault(api, fault);
    // Pull failures at 12 and 22 s; the back-off's retry at 42 s pulls, and readiness passes at 47 s.
    t.advance(17);
    const [replica] = (await statusDetails(api, id)).replicas;
    expect(replica.containers.map((c: any) => c.ready)).toEqual([true, true]);
    expect(replica.conditions.slice(2)).toEqual([
      { type: 'ContainersReady', met: true, since: at(47), reason: null },
      { type: 'Ready', met: true, since: at(47), reason: null },
    ]);
  });

  it('a failed pod shows its containers terminated with Error, not ready', async () => {
    const id = await runningWorkload(t, api);
    const pod = await podName(id);
    t.advance(3);
    await injectFault(api, { match: { workloadId: id }, fault: 'PodFailed' });
    const [replica] = (await statusDetails(api, id)).replicas;
    expect(replica.status).toBe('failed');
    expect(replica.containers[0]).toMatchObject({
      status: 'terminated',
      reason: 'Error',
      ready: false,
      startedAt: null,
    });
    expect(replica.conditions.slice(2).map((c: any) => [c.type, c.met])).toEqual([
      ['ContainersReady', false],
      ['Ready', false],
    ]);
    expect((await logTail(id)).at(-2)).toBe(
      logLine(20, `ERROR Pod ${pod} failed: all containers exited with errors`),
    );
    // The state export keeps why the containers last ended.
    const [saved] = await savedPods(id);
    expect(saved).toMatchObject({ phase: 'Failed', failedReason: 'Error' });
    expect(saved.containers[0]).toMatchObject({
      state: 'terminated',
      reason: 'Error',
      lastTerminationReason: 'Error',
      ready: false,
    });
  });

  it('a stopping pod is ready no more: its containers and its Ready conditions are not, since the stop', async () => {
    const id = await runningWorkload(t, api);
    t.advance(3);
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    t.advance(2);
    const [replica] = (await statusDetails(api, id)).replicas;
    expect(replica.containers[0].ready).toBe(false);
    expect(replica.conditions.slice(2)).toEqual([
      { type: 'ContainersReady', met: false, since: at(20), reason: 'ContainersNotReady' },
      { type: 'Ready', met: false, since: at(20), reason: 'ContainersNotReady' },
    ]);
  });

  it('a resumed pod keeps its node and address and starts from ContainerCreating', async () => {
    const id = await runningWorkload(t, api, replicas(2));
    const placed = async () =>
      (await statusDetails(api, id)).replicas.map((r: any) => `${r.nodeAddress} ${r.address}`).sort();
    const before = await placed();
    for (const placement of before) expect(placement).toMatch(/^10\.0\.\d+\.\d+ 10\.244\.\d+\.\d+$/);
    expect((await api.post(`/_mock/workloads/${id}/suspend`)).status).toBe(200);
    t.advance(10);
    expect((await api.post(`/_mock/workloads/${id}/resume`)).status).toBe(200);
    expect(await placed()).toEqual(before);
    const { replicas: resumed } = await statusDetails(api, id);
    for (const replica of resumed) {
      expect(replica).toMatchObject({ status: 'running', startedAt: at(POD_COURSE_SECONDS + 10) });
      expect(replica.containers[0]).toMatchObject({ status: 'waiting', reason: 'ContainerCreating' });
    }
  });
});

describe('faults that start later, or hold only part of the time', () => {
  it('faults due later leave the course untouched until they start; PodFailed then fails the running pod', async () => {
    for (const fault of ['Unschedulable', 'ImagePullBackOff', 'NeverReady', 'PodFailed'])
      await injectFault(api, {
        match: { imageUri: 'registry.example.com/agent:*' },
        fault,
        afterSeconds: 60,
      });
    const id = await newWorkload(api);
    expect(await watch(api, t.advance, id, 70)).toEqual([
      '0:submitted',
      '2:provisioning',
      '7:launching',
      '17:running',
      '60:errored',
    ]);
    const tail = await logTail(id);
    // Nothing went wrong before the faults started: no warning, no error (and the tail reaches back there).
    const beforeFaults = tail.filter((l) => Date.parse(l.slice(0, 24)) < T0 + 60_000);
    expect(beforeFaults.length).toBeGreaterThan(0);
    expect(beforeFaults.filter((l) => !/ INFO /.test(l))).toEqual([]);
  });

  it('an image pull failure due exactly at the pull fails it, and is logged as such', async () => {
    await injectFault(api, {
      match: { imageUri: 'registry.example.com/agent:*' },
      fault: 'ImagePullBackOff',
      afterSeconds: 12,
    });
    const id = await newWorkload(api);
    t.advance(22);
    expect((await statusDetails(api, id)).replicas[0].containers[0]).toMatchObject({
      status: 'waiting',
      reason: 'ImagePullBackOff',
      restartCount: 0,
    });
    expect((await logTail(id)).slice(-4)).toEqual([
      logLine(7, 'INFO Proton is launching (was provisioning)'),
      logLine(12, PULL_FAILED),
      logLine(22, PULL_BACKOFF),
      logLine(22, 'ERROR Proton is errored (was launching)'),
    ]);
  });

  it('Unschedulable due exactly when the pod would be scheduled holds it, logging why', async () => {
    await injectFault(api, { match: { imageUri: '*' }, fault: 'Unschedulable', afterSeconds: 2 });
    const id = await newWorkload(api);
    const pod = await podName(id);
    expect(await watch(api, t.advance, id, 30)).toEqual(['0:submitted']);
    expect(await logTail(id)).toEqual([
      logLine(0, `INFO Created pod ${pod}`),
      logLine(
        2,
        `WARN Pod ${pod} unschedulable: 0 nodes available, insufficient capacity for the requested resources`,
      ),
    ]);
    // Not scheduled since the scheduler gave up on it, not since the pod was created.
    expect((await statusDetails(api, id)).replicas[0].conditions[0]).toEqual({
      type: 'PodScheduled',
      met: false,
      since: at(2),
      reason: 'Unschedulable',
    });
  });

  it('an Unschedulable pod is scheduled once the fault holding it goes, though another starts later', async () => {
    const now = await injectFault(api, { match: { imageUri: '*' }, fault: 'Unschedulable' });
    await injectFault(api, { match: { imageUri: '*' }, fault: 'Unschedulable', afterSeconds: 600 });
    const id = await newWorkload(api);
    t.advance(30);
    await clearFault(api, now);
    expect(await watch(api, t.advance, id, 16)).toEqual(['0:provisioning', '5:launching', '15:running']);
  });

  it('an Unschedulable pod stays held when the fault holding it goes the instant another starts', async () => {
    const now = await injectFault(api, { match: { imageUri: '*' }, fault: 'Unschedulable' });
    await injectFault(api, { match: { imageUri: '*' }, fault: 'Unschedulable', afterSeconds: 30 });
    const id = await newWorkload(api);
    t.advance(30);
    await clearFault(api, now);
    expect(await watch(api, t.advance, id, 30)).toEqual(['0:submitted']);
  });

  it('a NeverReady pod becomes ready once the fault holding it goes, though another starts later', async () => {
    const now = await injectFault(api, { match: { imageUri: '*' }, fault: 'NeverReady' });
    await injectFault(api, { match: { imageUri: '*' }, fault: 'NeverReady', afterSeconds: 600 });
    const id = await newWorkload(api);
    t.advance(30);
    expect(await workloadStatus(api, id)).toBe('launching');
    await clearFault(api, now);
    expect(await watch(api, t.advance, id, 6)).toEqual(['0:launching', '5:running']);
    // The later fault takes readiness away when it starts (600 s after it was asked for).
    t.advance(600 - 36);
    expect(await watch(api, t.advance, id, 1)).toEqual(['0:launching']);
  });

  it('a crash-looping container restarts from its pulled image: a pull fault added meanwhile spares it', async () => {
    const id = await runningWorkload(t, api);
    await injectFault(api, { match: { workloadId: id }, fault: 'CrashLoopBackOff' });
    t.advance(1);
    await injectFault(api, { match: { workloadId: id }, fault: 'ImagePullBackOff' });
    // Crashed at 17 s, backing off from 18 s for 10 s: the restart at 28 s needs no pull.
    t.advance(10);
    expect((await statusDetails(api, id)).replicas[0].containers[0]).toMatchObject({
      status: 'running',
      restartCount: 1,
    });
    // Running again, it keeps no reason of its back-off in the state export either.
    expect((await savedPods(id))[0].containers[0]).toMatchObject({ state: 'running', reason: null });
  });

  it('PodFailed fails a pod only once it is on a node: a pending one without a node waits', async () => {
    await injectFault(api, { match: { imageUri: '*' }, fault: 'PodFailed' });
    const id = await newWorkload(api);
    expect(await watch(api, t.advance, id, 10)).toEqual(['0:submitted', '2:errored']);
    const [replica] = (await statusDetails(api, id)).replicas;
    expect(replica.status).toBe('failed');
    expect(replica.nodeAddress).toMatch(/^10\.0\.\d+\.\d+$/);
  });

  it('PodFailed due exactly when the containers would start fails the pod before any starts', async () => {
    await injectFault(api, { match: { imageUri: '*' }, fault: 'PodFailed', afterSeconds: 12 });
    const id = await newWorkload(api);
    const pod = await podName(id);
    t.advance(12);
    expect((await logTail(id)).slice(-3)).toEqual([
      logLine(7, 'INFO Proton is launching (was provisioning)'),
      logLine(12, `ERROR Pod ${pod} failed: all containers exited with errors`),
      logLine(12, 'ERROR Proton is errored (was launching)'),
    ]);
  });

  it('a stop takes down pods a PodFailed fault still holds', async () => {
    const id = await runningWorkload(t, api, replicas(2));
    await injectFault(api, { match: { workloadId: id }, fault: 'PodFailed' });
    expect(await workloadStatus(api, id)).toBe('errored');
    expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
    expect(await watch(api, t.advance, id, 6)).toEqual(['0:stopping', '5:stopped']);
    expect((await statusDetails(api, id)).replicas).toEqual([]);
  });
});

describe('pod log lines', () => {
  it('logs each step of a healthy course, and the end of the pod on stop', async () => {
    const id = await newWorkload(api);
    const pod = await podName(id);
    t.advance(POD_COURSE_SECONDS);
    await api.post(`workloads/${id}/stop`);
    t.advance(10);
    const [proton] = await protons(api, id);
    const tail: string[] = proton.statusDetails.logTail;
    expect(tail[1]).toMatch(new RegExp(`^${logLine(2, `INFO Scheduled ${pod} to node-pool-[a-z0-9]{5}`)}$`));
    expect(tail.filter((_, i) => i !== 1)).toEqual([
      logLine(0, `INFO Created pod ${pod}`),
      logLine(2, 'INFO Proton is provisioning (was submitted)'),
      logLine(7, `INFO Pulling images and creating containers for ${pod}`),
      logLine(7, 'INFO Proton is launching (was provisioning)'),
      logLine(12, 'INFO [agent] Started container agent (image registry.example.com/agent:1.0)'),
      logLine(17, 'INFO [agent] Container agent is ready'),
      logLine(17, 'INFO Proton is running (was launching)'),
      logLine(17, `INFO Stopping pod ${pod}`),
      logLine(17, 'INFO Proton is stopping (was running)'),
      logLine(22, `INFO Pod ${pod} terminated`),
      logLine(22, 'INFO Proton is stopped (was stopping)'),
    ]);
  });

  it('logs a crash with its exit and the back-off before the restart', async () => {
    const id = await runningWorkload(t, api);
    await injectFault(api, { match: { workloadId: id }, fault: 'CrashLoopBackOff' });
    t.advance(1);
    expect((await logTail(id)).slice(-4)).toEqual([
      logLine(
        17,
        'ERROR [agent] Container agent exited with code 1: Traceback (most recent call last): RuntimeError: startup failed',
      ),
      logLine(17, 'INFO Proton is launching (was running)'),
      logLine(18, 'WARN [agent] Back-off 10s restarting failed container agent'),
      logLine(18, 'ERROR Proton is errored (was launching)'),
    ]);
  });

  it('doubles the crash back-off from 10 s up to five minutes, and no further', async () => {
    const id = await runningWorkload(t, api);
    await injectFault(api, { match: { workloadId: id }, fault: 'CrashLoopBackOff' });
    // Crashes 3 s after each start, a second of terminated before each back-off: the sixth back-off
    // (from 348 s) would be 320 s, and is capped at 300 s, as the seventh (652 s) is.
    t.advance(652 - 17);
    const backoffs = (await logTail(id))
      .filter((line) => / Back-off \d+s restarting /.test(line))
      .map((line) => line.replace(/^.* Back-off (\d+)s .*$/, '$1'));
    expect(backoffs.slice(-3)).toEqual(['160', '300', '300']);
    expect((await logTail(id)).at(-1)).toBe(
      logLine(652, 'WARN [agent] Back-off 300s restarting failed container agent'),
    );
  });

  it('backs a new crash loop off from 10 s again once the container has stayed up a minute', async () => {
    const id = await runningWorkload(t, api);
    const fault = await injectFault(api, { match: { workloadId: id }, fault: 'CrashLoopBackOff' });
    // Crashed at 17 s, backing off 10 s from 18 s; cleared then, the restart at 28 s is ready at 33 s
    // and the crash loop is over at 93 s.
    t.advance(1);
    await clearFault(api, fault);
    t.advance(94 - 18);
    expect(await workloadStatus(api, id)).toBe('running');
    // A new crash loop (crash at 94 s) starts over from 10 s, not from the 20 s the old one reached.
    await injectFault(api, { match: { workloadId: id }, fault: 'CrashLoopBackOff' });
    t.advance(1);
    expect(await crashBackoffs(id)).toEqual([logLine(18, BACKOFF(10)), logLine(95, BACKOFF(10))]);
  });

  it('backs a crash loop off from 10 s once an image pull failure is over, with or without a pull back-off', async () => {
    const crashLoop = (id: string) =>
      injectFault(api, { match: { workloadId: id }, fault: 'CrashLoopBackOff' });
    const pulledAtOnce = await newWorkload(api);
    const backedOff = await newWorkload(api);
    const pullFailures = [
      await injectFault(api, { match: { workloadId: pulledAtOnce }, fault: 'ImagePullBackOff' }),
      await injectFault(api, { match: { workloadId: backedOff }, fault: 'ImagePullBackOff' }),
    ];
    // Both first pulls fail at 12 s. The first workload's fault goes before its retry at 22 s, which
    // pulls; the container crashes 3 s after it started, before it was ever ready.
    t.advance(15);
    await clearFault(api, pullFailures[0]);
    await crashLoop(pulledAtOnce);
    // The second backs off from 22 s to 42 s, pulls then, is ready at 47 s, and only then crashes.
    t.advance(15);
    await clearFault(api, pullFailures[1]);
    t.advance(17);
    expect((await statusDetails(api, backedOff)).replicas[0].containers[0].ready).toBe(true);
    await crashLoop(backedOff);
    t.advance(1);
    expect(await crashBackoffs(pulledAtOnce)).toEqual([logLine(26, BACKOFF(10)), logLine(40, BACKOFF(20))]);
    expect(await crashBackoffs(backedOff)).toEqual([logLine(48, BACKOFF(10))]);
  });

  it('logs a readiness probe that fails instead of passing, once, with no ready line', async () => {
    // Due exactly when readiness would pass (17 s): the probe fails then.
    await injectFault(api, {
      match: { imageUri: '*' },
      fault: 'NeverReady',
      afterSeconds: POD_COURSE_SECONDS,
    });
    const id = await newWorkload(api);
    t.advance(60);
    expect((await logTail(id)).slice(-3)).toEqual([
      logLine(7, 'INFO Proton is launching (was provisioning)'),
      logLine(12, 'INFO [agent] Started container agent (image registry.example.com/agent:1.0)'),
      logLine(17, PROBE_FAILED),
    ]);
  });

  it('logs a ready container that fails its readiness probe', async () => {
    const id = await runningWorkload(t, api);
    await injectFault(api, { match: { workloadId: id }, fault: 'NeverReady', afterSeconds: 3 });
    t.advance(3);
    expect((await logTail(id)).slice(-2)).toEqual([
      logLine(20, PROBE_FAILED),
      logLine(20, 'INFO Proton is launching (was running)'),
    ]);
  });
});
