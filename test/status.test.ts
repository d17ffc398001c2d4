import { describe, expect, it } from 'vitest';
import type { ProtonStatusValue } from '../src/schemas/proton.js';
import { newPod } from '../src/sim/pods.js';
import {
  deriveProtonStatus,
  type ProtonSituation,
  podStatus,
  primaryContainer,
  projectWorkloadStatus,
  servingGroups,
  summarise,
  trafficStatus,
} from '../src/sim/status.js';
import type { ContainerSim, PodSim } from '../src/store/types.js';

type ContainerShape = Partial<
  Pick<ContainerSim, 'state' | 'reason' | 'ready' | 'failing' | 'lastTerminationReason'>
>;

/** A pod in a given phase, on a node or not, with containers in given states. */
function pod(phase: PodSim['phase'], node: boolean, containers: ContainerShape[]): PodSim {
  const p = newPod({
    name: 'p',
    group: 'default',
    containers: containers.map((_, i) => ({ name: `c${i}`, image: `img${i}` })),
    now: 0,
  });
  p.phase = phase;
  p.node = node ? 'node-1' : null;
  p.stage =
    phase === 'Pending' ? (node ? 'scheduled' : 'unscheduled') : phase === 'Failed' ? 'failed' : 'started';
  p.containers.forEach((c, i) => {
    Object.assign(c, containers[i]);
  });
  return p;
}

const running = (ready = true): ContainerShape => ({ state: 'running', ready });
const waiting = (reason: string | null, failing: ContainerSim['failing'] = null): ContainerShape => ({
  state: 'waiting',
  reason,
  ready: false,
  failing,
});

function situation(pods: PodSim[], overrides: Partial<ProtonSituation> = {}): ProtonSituation {
  return {
    pods,
    intent: 'run',
    suspended: false,
    interruptedUntil: null,
    restartingFrom: null,
    reinitializing: false,
    warming: false,
    draining: false,
    terminated: false,
    scaledToZero: false,
    ...overrides,
  };
}

describe("the seeds' predicate table, one row at a time", () => {
  const rows: [string, PodSim, ProtonStatusValue, number][] = [
    [
      'any container in CrashLoopBackOff',
      pod('Running', true, [running(), waiting('CrashLoopBackOff', 'CrashLoopBackOff')]),
      'errored',
      7,
    ],
    [
      'any container in ImagePullBackOff',
      pod('Running', true, [running(), waiting('ImagePullBackOff', 'ImagePullBackOff')]),
      'errored',
      7,
    ],
    [
      'pod phase Failed',
      pod('Failed', true, [{ state: 'terminated', reason: 'Error', ready: false }]),
      'errored',
      6,
    ],
    [
      'pod phase Succeeded',
      pod('Succeeded', true, [{ state: 'terminated', reason: 'Completed', ready: false }]),
      'stopped',
      5,
    ],
    ['pod Pending, no node yet', pod('Pending', false, [waiting(null)]), 'submitted', 4],
    [
      'pod Pending, scheduled to a node',
      pod('Pending', true, [waiting('ContainerCreating')]),
      'provisioning',
      4,
    ],
    [
      'pod Running, not all containers ready',
      pod('Running', true, [running(true), running(false)]),
      'launching',
      3,
    ],
    ['pod Running, all containers ready', pod('Running', true, [running(), running()]), 'running', 2],
  ];
  for (const [condition, p, expected] of rows) {
    it(`${condition} -> ${expected} (proton and workload)`, () => {
      expect(podStatus(p)).toBe(expected);
      const proton = deriveProtonStatus(situation([p]));
      expect(proton).toBe(expected);
      expect(projectWorkloadStatus(proton)).toBe(expected);
    });
  }

  it('applies the predicates in priority order within one pod', () => {
    // A crash-looping container outranks the Failed phase, which outranks Pending.
    expect(podStatus(pod('Failed', true, [waiting('CrashLoopBackOff', 'CrashLoopBackOff')]))).toBe('errored');
    expect(podStatus(pod('Pending', true, [waiting('ImagePullBackOff', 'ImagePullBackOff')]))).toBe(
      'errored',
    );
    // ...and outranks Succeeded (7 over 5): a completed pod whose container crash-loops is errored.
    expect(podStatus(pod('Succeeded', true, [waiting('CrashLoopBackOff', 'CrashLoopBackOff')]))).toBe(
      'errored',
    );
  });

  it('keeps errored sticky: a crash-looping container briefly running is still errored until ready', () => {
    const p = pod('Running', true, [{ state: 'running', ready: false, failing: 'CrashLoopBackOff' }]);
    expect(podStatus(p)).toBe('errored');
    p.containers[0]!.failing = null;
    expect(podStatus(p)).toBe('launching');
  });

  it('the proton-level rows: eviction, suspend, restart, no pods', () => {
    const ready = () => pod('Running', true, [running()]);
    expect(deriveProtonStatus(situation([ready()], { interruptedUntil: 1 }))).toBe('interrupted');
    expect(deriveProtonStatus(situation([], { suspended: true }))).toBe('suspended');
    expect(deriveProtonStatus(situation([ready()], { restartingFrom: 'running' }))).toBe('restarting');
    expect(deriveProtonStatus(situation([], { intent: 'stop' }))).toBe('stopped');
    expect(deriveProtonStatus(situation([], { intent: 'run' }))).toBe('errored');
    const terminating = ready();
    terminating.stage = 'terminating';
    expect(deriveProtonStatus(situation([terminating], { intent: 'stop' }))).toBe('stopping');
    // Running with only terminating pods left (a scale-down's): launching, not the unexpected no-pods errored.
    expect(deriveProtonStatus(situation([terminating]))).toBe('launching');
    expect(deriveProtonStatus(situation([], { intent: 'terminate', terminated: true }))).toBe('terminated');
    expect(deriveProtonStatus(situation([], { scaledToZero: true }))).toBe('running');
  });

  it('replicas the autoscaler adds count once ready or failing; a cold start stays running', () => {
    const ready = pod('Running', true, [running()]);
    const added = (p: PodSim) => Object.assign(p, { scaledUp: true });
    const pending = added(pod('Pending', false, [waiting(null)]));
    const launching = added(pod('Running', true, [running(false)]));
    const crashing = added(pod('Running', true, [waiting('CrashLoopBackOff', 'CrashLoopBackOff')]));
    expect(deriveProtonStatus(situation([ready, pending, launching]))).toBe('running');
    expect(deriveProtonStatus(situation([ready, crashing]))).toBe('errored');
    // The same pods, not added by the autoscaler: the worst wins.
    expect(deriveProtonStatus(situation([ready, pod('Pending', false, [waiting(null)])]))).toBe('submitted');
    // A cold start: scaled to zero, its first replica on the way.
    expect(deriveProtonStatus(situation([pending], { scaledToZero: true }))).toBe('running');
    expect(deriveProtonStatus(situation([pending], { scaledToZero: true, draining: true }))).toBe('draining');
  });

  it('warming and draining only decorate what the pods say', () => {
    const ready = pod('Running', true, [running()]);
    const starting = pod('Running', true, [running(false)]);
    expect(deriveProtonStatus(situation([ready], { warming: true }))).toBe('warming');
    expect(deriveProtonStatus(situation([starting], { warming: true }))).toBe('launching');
    expect(deriveProtonStatus(situation([ready], { draining: true }))).toBe('draining');
    const crashing = pod('Running', true, [waiting('CrashLoopBackOff', 'CrashLoopBackOff')]);
    expect(deriveProtonStatus(situation([crashing], { warming: true }))).toBe('errored');
  });
});

describe("the seeds' multi-container examples (app + sidecar)", () => {
  const rows: [string, PodSim, ProtonStatusValue][] = [
    ['app and sidecar both healthy', pod('Running', true, [running(), running()]), 'running'],
    [
      'app running, sidecar in ImagePullBackOff',
      pod('Running', true, [running(), waiting('ImagePullBackOff', 'ImagePullBackOff')]),
      'errored',
    ],
    [
      'app in CrashLoopBackOff',
      pod('Running', true, [waiting('CrashLoopBackOff', 'CrashLoopBackOff'), running()]),
      'errored',
    ],
    [
      'app starting, sidecar running',
      pod('Running', true, [waiting('ContainerCreating'), running()]),
      'launching',
    ],
    [
      'pod scheduled, containers waiting',
      pod('Pending', true, [waiting('ContainerCreating'), waiting('ContainerCreating')]),
      'provisioning',
    ],
    ['pod pending, no node yet', pod('Pending', false, [waiting(null), waiting(null)]), 'submitted'],
  ];
  for (const [scenario, p, expected] of rows) {
    it(`${scenario} -> ${expected}`, () => {
      expect(projectWorkloadStatus(deriveProtonStatus(situation([p])))).toBe(expected);
    });
  }
});

describe('worst state wins across replicas', () => {
  it('one failing replica makes the proton errored', () => {
    const pods = [
      pod('Running', true, [running()]),
      pod('Running', true, [running()]),
      pod('Failed', true, [{ state: 'terminated' }]),
    ];
    expect(deriveProtonStatus(situation(pods))).toBe('errored');
  });
  it('the least advanced replica decides otherwise', () => {
    expect(
      deriveProtonStatus(
        situation([pod('Running', true, [running()]), pod('Pending', false, [waiting(null)])]),
      ),
    ).toBe('submitted');
    expect(
      deriveProtonStatus(
        situation([pod('Running', true, [running()]), pod('Pending', true, [waiting(null)])]),
      ),
    ).toBe('provisioning');
    expect(
      deriveProtonStatus(
        situation([pod('Running', true, [running()]), pod('Running', true, [running(false)])]),
      ),
    ).toBe('launching');
    // A replica without a node is behind one pulling its images.
    expect(
      deriveProtonStatus(
        situation([pod('Pending', true, [waiting(null)]), pod('Pending', false, [waiting(null)])]),
      ),
    ).toBe('submitted');
  });
  it('a failed replica outranks a completed one (priority 6 over 5)', () => {
    const failed = pod('Failed', true, [{ state: 'terminated', reason: 'Error', ready: false }]);
    const completed = pod('Succeeded', true, [{ state: 'terminated', reason: 'Completed', ready: false }]);
    expect(deriveProtonStatus(situation([completed, failed]))).toBe('errored');
    expect(deriveProtonStatus(situation([failed, completed]))).toBe('errored');
  });
});

describe('the workload projection collapses proton-only states', () => {
  it('never shows initializing, warming, draining or restarting', () => {
    expect(projectWorkloadStatus('initializing')).toBe('launching');
    expect(projectWorkloadStatus('warming')).toBe('running');
    expect(projectWorkloadStatus('draining')).toBe('running');
    expect(projectWorkloadStatus('restarting', 'running')).toBe('running');
    expect(projectWorkloadStatus('restarting', 'errored')).toBe('errored');
    expect(projectWorkloadStatus(null)).toBe('unknown');
    for (const visible of [
      'submitted',
      'provisioning',
      'launching',
      'running',
      'stopping',
      'stopped',
      'errored',
      'suspended',
      'interrupted',
      'terminated',
    ] as const) {
      expect(projectWorkloadStatus(visible)).toBe(visible);
    }
  });
});

describe('what the pods say first', () => {
  it('a failing or completed pod outranks draining and re-initializing', () => {
    const crashing = () => pod('Running', true, [waiting('CrashLoopBackOff', 'CrashLoopBackOff')]);
    const failed = () => pod('Failed', true, [{ state: 'terminated', reason: 'Error', ready: false }]);
    const completed = () =>
      pod('Succeeded', true, [{ state: 'terminated', reason: 'Completed', ready: false }]);
    for (const own of [{ draining: true }, { reinitializing: true }]) {
      const label = JSON.stringify(own);
      expect(deriveProtonStatus(situation([crashing()], own)), label).toBe('errored');
      expect(deriveProtonStatus(situation([pod('Running', true, [running()]), failed()], own)), label).toBe(
        'errored',
      );
      expect(deriveProtonStatus(situation([completed()], own)), label).toBe('stopped');
    }
  });

  it('a serving proton stays as it was while only the replicas the autoscaler added are starting', () => {
    const added = (p: PodSim) => Object.assign(p, { scaledUp: true });
    // The replica that served is on its way out; the added ones take over once ready.
    const leaving = pod('Running', true, [running()]);
    leaving.stage = 'terminating';
    const pods = [
      leaving,
      added(pod('Pending', true, [waiting('ContainerCreating')])),
      added(pod('Running', true, [running(false)])),
    ];
    expect(deriveProtonStatus(situation(pods))).toBe('running');
    expect(deriveProtonStatus(situation(pods.slice(1)))).toBe('running');
    expect(deriveProtonStatus(situation(pods, { draining: true }))).toBe('draining');
  });

  it('a re-initialised proton whose pods run again is running while only added replicas start', () => {
    const added = Object.assign(pod('Running', true, [running(false)]), { scaledUp: true });
    const recreated = pod('Running', true, [running()]);
    expect(deriveProtonStatus(situation([recreated, added], { reinitializing: true }))).toBe('running');
    expect(
      deriveProtonStatus(
        situation([recreated, pod('Running', true, [running(false)])], { reinitializing: true }),
      ),
    ).toBe('initializing');
  });
});

describe('the status traffic finds', () => {
  const templates = { podTemplates: [] };
  it('is launching only while no serving replica is ready: a cold start behind running', () => {
    const ready = pod('Running', true, [running()]);
    const starting = () => pod('Running', true, [running(false)]);
    const added = (p: PodSim) => Object.assign(p, { scaledUp: true });
    // Scaled to zero, no pod yet: running, as the proton shows.
    expect(trafficStatus({ ...situation([], { scaledToZero: true }), ...templates })).toBe('running');
    // Its first replica on the way: traffic waits for it.
    expect(trafficStatus({ ...situation([added(starting())], { scaledToZero: true }), ...templates })).toBe(
      'launching',
    );
    // One ready replica takes the requests while the autoscaler's new one starts.
    expect(trafficStatus({ ...situation([ready, added(starting())]), ...templates })).toBe('running');
  });
});

describe('the summary statusDetails gives (overallStatus.summary)', () => {
  const ready = () => pod('Running', true, [running()]);
  const named = (name: string, p: PodSim) => Object.assign(p, { name });
  const crashLoop = (reason: string): ContainerShape => ({
    ...waiting('CrashLoopBackOff', 'CrashLoopBackOff'),
    lastTerminationReason: reason,
  });
  const unschedulable = Object.assign(pod('Pending', false, [waiting(null)]), { unschedulableSince: 0 });
  const failed = Object.assign(
    pod('Failed', true, [
      { state: 'terminated', reason: 'Error', ready: false, lastTerminationReason: 'Error' },
      { state: 'terminated', reason: 'Error', ready: false, lastTerminationReason: 'Error' },
    ]),
    { failedReason: 'Error' },
  );
  const rows: [ProtonStatusValue, PodSim[], boolean, string][] = [
    ['running', [ready(), ready()], false, '2/2 replicas ready.'],
    [
      'launching',
      [ready(), pod('Running', true, [running(false)])],
      false,
      'Containers starting: 1/2 replicas ready.',
    ],
    [
      'provisioning',
      [pod('Pending', true, [waiting('ContainerCreating')])],
      false,
      'Scheduled to a node; allocating resources.',
    ],
    ['submitted', [pod('Pending', false, [waiting(null)])], false, 'Waiting to be scheduled.'],
    [
      'submitted',
      [pod('Pending', false, [waiting(null)]), unschedulable],
      false,
      'Waiting for a node: no node has room for the pod.',
    ],
    [
      'warming',
      [ready(), pod('Running', true, [running(false)])],
      false,
      '1/2 replicas ready; warming up before taking traffic.',
    ],
    ['draining', [ready()], false, 'No longer receiving traffic; draining before shutdown.'],
    ['interrupted', [], false, 'Node evicted; rescheduling automatically.'],
    ['suspended', [], false, 'Suspended; resume restores it.'],
    ['stopping', [ready()], false, 'Shutting down.'],
    ['stopped', [], false, 'Stopped.'],
    ['terminated', [], false, 'Torn down.'],
    ['initializing', [ready()], false, 'Containers being recreated in place.'],
    ['restarting', [ready()], false, 'Being recreated in place.'],
    ['unknown', [], false, 'No status reported yet.'],
    // Only the failing containers are named, each with what is wrong with it.
    [
      'errored',
      [pod('Running', true, [running(), waiting('ImagePullBackOff', 'ImagePullBackOff')])],
      false,
      'Failing: c1 in p: ImagePullBackOff.',
    ],
    [
      'errored',
      [pod('Running', true, [crashLoop('OOMKilled')])],
      false,
      'Failing: c0 in p: CrashLoopBackOff (OOMKilled).',
    ],
    ['errored', [pod('Running', true, [crashLoop('Error')])], false, 'Failing: c0 in p: CrashLoopBackOff.'],
    [
      'errored',
      [
        named('p-a', pod('Running', true, [crashLoop('Error')])),
        ready(),
        // A pull back-off does not name what ended the container before.
        named(
          'p-b',
          pod('Running', true, [
            { ...waiting('ImagePullBackOff', 'ImagePullBackOff'), lastTerminationReason: 'OOMKilled' },
          ]),
        ),
      ],
      false,
      'Failing: c0 in p-a: CrashLoopBackOff; c0 in p-b: ImagePullBackOff.',
    ],
    // PodFailed: every container of the failed pod, with the pod's reason.
    ['errored', [ready(), failed], false, 'Failing: c0 in p: Error; c1 in p: Error.'],
    // A container that was crash-looping when its pod failed says its own trouble first.
    [
      'errored',
      [
        Object.assign(pod('Failed', true, [crashLoop('OOMKilled'), { state: 'terminated', ready: false }]), {
          failedReason: 'Error',
        }),
      ],
      false,
      'Failing: c0 in p: CrashLoopBackOff (OOMKilled); c1 in p: Error.',
    ],
    ['errored', [], false, 'The proton failed.'],
    // Scaled to zero: idle, then a cold start; a cold start that fails says so.
    ['running', [], true, 'Scaled to zero while idle; the next request starts a replica (cold start).'],
    [
      'running',
      [pod('Pending', false, [waiting(null)])],
      true,
      'Cold start: 1 replica starting for the requests waiting.',
    ],
    [
      'running',
      [pod('Pending', false, [waiting(null)]), pod('Running', true, [running(false)])],
      true,
      'Cold start: 2 replicas starting for the requests waiting.',
    ],
    ['errored', [pod('Running', true, [crashLoop('Error')])], true, 'Failing: c0 in p: CrashLoopBackOff.'],
    ['draining', [], true, 'No longer receiving traffic; draining before shutdown.'],
  ];

  it("says what each status means, naming the failing containers and a cold start's replicas", () => {
    const seen = rows.map(([status, pods, scaledToZero]) => [status, summarise(status, pods, scaledToZero)]);
    expect(seen).toEqual(rows.map(([status, , , summary]) => [status, summary]));
  });

  it('counts no pod being torn down among the replicas', () => {
    const leaving = Object.assign(pod('Running', true, [running()]), { stage: 'terminating' as const });
    expect(summarise('running', [pod('Running', true, [running()]), leaving])).toBe('1/1 replicas ready.');
    const leavingCrashing = Object.assign(
      pod('Running', true, [waiting('CrashLoopBackOff', 'CrashLoopBackOff')]),
      { name: 'p-old', stage: 'terminating' as const },
    );
    expect(
      summarise('errored', [
        pod('Running', true, [waiting('ImagePullBackOff', 'ImagePullBackOff')]),
        leavingCrashing,
      ]),
    ).toBe('Failing: c0 in p: ImagePullBackOff.');
    const leavingStuck = Object.assign(pod('Pending', false, [waiting(null)]), {
      stage: 'terminating' as const,
      unschedulableSince: 0,
    });
    expect(summarise('submitted', [pod('Pending', false, [waiting(null)]), leavingStuck])).toBe(
      'Waiting to be scheduled.',
    );
  });
});

describe('the groups that take requests', () => {
  const group = (name: string, primary: boolean) => ({
    group: name,
    containers: [
      { name: `${name}-c`, image: `example/${name}:1`, ...(primary ? { primary: true as const } : {}) },
    ],
  });

  it('are those with a primary container; every group when there is one, or none is marked', () => {
    expect(servingGroups({ podTemplates: [group('api', true), group('worker', false)] })).toEqual(
      new Set(['api']),
    );
    expect(servingGroups({ podTemplates: [group('only', false)] })).toBeNull();
    // A proton a state file of an earlier build restored has no primary marked: every group, as then.
    expect(servingGroups({ podTemplates: [group('api', false), group('worker', false)] })).toBeNull();
  });

  it("answer through their group's primary container, else (none marked) the pod's first", () => {
    const p = pod('Running', true, [running(), running()]);
    const marked = {
      group: 'default',
      containers: [
        { name: 'c0', image: 'img0' },
        { name: 'c1', image: 'img1', primary: true as const },
      ],
    };
    expect(primaryContainer({ podTemplates: [marked] }, p)).toBe('c1');
    const unmarked = {
      group: 'default',
      containers: [
        { name: 'c0', image: 'img0' },
        { name: 'c1', image: 'img1' },
      ],
    };
    expect(primaryContainer({ podTemplates: [unmarked] }, p)).toBe('c0');
  });
});
