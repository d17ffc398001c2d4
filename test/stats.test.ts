import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alignDown, finestResolution, nextStep } from '../src/domain/stats.js';
import { parseQueryTime, QueryTime } from '../src/schemas/stats.js';
import {
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  replicas,
  serviceArtifact,
  workloadBody,
} from './fixtures.js';
import { at, type Client, createTestApp, T0, type TestApp } from './helpers.js';
import { injectFault, startReplacement, V2_IMAGE } from './sim-helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

async function runningWorkload(body = {}): Promise<{ id: string; protonId: string; artifactId: string }> {
  const artifactId = await createArtifact(api);
  const id = await createWorkload(api, workloadBody(artifactId, { runtime: replicas(2), ...body }));
  t.advance(POD_COURSE_SECONDS);
  const workload = (await api.get(`workloads/${id}`)).body;
  expect(workload.status).toBe('running');
  return { id, protonId: workload.protonId, artifactId };
}

/** A query value, encoded (timestamps carry a '+'). */
const q = encodeURIComponent;

/** startTime and endTime of a query, seconds after T0. */
const period = (start: number, end: number) => `startTime=${q(at(start))}&endTime=${q(at(end))}`;

/** The metrics of a period with no request in it. */
const NO_REQUESTS = {
  totalRequests: 0,
  requestsPerMinute: 0,
  concurrentRequests: 0,
  responseTime: 0,
  slowRequests: 0,
  serverErrors: 0,
  userErrors: 0,
  serverErrorRate: 0,
  userErrorRate: 0,
  totalErrorRate: 0,
};

async function traffic(workloadId: string, body: Record<string, unknown>) {
  const res = await api.post(`/_mock/workloads/${workloadId}/traffic`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('request statistics from simulated traffic', () => {
  it('a rate is over the whole minutes its count covers, at every resolution', async () => {
    const { id, protonId } = await runningWorkload();
    await traffic(id, { rps: 1, seconds: 900 });
    t.advance(600);
    // Steady traffic of 60 a minute; a period from a second before a minute to a minute later
    // counts two whole minutes.
    const period = `protonId=${protonId}&startTime=${q(at(179))}&endTime=${q(at(240))}`;
    const rates = async (resolution: string) =>
      (
        await api.get(`workloads/${id}/stats/requestsPerMinute?resolution=${resolution}&${period}`)
      ).body.buckets.map((b: any) => b.value);
    expect(await rates('PT1M')).toEqual([60, 60]);
    for (const resolution of ['PT5M', 'PT1H', 'P1D']) expect(await rates(resolution)).toEqual([60]);
    expect((await api.get(`workloads/${id}/stats?${period}`)).body.metrics.requestsPerMinute).toBe(60);
    // An empty period in the past counts nothing, even inside a minute.
    const empty = `protonId=${protonId}&startTime=${q(at(210))}&endTime=${q(at(210))}`;
    expect((await api.get(`workloads/${id}/stats?${empty}`)).body.metrics.totalRequests).toBe(0);
  });

  it("a series' rate per minute is over its whole step, to two decimals", async () => {
    const { id, protonId } = await runningWorkload();
    t.advance(3_600 - POD_COURSE_SECONDS);
    await traffic(id, { rps: 1, seconds: 7 });
    t.advance(3_600);
    const rates = async (resolution: string, end: number) =>
      (
        await api.get(
          `workloads/${id}/stats/requestsPerMinute?resolution=${resolution}&protonId=${protonId}&${period(3_600, end)}`,
        )
      ).body.buckets.map((b: any) => b.value);
    // 7 requests: 1.4 a minute over five minutes, 0.12 (7/60 rounded) over an hour.
    expect(await rates('PT5M', 3_900)).toEqual([1.4]);
    expect(await rates('PT1H', 7_200)).toEqual([0.12]);
  });

  it('keeps per-minute counts for MOCK_TELEMETRY_RETENTION only', async () => {
    await t.close();
    t = await createTestApp({ telemetryRetentionSeconds: 600 });
    api = t.client();
    const { id } = await runningWorkload();
    await traffic(id, { rps: 1, seconds: 60 });
    t.advance(900);
    await traffic(id, { rps: 1, seconds: 60 });
    t.advance(120);
    // The first minute's 60 requests are past the 10 minutes kept; the last minute's are counted.
    const now = POD_COURSE_SECONDS + 1_020;
    expect((await api.get(`workloads/${id}/stats?${period(0, now)}`)).body.metrics.totalRequests).toBe(60);
  });

  it('are zero until traffic is simulated', async () => {
    const { id, protonId } = await runningWorkload();
    const workload = (await api.get(`workloads/${id}`)).body;
    expect(workload.requestStats).toEqual({
      totalRequests: 0,
      concurrentRequests: 0,
      errorRate: 0,
      responseTime: 0,
      lastRequestAt: null,
      requestRates: [0, 0, 0, 0, 0, 0, 0],
      errorRates: [0, 0, 0, 0, 0, 0, 0],
    });
    expect(workload.lastResponse).toBeNull();
    const stats = await api.get(`workloads/${id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      metrics: NO_REQUESTS,
      period: { start: at(0), end: at(POD_COURSE_SECONDS) },
    });
    const series = await api.get(`workloads/${id}/stats/totalRequests`);
    expect(series.body).toMatchObject({
      metric: 'totalRequests',
      summary: { protonId, period: { start: at(0) } },
      buckets: [{ start: at(0), end: at(86400), value: 0 }],
    });
    const errorRate = await api.get(`workloads/${id}/stats/totalErrorRate?resolution=PT1M`);
    expect(errorRate.body.buckets).toEqual([{ start: at(0), end: at(60), value: null }]);
  });

  it("answers a workload's lifetime error rate as a percent with its fraction, as the reference's number", async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 3, seconds: 2, errorRate: 1 / 3 });
    t.advance(60);
    const { requestStats } = (await api.get(`workloads/${id}`)).body;
    expect(requestStats.totalRequests).toBe(6);
    expect(requestStats.errorRate).toBe(33.33);
    // The hourly rates are whole percents.
    expect(requestStats.errorRates.at(-1)).toBe(33);
    // User errors (4xx) count as errors too.
    await traffic(id, { rps: 3, seconds: 2, userErrorRate: 1 });
    t.advance(60);
    const withUserErrors = (await api.get(`workloads/${id}`)).body.requestStats;
    expect(withUserErrors).toMatchObject({ totalRequests: 12, errorRate: 66.67 });
    expect(withUserErrors.errorRates.at(-1)).toBe(67);
  });

  it('counts what the traffic sends, with errors, latency and concurrency', async () => {
    const { id, protonId } = await runningWorkload();
    const run = await traffic(id, { rps: 10, seconds: 120, errorRate: 0.1 });
    expect(run).toMatchObject({ rps: 10, requests: 0, startedAt: at(17), endsAt: at(137) });
    t.advance(60);
    const during = (await api.get(`workloads/${id}`)).body.requestStats;
    expect(during.totalRequests).toBe(600);
    expect(during.concurrentRequests).toBeGreaterThanOrEqual(1);
    const going = (await api.get(`/_mock/workloads/${id}/traffic`)).body;
    expect(going).toMatchObject({ count: 1, data: [{ id: run.id, requests: 600 }] });
    t.advance(60);
    const workload = (await api.get(`workloads/${id}`)).body;
    expect(workload.requestStats.totalRequests).toBe(1200);
    expect(workload.requestStats.concurrentRequests).toBe(0);
    expect(workload.requestStats.errorRate).toBeGreaterThan(5);
    expect(workload.requestStats.errorRate).toBeLessThan(15);
    expect(workload.requestStats.responseTime).toBeGreaterThan(60);
    expect(workload.requestStats.responseTime).toBeLessThan(120);
    expect(workload.requestStats.requestRates).toEqual([0, 0, 0, 0, 0, 0, 1200]);
    // The hourly error rates are percents, whole: the last hour's is the lifetime's, rounded.
    expect(workload.requestStats.errorRates).toEqual([
      0,
      0,
      0,
      0,
      0,
      0,
      Math.round(workload.requestStats.errorRate),
    ]);
    expect(workload.lastResponse).toBe(at(137));
    // requestsOverN over time counts what slowRequests counts.
    const slow = async (path: string) =>
      (await api.get(`workloads/${id}/${path}?${period(0, 180)}&resolution=PT1H&slowRequestsThreshold=90`))
        .body;
    const slowRequests = (await slow('stats')).metrics.slowRequests;
    expect(slowRequests).toBeGreaterThan(0);
    expect((await slow('stats/requestsOverN')).buckets.map((b: any) => b.value)).toEqual([slowRequests]);
    // A list carries them only when asked, as the reference's serviceStats says.
    const listed = async (query: string) => (await api.get(`workloads${query}`)).body.data[0];
    expect((await listed('?serviceStats=true')).requestStats).toEqual(workload.requestStats);
    // As pydantic reads a boolean: Python's requests sends True.
    expect((await listed('?serviceStats=True')).requestStats).toEqual(workload.requestStats);
    for (const query of ['', '?serviceStats=false']) {
      expect(await listed(query)).toMatchObject({ requestStats: null, lastResponse: at(137) });
    }
    expect((await api.get(`/_mock/workloads/${id}/traffic`)).body).toEqual({ count: 0, data: [] });

    const stats = (await api.get(`workloads/${id}/stats?responseTimeQuantile=0.95&slowRequestsThreshold=100`))
      .body.metrics;
    expect(stats.totalRequests).toBe(1200);
    expect(stats.serverErrors).toBe(Math.round((stats.serverErrorRate * 1200) / 100));
    expect(stats.userErrors).toBe(0);
    expect(stats.requestsPerMinute).toBe(Math.round(1200 / (137 / 60)));
    expect(stats.responseTime).toBeGreaterThan(workload.requestStats.responseTime);
    expect(stats.slowRequests).toBeGreaterThan(0);
    expect(stats.slowRequests).toBeLessThan(1200);

    const perMinute = (
      await api.get(`workloads/${id}/stats/totalRequests?resolution=PT1M&protonId=${protonId}`)
    ).body;
    // Ticks every 15 s from 17 s, each counted at the middle of its 15 s: three in the first minute
    // (ending at 32, 47 and 62), four in the next, one (ending at 137) in the third.
    expect(perMinute.buckets.map((b: any) => b.value)).toEqual([450, 600, 150]);
    // A period ending on a minute stops there: the second minute alone, not the third as well.
    const second = await api.get(
      `workloads/${id}/stats?protonId=${protonId}&startTime=${q(at(60))}&endTime=${q(at(120))}`,
    );
    expect(second.body.metrics).toMatchObject({ totalRequests: 600, requestsPerMinute: 600 });
    // The same period in Unix seconds, as pydantic takes a number for a datetime.
    const unix = (seconds: number) => String(Date.parse(at(seconds)) / 1000);
    const inSeconds = await api.get(
      `workloads/${id}/stats?protonId=${protonId}&startTime=${unix(60)}&endTime=${unix(120)}`,
    );
    expect(inSeconds.body.metrics).toEqual(second.body.metrics);
    // Text that is no datetime gets pydantic's answer: its date parser's complaint.
    for (const [startTime, error] of [
      ['yesterday', 'input is too short'],
      ['2024-13-01', 'month value is outside expected range of 1-12'],
      ['2023-02-29T00:00:00Z', 'day value is outside expected range'],
      ['2024-01-01T25:00:00Z', 'unexpected extra characters at the end of the input'],
      ['20240101T000000Z', 'invalid date separator, expected `-`'],
      ['abcd-01-01', 'invalid character in year'],
    ]) {
      const refused = await api.get(`workloads/${id}/stats?startTime=${q(startTime!)}`);
      expect(refused.body.detail, startTime).toEqual([
        {
          loc: ['query', 'startTime'],
          msg: `Input should be a valid datetime or date, ${error}`,
          type: 'datetime_from_date_parsing',
          ctx: { error },
        },
      ]);
    }
    // A negative Unix time is before 1970, as pydantic reads it.
    expect((await api.get(`workloads/${id}/stats?startTime=-1&endTime=${unix(120)}`)).status).toBe(200);
    expect(perMinute.buckets[1]).toEqual({ start: at(60), end: at(120), value: 600 });
    // A coarser step than the period still counts the period alone, and a rate is over its minutes.
    const window = `protonId=${protonId}&startTime=${q(at(60))}&endTime=${q(at(120))}`;
    const coarse = (await api.get(`workloads/${id}/stats/totalRequests?resolution=PT5M&${window}`)).body;
    expect(coarse.buckets).toEqual([{ start: at(0), end: at(300), value: 600 }]);
    const hourly = await api.get(`workloads/${id}/stats/requestsPerMinute?resolution=PT1H&${window}`);
    expect(hourly.body.buckets.map((b: any) => b.value)).toEqual([600]);
    const empty = `protonId=${protonId}&startTime=${q(at(120))}&endTime=${q(at(120))}`;
    const none = (await api.get(`workloads/${id}/stats/totalRequests?${empty}`)).body;
    expect(none.buckets.map((b: any) => b.value)).toEqual([0]);
    const errorRate = (await api.get(`workloads/${id}/stats/totalErrorRate?resolution=PT1M`)).body;
    expect(errorRate.buckets.every((b: any) => b.value > 0 && b.value < 30)).toBe(true);
    const latency = (await api.get(`workloads/${id}/stats/responseTime?resolution=PT5M`)).body;
    expect(latency.buckets).toHaveLength(1);
    expect(latency.buckets[0].value).toBeGreaterThan(50);
    // The series takes the quantile asked for, as /stats does.
    const p95 = (
      await api.get(`workloads/${id}/stats/responseTime?resolution=PT5M&responseTimeQuantile=0.95`)
    ).body;
    expect(p95.buckets[0].value).toBeGreaterThan(latency.buckets[0].value);
  });

  it('fails requests with 503 while the active proton has no ready replica', async () => {
    const artifactId = await createArtifact(api);
    const id = await createWorkload(api, workloadBody(artifactId));
    const protonId = (await api.get(`workloads/${id}`)).body.protonId;
    await traffic(id, { rps: 2, seconds: 30 });
    t.advance(15);
    const early = (await api.get(`workloads/${id}/stats`)).body.metrics;
    expect(early).toMatchObject({ totalRequests: 30, serverErrors: 30, totalErrorRate: 100 });
    t.advance(15);
    const later = (await api.get(`workloads/${id}/stats?protonId=${protonId}`)).body.metrics;
    expect(later).toMatchObject({ totalRequests: 60, serverErrors: 30, serverErrorRate: 50 });
  });

  it('resets: DELETE /stats (whole or a period), and promote', async () => {
    const artifactId = await createArtifact(api, serviceArtifact(), false);
    const id = await createWorkload(api, workloadBody(artifactId));
    t.advance(POD_COURSE_SECONDS);
    await traffic(id, { rps: 1, seconds: 180 });
    t.advance(180);
    expect((await api.get(`workloads/${id}/stats`)).body.metrics.totalRequests).toBe(180);
    expect(
      (await api.delete(`workloads/${id}/stats?startTime=${q(at(120))}&endTime=${q(at(180))}`)).status,
    ).toBe(204);
    expect((await api.get(`workloads/${id}/stats`)).body.metrics.totalRequests).toBe(120);
    expect((await api.get(`workloads/${id}`)).body.requestStats.totalRequests).toBe(120);
    // Counts are kept per minute: a period cutting through a minute clears the whole minute, as a read
    // of that period counts it.
    const part = `startTime=${q(at(30))}&endTime=${q(at(40))}`;
    const inPart = (await api.get(`workloads/${id}/stats?${part}`)).body.metrics.totalRequests;
    expect(inPart).toBeGreaterThan(0);
    expect((await api.delete(`workloads/${id}/stats?${part}`)).status).toBe(204);
    expect((await api.get(`workloads/${id}/stats?${part}`)).body.metrics.totalRequests).toBe(0);
    expect((await api.get(`workloads/${id}/stats`)).body.metrics.totalRequests).toBe(120 - inPart);
    const badRange = await api.delete(`workloads/${id}/stats?startTime=${q(at(100))}&endTime=${q(at(50))}`);
    expect(badRange.status).toBe(400);
    expect(badRange.body.detail).toMatch(/Invalid time range/);
    expect((await api.get(`workloads/${id}/stats?startTime=${q(at(100))}&endTime=${q(at(50))}`)).status).toBe(
      400,
    );
    expect((await api.get(`workloads/${id}/stats?protonId=${'0'.repeat(24)}`)).status).toBe(404);
    expect((await api.get(`workloads/${id}/stats?startTime=yesterday`)).status).toBe(422);
    // No such day, no such hour: refused, not rolled over into the next.
    for (const time of ['2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z']) {
      expect((await api.get(`workloads/${id}/stats?startTime=${q(time)}`)).status, time).toBe(422);
    }
    expect((await api.get(`workloads/${id}/stats?responseTimeQuantile=abc`)).body.detail).toEqual([
      {
        loc: ['query', 'responseTimeQuantile'],
        msg: 'Input should be a valid number, unable to parse string as a number',
        type: 'float_parsing',
      },
    ]);

    expect((await api.post(`workloads/${id}/promote`)).status).toBe(202);
    expect((await api.get(`workloads/${id}/stats`)).body.metrics.totalRequests).toBe(0);
    await traffic(id, { rps: 1, seconds: 60 });
    t.advance(60);
    expect((await api.get(`workloads/${id}`)).body.requestStats.totalRequests).toBe(60);
    expect((await api.delete(`workloads/${id}/stats`)).status).toBe(204);
    // Afresh: no request is left to have been the last.
    expect((await api.get(`workloads/${id}`)).body.requestStats).toMatchObject({
      totalRequests: 0,
      lastRequestAt: null,
    });
  });

  it('a series with too many steps is a 400; naive timestamps are UTC', async () => {
    const { id } = await runningWorkload();
    const res = await api.get(
      `workloads/${id}/stats/totalRequests?resolution=PT1M&startTime=2025-01-01T00:00:00`,
    );
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/more than 1000 steps/);
    const monthly = await api.get(
      `workloads/${id}/stats/totalRequests?resolution=P1M&startTime=2025-11-15T00:00:00`,
    );
    expect(monthly.body.buckets.map((b: any) => b.start)).toEqual([
      '2025-11-01T00:00:00.000+00:00',
      '2025-12-01T00:00:00.000+00:00',
      '2026-01-01T00:00:00.000+00:00',
    ]);
    const weekly = await api.get(`workloads/${id}/stats/totalRequests?resolution=P7D`);
    expect(weekly.body.buckets[0].start).toBe('2025-12-29T00:00:00.000+00:00'); // a Monday
    // A week starts at midnight of its Monday, whatever the time of day the period starts at.
    const fromAfternoon = await api.get(
      `workloads/${id}/stats/totalRequests?resolution=P7D&startTime=${q('2025-12-31T13:00:00Z')}`,
    );
    expect(fromAfternoon.body.buckets[0].start).toBe('2025-12-29T00:00:00.000+00:00');
  });

  it('without a startTime, a series reaches back at most 1000 steps: defaults alone keep working with uptime', async () => {
    const { id } = await runningWorkload();
    t.advance(1_100 * 86_400);
    await traffic(id, { rps: 1, seconds: 120 });
    t.advance(120);
    const daily = await api.get(`workloads/${id}/stats/totalRequests`);
    expect(daily.status, JSON.stringify(daily.body)).toBe(200);
    const days = daily.body.buckets;
    expect(days).toHaveLength(1000);
    const today = Math.floor(t.clock.now() / 86_400_000) * 86_400_000;
    expect(Date.parse(days[999].start)).toBe(today);
    expect(Date.parse(days[0].start)).toBe(today - 999 * 86_400_000);
    expect(daily.body.summary.period.start).toBe(days[0].start);
    expect(days[999].value).toBe(120);
    const minutes = await api.get(`workloads/${id}/stats/totalRequests?resolution=PT1M`);
    expect(minutes.status).toBe(200);
    expect(minutes.body.buckets).toHaveLength(1000);
    expect(minutes.body.buckets.reduce((sum: number, b: any) => sum + b.value, 0)).toBe(120);
    // A period the client names is still its own: too many steps remain a 400.
    const named = await api.get(
      `workloads/${id}/stats/totalRequests?startTime=${q(daily.body.summary.period.start)}&resolution=PT1H`,
    );
    expect(named.status).toBe(400);
  });

  it('the default window holds 1,000 steps of every resolution, ending at the step the end falls in', async () => {
    const { id } = await runningWorkload();
    // Some 90 years of uptime: more than 1,000 steps even of a month.
    for (let decade = 0; decade < 9; decade++) t.advance(3_650 * 86_400);
    const now = t.clock.now();
    const series = async (query: string) => {
      const res = await api.get(`workloads/${id}/stats/totalRequests?${query}`);
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.buckets.map((b: any) => [Date.parse(b.start), Date.parse(b.end)]) as [number, number][];
    };
    for (const resolution of ['PT1M', 'PT5M', 'PT1H', 'P1D', 'P7D', 'P1M']) {
      const steps = await series(`resolution=${resolution}`);
      expect(steps, resolution).toHaveLength(1000);
      for (let i = 1; i < steps.length; i++) expect(steps[i]![0], resolution).toBe(steps[i - 1]![1]);
      const [start, end] = steps.at(-1)!;
      expect(start <= now && now < end, resolution).toBe(true);
    }
    // An end on a step's boundary: the last step is the one before it.
    const midnight = Math.floor(now / 86_400_000) * 86_400_000;
    const days = await series(`endTime=${q(new Date(midnight).toISOString())}`);
    expect(days).toHaveLength(1000);
    expect(days.at(-1)).toEqual([midnight - 86_400_000, midnight]);
  });

  it('steps by the calendar in any year, the first hundred included', () => {
    const month = alignDown(Date.parse('0049-12-15T10:00:00Z'), 'P1M');
    expect(new Date(month).toISOString()).toBe('0049-12-01T00:00:00.000Z');
    expect(new Date(nextStep(month, 'P1M')).toISOString()).toBe('0050-01-01T00:00:00.000Z');
  });

  it("refuses a query time no timestamp can show (past year 9999), as Python's datetime does", async () => {
    const { id } = await runningWorkload();
    for (const time of ['999999999999999', '9000000000000000', '9999-12-31T23:00:00-05:00']) {
      for (const path of [`workloads/${id}/stats`, `workloads/${id}/stats/totalRequests`]) {
        const res = await api.get(`${path}?endTime=${q(time)}`);
        expect(res.status, `${path} ${time}`).toBe(422);
        expect(res.body.detail[0].loc).toEqual(['query', 'endTime']);
      }
    }
  });

  it("reads a query time as pydantic's datetime does, and refuses what it refuses", async () => {
    const read = (text: string) => (QueryTime.safeParse(text).success ? parseQueryTime(text) : null);
    for (const [text, time] of [
      ['2026-01-05T10:20:30Z', '2026-01-05T10:20:30.000Z'],
      ['2026-01-05t10:20:30z', '2026-01-05T10:20:30.000Z'],
      ['2026-01-05_10:20', '2026-01-05T10:20:00.000Z'],
      ['2026-01-05 10:20:30,5', '2026-01-05T10:20:30.500Z'],
      ['2026-01-05T10:20:30.1239+0530', '2026-01-05T04:50:30.123Z'],
      ['2026-01-05', '2026-01-05T00:00:00.000Z'],
      ['+1767608430', '2026-01-05T10:20:30.000Z'],
      ['1767608430.', '2026-01-05T10:20:30.000Z'],
      ['1.76760843e9', '2026-01-05T10:20:30.000Z'],
      ['-.5', '1969-12-31T23:59:59.500Z'],
      ['1767608430250', '2026-01-05T10:20:30.250Z'],
      // With a point, past 2e10 milliseconds, and past 2e13 microseconds; a whole number is never.
      ['20000000000.5', '1970-08-20T11:33:20.000Z'],
      ['20000000000000.5', '2603-10-11T11:33:20.000Z'],
      ['1767608430000000.5', '2026-01-05T10:20:30.000Z'],
      ['2.1e13', '1970-09-01T01:20:00.000Z'],
      // The first step's fraction is added as microseconds: 0.54 ms counts as 540 ms.
      ['6257203041080540.0', '2168-04-13T07:57:21.620Z'],
    ] as const) {
      expect(read(text), text).toBe(Date.parse(time));
    }
    for (const text of [
      '2026-01-05 10:2:30',
      '2026-01-05 10:20:30 ',
      '2024-02-29,00:00:00',
      '2026-01-05.10:20:30Z',
      '2026-01-05T10:20:30+05',
      '2026-01-05T10:20:60Z',
      '2026-01-05T10:20:30.',
      '1e9',
      '1_767_608_430',
    ]) {
      expect(read(text), text).toBeNull();
    }
    // Unix times beyond 64 bits are read as dates, as the least 64-bit value is.
    for (const text of ['9223372036854775808', '-9223372036854775808']) {
      expect(QueryTime.safeParse(text).error?.issues[0]?.message, text).toMatch(
        /^Input should be a valid datetime or date, invalid (date separator|character in year)/,
      );
    }
    expect(QueryTime.safeParse('9223372036854775807').error?.issues[0]?.message).toBe(
      'Input should be a valid datetime or date, dates after 9999 are not supported as unix timestamps',
    );
    // In year 0 any Unix time is out of Python's range; past 9999 one with a point is no date text.
    for (const [text, message] of [
      ['-62135596801000', 'Input should be a valid datetime, year 0 is out of range'],
      ['-62167219200000000.0', 'Input should be a valid datetime, year 0 is out of range'],
      [
        '1767608430000000',
        'Input should be a valid datetime or date, dates after 9999 are not supported as unix timestamps',
      ],
      [
        '253402300800000000.0',
        'Input should be a valid datetime or date, invalid date separator, expected `-`',
      ],
    ]) {
      expect(QueryTime.safeParse(text).error?.issues[0]?.message, text).toBe(message);
    }
    const { id } = await runningWorkload();
    const detail = async (text: string) =>
      (await api.get(`workloads/${id}/stats?startTime=${q(text)}`)).body.detail;
    expect(await detail('2026-01-05 10:2:30')).toEqual([
      {
        loc: ['query', 'startTime'],
        msg: 'Input should be a valid datetime or date, unexpected extra characters at the end of the input',
        type: 'datetime_from_date_parsing',
        ctx: { error: 'unexpected extra characters at the end of the input' },
      },
    ]);
    expect(await detail('-99999999999999')).toEqual([
      {
        loc: ['query', 'startTime'],
        msg: 'Input should be a valid datetime or date, dates before 0000 are not supported as unix timestamps',
        type: 'datetime_from_date_parsing',
        ctx: { error: 'dates before 0000 are not supported as unix timestamps' },
      },
    ]);
    expect(await detail('0000-12-31T23:59:59Z')).toEqual([
      {
        loc: ['query', 'startTime'],
        msg: 'Input should be a valid datetime, year 0 is out of range',
        type: 'datetime_parsing',
        ctx: { error: 'year 0 is out of range' },
      },
    ]);
  });

  it('GET /workloads/stats sums the matching workloads over the last day', async () => {
    const a = await runningWorkload({ name: 'alpha', importance: 'critical' });
    const b = await runningWorkload({ name: 'beta', importance: 'low' });
    await traffic(a.id, { rps: 2, seconds: 60, userErrorRate: 0.5 });
    await traffic(b.id, { rps: 1, seconds: 60 });
    t.advance(30);
    const live = (await api.get('workloads/stats')).body;
    expect(live.concurrentRequests.count).toBeGreaterThanOrEqual(0);
    t.advance(30);
    const all = (await api.get('workloads/stats')).body;
    expect(all.workloads).toEqual({ total: 2, active: 2 });
    expect(all.requests.total).toBe(180);
    expect(all.requests.failed + all.requests.succeeded).toBe(180);
    expect(all.requests.failed).toBeGreaterThan(30);
    expect(all.requests.trend).toBe(1);
    expect(all.errorRate.rate).toBeCloseTo((all.requests.failed / 180) * 100, 1);
    expect(all.responseTime.millis).toBeGreaterThan(0);
    const critical = (await api.get('workloads/stats?importance=critical')).body;
    expect(critical.workloads).toEqual({ total: 1, active: 1 });
    expect(critical.requests.total).toBe(120);
    expect((await t.client('other').get('workloads/stats')).body.workloads).toEqual({ total: 0, active: 0 });
  });

  it('keeps memory bounded: an hour at 1000 rps is aggregated, not stored per request', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 1000, seconds: 3600 });
    t.advance(3600);
    const stats = (await api.get(`workloads/${id}/stats`)).body.metrics;
    expect(stats.totalRequests).toBe(3_600_000);
    const telemetry = t.app.emulator.telemetry;
    expect(telemetry.traces(id)!.length).toBeLessThanOrEqual(500);
    expect(telemetry.requestLogs(id)!.length).toBeLessThanOrEqual(1000);
    const minutes = telemetry.series(id, null, [t.clock.now() - 7200_000], t.clock.now())[0]!;
    expect(minutes.requests).toBe(3_600_000);
  });

  it('follows the traffic onto the new proton after a replacement', async () => {
    const { id, protonId } = await runningWorkload();
    const next = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    await traffic(id, { rps: 1, seconds: 600 });
    const replacement = await startReplacement(api, id, next, {
      warmupDurationMinutes: 1,
      keepOldVersionMinutes: 1,
    });
    expect(replacement.status).toBe(202);
    t.advance(600);
    const workload = (await api.get(`workloads/${id}`)).body;
    expect(workload.protonId).not.toBe(protonId);
    const before = (await api.get(`workloads/${id}/stats?protonId=${protonId}`)).body.metrics.totalRequests;
    const after = (await api.get(`workloads/${id}/stats`)).body.metrics.totalRequests;
    expect(before + after).toBe(600);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(0);
    expect(workload.requestStats.totalRequests).toBe(after);
    // GET /workloads/stats counts the requests of every proton, the old one's included.
    expect((await api.get('workloads/stats')).body.requests.total).toBe(600);
    // Without a startTime, a proton's period begins when it was created, not the workload.
    const [active] = (await api.get(`workloads/${id}/protons`)).body.data;
    expect(active.id).toBe(workload.protonId);
    expect((await api.get(`workloads/${id}/stats`)).body.period.start).toBe(active.createdAt);

    const related = (await api.get(`workloads/${id}/related`)).body;
    const kinds = related.data.map((item: any) => `${item.type}:${item.id}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        `artifact:${next}`,
        `proton:${workload.protonId}`,
        `artifact:${workload.artifactId}`,
      ]),
    );
    expect(related.count).toBe(related.data.length);
    expect(related.data.filter((item: any) => item.type === 'artifact')).toHaveLength(2);
    expect(related.data.filter((item: any) => item.type === 'artifact_repository')).toHaveLength(2);
    // Each related artifact and repository with the permissions its own GET gives.
    const artifact = related.data.find((item: any) => item.id === next);
    expect(artifact.permissions).toEqual((await api.get(`artifacts/${next}`)).body.permissions);
    // A proton can only be viewed.
    expect(related.data.find((item: any) => item.type === 'proton').permissions).toEqual(['CAN_VIEW']);
    const repository = related.data.find((item: any) => item.type === 'artifact_repository');
    expect(repository.permissions).toEqual(
      (await api.get(`artifactRepositories/${repository.id}`)).body.permissions,
    );
    // DELETE /stats?protonId= resets the proton named, not the active one.
    expect((await api.delete(`workloads/${id}/stats?protonId=${protonId}`)).status).toBe(204);
    expect((await api.get(`workloads/${id}/stats?protonId=${protonId}`)).body.metrics.totalRequests).toBe(0);
    expect((await api.get(`workloads/${id}/stats`)).body.metrics.totalRequests).toBe(after);
  });

  it("counts a real client's request at the instant it was answered, in the same windows everywhere", async () => {
    const { id } = await runningWorkload();
    const call = () => api.post(`/api/v2/endpoints/workloads/${id}/predict`, {});
    const served: string[] = [];
    for (const second of [70, 90, 119.999, 120, 130, 140]) {
      t.advance(second - (t.clock.now() - T0) / 1000);
      const answer = await call();
      expect(answer.status).toBe(200);
      served.push(answer.body.servedAt);
    }
    expect(served[3]).toBe(at(120));
    const counts = async (from: number, to: number) => {
      const window = `startTime=${q(at(from))}&endTime=${q(at(to))}`;
      return [
        (await api.get(`workloads/${id}/stats?${window}`)).body.metrics.totalRequests,
        (await api.get(`otel/workload/${id}/traces?${window}`)).body.totalCount,
        (await api.get(`otel/workload/${id}/logs?includes=HTTP/1.1&${window}`)).body.totalCount,
      ];
    };
    expect(await counts(60, 120)).toEqual([3, 3, 3]);
    expect(await counts(120, 180)).toEqual([3, 3, 3]);
    // A trace is found from the instant its request was answered, though it began before.
    const [trace] = (await api.get(`otel/workload/${id}/traces?startTime=${q(at(140))}`)).body.data;
    expect(trace.endTime).toBe(at(140));
    expect(Date.parse(trace.startTime)).toBeLessThan(Date.parse(at(140)));
    // A window the wrong way round is refused as the statistics refuse it.
    for (const path of ['stats', 'otel/traces', 'otel/logs']) {
      const url = path === 'stats' ? `workloads/${id}/stats` : `otel/workload/${id}/${path.slice(5)}`;
      const answer = await api.get(`${url}?startTime=${q(at(120))}&endTime=${q(at(60))}`);
      expect([answer.status, answer.body.detail]).toEqual([
        400,
        'Invalid time range: startTime is after endTime.',
      ]);
    }
    // Where a window without endTime ends now, the refusal says so rather than name a field not sent.
    const future = `startTime=${q(new Date(t.clock.now() + 60_000).toISOString())}`;
    for (const url of [`workloads/${id}/stats`, `otel/workload/${id}/metrics`]) {
      const answer = await api.get(`${url}?${future}`);
      expect([answer.status, answer.body.detail], url).toEqual([
        400,
        'Invalid time range: startTime is after the present, where endTime defaults to.',
      ]);
    }
  });

  it("requestStats are the active proton's, its last request included; lastResponse is the workload's", async () => {
    const { id } = await runningWorkload();
    const next = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    t.advance(30);
    expect((await api.post(`/api/v2/endpoints/workloads/${id}/predict`, {})).status).toBe(200);
    const calledAt = t.clock.now();
    const before = (await api.get(`workloads/${id}`)).body;
    expect(before.requestStats).toMatchObject({ totalRequests: 1, lastRequestAt: before.lastResponse });
    expect(Date.parse(before.lastResponse)).toBe(calledAt);
    const replacement = await startReplacement(api, id, next, {
      warmupDurationMinutes: 0,
      keepOldVersionMinutes: 0,
    });
    expect(replacement.status).toBe(202);
    t.advance(120);
    const after = (await api.get(`workloads/${id}`)).body;
    expect(after.protonId).not.toBe(before.protonId);
    expect(after.requestStats).toMatchObject({ totalRequests: 0, lastRequestAt: null });
    expect(after.lastResponse).toBe(before.lastResponse);
  });

  it('a proton the workload no longer has, that never served, is known by its replicas: empty stats, no 404', async () => {
    const { id, protonId } = await runningWorkload();
    const next = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    const replacement = await startReplacement(api, id, next, {
      warmupDurationMinutes: 0,
      keepOldVersionMinutes: 0,
    });
    expect(replacement.status).toBe(202);
    t.advance(120);
    expect((await api.get(`workloads/${id}/protons`)).body.data.map((p: any) => p.id)).not.toContain(
      protonId,
    );
    const gone = await api.get(`workloads/${id}/stats?protonId=${protonId}`);
    expect([gone.status, gone.body.metrics]).toEqual([200, NO_REQUESTS]);
    expect((await api.get(`workloads/${id}/stats?protonId=${'0'.repeat(24)}`)).status).toBe(404);
  });

  it('the traffic surface answers a run as it was asked, and lists it with what it has sent and failed', async () => {
    const { id } = await runningWorkload();
    const shape = { rps: 5, errorRate: 0.5, userErrorRate: 0.25, concurrency: 3, latencyMs: 40 };
    const run = await traffic(id, { ...shape, seconds: 60 });
    expect(run).toEqual({
      id: expect.any(String),
      workloadId: id,
      ...shape,
      startedAt: at(17),
      endsAt: at(77),
      requests: 0,
      failed: 0,
    });
    t.advance(30);
    const [listed] = await runs(id);
    expect(listed).toMatchObject({ id: run.id, workloadId: id, requests: 150 });
    expect(listed.failed).toBeGreaterThan(0);
    expect(listed.failed).toBeLessThan(150);
  });

  it('the traffic surface validates and finds its workloads', async () => {
    const { id } = await runningWorkload();
    const missing = `/_mock/workloads/${'0'.repeat(24)}/traffic`;
    expect((await api.post(missing, { rps: 1, seconds: 1 })).status).toBe(404);
    expect((await api.get(missing)).status).toBe(404);
    expect((await api.delete(missing)).status).toBe(404);
    expect((await api.post(`/_mock/workloads/${id}/traffic`, { rps: -1, seconds: 1 })).status).toBe(422);
    expect((await api.post(`/_mock/workloads/${id}/traffic`, { rps: 1 })).status).toBe(422);
    // A load lasting no time at all, or above 100,000 requests a second, is refused.
    expect((await api.post(`/_mock/workloads/${id}/traffic`, { rps: 1, seconds: 0 })).status).toBe(422);
    expect((await api.post(`/_mock/workloads/${id}/traffic`, { rps: 100_001, seconds: 1 })).status).toBe(422);
    // What is left out takes the documented defaults.
    expect(await traffic(id, { rps: 1, seconds: 600 })).toMatchObject({
      errorRate: 0,
      userErrorRate: 0,
      concurrency: null,
      latencyMs: 80,
    });
    expect((await api.delete(`/_mock/workloads/${id}/traffic`)).status).toBe(204);
    t.advance(600);
    expect((await api.get(`workloads/${id}/stats`)).body.metrics.totalRequests).toBe(0);
  });
});

/** The values of one OTel metric's points. */
function pointsOf(metrics: any[], name: string): number[] {
  return metrics.find((m) => m.name === name).dataPoints.map((p: any) => p.value);
}

describe('the periods a stats query takes', () => {
  it('takes the finest resolution with at most 1000 steps: a minute each up to 1000 minutes, aligned', () => {
    const minute = 60_000;
    expect(finestResolution(T0, T0 + 1000 * minute)).toBe('PT1M');
    expect(finestResolution(T0, T0 + 1000 * minute + 1)).toBe('PT5M');
    // A start within a minute counts that minute as a step.
    expect(finestResolution(T0 + 30_000, T0 + 1000 * minute)).toBe('PT1M');
    expect(finestResolution(T0 + 30_000, T0 + 1000 * minute + 30_001)).toBe('PT5M');
  });

  it('a series of exactly 1000 steps is answered; one step more is a 400', async () => {
    const { id } = await runningWorkload();
    const full = await api.get(`workloads/${id}/stats/totalRequests?resolution=PT1M&${period(0, 60_000)}`);
    expect(full.status).toBe(200);
    expect(full.body.buckets).toHaveLength(1000);
    expect(full.body.buckets.at(-1)).toMatchObject({ start: at(59_940), end: at(60_000) });
    const over = await api.get(`workloads/${id}/stats/totalRequests?resolution=PT1M&${period(0, 60_060)}`);
    expect(over.status).toBe(400);
    expect(over.body.detail).toBe(
      'The period holds more than 1000 steps of PT1M: choose a coarser resolution or a shorter period.',
    );
  });

  it('an empty period (startTime equal to endTime) is no inverted range for OTel logs, traces, metrics and DELETE /stats', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 1, seconds: 60 });
    t.advance(60);
    const logs = await api.get(`otel/workload/${id}/logs/?${period(30, 30)}`);
    expect([logs.status, logs.body.data]).toEqual([200, []]);
    const traces = await api.get(`otel/workload/${id}/traces/?${period(30, 30)}`);
    expect([traces.status, traces.body.data]).toEqual([200, []]);
    for (const path of ['metrics', 'metrics/autocollectedValues']) {
      const metrics = await api.get(`otel/workload/${id}/${path}/?${period(30, 30)}`);
      expect([metrics.status, metrics.body.startTime, metrics.body.endTime], path).toEqual([
        200,
        at(30),
        at(30),
      ]);
    }
    const reset = await api.delete(`workloads/${id}/stats?${period(30, 30)}`);
    expect(reset.status).toBe(204);
    // Inverted, each is a 400.
    for (const res of [
      await api.get(`otel/workload/${id}/logs/?${period(31, 30)}`),
      await api.get(`otel/workload/${id}/traces/?${period(31, 30)}`),
      await api.get(`otel/workload/${id}/metrics/?${period(31, 30)}`),
      await api.delete(`workloads/${id}/stats?${period(31, 30)}`),
    ]) {
      expect([res.status, res.body.detail]).toEqual([400, 'Invalid time range: startTime is after endTime.']);
    }
  });

  it('an endTime before the proton was first seen is an empty period ending there, not a 400', async () => {
    t.advance(600);
    const { id } = await runningWorkload();
    const res = await api.get(`workloads/${id}/stats?endTime=${q(at(300))}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      metrics: NO_REQUESTS,
      period: { start: at(300), end: at(300) },
    });
  });
});

describe('concurrent requests', () => {
  it('without an endTime are those in flight now (none once the traffic ended), not the peak of the period', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 10, seconds: 120, concurrency: 6 });
    t.advance(60);
    expect((await api.get(`workloads/${id}/stats`)).body.metrics.concurrentRequests).toBe(6);
    expect((await api.get('workloads/stats')).body.concurrentRequests.count).toBe(6);
    t.advance(120);
    expect((await api.get(`/_mock/workloads/${id}/traffic`)).body.data).toEqual([]);
    expect((await api.get(`workloads/${id}/stats`)).body.metrics.concurrentRequests).toBe(0);
    // The same period ending in the past reports its peak; one ending now or later, what is in flight.
    const now = 197;
    expect(
      (await api.get(`workloads/${id}/stats?endTime=${q(at(now - 1))}`)).body.metrics.concurrentRequests,
    ).toBe(6);
    expect(
      (await api.get(`workloads/${id}/stats?endTime=${q(at(now))}`)).body.metrics.concurrentRequests,
    ).toBe(0);
    expect(
      (await api.get(`workloads/${id}/stats?endTime=${q(at(now + 60))}`)).body.metrics.concurrentRequests,
    ).toBe(0);
  });

  it('a series has no value (null) for the steps with no request', async () => {
    const { id } = await runningWorkload();
    // Requests from 17 s to 77 s, in the minutes from 0 and from 60; none in the three after.
    await traffic(id, { rps: 10, seconds: 60, concurrency: 3 });
    t.advance(283);
    const res = await api.get(`workloads/${id}/stats/concurrentRequests?resolution=PT1M&${period(0, 300)}`);
    expect(res.status).toBe(200);
    expect(res.body.buckets.map((b: any) => b.value)).toEqual([3, 3, null, null, null]);
  });

  it('sums what every run on a proton puts in flight', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 2, seconds: 60, concurrency: 3 });
    await traffic(id, { rps: 2, seconds: 60, concurrency: 4 });
    t.advance(30);
    expect((await api.get(`workloads/${id}`)).body.requestStats.concurrentRequests).toBe(7);
  });
});

describe('GET /workloads/stats', () => {
  it('reports every trend as 0 while there is no traffic, now or the day before', async () => {
    const { id } = await runningWorkload();
    await runningWorkload();
    t.advance(3600);
    expect((await api.get('workloads/stats')).body).toEqual({
      workloads: { total: 2, active: 2 },
      requests: { total: 0, succeeded: 0, failed: 0, trend: 0 },
      errorRate: { rate: 0, trend: 0 },
      responseTime: { millis: 0, trend: 0 },
      concurrentRequests: { count: 0, trend: 0 },
    });
    // Active are the running ones: a stopped workload still counts in the total.
    expect((await api.post(`workloads/${id}/stop`, {})).status).toBe(202);
    t.advance(60);
    expect((await api.get('workloads/stats')).body.workloads).toEqual({ total: 2, active: 1 });
  });

  it('trends compare the last 24 hours with the 24 before: twice the requests, slower answers', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 1, seconds: 60, latencyMs: 100 });
    t.advance(86_400 + 600);
    await traffic(id, { rps: 2, seconds: 60, latencyMs: 200 });
    t.advance(60);
    const stats = (await api.get('workloads/stats')).body;
    expect(stats.requests).toMatchObject({ total: 120, trend: 1 });
    expect(stats.responseTime.trend).toBeGreaterThan(0.5);
  });

  it("the error rate's trend goes from the day before to now: no errors then, some now, is a rise", async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 1, seconds: 60 });
    t.advance(86_400 + 600);
    await traffic(id, { rps: 1, seconds: 60, errorRate: 0.5 });
    t.advance(60);
    const stats = (await api.get('workloads/stats')).body;
    expect(stats.errorRate.rate).toBeGreaterThan(0);
    expect(stats.errorRate.trend).toBe(1);
  });
});

describe('GET /workloads/{id}/related', () => {
  const kinds = async (id: string) =>
    (await api.get(`workloads/${id}/related`)).body.data.map((item: any) => `${item.type}:${item.id}`);

  it("lists the artifact of the workload's proton, its repository and the proton", async () => {
    const { id, protonId, artifactId } = await runningWorkload();
    const repositoryId = (await api.get(`artifacts/${artifactId}`)).body.artifactRepositoryId;
    expect(await kinds(id)).toEqual([
      `artifact:${artifactId}`,
      `artifact_repository:${repositoryId}`,
      `proton:${protonId}`,
    ]);
  });

  it('lists a repository once, though two of its artifacts are related', async () => {
    const { id, artifactId } = await runningWorkload();
    const repositoryId = (await api.get(`artifacts/${artifactId}`)).body.artifactRepositoryId;
    const next = await createArtifact(api, serviceArtifact({ artifactRepositoryId: repositoryId }, V2_IMAGE));
    expect(
      (await startReplacement(api, id, next, { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 })).status,
    ).toBe(202);
    t.advance(600);
    const related = await kinds(id);
    expect(related).toEqual(expect.arrayContaining([`artifact:${artifactId}`, `artifact:${next}`]));
    expect(related.filter((kind: string) => kind === `artifact_repository:${repositoryId}`)).toHaveLength(1);
  });

  it('keeps the artifact of a cancelled replacement, whose candidate proton is gone', async () => {
    const { id, artifactId } = await runningWorkload();
    const next = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
    expect(
      (await startReplacement(api, id, next, { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 })).status,
    ).toBe(202);
    t.advance(10);
    expect((await api.delete(`workloads/${id}/replacement`)).status).toBe(202);
    t.advance(600);
    expect((await api.get(`workloads/${id}/protons`)).body.data.map((p: any) => p.artifactId)).toEqual([
      artifactId,
    ]);
    expect(await kinds(id)).toEqual(expect.arrayContaining([`artifact:${artifactId}`, `artifact:${next}`]));
  });
});

describe('OTel metrics against /stats', () => {
  it('http.server.error.rate counts user errors (4xx) as well as server errors', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 10, seconds: 600, userErrorRate: 0.3 });
    t.advance(600);
    const window = `resolution=PT1M&${period(120, 480)}`;
    const otel = (await api.get(`otel/workload/${id}/metrics/?${window}`)).body.metrics;
    const rates = pointsOf(otel, 'http.server.error.rate');
    const stats = (await api.get(`workloads/${id}/stats/totalErrorRate?${window}`)).body.buckets.map(
      (b: any) => b.value,
    );
    // 150 a tick, 45 of them user errors: 30 % in every minute, as /stats counts them.
    expect(rates).toEqual([30, 30, 30, 30, 30, 30]);
    expect(rates).toEqual(stats);
    const overall = (await api.get(`workloads/${id}/stats?${period(120, 480)}`)).body.metrics;
    expect(overall.serverErrors).toBe(0);
    expect(overall.userErrors).toBeGreaterThan(0);
    const values = (await api.get(`otel/workload/${id}/metrics/autocollectedValues/?${period(120, 480)}`))
      .body.data;
    expect(values.find((v: any) => v.name === 'http.server.error.count').value).toBe(overall.userErrors);
  });

  it('reads a left-out responseTimeQuantile and slowRequestsThreshold as 0.5 and 2000 ms, the reference defaults', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 5, seconds: 120, latencyMs: 1500 });
    t.advance(120);
    const asked = (await api.get(`workloads/${id}/stats?responseTimeQuantile=0.5&slowRequestsThreshold=2000`))
      .body;
    expect(asked.metrics.slowRequests).toBeGreaterThan(0);
    expect(asked.metrics.slowRequests).toBeLessThan(asked.metrics.totalRequests / 2);
    expect((await api.get(`workloads/${id}/stats`)).body).toEqual(asked);
  });

  it('the autocollected p50 and p95 are the 0.5 and 0.95 quantiles /stats gives of the same window', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 20, seconds: 600, latencyMs: 200 });
    t.advance(600);
    const window = period(60, 540);
    const values = (await api.get(`otel/workload/${id}/metrics/autocollectedValues/?${window}`)).body.data;
    const value = (name: string) => values.find((v: any) => v.name === name).value;
    const quantile = async (p: number) =>
      (await api.get(`workloads/${id}/stats?${window}&responseTimeQuantile=${p}`)).body.metrics.responseTime;
    const p50 = value('http.server.request.duration.p50');
    const p95 = value('http.server.request.duration.p95');
    expect(Math.round(p50)).toBe(await quantile(0.5));
    expect(Math.round(p95)).toBe(await quantile(0.95));
    expect(Math.round(p95)).not.toBe(await quantile(0.9));
    expect(p95).toBeGreaterThan(p50);
  });
});

async function runs(workloadId: string): Promise<any[]> {
  return (await api.get(`/_mock/workloads/${workloadId}/traffic`)).body.data;
}

async function metrics(workloadId: string) {
  return (await api.get(`workloads/${workloadId}/stats`)).body.metrics;
}

describe('a traffic run', () => {
  it('sends rps x seconds requests by its end, a last tick at the end itself, and is then over', async () => {
    const { id } = await runningWorkload({ runtime: replicas(1) });
    await traffic(id, { rps: 2, seconds: 20 });
    t.advance(19);
    // Ticks every 15 s: 30 requests by then, the last 10 at the end (20 s), not at the next tick.
    expect((await metrics(id)).totalRequests).toBe(30);
    expect(await runs(id)).toHaveLength(1);
    t.advance(1);
    expect((await metrics(id)).totalRequests).toBe(40);
    expect(await runs(id)).toEqual([]);
    t.advance(60);
    expect((await metrics(id)).totalRequests).toBe(40);
  });

  it("fails its requests as the gateway's 503s while no replica is ready, sampled as such", async () => {
    const artifactId = await createArtifact(api);
    const id = await createWorkload(api, workloadBody(artifactId, { runtime: replicas(1) }));
    await traffic(id, { rps: 2, seconds: 30 });
    // Its first tick (15 s) comes before the replica is ready (17 s).
    t.advance(15);
    // Refused at once: the gateway takes 2 ms to say no.
    expect(await metrics(id)).toMatchObject({ totalRequests: 30, serverErrors: 30, responseTime: 2 });
    expect(await runs(id)).toMatchObject([{ requests: 30, failed: 30 }]);
    const traces = (await api.get(`otel/workload/${id}/traces/?status=error`)).body.data;
    expect(traces.map((trace: any) => trace.httpStatusCode)).toEqual([503]);
    const [gateway] = (await api.get(`otel/workload/${id}/traces/${traces[0].traceId}/`)).body.spans;
    expect(gateway.statusMessage).toBe('Service Unavailable: no ready replica');
    // Served from the next tick (30 s) on: two of its requests sampled, as every tick samples them.
    t.advance(15);
    const all = (await api.get(`otel/workload/${id}/traces/`)).body.data;
    expect(all.map((trace: any) => trace.httpStatusCode)).toEqual([200, 200, 503]);
  });

  it("a tenant's reset ends that tenant's traffic, not another's", async () => {
    const { id } = await runningWorkload();
    const other = t.client('tenant-b');
    const theirs = await createWorkload(other, workloadBody(await createArtifact(other)));
    expect((await other.post(`/_mock/workloads/${theirs}/traffic`, { rps: 1, seconds: 600 })).status).toBe(
      201,
    );
    await traffic(id, { rps: 1, seconds: 600 });
    expect((await api.post('/_mock/reset?tenant=tenant-b')).status).toBe(200);
    t.advance(60);
    expect((await metrics(id)).totalRequests).toBe(60);
    expect(await runs(id)).toHaveLength(1);
  });

  it('counts a tick in the minute the middle of its 15 s falls in, not the one it starts in', async () => {
    const { id, protonId } = await runningWorkload({ runtime: replicas(1) });
    t.advance(8);
    await traffic(id, { rps: 1, seconds: 45 });
    t.advance(45);
    // Ticks at 40, 55 and 70 s: the last covers 55-70 s, mostly in the second minute.
    const perMinute = (
      await api.get(
        `workloads/${id}/stats/totalRequests?resolution=PT1M&protonId=${protonId}&${period(0, 120)}`,
      )
    ).body.buckets.map((b: any) => b.value);
    expect(perMinute).toEqual([30, 15]);
  });

  it('adds up a fractional rate across its ticks: the whole requests of rps x seconds so far, never more', async () => {
    const { id } = await runningWorkload({ runtime: replicas(1) });
    await traffic(id, { rps: 0.25, seconds: 30 });
    // 3.75 requests in each 15 s tick: 3 by the first, 7 (of 7.5) by the second, which ends the run.
    t.advance(15);
    expect((await metrics(id)).totalRequests).toBe(3);
    t.advance(15);
    expect((await metrics(id)).totalRequests).toBe(7);
    expect(await runs(id)).toEqual([]);
  });
});

describe('errors of a traffic run', () => {
  it('draws user errors from the requests left after the server errors', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 20, seconds: 600, errorRate: 0.2, userErrorRate: 0.1 });
    t.advance(600);
    const stats = await metrics(id);
    // 300 a tick: 60 server errors, then a tenth of the 240 left.
    expect(stats).toMatchObject({
      totalRequests: 12_000,
      serverErrors: 2400,
      userErrors: 960,
      serverErrorRate: 20,
      userErrorRate: 8,
      totalErrorRate: 28,
    });
    // The hourly rates of requestStats count every request, errors included.
    expect((await api.get(`workloads/${id}`)).body.requestStats).toMatchObject({
      requestRates: [0, 0, 0, 0, 0, 0, 12_000],
      errorRates: [0, 0, 0, 0, 0, 0, 28],
    });
  });

  it('samples a user error as a 4xx answered faster than a success: its handler refuses it early', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 10, seconds: 600, userErrorRate: 0.5 });
    t.advance(600);
    const traces = (await api.get(`otel/workload/${id}/traces/?limit=1000`)).body.data;
    const median = (status: number) => {
      const durations = traces
        .filter((trace: any) => trace.httpStatusCode === status)
        .map((trace: any) => trace.duration as number)
        .sort((a: number, b: number) => a - b);
      expect(durations.length, String(status)).toBeGreaterThanOrEqual(40);
      return durations[Math.floor(durations.length / 2)]!;
    };
    // A quarter of a success's latency, around its median.
    expect(median(400)).toBeLessThan(median(200) / 2);
  });

  it('an ErrorRate fault on every replica fails its rate of the requests, not that rate per replica', async () => {
    const { id } = await runningWorkload();
    await injectFault(api, { match: { workloadId: id }, fault: 'ErrorRate', rate: 0.1 });
    await traffic(id, { rps: 20, seconds: 600 });
    t.advance(600);
    const stats = await metrics(id);
    expect(stats).toMatchObject({
      totalRequests: 12_000,
      serverErrors: 1200,
      userErrors: 0,
      serverErrorRate: 10,
    });
  });

  it('counts as failed only the 5xx answers: user errors (4xx) are sent, not failed', async () => {
    const { id } = await runningWorkload();
    await traffic(id, { rps: 2, seconds: 60, userErrorRate: 1 });
    t.advance(30);
    expect(await runs(id)).toMatchObject([{ requests: 60, failed: 0 }]);
    expect(await metrics(id)).toMatchObject({ totalRequests: 60, serverErrors: 0, userErrors: 60 });
  });

  it('fails a request at most once: an error rate and an ErrorRate fault together fail all, not more', async () => {
    const { id } = await runningWorkload();
    await injectFault(api, { match: { workloadId: id }, fault: 'ErrorRate', rate: 0.5 });
    await traffic(id, { rps: 2, seconds: 60, errorRate: 0.8 });
    t.advance(30);
    expect(await runs(id)).toMatchObject([{ requests: 60, failed: 60 }]);
    expect(await metrics(id)).toMatchObject({ totalRequests: 60, serverErrors: 60, serverErrorRate: 100 });
  });
});
