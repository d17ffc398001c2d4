import { describe, expect, it } from 'vitest';
import type { AutoscalingPolicyValue } from '../src/schemas/runtime.js';
import {
  type AutoscalerGroupState,
  decideReplicas,
  initialGroupState,
  type MetricReadings,
  type ScaleDecision,
} from '../src/sim/autoscaler.js';

const UP = 30_000;
const DOWN = 300_000;

const concurrency = (target: number, minCount: number, maxCount: number): AutoscalingPolicyValue => ({
  scalingMetric: 'httpRequestsConcurrency',
  target,
  minCount,
  maxCount,
});
const cpu = (target: number, minCount: number, maxCount: number): AutoscalingPolicyValue => ({
  scalingMetric: 'cpuAverageUtilization',
  target,
  minCount,
  maxCount,
});
const load = (inFlight: number, cpuPercent: number | null = null, replicas = 1): MetricReadings => ({
  concurrency: inFlight,
  cpu: cpuPercent === null ? null : { percent: cpuPercent, replicas },
});

/** Feeds readings at the given seconds, applying each decision, as the domain does. */
function run(
  policies: AutoscalingPolicyValue[],
  start: number,
  steps: [seconds: number, readings: MetricReadings][],
  from: AutoscalerGroupState = initialGroupState(),
): { replicas: number; decisions: (ScaleDecision & { at: number })[]; state: AutoscalerGroupState } {
  let replicas = start;
  let state = from;
  const decisions: (ScaleDecision & { at: number })[] = [];
  for (const [seconds, readings] of steps) {
    const decision = decideReplicas({
      policies,
      readings,
      current: replicas,
      state,
      now: seconds * 1000,
      scaleUpDelayMs: UP,
      scaleDownDelayMs: DOWN,
    });
    state = decision.state;
    decisions.push({ ...decision, at: seconds });
    replicas = decision.desired;
  }
  return { replicas, decisions, state };
}

/** One decision from a fresh state, both delays 0. */
function once(policies: AutoscalingPolicyValue[], readings: MetricReadings, current: number): ScaleDecision {
  return decideReplicas({
    policies,
    readings,
    current,
    state: initialGroupState(),
    now: 0,
    scaleUpDelayMs: 0,
    scaleDownDelayMs: 0,
  });
}

describe('the autoscaling decision', () => {
  it('recommends ceil(in flight / target) within minCount..maxCount, the highest policy winning', () => {
    const policies = [concurrency(2, 1, 4)];
    const once = (inFlight: number, current: number) =>
      decideReplicas({
        policies,
        readings: load(inFlight),
        current,
        state: initialGroupState(),
        now: 0,
        scaleUpDelayMs: 0,
        scaleDownDelayMs: 0,
      });
    expect(once(5, 1)).toMatchObject({ recommended: 3, desired: 3, kind: 'scaleUp', observed: 5 });
    expect(once(100, 1)).toMatchObject({ recommended: 4, desired: 4 });
    expect(once(100, 1).reason).toBe(
      '100 requests in flight against a target of 2 per replica for 0 s calls for 4 replicas (maxCount 4).',
    );
    expect(once(0, 3)).toMatchObject({ recommended: 1, desired: 1, kind: 'scaleDown' });
    // Within 10 % of the current replicas nothing changes.
    expect(once(6.5, 3)).toMatchObject({ recommended: 3, desired: 3, kind: 'hold' });

    const both = decideReplicas({
      policies: [concurrency(10, 1, 10), cpu(70, 2, 10)],
      readings: load(5, 250, 2),
      current: 2,
      state: initialGroupState(),
      now: 0,
      scaleUpDelayMs: 0,
      scaleDownDelayMs: 0,
    });
    // cpu: ceil(2 x 250 / 70) = 8 beats concurrency's 1 (raised to its minCount).
    expect(both).toMatchObject({ recommended: 8, desired: 8, observed: 250 });
    expect(both.policy?.scalingMetric).toBe('cpuAverageUtilization');
  });

  it('holds within 10 % of the target, and scales just past it, on either metric', () => {
    // 7 in flight on 3 replicas at 2 each is 17 % over the target: ceil(3.5).
    expect(once([concurrency(2, 1, 10)], load(7), 3)).toMatchObject({ recommended: 4, kind: 'scaleUp' });
    // CPU at 75 % against 70 is 7 % over: 4 replicas stay, though ceil(4 x 75 / 70) is 5.
    expect(once([cpu(70, 1, 10)], load(0, 75, 4), 4)).toMatchObject({ recommended: 4, kind: 'hold' });
    // At 84 % it is 20 % over: ceil(4 x 1.2).
    expect(once([cpu(70, 1, 10)], load(0, 84, 4), 4)).toMatchObject({ recommended: 5, kind: 'scaleUp' });
  });

  it('counts the CPU of the replicas that report it, forgiving the rounding of an exact ratio', () => {
    // Scaled to 4, 2 of them ready at 140 %: their load needs 4 replicas, not 8.
    expect(once([cpu(70, 1, 10)], load(0, 140, 2), 4)).toMatchObject({ recommended: 4, kind: 'hold' });
    // 7 x 290 / 70 is 29 exactly, though the division says 29.000000000000004.
    expect(once([cpu(70, 1, 40)], load(0, 290, 7), 7)).toMatchObject({ recommended: 29 });
  });

  it('reads a concurrency target of 0 as one request a replica, and a CPU target of 0 as maxCount', () => {
    expect(once([concurrency(0, 1, 5)], load(3), 1)).toMatchObject({ recommended: 3, desired: 3 });
    const cpuZero = once([cpu(0, 1, 5)], load(0, 3), 1);
    expect(cpuZero).toMatchObject({ recommended: 5, desired: 5 });
    // Any CPU is past a target of 0: maxCount is what it calls for, not a cut.
    expect(cpuZero.reason).toBe(
      'CPU at 3% of its allocation on average against a target of 0% for 0 s calls for 5 replicas.',
    );
  });

  it('lets the first policy listed win a tie', () => {
    // Both call for 4: 4 in flight at 1 each, and 2 replicas at 140 % of a 70 % target.
    const tie = once([concurrency(1, 1, 10), cpu(70, 1, 10)], load(4, 140, 2), 2);
    expect(tie).toMatchObject({ recommended: 4, observed: 4 });
    expect(tie.policy?.scalingMetric).toBe('httpRequestsConcurrency');
  });

  it('names a bound in the reason only when it set the replicas the decision acts on', () => {
    // minCount 2 is what the load calls for anyway: no bound cut it.
    expect(once([concurrency(1, 2, 10)], load(2), 5).reason).toBe(
      '2 requests in flight against a target of 1 per replica for 0 s calls for 2 replicas.',
    );
    // The window's lowest recommendation (3) wins over the load's now, which maxCount cut to 4.
    const up = run([concurrency(1, 1, 4)], 1, [
      [0, load(3)],
      [20, load(9)],
      [30, load(9)],
    ]);
    expect(up.decisions[2]!.reason).toBe(
      '9 requests in flight against a target of 1 per replica for 30 s calls for 3 replicas.',
    );
    // And on the way down: the window's highest (3) wins over minCount 2's cut of the load's 0.
    const down = run([concurrency(1, 2, 10)], 5, [
      [0, load(3)],
      [100, load(0)],
      [300, load(0)],
    ]);
    expect(down.decisions.map((d) => [d.kind, d.desired])).toEqual([
      ['hold', 5],
      ['hold', 5],
      ['scaleDown', 3],
    ]);
    expect(down.decisions[2]!.reason).toBe(
      '0 requests in flight against a target of 1 per replica for 300 s calls for 3 replicas.',
    );
  });

  it('gives the value it observed in its reason to two decimals', () => {
    // The CPU demand of a request rate is rarely a whole percent: 2 replicas at 123.456789 % of 70.
    expect(once([cpu(70, 1, 10)], load(0, 123.456789, 2), 2).reason).toBe(
      'CPU at 123.46% of its allocation on average against a target of 70% for 0 s calls for 4 replicas.',
    );
  });

  it('gives a delay of a fraction of a second in its reason to a tenth', () => {
    const decision = decideReplicas({
      policies: [concurrency(1, 1, 5)],
      readings: load(3),
      current: 1,
      state: { history: [{ at: -1500, count: 3 }], lastScaledAt: null, dueAt: null },
      now: 0,
      scaleUpDelayMs: 1500,
      scaleDownDelayMs: 1500,
    });
    expect(decision).toMatchObject({ kind: 'scaleUp', desired: 3 });
    expect(decision.reason).toBe(
      '3 requests in flight against a target of 1 per replica for 1.5 s calls for 3 replicas.',
    );
  });

  it('scales up once the recommendation has stayed above the replicas for the scale-up delay', () => {
    const { decisions, replicas } = run([concurrency(2, 1, 4)], 1, [
      [0, load(0)],
      [15, load(10)],
      [30, load(10)],
      [44, load(10)],
      [45, load(10)],
    ]);
    expect(decisions.map((d) => [d.at, d.kind, d.desired, d.state.dueAt])).toEqual([
      [0, 'hold', 1, null],
      // Not yet known for 30 s: look again when it will be (at 30), then when 1 leaves the window (45).
      [15, 'hold', 1, 30_000],
      [30, 'hold', 1, 45_000],
      [44, 'hold', 1, 45_000],
      [45, 'scaleUp', 4, null],
    ]);
    expect(replicas).toBe(4);
    expect(decisions[4]!.state.lastScaledAt).toBe(45_000);
  });

  it('a short burst scales nothing: the lowest recommendation of the window wins on the way up', () => {
    const { decisions } = run([concurrency(1, 1, 5)], 1, [
      [0, load(0)],
      [40, load(5)],
      [50, load(0)],
      [70, load(5)],
      [80, load(0)],
    ]);
    expect(decisions.every((d) => d.desired === 1)).toBe(true);
  });

  it('scales down to the highest recommendation of the scale-down delay, in steps as the load falls', () => {
    const { decisions } = run([concurrency(1, 1, 10)], 8, [
      [0, load(8)],
      [100, load(4)],
      [200, load(1)],
      [399, load(1)],
      [400, load(1)],
      [500, load(1)],
    ]);
    expect(decisions.map((d) => [d.at, d.kind, d.desired])).toEqual([
      [0, 'hold', 8],
      [100, 'hold', 8],
      [200, 'hold', 8],
      [399, 'hold', 8],
      // 300 s after the first drop: 4 was the highest in [100, 400].
      [400, 'scaleDown', 4],
      [500, 'scaleDown', 1],
    ]);
    expect(decisions[4]!.reason).toBe(
      '1 request in flight against a target of 1 per replica for 300 s calls for 4 replicas.',
    );
    // Holding at 399: due when 8 leaves the window (100 + 300).
    expect(decisions[3]!.state.dueAt).toBe(400_000);
  });

  it('scales to zero only with httpRequestsConcurrency and minCount 0, and back at once from zero', () => {
    const idle = run([concurrency(1, 0, 3)], 1, [
      [0, load(0)],
      [300, load(0)],
    ]);
    expect(idle.decisions.map((d) => [d.kind, d.desired])).toEqual([
      ['hold', 1],
      ['scaleToZero', 0],
    ]);
    expect(idle.decisions[1]!.reason).toBe('No request in flight for 300 s: scaled to zero (minCount 0).');

    const cold = decideReplicas({
      policies: [concurrency(1, 0, 3)],
      readings: load(1),
      current: 0,
      state: idle.state,
      now: 400_000,
      scaleUpDelayMs: UP,
      scaleDownDelayMs: DOWN,
    });
    expect(cold).toMatchObject({ kind: 'coldStart', desired: 1, recommended: 1 });

    // CPU never recommends zero, whatever its minCount says.
    const cpuIdle = run([cpu(70, 0, 3)], 1, [
      [0, load(0, 3)],
      [300, load(0, 3)],
    ]);
    expect(cpuIdle.replicas).toBe(1);
    expect(once([cpu(70, 0, 3)], load(0, 0), 1)).toMatchObject({ recommended: 1, kind: 'hold' });
  });

  it('keeps what it acted on: load gone in the instant of a cold start waits the scale-down delay', () => {
    const woken = run([concurrency(1, 0, 3)], 1, [
      [0, load(0)],
      [300, load(0)],
      [400, load(2)],
      [400, load(0)],
      [699, load(0)],
      [700, load(0)],
    ]);
    expect(woken.decisions.map((d) => [d.at, d.kind, d.desired])).toEqual([
      [0, 'hold', 1],
      [300, 'scaleToZero', 0],
      [400, 'coldStart', 2],
      [400, 'hold', 2],
      [699, 'hold', 2],
      [700, 'scaleToZero', 0],
    ]);
    expect(woken.decisions[3]!.state.dueAt).toBe(700_000);
    // A recommendation nothing was scaled on is still replaced within its instant: a burst of none.
    const burst = run([concurrency(1, 1, 3)], 1, [
      [0, load(1)],
      [100, load(3)],
      [100, load(1)],
      [130, load(1)],
    ]);
    expect(burst.decisions.map((d) => d.kind)).toEqual(['hold', 'hold', 'hold', 'hold']);
    expect(burst.state.history).toEqual([{ at: 0, count: 1 }]);

    // Only what was acted on is kept: a dip after the scale, within its instant, is replaced.
    const history = [
      { at: -45_000, count: 4 },
      { at: -25_000, count: 8 },
    ];
    const acted = run(
      [concurrency(1, 1, 10)],
      2,
      [
        [0, load(8)],
        [0, load(5)],
        [0, load(8)],
        [5, load(8)],
      ],
      { history, lastScaledAt: null, dueAt: null },
    );
    expect(acted.decisions.map((d) => `${d.at}:${d.kind}:${d.desired}`)).toEqual([
      '0:scaleUp:4',
      '0:hold:4',
      '0:hold:4',
      '5:scaleUp:8',
    ]);
  });

  it('holds when no metric can be read (no ready replica for cpu, or a gpu metric)', () => {
    const decision = decideReplicas({
      policies: [
        cpu(70, 1, 5),
        { scalingMetric: 'gpuCacheUtilization', target: 50, minCount: 1, maxCount: 5 },
      ],
      readings: load(0, null),
      current: 2,
      state: initialGroupState(),
      now: 0,
      scaleUpDelayMs: 0,
      scaleDownDelayMs: 0,
    });
    // Recommending what it has: an unreadable metric neither raises nor lowers the windows.
    expect(decision).toMatchObject({
      kind: 'hold',
      desired: 2,
      recommended: 2,
      policy: null,
      observed: null,
    });
  });

  it('keeps only the history the longer delay needs', () => {
    const { state } = run([concurrency(1, 1, 10)], 1, [
      [0, load(1)],
      [10, load(2)],
      [20, load(1)],
      [1000, load(3)],
    ]);
    // The point in effect at 1000 - 300 (1, from 20) and the new one.
    expect(state.history).toEqual([
      { at: 20_000, count: 1 },
      { at: 1_000_000, count: 3 },
    ]);
    // A point exactly the longer delay old is the one in effect at the window's start: nothing before it.
    const edge = run([concurrency(1, 1, 10)], 1, [
      [0, load(1)],
      [10, load(2)],
      [310, load(3)],
    ]);
    expect(edge.state.history).toEqual([
      { at: 10_000, count: 2 },
      { at: 310_000, count: 3 },
    ]);
  });

  it('keeps the history of the scale-up delay when that is the longer one', () => {
    // Delays of 60 s up and 10 s down: the 5 recommended at 0 s stays in the scale-up window.
    let state = initialGroupState();
    let current = 1;
    const decisions: [ScaleDecision['kind'], number][] = [];
    for (const [seconds, inFlight] of [
      [0, 5],
      [30, 3],
      [45, 3],
      [60, 5],
    ] as const) {
      const decision = decideReplicas({
        policies: [concurrency(1, 1, 10)],
        readings: load(inFlight),
        current,
        state,
        now: seconds * 1000,
        scaleUpDelayMs: 60_000,
        scaleDownDelayMs: 10_000,
      });
      ({ state } = decision);
      current = decision.desired;
      decisions.push([decision.kind, decision.desired]);
    }
    // Above 1 for the whole 60 s, at least 3 all along: up to 3.
    expect(decisions).toEqual([
      ['hold', 1],
      ['hold', 1],
      ['hold', 1],
      ['scaleUp', 3],
    ]);
  });
});
