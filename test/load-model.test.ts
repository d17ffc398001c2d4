import { describe, expect, it } from 'vitest';
import {
  cpuPerReplica,
  latencyFactor,
  overloadErrorShare,
  RPS_PER_CPU,
  utilisation,
} from '../src/sim/load.js';
import type { ProtonRecord } from '../src/store/types.js';

type Runtime = Pick<ProtonRecord, 'runtime'>;

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
  });

  it('keeps latency flat up to 70 % busy, then grows steeply, up to twenty times', () => {
    expect(latencyFactor(0.5)).toBe(1);
    expect(latencyFactor(0.65)).toBe(1);
    expect(latencyFactor(0.7)).toBe(1);
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
});
