import { describe, expect, it } from 'vitest';
import { logNormalHistogram, logNormalMean } from '../src/sim/load.js';
import {
  LATENCY_BOUNDS_MS,
  PROTONS_REMEMBERED,
  quantileMs,
  REPLICA_POINTS_PER_PROTON,
  slowerThan,
  Telemetry,
} from '../src/sim/telemetry.js';

const MINUTE = 60_000;

function telemetry(retentionSeconds = 3600) {
  let now = 0;
  const t = new Telemetry({ now: () => now, retentionSeconds });
  return { t, at: (ms: number) => (now = ms) };
}

describe('request telemetry', () => {
  it('aggregates batches into per-minute buckets, in time order even when late', () => {
    const { t, at } = telemetry();
    at(3 * MINUTE);
    t.recordRequests({
      workloadId: 'w',
      protonId: 'p',
      at: 2 * MINUTE + 5,
      count: 10,
      serverErrors: 2,
      latencyMs: 40,
    });
    t.recordRequests({
      workloadId: 'w',
      protonId: 'p',
      at: 30_000,
      count: 5,
      serverErrors: 0,
      userErrors: 1,
      latencyMs: 8,
    });
    t.recordRequests({
      workloadId: 'w',
      protonId: 'p',
      at: 2 * MINUTE + 50,
      count: 1,
      serverErrors: 0,
      latencyMs: 4000,
    });
    const steps = t.series('w', ['p'], [0, MINUTE, 2 * MINUTE], 3 * MINUTE);
    expect(steps.map((s) => s.requests)).toEqual([5, 0, 11]);
    expect(steps[2]).toMatchObject({ serverErrors: 2, latencySumMs: 10 * 40 + 4000 });
    expect(steps[0]).toMatchObject({ userErrors: 1 });
    expect(t.lifetime('w', 'p').requests).toBe(16);
    expect(t.lastRequestAt('w')).toBe(2 * MINUTE + 50);
    expect(t.series('w', ['other'], [0], 3 * MINUTE)[0]!.requests).toBe(0);
  });

  it('estimates quantiles and slow requests from the histogram', () => {
    const { t } = telemetry();
    const histogram = new Array(LATENCY_BOUNDS_MS.length + 1).fill(0);
    histogram[4] = 50; // (50, 100] ms
    histogram[8] = 50; // (1000, 2000] ms
    t.recordRequests({
      workloadId: 'w',
      protonId: 'p',
      at: 0,
      count: 100,
      serverErrors: 0,
      latencyMs: 500,
      latencyHistogram: histogram,
    });
    const totals = t.total('w', null, 0, MINUTE);
    expect(quantileMs(totals, 0.5)).toBe(100);
    expect(quantileMs(totals, 0.25)).toBe(75);
    expect(quantileMs(totals, 0.75)).toBe(1500);
    expect(slowerThan(totals, 1500)).toBe(25);
    // An estimate is rounded to the nearest request: 50 * 778 / 1000 = 38.9.
    expect(slowerThan(totals, 1222)).toBe(39);
    expect(slowerThan(totals, 2000)).toBe(0);
    expect(slowerThan(totals, 10)).toBe(100);
  });

  it('counts as slow only what exceeds the threshold: requests at exactly it are not', () => {
    const { t } = telemetry();
    t.recordRequests({ workloadId: 'w', protonId: 'p', at: 0, count: 10, serverErrors: 0, latencyMs: 80 });
    const totals = t.total('w', null, 0, MINUTE);
    expect(slowerThan(totals, 80)).toBe(0);
    expect(slowerThan(totals, 79)).toBe(10);
    // At a bin's bound (bins hold (low, high]) as inside one.
    t.recordRequests({ workloadId: 'w', protonId: 'q', at: 0, count: 10, serverErrors: 0, latencyMs: 100 });
    expect(slowerThan(t.total('w', ['q'], 0, MINUTE), 100)).toBe(0);
  });

  it("keeps a request at a bin's bound in that bin, among slower ones too", () => {
    const { t } = telemetry();
    // 5 ms is the first bin's bound: those requests are not slow at 5 ms, and are the faster half.
    t.recordRequests({ workloadId: 'w', protonId: 'p', at: 0, count: 1, serverErrors: 0, latencyMs: 5 });
    t.recordRequests({ workloadId: 'w', protonId: 'p', at: 0, count: 1, serverErrors: 0, latencyMs: 7 });
    const totals = t.total('w', null, 0, MINUTE);
    expect(slowerThan(totals, 5)).toBe(1);
    expect(quantileMs(totals, 0.5)).toBe(5);
  });

  it('puts requests slower than the last bound at the slowest latency recorded, minutes included', () => {
    const { t } = telemetry();
    for (const latencyMs of [40_000, 120_000, 120_000, 120_000]) {
      t.recordRequests({ workloadId: 'w', protonId: 'p', at: 0, count: 1, serverErrors: 1, latencyMs });
    }
    const totals = t.total('w', null, 0, MINUTE);
    expect(quantileMs(totals, 1)).toBe(120_000);
    expect(quantileMs(totals, 0.5)).toBe(40_000 + 0.5 * 80_000);
    expect(slowerThan(totals, 60_000)).toBeGreaterThan(0);
  });

  it('forgets buckets past the retention but keeps lifetime totals; a reset clears a period', () => {
    const { t, at } = telemetry(120);
    for (let minute = 0; minute < 10; minute++) {
      at(minute * MINUTE);
      t.recordRequests({
        workloadId: 'w',
        protonId: 'p',
        at: minute * MINUTE,
        count: 1,
        serverErrors: 0,
        latencyMs: 5,
      });
    }
    expect(t.total('w', ['p'], 0, 10 * MINUTE).requests).toBe(3);
    expect(t.lifetime('w', 'p').requests).toBe(10);
    t.reset('w', 'p', 7 * MINUTE, 8 * MINUTE);
    expect(t.total('w', ['p'], 0, 10 * MINUTE).requests).toBe(2);
    // Only that period goes: the lifetime keeps what the retention dropped.
    expect(t.lifetime('w', 'p').requests).toBe(9);
    // A period with nothing in it clears nothing, nor does an empty one in the past.
    t.reset('w', 'p', 100 * MINUTE, 101 * MINUTE);
    t.reset('w', 'p', 8.5 * MINUTE, 8.5 * MINUTE);
    expect(t.lifetime('w', 'p').requests).toBe(9);
    // A period reaching the present (9 min) clears what was served at this very moment too, as a
    // read of it counts it.
    expect(t.total('w', ['p'], 8 * MINUTE, 9 * MINUTE).requests).toBe(2);
    t.reset('w', 'p', 8 * MINUTE, 9 * MINUTE);
    expect(t.total('w', ['p'], 8 * MINUTE, 9 * MINUTE).requests).toBe(0);
    expect(t.lifetime('w', 'p').requests).toBe(7);
    t.reset('w', 'p', Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    expect(t.lifetime('w', 'p').requests).toBe(0);
  });

  it("drops a retired proton's minutes past the retention, and keeps the protons that served last", () => {
    const { t, at } = telemetry(120);
    const serve = (protonId: string, minute: number) => {
      at(minute * MINUTE);
      t.recordRequests({
        workloadId: 'w',
        protonId,
        at: minute * MINUTE,
        count: 1,
        serverErrors: 0,
        latencyMs: 5,
      });
    };
    for (let minute = 0; minute < 5; minute++) serve('retired', minute);
    // Requests go to its successor only: the retired proton's minutes go as the retention passes.
    serve('active', 10);
    const buckets = (protonId: string) =>
      t.exportState().workloads[0]!.protons.find((p) => p.protonId === protonId)?.buckets.length;
    expect(buckets('retired')).toBe(0);
    expect(t.lifetime('w', 'retired').requests).toBe(5);
    // One replacement after another: request data of the last PROTONS_REMEMBERED only.
    for (let i = 0; i < PROTONS_REMEMBERED + 10; i++) serve(`p${i}`, 20 + i);
    const kept = t.protonsWithData('w');
    expect(kept).toHaveLength(PROTONS_REMEMBERED);
    expect(kept).toContain(`p${PROTONS_REMEMBERED + 9}`);
    expect(kept).not.toContain('retired');
  });

  it('keeps the requests no proton served apart: they take no place of a proton that served', () => {
    const { t, at } = telemetry();
    t.recordRequests({ workloadId: 'w', protonId: null, at: 0, count: 3, serverErrors: 3, latencyMs: 1 });
    for (let i = 0; i < PROTONS_REMEMBERED; i++) {
      at((i + 1) * 1000);
      t.recordRequests({
        workloadId: 'w',
        protonId: `p${i}`,
        at: (i + 1) * 1000,
        count: 1,
        serverErrors: 0,
        latencyMs: 5,
      });
    }
    const kept = t.protonsWithData('w');
    expect(kept).toHaveLength(PROTONS_REMEMBERED + 1);
    expect(kept).toContain('');
    expect(kept).toContain('p0');
  });

  it('keeps the replica history of the last PROTONS_REMEMBERED protons', () => {
    const { t } = telemetry();
    for (let i = 0; i < PROTONS_REMEMBERED + 5; i++)
      t.observeReplicas('w', `p${i}`, { at: i * 1000, desired: 1, live: 1, ready: 1, serving: 1 });
    const seen = t.protonsSeen('w');
    expect(seen).toHaveLength(PROTONS_REMEMBERED);
    expect(seen[0]).toBe('p5');
    expect(seen.at(-1)).toBe(`p${PROTONS_REMEMBERED + 4}`);
  });

  it("keeps a proton's last request time when a batch comes late", () => {
    const { t, at } = telemetry();
    at(3 * MINUTE);
    t.recordRequests({
      workloadId: 'w',
      protonId: 'p',
      at: 2 * MINUTE,
      count: 1,
      serverErrors: 0,
      latencyMs: 5,
    });
    t.recordRequests({ workloadId: 'w', protonId: 'p', at: 30_000, count: 1, serverErrors: 0, latencyMs: 5 });
    expect(t.lastRequestAt('w', 'p')).toBe(2 * MINUTE);
    expect(t.lastRequestAt('w')).toBe(2 * MINUTE);
  });

  it("takes a cleared period's peak concurrency out of the lifetime totals", () => {
    const { t, at } = telemetry();
    at(5 * MINUTE);
    t.recordRequests({
      workloadId: 'w',
      protonId: 'p',
      at: 0,
      count: 1,
      serverErrors: 0,
      latencyMs: 5,
      concurrency: 10,
    });
    t.recordRequests({
      workloadId: 'w',
      protonId: 'p',
      at: 4 * MINUTE,
      count: 1,
      serverErrors: 0,
      latencyMs: 5,
      concurrency: 2,
    });
    expect(t.lifetime('w', 'p').peakConcurrency).toBe(10);
    t.reset('w', 'p', 0, MINUTE);
    expect(t.lifetime('w', 'p')).toMatchObject({ requests: 1, peakConcurrency: 2 });
  });

  it("keeps when a proton's replica history began once its ring has dropped the first point", () => {
    const { t } = telemetry();
    for (let i = 0; i < REPLICA_POINTS_PER_PROTON + 10; i++) {
      t.observeReplicas('w', 'p', { at: 1000 + i * 1000, desired: 1, live: i % 2, ready: 0, serving: 0 });
    }
    expect(t.replicasAt('w', 'p', 1000)).toMatchObject({ desired: 0 });
    expect(t.firstSeen('w', 'p')).toBe(1000);
    const restored = telemetry().t;
    restored.importState(t.exportState());
    expect(restored.firstSeen('w', 'p')).toBe(1000);
  });

  it('reads nothing past the retention, even before a new request prunes it', () => {
    const { t, at } = telemetry(120);
    t.recordRequests({ workloadId: 'w', protonId: 'p', at: 30_000, count: 5, serverErrors: 0, latencyMs: 5 });
    expect(t.total('w', ['p'], 0, 10 * MINUTE).requests).toBe(5);
    at(10 * MINUTE);
    expect(t.total('w', ['p'], 0, 10 * MINUTE).requests).toBe(0);
    expect(t.lifetime('w', 'p').requests).toBe(5);
  });

  it('counts a batch served over a span in the minute of its middle; a period ending on a minute stops there', () => {
    const { t, at } = telemetry();
    at(10 * MINUTE);
    // A tick every 15 s, each recording the 30 requests served since the one before.
    for (let end = 15_000; end <= 3 * MINUTE; end += 15_000) {
      t.recordRequests({
        workloadId: 'w',
        protonId: 'p',
        at: end,
        spanMs: 15_000,
        count: 30,
        serverErrors: 0,
        latencyMs: 5,
      });
    }
    expect(t.total('w', ['p'], 0, MINUTE).requests).toBe(120);
    expect(t.total('w', ['p'], MINUTE, 2 * MINUTE).requests).toBe(120);
    expect(t.total('w', ['p'], 0, 3 * MINUTE).requests).toBe(360);
    expect(t.total('w', ['p'], 2 * MINUTE, 2 * MINUTE).requests).toBe(0);
    expect(t.series('w', ['p'], [0, MINUTE, 2 * MINUTE], 3 * MINUTE).map((s) => s.requests)).toEqual([
      120, 120, 120,
    ]);
    // Up to the present, what was served at this very moment counts too.
    at(4 * MINUTE);
    t.recordRequests({
      workloadId: 'w',
      protonId: 'p',
      at: 4 * MINUTE,
      count: 1,
      serverErrors: 0,
      latencyMs: 5,
    });
    expect(t.total('w', ['p'], 3 * MINUTE, 4 * MINUTE).requests).toBe(1);
  });

  it('keeps in-flight concurrency per proton, simulated and real', () => {
    const { t } = telemetry();
    t.setSimulatedConcurrency('p', 2.5);
    t.beginRequest('p');
    t.beginRequest('p');
    t.endRequest('p');
    expect(t.concurrency('p')).toBe(3.5);
    expect(t.concurrency('q')).toBe(0);
  });

  it("counts answered requests as load over a sliding minute: rate, and concurrency by Little's law", () => {
    const { t, at } = telemetry();
    const changed: string[] = [];
    t.onLoadChange((id) => changed.push(id));
    at(60_000);
    // 30 requests of 200 ms in the minute from 60 s: 0.5 per second, 0.1 in flight on average.
    for (let i = 0; i < 30; i++) t.noteServed('p', 200);
    expect(t.requestRate('p')).toBe(0.5);
    expect(t.concurrency('p')).toBeCloseTo(0.1, 10);
    expect(changed).toHaveLength(30);
    expect(t.loadSettlesAt('p')).toBe(120_000);
    // A quarter into the next minute, three quarters of the previous one still count.
    at(135_000);
    expect(t.requestRate('p')).toBe(0.375);
    expect(t.loadSettlesAt('p')).toBe(180_000);
    at(180_000);
    expect(t.requestRate('p')).toBe(0);
    expect(t.concurrency('p')).toBe(0);
    expect(t.loadSettlesAt('p')).toBeNull();
    // Simulated load adds its own rate and concurrency, and only a change is news.
    t.setSimulatedLoad('p', 4, 20);
    t.setSimulatedLoad('p', 4, 20);
    expect([t.requestRate('p'), t.concurrency('p')]).toEqual([20, 4]);
    expect(changed).toHaveLength(31);
  });

  it('counts no earlier minute as the previous one after an idle gap', () => {
    const { t, at } = telemetry();
    at(30_000);
    for (let i = 0; i < 60; i++) t.noteServed('p', 100);
    expect(t.requestRate('p')).toBe(1);
    // Two minutes later, half-way into a minute: the one before it had no requests.
    at(2 * MINUTE + 30_000);
    expect(t.requestRate('p')).toBe(0);
    expect(t.concurrency('p')).toBe(0);
    expect(t.loadSettlesAt('p')).toBeNull();
  });

  it('carries the load of the previous minute across a state export', () => {
    const { t, at } = telemetry();
    at(30_000);
    for (let i = 0; i < 30; i++) t.noteServed('p', 200);
    at(MINUTE + 30_000);
    // Half of the previous minute still counts; the current one has nothing yet.
    expect(t.requestRate('p')).toBe(0.25);
    const restored = telemetry();
    restored.at(MINUTE + 30_000);
    restored.t.importState(t.exportState());
    expect(restored.t.requestRate('p')).toBe(0.25);
    expect(restored.t.loadSettlesAt('p')).toBe(2 * MINUTE);
  });

  it('draws log-normal latencies that add up and centre on the median', () => {
    const counts = logNormalHistogram(1000, 80);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    const totals = {
      requests: 1000,
      serverErrors: 0,
      userErrors: 0,
      latencySumMs: 0,
      histogram: counts,
      peakConcurrency: 0,
      fastestMs: null,
      slowestMs: null,
    };
    expect(quantileMs(totals, 0.5)).toBeGreaterThan(60);
    expect(quantileMs(totals, 0.5)).toBeLessThan(100);
    expect(logNormalMean(80)).toBeGreaterThan(80);
  });

  it('keeps percentiles and slow counts within the latencies served', () => {
    const { t } = telemetry();
    for (const latencyMs of [65.7, 96, 109, 117.1, 129.4, 131.9]) {
      t.recordRequests({ workloadId: 'w', protonId: 'p', at: 1000, count: 1, serverErrors: 0, latencyMs });
    }
    const totals = t.lifetime('w', 'p');
    expect([totals.fastestMs, totals.slowestMs]).toEqual([65.7, 131.9]);
    expect(quantileMs(totals, 0)).toBe(65.7);
    expect(quantileMs(totals, 1)).toBe(131.9);
    const median = quantileMs(totals, 0.5);
    expect(median).toBeGreaterThanOrEqual(96);
    expect(median).toBeLessThanOrEqual(117.1);
    expect(slowerThan(totals, 131.9)).toBe(0);
    expect(slowerThan(totals, 65)).toBe(6);
    // Requests that all took as long: every percentile is that long.
    t.recordRequests({
      workloadId: 'w',
      protonId: 'q',
      at: 1000,
      count: 61,
      serverErrors: 61,
      latencyMs: 5000,
    });
    for (const q of [0, 0.5, 0.95, 1]) expect(quantileMs(t.lifetime('w', 'q'), q)).toBe(5000);
    // A histogram's bounds are its bins' edges.
    t.recordRequests({
      workloadId: 'w',
      protonId: 'r',
      at: 1000,
      count: 3,
      serverErrors: 0,
      latencyMs: 40,
      latencyHistogram: [0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    expect(t.lifetime('w', 'r')).toMatchObject({ fastestMs: 10, slowestMs: 50 });
  });

  it("reads a file written before a proton's first point was kept as starting at its oldest point", () => {
    const { t } = telemetry();
    t.observeReplicas('w', 'p', { at: 10, desired: 1, live: 1, ready: 0, serving: 0 });
    t.observeReplicas('w', 'p', { at: 20, desired: 1, live: 1, ready: 1, serving: 1 });
    const older = t.exportState();
    delete older.workloads[0]!.replicas[0]!.firstAt;
    const restored = telemetry().t;
    restored.importState(older);
    expect(restored.firstSeen('w', 'p')).toBe(10);
  });

  it('keeps how many ready replicas take requests, and reads a file without them as all of them', () => {
    const { t } = telemetry();
    t.observeReplicas('w', 'p', { at: 10, desired: 3, live: 3, ready: 3, serving: 1 });
    const restored = telemetry().t;
    restored.importState(t.exportState());
    expect(restored.replicasAt('w', 'p', 10)).toMatchObject({ ready: 3, serving: 1 });
    const older = t.exportState();
    const { serving: _serving, ...point } = older.workloads[0]!.replicas[0]!.points[0]!;
    older.workloads[0]!.replicas[0]!.points = [point];
    restored.importState(older);
    expect(restored.replicasAt('w', 'p', 10)).toMatchObject({ ready: 3, serving: 3 });
  });

  it('keeps one replica point per instant: a second change in that instant replaces the first', () => {
    const { t } = telemetry();
    t.observeReplicas('w', 'p', { at: 10, desired: 1, live: 1, ready: 1, serving: 1 });
    t.observeReplicas('w', 'p', { at: 20, desired: 2, live: 1, ready: 1, serving: 1 });
    t.observeReplicas('w', 'p', { at: 20, desired: 2, live: 2, ready: 1, serving: 1 });
    expect(t.exportState().workloads[0]!.replicas[0]!.points).toEqual([
      { at: 10, desired: 1, live: 1, ready: 1, serving: 1 },
      { at: 20, desired: 2, live: 2, ready: 1, serving: 1 },
    ]);
  });

  it("ends a proton's replicas only once none is wanted, live or ready", () => {
    const { t } = telemetry();
    t.observeReplicas('w', 'p', { at: 10, desired: 1, live: 1, ready: 1, serving: 1 });
    t.observeReplicas('w', 'p', { at: 20, desired: 0, live: 1, ready: 0, serving: 0 });
    expect(t.endedAt('w', 'p')).toBeNull();
    // Every pod gone while one is still wanted: not ended, a new pod is on its way.
    t.observeReplicas('w', 'p', { at: 25, desired: 1, live: 0, ready: 0, serving: 0 });
    expect(t.endedAt('w', 'p')).toBeNull();
    t.observeReplicas('w', 'p', { at: 30, desired: 0, live: 0, ready: 0, serving: 0 });
    expect(t.endedAt('w', 'p')).toBe(30);
  });

  it('notes replica counts only when they change and answers them at any time', () => {
    const { t } = telemetry();
    t.observeReplicas('w', 'p', { at: 10, desired: 2, live: 1, ready: 0, serving: 0 });
    t.observeReplicas('w', 'p', { at: 20, desired: 2, live: 1, ready: 0, serving: 0 });
    t.observeReplicas('w', 'p', { at: 30, desired: 2, live: 2, ready: 2, serving: 2 });
    expect(t.replicasAt('w', 'p', 5)).toMatchObject({ ready: 0, desired: 0 });
    expect(t.replicasAt('w', 'p', 25)).toMatchObject({ at: 10, live: 1 });
    expect(t.replicasAt('w', 'p', 35)).toMatchObject({ ready: 2 });
    expect(t.firstSeen('w', 'p')).toBe(10);
    t.forgetWorkload('w');
    expect(t.protonsSeen('w')).toEqual([]);
  });
});
