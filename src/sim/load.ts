import type { Random } from '../random.js';
import type { PodSim, ProtonRecord } from '../store/types.js';
import { livePods, podReady, servingGroups, servingPods } from './status.js';
import { LATENCY_BOUNDS_MS } from './telemetry.js';

/**
 * How a proton behaves under load: pure functions of the request rate and the replicas serving
 * it. The traffic generator, the endpoint, the metrics and autoscaling all read the same model.
 */

/** Requests per second one CPU core serves at full utilisation. */
export const RPS_PER_CPU = 20;
/** CPU a container gets when its runtime does not say. */
const DEFAULT_CPU = 1;
/** Utilisation of an idle replica (%). */
const IDLE_CPU_PERCENT = 3;
/** Memory in use by an idle replica (%). */
const IDLE_MEMORY_PERCENT = 28;
/** Spread of the latency distribution (sigma of its logarithm). */
export const LATENCY_SIGMA = 0.45;

/** Replicas whose containers are all ready: the ones that take requests. */
export function readyReplicas(proton: Pick<ProtonRecord, 'pods'>): PodSim[] {
  return livePods(proton.pods).filter(podReady);
}

/** The ready replicas of the groups that take requests (every group's, mostly): the endpoint's. */
export function servingReplicas(proton: Pick<ProtonRecord, 'pods' | 'podTemplates'>): PodSim[] {
  return servingPods(proton).filter(podReady);
}

/** The least a replica counts as having, so that a load over no cores stays finite. */
const MIN_REPLICA_CPU = 0.1;

/**
 * CPU cores one replica of the proton has (its containers' allocations added up); with `group`,
 * one replica of that group.
 */
export function cpuPerReplica(proton: Pick<ProtonRecord, 'runtime'>, group?: string): number {
  let cpu = 0;
  for (const each of proton.runtime.containerGroups) {
    if (group !== undefined && each.name !== group) continue;
    cpu += allocatedCpu(each);
  }
  return Math.max(MIN_REPLICA_CPU, cpu);
}

type RuntimeGroup = ProtonRecord['runtime']['containerGroups'][number];

/** The cores a group's containers are allocated, added up. */
function allocatedCpu(group: RuntimeGroup): number {
  let cpu = 0;
  for (const container of group.containers) cpu += container.resourceAllocation?.cpu ?? DEFAULT_CPU;
  return cpu;
}

/** CPU cores of one replica that takes requests: of a group that does (on average, if several). */
export function servingCpuPerReplica(proton: Pick<ProtonRecord, 'runtime' | 'podTemplates'>): number {
  // null: no group is marked as serving, so they all take requests.
  const serving = servingGroups(proton);
  let cpu = 0;
  let count = 0;
  for (const group of proton.runtime.containerGroups) {
    if (serving !== null && !serving.has(group.name)) continue;
    cpu += Math.max(MIN_REPLICA_CPU, allocatedCpu(group));
    count++;
  }
  return count === 0 ? cpuPerReplica(proton) : cpu / count;
}

/** Fraction of its capacity a proton works at for a request rate (may exceed 1: overload). */
export function utilisation(rps: number, ready: number, cpu: number): number {
  if (ready <= 0) return 0;
  return rps / (ready * cpu * RPS_PER_CPU);
}

/** Latency grows once replicas are busy: x1 up to 70 %, then steeply (queueing). */
export function latencyFactor(u: number): number {
  if (u <= 0.7) return 1;
  return Math.min(20, 1 + ((u - 0.7) / 0.3) ** 2 * 3);
}

/** Share of requests an overloaded proton fails (its queue overflows). */
export function overloadErrorShare(u: number): number {
  return u > 1 ? 1 - 1 / u : 0;
}

/** A stable pseudo-random number in [0, 1) for a key: gives metrics a little noise that stays put. */
export function jitter(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) / 4294967296;
}

/**
 * CPU the replicas would use (%) to keep up, without noise or the 100 % ceiling: above 100 the
 * requests queue. Autoscaling reads this, as a pod metrics pipeline reads demand.
 */
export function cpuDemandPercent(u: number): number {
  return IDLE_CPU_PERCENT + Math.max(0, u) * (100 - IDLE_CPU_PERCENT);
}

/** CPU utilisation (%) of a proton's replicas, on average, serving `rps`. */
export function cpuPercent(u: number, noiseKey: string): number {
  const busy = Math.min(1, u) * (100 - IDLE_CPU_PERCENT);
  return Math.min(100, Math.max(0, IDLE_CPU_PERCENT + busy + (jitter(noiseKey) - 0.5) * 4));
}

/** Memory utilisation (%) of a proton's replicas: a base, plus a little per unit of load. */
export function memoryPercent(u: number, noiseKey: string): number {
  return Math.min(100, IDLE_MEMORY_PERCENT + Math.min(1, u) * 22 + (jitter(`m${noiseKey}`) - 0.5) * 3);
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 through erf). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * `count` latencies drawn from a log-normal distribution with this median, as histogram counts
 * (expected values, rounded so they add up to `count`).
 */
export function logNormalHistogram(count: number, medianMs: number, sigma = LATENCY_SIGMA): number[] {
  const mu = Math.log(Math.max(0.001, medianMs));
  const edges = [...LATENCY_BOUNDS_MS, Number.POSITIVE_INFINITY];
  const expected: number[] = [];
  let previous = 0;
  for (const edge of edges) {
    const cdf = edge === Number.POSITIVE_INFINITY ? 1 : normalCdf((Math.log(edge) - mu) / sigma);
    expected.push((cdf - previous) * count);
    previous = cdf;
  }
  const counts = expected.map(Math.floor);
  let missing = count - counts.reduce((a, b) => a + b, 0);
  const order = expected
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest);
  for (const { index } of order) {
    if (missing <= 0) break;
    counts[index]!++;
    missing--;
  }
  return counts;
}

/** The mean of a log-normal distribution with this median. */
export function logNormalMean(medianMs: number, sigma = LATENCY_SIGMA): number {
  return medianMs * Math.exp((sigma * sigma) / 2);
}

/** One latency drawn from the log-normal distribution around `medianMs` (Box-Muller). */
export function drawLatency(random: Random, medianMs: number, sigma = LATENCY_SIGMA): number {
  const u1 = Math.max(1e-9, random.next());
  const u2 = random.next();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(0.5, medianMs * Math.exp(sigma * normal));
}
