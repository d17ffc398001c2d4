import type { ProtonStatusValue } from '../schemas/proton.js';
import type { PodSim, ProtonRecord } from '../store/types.js';

/**
 * Status derivation: pure functions of pod state and the proton's own situation, never stored.
 * The pod predicates follow the lifecycle-states seed, highest priority first.
 */

/** A container's first failure, before its back-off begins: a first failed pull, a first crash. */
function beforeBackOff(container: PodSim['containers'][number]): boolean {
  return (
    container.reason === 'ErrImagePull' || (container.state === 'terminated' && container.backoffCount === 0)
  );
}

/** The status one pod implies, by the seeds' predicate table. */
export function podStatus(pod: PodSim): ProtonStatusValue {
  // 7: a container in CrashLoopBackOff or ImagePullBackOff: sticky until the image is pulled and the
  // container ready, or, after a crash loop, ready for RECOVERED_AFTER_MS. The failure that leads
  // into the back-off (a first ErrImagePull, a first crash) is not one yet.
  for (const container of pod.containers)
    if (container.failing !== null && !beforeBackOff(container)) return 'errored';
  // 6: pod phase Failed.
  if (pod.phase === 'Failed') return 'errored';
  // 5: pod phase Succeeded (run-to-completion).
  if (pod.phase === 'Succeeded') return 'stopped';
  // 4: pending, with or without a node.
  if (pod.phase === 'Pending') return pod.node === null ? 'submitted' : 'provisioning';
  // 3 and 2: running, with every container ready or not (sidecars included).
  for (const container of pod.containers) if (!container.ready) return 'launching';
  return 'running';
}

/**
 * Kubernetes' Ready condition: running with every container ready. It decides which pods take
 * traffic; a pod can be ready while its status is still errored (a recovered crash loop's hold).
 */
export function podReady(pod: PodSim): boolean {
  if (pod.phase !== 'Running') return false;
  for (const container of pod.containers) if (!container.ready) return false;
  return true;
}

/** Worst state wins across replicas. */
const SEVERITY: Partial<Record<ProtonStatusValue, number>> = {
  errored: 7,
  stopped: 5,
  submitted: 4.5,
  provisioning: 4,
  launching: 3,
  running: 2,
};

export function worstOf(statuses: Iterable<ProtonStatusValue>): ProtonStatusValue | null {
  let worst: ProtonStatusValue | null = null;
  for (const status of statuses) {
    if (worst === null || (SEVERITY[status] ?? 0) > (SEVERITY[worst] ?? 0)) worst = status;
  }
  return worst;
}

function unschedulable(pod: PodSim): boolean {
  return pod.unschedulableSince !== null;
}

/** What a pod on its way to ready implies. */
const STARTING: ReadonlySet<ProtonStatusValue> = new Set(['submitted', 'provisioning', 'launching']);

/** Pods that count: not being torn down. */
export function livePods(pods: readonly PodSim[]): PodSim[] {
  return pods.filter((pod) => pod.stage !== 'terminating' && pod.stage !== 'gone');
}

export type ProtonSituation = Pick<
  ProtonRecord,
  | 'pods'
  | 'intent'
  | 'suspended'
  | 'interruptedUntil'
  | 'restartingFrom'
  | 'reinitializing'
  | 'warming'
  | 'draining'
  | 'terminated'
  | 'scaledToZero'
>;

/** ProtonStatus: the pods' verdict, then the proton's own situation. */
export function deriveProtonStatus(proton: ProtonSituation): ProtonStatusValue {
  if (proton.terminated) return 'terminated';
  if (proton.interruptedUntil !== null) return 'interrupted';
  if (proton.suspended) return 'suspended';
  if (proton.restartingFrom !== null) return 'restarting';
  const anyPods = proton.pods.some((pod) => pod.stage !== 'gone');
  if (proton.intent !== 'run') return anyPods ? 'stopping' : 'stopped';
  const live = livePods(proton.pods);
  // Replicas the autoscaler adds to a serving proton (a cold start too) show in statusDetails; the
  // proton stays as it was until they are ready, unless they fail.
  const counted = live.filter((pod) => !(pod.scaledUp && STARTING.has(podStatus(pod))));
  if (counted.length === 0) {
    if (proton.scaledToZero || live.length > 0) return proton.draining ? 'draining' : 'running';
    // Pods still terminating after a scale-down count as what they were; none at all is unexpected.
    return anyPods ? 'launching' : 'errored';
  }
  const fromPods = worstOf(counted.map(podStatus)) ?? 'unknown';
  if (fromPods === 'errored' || fromPods === 'stopped') return fromPods;
  // A pod no node has room for is not being recreated: it waits to be scheduled, as a new one would.
  if (proton.reinitializing && fromPods !== 'running' && !counted.some(unschedulable)) return 'initializing';
  // Draining is alive, taking no traffic: pods coming back (after an eviction) show their course.
  if (proton.draining && fromPods === 'running') return 'draining';
  if (proton.warming && fromPods === 'running') return 'warming';
  return fromPods;
}

/**
 * A proton's status as traffic sent to it would find it: its status, but launching while it shows
 * running (or draining) with no ready replica and the autoscaler's new pods on their way, a cold
 * start that hides behind running. A switch back to it waits for them as for pods coming back.
 */
export function trafficStatus(
  proton: ProtonSituation & Pick<ProtonRecord, 'podTemplates'>,
): ProtonStatusValue {
  const status = deriveProtonStatus(proton);
  if (status !== 'running' && status !== 'draining') return status;
  // Pods of a group that takes no requests (a worker) are no cold start's end.
  const live = servingPods(proton);
  return live.length > 0 && !live.some(podReady) ? 'launching' : status;
}

/** WorkloadStatus: the active proton's status with the proton-only states collapsed. */
export function projectWorkloadStatus(
  protonStatus: ProtonStatusValue | null,
  restartingFrom: ProtonStatusValue | null = null,
): ProtonStatusValue {
  switch (protonStatus) {
    case null:
      return 'unknown';
    case 'initializing':
      return 'launching';
    case 'warming':
    case 'draining':
      return 'running';
    case 'restarting':
      return restartingFrom === null ? 'running' : projectWorkloadStatus(restartingFrom);
    default:
      return protonStatus;
  }
}

/**
 * The groups of a proton that take requests: those with a primary container, as its pods were
 * made; null when every group does (one group, or none marked).
 */
export function servingGroups(proton: Pick<ProtonRecord, 'podTemplates'>): ReadonlySet<string> | null {
  if (proton.podTemplates.length <= 1) return null;
  const serving = new Set<string>();
  for (const template of proton.podTemplates)
    if (template.containers.some((container) => container.primary)) serving.add(template.group);
  return serving.size === 0 ? null : serving;
}

/** Of `pods` (the proton's), those of the groups that take requests. */
export function ofServingGroups(proton: Pick<ProtonRecord, 'podTemplates'>, pods: PodSim[]): PodSim[] {
  const serving = servingGroups(proton);
  return serving === null ? pods : pods.filter((pod) => serving.has(pod.group));
}

/** The live pods of the groups that take requests. */
export function servingPods(proton: Pick<ProtonRecord, 'pods' | 'podTemplates'>): PodSim[] {
  return ofServingGroups(proton, livePods(proton.pods));
}

/** The container of a pod that answers its requests: its group's primary one (else its first). */
export function primaryContainer(proton: Pick<ProtonRecord, 'podTemplates'>, pod: PodSim): string | null {
  const template = proton.podTemplates.find((each) => each.group === pod.group);
  return template?.containers.find((container) => container.primary)?.name ?? pod.containers[0]?.name ?? null;
}

/** A failing container's trouble; a crash loop says what ended the container when it was not a plain error. */
function failure(c: PodSim['containers'][number]): string | null {
  if (c.failing === 'CrashLoopBackOff' && c.lastTerminationReason && c.lastTerminationReason !== 'Error')
    return `${c.failing} (${c.lastTerminationReason})`;
  return c.failing;
}

/**
 * A one-line human summary, as the workload monitor reports it. `serving`: the live pods of the
 * groups that take requests (all of them by default), which a cold start is about.
 */
export function summarise(
  status: ProtonStatusValue,
  pods: readonly PodSim[],
  scaledToZero = false,
  serving: readonly PodSim[] = livePods(pods),
): string {
  const live = livePods(pods);
  const ready = live.filter(podReady).length;
  // A draining proton takes no requests: no cold start is coming for it.
  if (scaledToZero && status === 'running') {
    return serving.length === 0
      ? 'Scaled to zero while idle; the next request starts a replica (cold start).'
      : `Cold start: ${serving.length} replica${serving.length === 1 ? '' : 's'} starting for the requests waiting.`;
  }
  const failing = live.flatMap((pod) =>
    pod.containers
      .filter((c) => c.failing !== null || pod.phase === 'Failed')
      .map((c) => `${c.name} in ${pod.name}: ${failure(c) ?? pod.failedReason ?? c.reason ?? 'failed'}`),
  );
  switch (status) {
    case 'errored':
      return failing.length > 0 ? `Failing: ${failing.join('; ')}.` : 'The proton failed.';
    case 'running':
      return `${ready}/${live.length} replicas ready.`;
    case 'warming':
      return `${ready}/${live.length} replicas ready; warming up before taking traffic.`;
    case 'draining':
      return 'No longer receiving traffic; draining before shutdown.';
    case 'launching':
      return `Containers starting: ${ready}/${live.length} replicas ready.`;
    case 'provisioning':
      return 'Scheduled to a node; allocating resources.';
    case 'submitted': {
      const stuck = live.some(unschedulable);
      return stuck ? 'Waiting for a node: no node has room for the pod.' : 'Waiting to be scheduled.';
    }
    case 'interrupted':
      return 'Node evicted; rescheduling automatically.';
    case 'suspended':
      return 'Suspended; resume restores it.';
    case 'stopping':
      return 'Shutting down.';
    case 'stopped':
      return 'Stopped.';
    case 'terminated':
      return 'Torn down.';
    case 'initializing':
      return 'Containers being recreated in place.';
    case 'restarting':
      return 'Being recreated in place.';
    default:
      return 'No status reported yet.';
  }
}
