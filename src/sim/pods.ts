import type { PodTimings } from '../config.js';
import type { ContainerSim, Placement, PodSim } from '../store/types.js';
import type { FaultKind } from './faults.js';

/**
 * One simulated pod's course. `nextTransition` reads the pod, the timings and the faults that apply
 * and says what happens next and when; `applyTransition` makes it happen. The cluster sets one
 * timer per pod at the next transition's time, so idle pods cost nothing.
 *
 * Healthy course: Pending without node -> Pending on a node -> Running, containers creating ->
 * Running, readiness not yet passed -> Running, all ready.
 */

/** How long a crash-looping container runs before it exits. */
export const CRASH_AFTER_MS = 3_000;
/** How long an OOM-killed container runs before the kernel kills it. */
export const OOM_AFTER_MS = 8_000;
/**
 * How long a container that crash-looped must stay ready before it counts as recovered: until then
 * it keeps its workload errored and its restart back-off keeps growing (the kubelet likewise resets
 * a back-off only after the container has run cleanly for a while).
 */
export const RECOVERED_AFTER_MS = 60_000;
/** How long a crashed container shows as terminated before its back-off starts. */
export const TERMINATED_PAUSE_MS = 1_000;
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

export function backoffDelay(count: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(count, 10));
}

/**
 * A log line's text, or how to write it from the line's own pod and container: lines that name
 * their pod then keep no copy of the name (every workload logs a few of them).
 */
export type LogText = string | ((where: { pod: string | null; container: string | null }) => string);

export interface PodLogLine {
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  message: LogText;
  container?: string;
}

// Lines every pod logs, written from the line's own pod and container when read (see LogText).
const CREATING: LogText = ({ pod }) => `Pulling images and creating containers for ${pod}`;
const READY: LogText = ({ container }) => `Container ${container} is ready`;
const scheduledTexts = new Map<string, LogText>();
/** One template per node; a state import or reset brings new node names, hence the bound. */
function scheduledTo(node: string): LogText {
  let text = scheduledTexts.get(node);
  if (!text) {
    text = ({ pod }) => `Scheduled ${pod} to ${node}`;
    if (scheduledTexts.size >= 1024) scheduledTexts.clear();
    scheduledTexts.set(node, text);
  }
  return text;
}

export interface PodEnv {
  now: number;
  timings: PodTimings;
  /** When a fault of `kind` starts applying to this pod (container null) or container; null: none does. */
  faultFrom(kind: FaultKind, container: ContainerSim | null): number | null;
  pickNode(): Placement;
  log(pod: PodSim, line: PodLogLine): void;
}

export type PodTransition =
  | { kind: 'remove'; at: number }
  | { kind: 'fail'; at: number }
  | { kind: 'markUnschedulable'; at: number }
  | { kind: 'schedule'; at: number }
  | { kind: 'run'; at: number }
  | { kind: 'start'; at: number }
  | { kind: 'crash'; at: number; container: number; oom: boolean }
  | { kind: 'backoff'; at: number; container: number }
  | { kind: 'retry'; at: number; container: number }
  | { kind: 'ready'; at: number; container: number }
  | { kind: 'recover'; at: number; container: number }
  | { kind: 'unready'; at: number; container: number }
  | { kind: 'unblockReadiness'; at: number; container: number };

export interface NewPodOptions {
  name: string;
  group: string;
  containers: readonly { name: string; image: string }[];
  now: number;
  /** Resume restores pods on their node, skipping scheduling. */
  placement?: Placement | undefined;
}

export function newPod(options: NewPodOptions): PodSim {
  const placed = options.placement !== undefined;
  return {
    name: options.name,
    group: options.group,
    phase: placed ? 'Running' : 'Pending',
    stage: placed ? 'creating' : 'unscheduled',
    stageSince: options.now,
    node: options.placement?.node ?? null,
    nodeIp: options.placement?.nodeIp ?? null,
    ip: options.placement?.ip ?? null,
    createdAt: options.now,
    scheduledAt: placed ? options.now : null,
    initializedAt: null,
    unschedulableSince: null,
    deleteAt: null,
    failedReason: null,
    containers: options.containers.map((c) => ({
      name: c.name,
      image: c.image,
      state: 'waiting',
      reason: placed ? 'ContainerCreating' : null,
      ready: false,
      restartCount: 0,
      startedAt: null,
      readyAt: null,
      readySince: null,
      retryAt: null,
      failing: null,
      backoffCount: 0,
      lastTerminationReason: null,
    })),
    nextAt: null,
    timer: null,
  };
}

/** Begins graceful termination; the pod is gone after the grace period. */
export function beginTermination(pod: PodSim, now: number, graceMs: number): void {
  if (pod.stage === 'terminating' || pod.stage === 'gone') return;
  pod.stage = 'terminating';
  pod.stageSince = now;
  pod.deleteAt = now + graceMs;
  for (const container of pod.containers) {
    container.ready = false;
    container.readySince = null;
  }
}

export function nextTransition(pod: PodSim, env: PodEnv): PodTransition | null {
  if (pod.stage === 'gone' || pod.stage === 'failed') return null;
  if (pod.stage === 'terminating') return { kind: 'remove', at: pod.deleteAt ?? env.now };

  const t = env.timings;
  let best: PodTransition | null = null;
  const consider = (candidate: PodTransition) => {
    if (best === null || candidate.at < best.at) best = candidate;
  };

  if (pod.node !== null) {
    const failFrom = env.faultFrom('PodFailed', null);
    if (failFrom !== null) consider({ kind: 'fail', at: Math.max(failFrom, pod.scheduledAt ?? failFrom) });
  }

  switch (pod.stage) {
    case 'unscheduled': {
      const due = pod.stageSince + t.unscheduledSeconds * 1000;
      const blockedFrom = env.faultFrom('Unschedulable', null);
      if (pod.unschedulableSince !== null) {
        if (blockedFrom === null || blockedFrom > env.now) consider({ kind: 'schedule', at: env.now });
      } else if (blockedFrom !== null && blockedFrom <= due) {
        consider({ kind: 'markUnschedulable', at: due });
      } else {
        consider({ kind: 'schedule', at: due });
      }
      break;
    }
    case 'scheduled':
      consider({ kind: 'run', at: pod.stageSince + t.schedulingSeconds * 1000 });
      break;
    case 'creating':
      consider({ kind: 'start', at: pod.stageSince + t.containerCreatingSeconds * 1000 });
      break;
    case 'started':
      pod.containers.forEach((c, index) => {
        if (c.state === 'running') {
          const crashFrom = env.faultFrom('CrashLoopBackOff', c);
          if (crashFrom !== null) {
            consider({
              kind: 'crash',
              at: Math.max((c.startedAt ?? 0) + CRASH_AFTER_MS, crashFrom),
              container: index,
              oom: false,
            });
          }
          const oomFrom = env.faultFrom('OOMKilled', c);
          if (oomFrom !== null) {
            consider({
              kind: 'crash',
              at: Math.max((c.startedAt ?? 0) + OOM_AFTER_MS, oomFrom),
              container: index,
              oom: true,
            });
          }
          const neverReadyFrom = env.faultFrom('NeverReady', c);
          if (c.ready) {
            if (c.failing === 'CrashLoopBackOff' && c.readySince !== null) {
              consider({ kind: 'recover', at: c.readySince + RECOVERED_AFTER_MS, container: index });
            }
            if (neverReadyFrom !== null) {
              consider({
                kind: 'unready',
                at: Math.max(neverReadyFrom, c.readySince ?? neverReadyFrom),
                container: index,
              });
            }
          } else if (c.readyAt !== null) {
            consider({ kind: 'ready', at: c.readyAt, container: index });
          } else if (neverReadyFrom === null || neverReadyFrom > env.now) {
            consider({ kind: 'unblockReadiness', at: env.now, container: index });
          }
        } else if (c.state === 'terminated' && c.retryAt !== null) {
          consider({ kind: 'backoff', at: c.retryAt, container: index });
        } else if (c.state === 'waiting' && c.retryAt !== null) {
          consider({ kind: 'retry', at: c.retryAt, container: index });
        }
      });
      break;
  }
  return best;
}

function startContainer(pod: PodSim, c: ContainerSim, at: number, env: PodEnv, pullImage: boolean): void {
  const pullFailsFrom = pullImage ? env.faultFrom('ImagePullBackOff', c) : null;
  if (pullFailsFrom !== null && pullFailsFrom <= at) {
    const first = c.failing !== 'ImagePullBackOff';
    c.state = 'waiting';
    c.reason = first ? 'ErrImagePull' : 'ImagePullBackOff';
    c.failing = 'ImagePullBackOff';
    c.retryAt = at + backoffDelay(c.backoffCount);
    c.backoffCount++;
    env.log(pod, {
      level: 'ERROR',
      container: c.name,
      message: first
        ? `Failed to pull image "${c.image}": manifest unknown`
        : `Back-off pulling image "${c.image}"`,
    });
    return;
  }
  // A pull that works after only the first failure ends that failure: no back-off ever began.
  if (c.failing === 'ImagePullBackOff' && c.backoffCount <= 1) {
    c.failing = null;
    c.backoffCount = 0;
  }
  c.state = 'running';
  c.reason = null;
  c.startedAt = at;
  c.ready = false;
  c.readySince = null;
  c.readyAt = at + env.timings.readinessSeconds * 1000;
  c.retryAt = null;
  env.log(pod, {
    level: 'INFO',
    container: c.name,
    message: `Started container ${c.name} (image ${c.image})`,
  });
}

export function applyTransition(pod: PodSim, transition: PodTransition, env: PodEnv): void {
  const at = transition.at;
  switch (transition.kind) {
    case 'remove':
      pod.stage = 'gone';
      for (const c of pod.containers) {
        c.state = 'terminated';
        c.reason = 'Completed';
        c.ready = false;
      }
      env.log(pod, { level: 'INFO', message: `Pod ${pod.name} terminated` });
      return;
    case 'fail':
      pod.phase = 'Failed';
      pod.stage = 'failed';
      pod.failedReason = 'Error';
      for (const c of pod.containers) {
        c.state = 'terminated';
        c.reason = 'Error';
        c.ready = false;
        c.readySince = null;
        c.readyAt = null;
        c.retryAt = null;
        c.lastTerminationReason = 'Error';
      }
      env.log(pod, { level: 'ERROR', message: `Pod ${pod.name} failed: all containers exited with errors` });
      return;
    case 'markUnschedulable':
      pod.unschedulableSince = at;
      env.log(pod, {
        level: 'WARN',
        message: `Pod ${pod.name} unschedulable: 0 nodes available, insufficient capacity for the requested resources`,
      });
      return;
    case 'schedule': {
      const placement = env.pickNode();
      pod.node = placement.node;
      pod.nodeIp = placement.nodeIp;
      pod.ip = placement.ip;
      pod.scheduledAt = at;
      pod.stage = 'scheduled';
      pod.stageSince = at;
      pod.unschedulableSince = null;
      for (const c of pod.containers) c.reason = 'ContainerCreating';
      env.log(pod, { level: 'INFO', message: scheduledTo(placement.node) });
      return;
    }
    case 'run':
      pod.phase = 'Running';
      pod.stage = 'creating';
      pod.stageSince = at;
      env.log(pod, { level: 'INFO', message: CREATING });
      return;
    case 'start':
      pod.stage = 'started';
      pod.stageSince = at;
      pod.initializedAt = at;
      for (const c of pod.containers) startContainer(pod, c, at, env, true);
      return;
    case 'crash': {
      const c = pod.containers[transition.container]!;
      const reason = transition.oom ? 'OOMKilled' : 'Error';
      c.state = 'terminated';
      c.reason = reason;
      c.lastTerminationReason = reason;
      c.ready = false;
      c.readySince = null;
      c.readyAt = null;
      c.failing = 'CrashLoopBackOff';
      c.retryAt = at + TERMINATED_PAUSE_MS;
      env.log(pod, {
        level: 'ERROR',
        container: c.name,
        message: transition.oom
          ? `Container ${c.name} was OOMKilled: memory limit exceeded (exit code 137)`
          : `Container ${c.name} exited with code 1: Traceback (most recent call last): RuntimeError: startup failed`,
      });
      return;
    }
    case 'backoff': {
      const c = pod.containers[transition.container]!;
      c.state = 'waiting';
      c.reason = 'CrashLoopBackOff';
      c.retryAt = at + backoffDelay(c.backoffCount);
      c.backoffCount++;
      env.log(pod, {
        level: 'WARN',
        container: c.name,
        message: `Back-off ${Math.round((c.retryAt - at) / 1000)}s restarting failed container ${c.name}`,
      });
      return;
    }
    case 'retry': {
      const c = pod.containers[transition.container]!;
      if (c.failing === 'CrashLoopBackOff') {
        c.restartCount++;
        startContainer(pod, c, at, env, false);
      } else {
        startContainer(pod, c, at, env, true);
      }
      return;
    }
    case 'ready': {
      const c = pod.containers[transition.container]!;
      const neverReadyFrom = env.faultFrom('NeverReady', c);
      if (neverReadyFrom !== null && neverReadyFrom <= at) {
        c.readyAt = null;
        env.log(pod, {
          level: 'WARN',
          container: c.name,
          message: `Readiness probe failed for ${c.name}: HTTP probe failed with statuscode 503`,
        });
        return;
      }
      c.ready = true;
      c.readySince = at;
      // A pulled image is over its failure; a crash loop is over only once it stays up (recover).
      if (c.failing !== 'CrashLoopBackOff') {
        c.failing = null;
        c.backoffCount = 0;
      }
      env.log(pod, { level: 'INFO', container: c.name, message: READY });
      return;
    }
    case 'recover': {
      const c = pod.containers[transition.container]!;
      c.failing = null;
      c.backoffCount = 0;
      return;
    }
    case 'unready': {
      const c = pod.containers[transition.container]!;
      c.ready = false;
      c.readySince = null;
      c.readyAt = null;
      env.log(pod, {
        level: 'WARN',
        container: c.name,
        message: `Readiness probe failed for ${c.name}: HTTP probe failed with statuscode 503`,
      });
      return;
    }
    case 'unblockReadiness': {
      const c = pod.containers[transition.container]!;
      c.readyAt = at + env.timings.readinessSeconds * 1000;
      return;
    }
  }
}

/** Applies every transition due by `env.now`, in order; sets `pod.nextAt`. Returns whether anything changed. */
export function reconcilePod(pod: PodSim, env: PodEnv): boolean {
  let changed = false;
  // A course that stops moving is a bug; a long one is not: a state document whose clock lies
  // months past a crash-looping pod's next step replays every restart in between.
  const behindSeconds = pod.nextAt === null ? 0 : Math.max(0, env.now - pod.nextAt) / 1000;
  const limit = 10_000 + 10 * behindSeconds;
  for (let guard = 0; guard < limit; guard++) {
    const next = nextTransition(pod, env);
    if (next === null || next.at > env.now) {
      pod.nextAt = next?.at ?? null;
      return changed;
    }
    applyTransition(pod, next, env);
    changed = true;
  }
  throw new Error(`pod ${pod.name} did not settle`);
}

/** Conditions as Kubernetes reports them: [type, met, since]. */
export function podConditions(
  pod: PodSim,
): { type: string; met: boolean; since: number; reason: string | null }[] {
  const allReady = pod.containers.length > 0 && pod.containers.every((c) => c.ready);
  const readySince = allReady ? Math.max(...pod.containers.map((c) => c.readySince ?? pod.createdAt)) : null;
  return [
    {
      type: 'PodScheduled',
      met: pod.scheduledAt !== null,
      since: pod.scheduledAt ?? pod.unschedulableSince ?? pod.createdAt,
      reason: pod.unschedulableSince !== null ? 'Unschedulable' : null,
    },
    {
      type: 'Initialized',
      met: pod.initializedAt !== null,
      since: pod.initializedAt ?? pod.createdAt,
      reason: null,
    },
    {
      type: 'ContainersReady',
      met: allReady,
      since: readySince ?? pod.stageSince,
      reason: allReady ? null : 'ContainersNotReady',
    },
    {
      type: 'Ready',
      met: allReady,
      since: readySince ?? pod.stageSince,
      reason: allReady ? null : 'ContainersNotReady',
    },
  ];
}
