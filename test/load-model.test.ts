import { describe, expect, it } from 'vitest';
import type { Random } from '../src/random.js';
import {
  cpuPercent,
  cpuPerReplica,
  drawLatency,
  jitter,
  latencyFactor,
  logNormalHistogram,
  logNormalMean,
  memoryPercent,
  overloadErrorShare,
  RPS_PER_CPU,
  servingCpuPerReplica,
  utilisation,
} from '../src/sim/load.js';
import type { ProtonRecord } from '../src/store/types.js';

type Runtime = Pick<ProtonRecord, 'runtime'>;

/** A random source that hands out these numbers, in order. */
function draws(...values: number[]): Random {
  return { next: () => values.shift()! } as unknown as Random;
}

function runtime(...groups: { name: string; cpus: (number | undefined)[] }[]): Runtime {
  return {
    runtime: {
      containerGroups: groups.map(({ name, cpus }) => ({
        name,
        containers: cpus.map((cpu, i) => ({
          name: `c${i}`,
          ...(cpu === undefined ? {} : { resourceAllocation: { cpu } }),
        })),
      })),
    },
  } as unknown as Runtime;
}

describe('the load model', () => {
  it('gives a container without an allocation one core, and a group the sum of its containers', () => {
    expect(cpuPerReplica(runtime({ name: 'default', cpus: [undefined] }))).toBe(1);
    const two = runtime({ name: 'api', cpus: [2, undefined] }, { name: 'worker', cpus: [0.5] });
    expect(cpuPerReplica(two)).toBe(3.5);
    expect(cpuPerReplica(two, 'api')).toBe(3);
    expect(cpuPerReplica(two, 'worker')).toBe(0.5);
    // One core serves RPS_PER_CPU a second at full use.
    expect(utilisation(RPS_PER_CPU * 3, 2, 1.5)).toBe(1);
    expect(utilisation(10, 0, 1)).toBe(0);
    // A container given no CPU still serves a little: a tenth of a core.
    expect(cpuPerReplica(runtime({ name: 'default', cpus: [0] }))).toBe(0.1);
  });

  it('gives a replica that takes requests the mean CPU of the groups that take them', () => {
    const two = runtime(
      { name: 'api', cpus: [2] },
      { name: 'edge', cpus: [1] },
      { name: 'worker', cpus: [4] },
    );
    const proton = {
      ...two,
      podTemplates: [
        { group: 'api', containers: [{ name: 'c0', image: 'api:1', primary: true as const }] },
        { group: 'edge', containers: [{ name: 'c0', image: 'edge:1', primary: true as const }] },
        { group: 'worker', containers: [{ name: 'c0', image: 'worker:1' }] },
      ],
    };
    // api's 2 cores and edge's 1; the worker takes no requests.
    expect(servingCpuPerReplica(proton)).toBe(1.5);
    // With no primary container anywhere, every group takes requests: the mean of the three.
    const unmarked = {
      ...two,
      podTemplates: proton.podTemplates.map((template) => ({
        group: template.group,
        containers: template.containers.map(({ name, image }) => ({ name, image })),
      })),
    };
    expect(servingCpuPerReplica(unmarked)).toBeCloseTo(7 / 3, 10);
    // One group: its replica's cores.
    const one = runtime({ name: 'default', cpus: [2, 0.5] });
    expect(servingCpuPerReplica({ ...one, podTemplates: [unmarked.podTemplates[0]!] })).toBe(2.5);
    // A group given no CPU still counts a tenth of a core: its load stays finite.
    const starved = runtime({ name: 'default', cpus: [0] });
    expect(servingCpuPerReplica({ ...starved, podTemplates: [unmarked.podTemplates[0]!] })).toBe(0.1);
  });

  it('keeps latency flat up to 70 % busy, then grows steeply, up to twenty times', () => {
    expect(latencyFactor(0.5)).toBe(1);
    expect(latencyFactor(0.65)).toBe(1);
    expect(latencyFactor(0.7)).toBe(1);
    expect(latencyFactor(0.76)).toBeCloseTo(1.12, 10);
    expect(latencyFactor(0.85)).toBeCloseTo(1.75, 10);
    expect(latencyFactor(1)).toBeCloseTo(4, 10);
    expect(latencyFactor(2)).toBe(20);
    expect(latencyFactor(50)).toBe(20);
  });

  it('fails what a proton cannot serve once over capacity: none at or below it', () => {
    expect(overloadErrorShare(0.99)).toBe(0);
    expect(overloadErrorShare(1)).toBe(0);
    expect(overloadErrorShare(1.05)).toBeCloseTo(0.05 / 1.05, 10);
    expect(overloadErrorShare(1.25)).toBeCloseTo(0.2, 10);
    expect(overloadErrorShare(4)).toBe(0.75);
  });

  it('spreads latencies log-normally around their median', () => {
    // Half at or below the median (100 ms, a bound), counted whole so that they add up.
    expect(logNormalHistogram(1000, 100)).toEqual([0, 0, 1, 61, 438, 479, 21, 0, 0, 0, 0, 0, 0]);
    expect(logNormalHistogram(5, 80)).toEqual([0, 0, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0]);
    // sigma 0.45: the mean is e^(sigma^2 / 2) above the median.
    expect(logNormalMean(100)).toBeCloseTo(100 * Math.exp(0.45 ** 2 / 2), 10);
    // Box-Muller: these two draws are one sigma above the median; none is under half a millisecond.
    expect(drawLatency(draws(Math.exp(-0.5), 0), 100)).toBeCloseTo(100 * Math.exp(0.45), 10);
    expect(drawLatency(draws(0.5, 0.5), 0.1)).toBe(0.5);
    // A draw of exactly 0 (the generator gives [0, 1)) is read as 1e-9: a long latency, not an infinite one.
    expect(drawLatency(draws(0, 0), 100)).toBeCloseTo(
      100 * Math.exp(0.45 * Math.sqrt(-2 * Math.log(1e-9))),
      6,
    );
  });

  it('shows CPU past full use as full use, and memory a base plus its load, each with noise that stays put', () => {
    // Up to 2 points of noise either way on CPU, 1.5 on memory, each from a key of its own.
    expect(cpuPercent(0.5, 'k')).toBeCloseTo(51.5 + (jitter('k') - 0.5) * 4, 10);
    expect(memoryPercent(1, 'k')).toBeCloseTo(50 + (jitter('mk') - 0.5) * 3, 10);
    // Overloaded replicas read as fully used: noise below 100 stays, above it is cut.
    expect(cpuPercent(2, 'mk')).toBe(cpuPercent(1, 'mk'));
    expect(cpuPercent(1, 'mk')).toBeLessThan(100);
    expect(cpuPercent(2, 'k')).toBe(100);
    expect(memoryPercent(3, 'k')).toBe(memoryPercent(1, 'k'));
  });
});
