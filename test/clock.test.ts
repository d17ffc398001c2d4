import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { Clock, EARLIEST_TIME, formatTimestamp, LATEST_TIME, WORK_BUDGET_MS } from '../src/sim/clock.js';
import { createArtifact, createWorkload, workloadBody } from './fixtures.js';
import { Client, createTestApp, T0, type TestApp } from './helpers.js';

describe('Clock (manual)', () => {
  it('runs timers in due order, stamping each at its due time, and stops at the target', () => {
    const clock = new Clock({ mode: 'manual', start: 0 });
    const seen: string[] = [];
    clock.at(3000, () => seen.push(`c@${clock.now()}`));
    clock.at(1000, () => {
      seen.push(`a@${clock.now()}`);
      clock.after(0.5, () => seen.push(`a2@${clock.now()}`));
    });
    clock.at(1000, () => seen.push(`b@${clock.now()}`));
    clock.at(9000, () => seen.push(`late@${clock.now()}`));
    expect(clock.advance(5)).toBe(4);
    expect(seen).toEqual(['a@1000', 'b@1000', 'a2@1500', 'c@3000']);
    expect(clock.now()).toBe(5000);
    expect(clock.state()).toMatchObject({ pendingTimers: 1, nextDueAt: 9000 });
  });

  it('stamps what a timer runs with its own due time before 1970 too', () => {
    const start = Date.UTC(1960, 0, 1);
    const clock = new Clock({ mode: 'manual', start });
    const seen: number[] = [];
    clock.at(start + 1000, () => seen.push(clock.now()));
    clock.at(start + 3000, () => seen.push(clock.now()));
    clock.advance(5);
    expect(seen).toEqual([start + 1000, start + 3000]);
  });

  it('cancels timers and never moves on its own', () => {
    const clock = new Clock({ mode: 'manual', start: 0 });
    let fired = false;
    const timer = clock.after(1, () => {
      fired = true;
    });
    clock.cancel(timer);
    clock.cancel(timer);
    expect(clock.state().pendingTimers).toBe(0);
    clock.advance(10);
    expect(fired).toBe(false);
    expect(clock.now()).toBe(10_000);
  });

  it('sets the time forward to the millisecond, running what falls due, and never back', () => {
    const clock = new Clock({ mode: 'manual', start: T0 });
    const fired: number[] = [];
    clock.at(T0 + 400, () => fired.push(clock.now()));
    clock.set(T0 + 500);
    expect([clock.now(), fired]).toEqual([T0 + 500, [T0 + 400]]);
    clock.set(T0);
    expect(clock.now()).toBe(T0 + 500);
  });

  it('keeps going when a timer throws', () => {
    const errors: unknown[] = [];
    const clock = new Clock({ mode: 'manual', start: 0, onError: (e) => errors.push(e) });
    let after = false;
    clock.after(1, () => {
      throw new Error('boom');
    });
    clock.after(2, () => {
      after = true;
    });
    clock.advance(3);
    expect(errors).toHaveLength(1);
    expect(after).toBe(true);
  });

  it('stays compact when many timers are cancelled', () => {
    const clock = new Clock({ mode: 'manual', start: 0 });
    const timers = Array.from({ length: 5000 }, (_, i) => clock.after(i + 1, () => {}));
    for (const timer of timers.slice(0, 4990)) clock.cancel(timer);
    expect(clock.state().pendingTimers).toBe(10);
    expect(clock.advance(10_000)).toBe(10);
  });
});

describe('Clock.advance', () => {
  it('fires a timer due within a millisecond at its end: advancing to the instant shown runs it', () => {
    const clock = new Clock({ mode: 'manual', start: 0 });
    clock.advance(0.0007);
    const fired: number[] = [];
    clock.at(clock.now() + 1999.6, () => fired.push(clock.now()));
    const { now, nextDueAt } = clock.state();
    expect([Math.trunc(now), nextDueAt]).toEqual([0, 2001]);
    expect(clock.advance((nextDueAt! - Math.trunc(now)) / 1000)).toBe(1);
    expect(fired).toEqual([2001]);
    expect(clock.state()).toMatchObject({ pendingTimers: 0, nextDueAt: null });
    // Two due within one millisecond run at its end, in the order of their times, not of setting.
    const order: string[] = [];
    clock.at(3000.7, () => order.push(`later@${clock.now()}`));
    clock.at(3000.2, () => order.push(`sooner@${clock.now()}`));
    clock.advance(1);
    expect(order).toEqual(['sooner@3001', 'later@3001']);
  });

  it('refuses what POST /_mock/clock/advance refuses, changing nothing', () => {
    const clock = new Clock({ mode: 'manual', start: 0 });
    for (const seconds of [Number.NaN, Number.POSITIVE_INFINITY, -30, 1e20]) {
      expect(() => clock.advance(seconds), String(seconds)).toThrow(RangeError);
    }
    expect(clock.now()).toBe(0);
  });
});

describe('Clock (scaled)', () => {
  it('runs scale times faster than its real time source; 0 pauses; catchUp runs what fell due', async () => {
    let real = 1_000;
    const clock = new Clock({ mode: 'scaled', scale: 60, start: 0, realNow: () => real });
    const fired: number[] = [];
    clock.at(60_000, () => fired.push(clock.now()));
    real += 500;
    expect(clock.now()).toBe(30_000);
    real += 500;
    expect(clock.catchUp()).toBe(1);
    expect(fired).toEqual([60_000]);
    // What catches up holds its instant for the rest of its turn of the event loop, across a new rate.
    clock.setScale(3600);
    real += 1_000;
    expect(clock.now()).toBe(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    clock.setScale(0);
    real += 10_000;
    expect(clock.now()).toBe(60_000 + 3_600_000);
    clock.setScale(3600);
    real += 1_000;
    expect(clock.now()).toBe(60_000 + 2 * 3_600_000);
    clock.stop();
  });

  it('stops at the last instant a timestamp can show, and keeps only times it can show', () => {
    let real = 0;
    const clock = new Clock({
      mode: 'scaled',
      scale: 1_000_000,
      start: LATEST_TIME - 1000,
      realNow: () => real,
    });
    real += 20;
    expect(clock.now()).toBe(LATEST_TIME);
    expect(clock.nowIso()).toBe('9999-12-31T23:59:59.999+00:00');
    expect(() => clock.advance(0)).not.toThrow();
    expect(() => clock.advance(1)).toThrow(RangeError);
    for (const now of [LATEST_TIME + 1, 1e15, Number.NaN]) {
      expect(() => clock.restore({ now }), String(now)).toThrow(RangeError);
    }
    expect(() => clock.restore({ now: 0, scale: -1 })).toThrow(RangeError);
    expect(() => clock.setScale(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(clock.now()).toBe(LATEST_TIME);
    clock.stop();
  });

  it('starts and restores at the first instant of year 1, and no earlier', () => {
    const clock = new Clock({ mode: 'manual', start: EARLIEST_TIME });
    expect(clock.nowIso()).toBe('0001-01-01T00:00:00.000+00:00');
    expect(() => new Clock({ mode: 'manual', start: EARLIEST_TIME - 1 })).toThrow(RangeError);
    clock.restore({ now: T0 });
    clock.restore({ now: EARLIEST_TIME });
    expect(clock.now()).toBe(EARLIEST_TIME);
    expect(() => clock.restore({ now: EARLIEST_TIME - 1 })).toThrow(RangeError);
    expect(clock.now()).toBe(EARLIEST_TIME);
  });

  it('stands still while frozen, whatever its rate, and runs on from where it stood once thawed', () => {
    let real = 0;
    const clock = new Clock({ mode: 'scaled', scale: 1000, start: T0, realNow: () => real, frozen: true });
    real += 10_000;
    expect(clock.now()).toBe(T0);
    clock.thaw();
    expect(clock.now()).toBe(T0);
    real += 1;
    expect(clock.now()).toBe(T0 + 1000);
    clock.stop();
  });

  it('shows a time past its last instant as that instant', () => {
    expect(formatTimestamp(LATEST_TIME)).toBe('9999-12-31T23:59:59.999+00:00');
    expect(formatTimestamp(LATEST_TIME + 1)).toBe('9999-12-31T23:59:59.999+00:00');
    expect(formatTimestamp(LATEST_TIME + 3_600_000)).toBe('9999-12-31T23:59:59.999+00:00');
  });

  it('advances by hand in scaled mode too', () => {
    const real = 0;
    const clock = new Clock({ mode: 'scaled', scale: 1, start: 0, realNow: () => real });
    const fired: number[] = [];
    clock.at(120_000, () => fired.push(clock.now()));
    clock.advance(300);
    expect(fired).toEqual([120_000]);
    expect(clock.now()).toBe(300_000);
    clock.stop();
  });
});

describe('a scaled clock under requests', () => {
  it('gives one request one instant: its records agree and follow what fell due before it', async () => {
    // Every reading of real time is half a millisecond later: two simulated seconds at this scale.
    let real = 0;
    const clock = new Clock({ mode: 'scaled', scale: 3600, start: T0, realNow: () => (real += 0.5) });
    clock.stop(); // no real timers: what falls due runs as requests come
    const app = await buildApp({ config: { clock: { mode: 'scaled', scale: 3600, start: T0 } }, clock });
    try {
      const api = new Client(app, 'scaled');
      const workloadId = await createWorkload(api, workloadBody(await createArtifact(api)));
      for (let round = 0; round < 5; round++) {
        await api.post(`workloads/${workloadId}/stop`);
        await api.post(`workloads/${workloadId}/start`);
      }
      const events = (await api.get(`workloads/${workloadId}/events?limit=100`)).body.data as any[];
      const times = events.map((e) => e.timestamp as string);
      expect(times).toEqual([...times].sort().reverse());
      const created = events.find((e) => e.eventType === 'workload.created');
      expect(created.timestamp).toBe((await api.get(`workloads/${workloadId}`)).body.createdAt);
    } finally {
      await app.close();
    }
  });

  it('stops its real timers when the app closes: the state stays readable, and still', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let real = 0;
      const clock = new Clock({ mode: 'scaled', scale: 60, start: T0, realNow: () => real });
      const app = await buildApp({ config: { clock: { mode: 'scaled', scale: 60, start: T0 } }, clock });
      const api = new Client(app, 'closing');
      const workloadId = await createWorkload(api, workloadBody(await createArtifact(api)));
      await app.close();
      // The turn of the last request ends: its hold on the time goes.
      await new Promise((resolve) => setImmediate(resolve));
      const { store } = app.emulator;
      const proton = store.protons.get(store.workloads.get(workloadId)!.activeProtonId!)!;
      expect(proton.observedStatus).toBe('submitted');
      // An hour of simulated time in real time, past the whole pod course.
      real += 60_000;
      vi.advanceTimersByTime(60_000);
      expect(proton.observedStatus).toBe('submitted');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('/_mock/clock', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('reads, advances (running what falls due) and changes the clock', async () => {
    t = await createTestApp();
    const api = t.client();
    const read = await api.get('/_mock/clock');
    expect(read.body).toEqual({
      mode: 'manual',
      scale: 60,
      now: formatTimestamp(T0),
      epochMs: T0,
      pendingTransitions: 0,
      nextTransitionAt: null,
    });
    const advanced = await api.post('/_mock/clock/advance', { seconds: 90 });
    expect(advanced.status).toBe(200);
    expect(advanced.body.now).toBe(formatTimestamp(T0 + 90_000));
    // Fractions of a millisecond add up, but epochMs reads whole milliseconds, as `now` does.
    const fraction = await api.post('/_mock/clock/advance', { seconds: 0.0001 });
    expect(fraction.body).toMatchObject({ epochMs: T0 + 90_000, now: formatTimestamp(T0 + 90_000) });
    // A step due then, 2 s on, shows at a whole millisecond; advancing to it as shown runs it.
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    await api.post('/_mock/clock/advance', { seconds: 0.00095 });
    const before = (await api.get('/_mock/clock')).body;
    const next = Date.parse(before.nextTransitionAt);
    const stepped = await api.post('/_mock/clock/advance', { seconds: (next - before.epochMs) / 1000 });
    expect(stepped.body.epochMs).toBe(next);
    expect(stepped.body.pendingTransitions).toBeLessThanOrEqual(before.pendingTransitions);
    expect(stepped.body.nextTransitionAt).not.toBe(before.nextTransitionAt);
    expect((await api.get(`workloads/${id}`)).body.status).not.toBe('submitted');
    const scaled = await api.request('PUT', '/_mock/clock', { mode: 'scaled', scale: 0 });
    expect(scaled.body).toMatchObject({ mode: 'scaled', scale: 0 });
    // Either alone changes only itself.
    const rate = await api.request('PUT', '/_mock/clock', { scale: 30 });
    expect(rate.body).toMatchObject({ mode: 'scaled', scale: 30 });
    const manual = await api.request('PUT', '/_mock/clock', { mode: 'manual' });
    expect(manual.body).toMatchObject({ mode: 'manual', scale: 30 });
    // A rate of 0 alone is a change too (it pauses a scaled clock), not an empty request.
    const paused = await api.request('PUT', '/_mock/clock', { scale: 0 });
    expect(paused.body).toMatchObject({ mode: 'manual', scale: 0 });
    expect((await api.post('/_mock/clock/advance', { seconds: -1 })).status).toBe(422);
    // Ten simulated years at most in one step, and no negative rate.
    expect((await api.post('/_mock/clock/advance', { seconds: 10 * 365 * 86400 + 1 })).status).toBe(422);
    expect((await api.request('PUT', '/_mock/clock', { scale: -1 })).status).toBe(422);
    expect((await api.request('PUT', '/_mock/clock', { scale: 'fast' })).status).toBe(422);
  });

  it('GET /_mock/health answers ok at the simulated time', async () => {
    t = await createTestApp();
    const api = t.client();
    await api.post('/_mock/clock/advance', { seconds: 90 });
    expect((await api.get('/_mock/health')).body).toEqual({
      status: 'ok',
      time: formatTimestamp(T0 + 90_000),
    });
  });

  it('advances a scaled clock within the request: its answer shows the new time and what fell due has run', async () => {
    t = await createTestApp();
    const api = t.client();
    // Scaled, paused: only the advance moves it, and the request's own time is held for its turn.
    await api.request('PUT', '/_mock/clock', { mode: 'scaled', scale: 0 });
    const idle = await api.post('/_mock/clock/advance', { seconds: 90 });
    expect(idle.body).toMatchObject({ mode: 'scaled', epochMs: T0 + 90_000 });
    const id = await createWorkload(api, workloadBody(await createArtifact(api)));
    const { body: before } = await api.get('/_mock/clock');
    const due = Date.parse(before.nextTransitionAt);
    const stepped = await api.post('/_mock/clock/advance', { seconds: (due - before.epochMs) / 1000 });
    expect(stepped.body.epochMs).toBe(due);
    expect(Date.parse(stepped.body.nextTransitionAt)).toBeGreaterThan(due);
    expect((await api.get(`workloads/${id}`)).body.status).toBe('provisioning');
  });

  it('takes the mode and scale a state import brings', async () => {
    t = await createTestApp();
    const api = t.client();
    await api.request('PUT', '/_mock/clock', { mode: 'scaled', scale: 0 });
    const saved = await t.app.inject({ method: 'GET', url: '/_mock/state' });
    await api.request('PUT', '/_mock/clock', { mode: 'manual', scale: 60 });
    const imported = await t.app.inject({
      method: 'PUT',
      url: '/_mock/state',
      headers: { 'content-type': 'application/json' },
      payload: saved.body,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect((await api.get('/_mock/clock')).body).toMatchObject({ mode: 'scaled', scale: 0, epochMs: T0 });
  });

  it('reads epochMs down to the whole millisecond `now` shows, not to the nearest one', async () => {
    t = await createTestApp();
    const advanced = await t.client().post('/_mock/clock/advance', { seconds: 1.5009 });
    expect(advanced.body).toMatchObject({ epochMs: T0 + 1500, now: '2026-01-01T00:00:01.500+00:00' });
  });

  it('reads epochMs before 1970 toward zero, as `now` shows it, not down to the earlier millisecond', async () => {
    t = await createTestApp({
      clock: { mode: 'manual', scale: 60, start: Date.parse('1969-12-31T23:59:58Z') },
    });
    const advanced = await t.client().post('/_mock/clock/advance', { seconds: 1.5009 });
    expect(advanced.body).toMatchObject({ epochMs: -499, now: '1969-12-31T23:59:59.501+00:00' });
  });

  it('refuses an advance past the end of year 9999, counted from now, and leaves the clock where it was', async () => {
    const start = LATEST_TIME - 86_400_000;
    t = await createTestApp({ clock: { mode: 'manual', scale: 60, start } });
    const api = t.client();
    const before = (await api.get('/_mock/clock')).body;
    // A day and a second: a time no timestamp can show, though a span the schema takes.
    const tooFar = await api.post('/_mock/clock/advance', { seconds: 86_401 });
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.detail[0]).toMatchObject({ loc: ['body', 'seconds'] });
    expect(tooFar.body.detail[0].msg).toContain('the end of year 9999');
    expect((await api.get('/_mock/clock')).body).toEqual(before);
    const last = await api.post('/_mock/clock/advance', { seconds: 86_400 });
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ epochMs: LATEST_TIME, now: formatTimestamp(LATEST_TIME) });
  });
});

describe('Clock: order and stamps', () => {
  it('fires timers due at the same instant in the order they were set, by advance and by catch-up', () => {
    const schedule = (clock: Clock, seen: string[]) => {
      // Ties among other due times: a heap alone does not keep them in order.
      for (let i = 0; i < 10; i++) {
        clock.at(2000, () => seen.push(`t${i}`));
        if (i % 3 === 0) clock.at(1000 + i * 300, () => seen.push(`o${i}`));
      }
    };
    const expected = ['o0', 'o3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 'o6', 'o9'];

    const manual = new Clock({ mode: 'manual', start: 0 });
    const byAdvance: string[] = [];
    schedule(manual, byAdvance);
    expect(manual.advance(5)).toBe(14);
    expect(byAdvance).toEqual(expected);

    let real = 0;
    const scaled = new Clock({ mode: 'scaled', scale: 1, start: 0, realNow: () => real });
    scaled.stop(); // no real timers: only catchUp runs them
    const byCatchUp: string[] = [];
    schedule(scaled, byCatchUp);
    real += 5000;
    expect(scaled.catchUp()).toBe(14);
    expect(byCatchUp).toEqual(expected);
  });

  it('restores that order from a snapshot, whatever order the restored records re-arm their timers in', () => {
    const saved = new Clock({ mode: 'manual', start: 0 });
    const noop = () => {};
    for (const key of ['pod:a', 'pod:b', 'replacement:c', 'pod:late']) saved.at(2000, noop, key);
    saved.at(1000, noop); // unkeyed: not part of a snapshot
    saved.cancel(saved.at(2000, noop, 'pod:gone'));
    expect(saved.pendingOrder()).toEqual(['pod:a', 'pod:b', 'replacement:c', 'pod:late']);

    // Another clock, with timers of its own before the import, which drops them.
    const seen: string[] = [];
    const restored = new Clock({ mode: 'manual', start: 0 });
    const dropped = [0, 1, 2, 3, 4].map((i) => restored.at(2000, () => seen.push(`dropped ${i}`)));
    restored.restore({ now: 0, order: saved.pendingOrder() });
    // Cancelling a timer the restore dropped changes nothing.
    restored.cancel(dropped[0]);
    expect(restored.state().pendingTimers).toBe(0);
    for (const key of ['replacement:c', 'pod:b', 'pod:a']) restored.at(2000, () => seen.push(key), key);
    // Set during the re-arm without a place in the snapshot: after the restored ones.
    restored.at(2000, () => seen.push('new during the re-arm'), 'pod:new');
    // A key takes its saved place once: a second timer with it during the re-arm is a new one.
    restored.at(2000, () => seen.push('pod:b again'), 'pod:b');
    restored.endRestore();
    // Once restored, a key is a timer like any other, set after those already pending: one the
    // re-arm did not set (its record had moved on) included.
    restored.at(2000, () => seen.push('pod:a again'), 'pod:a');
    restored.at(2000, () => seen.push('pod:late'), 'pod:late');
    expect(restored.state().pendingTimers).toBe(7);
    restored.advance(5);
    expect(seen).toEqual([
      'pod:a',
      'pod:b',
      'replacement:c',
      'new during the re-arm',
      'pod:b again',
      'pod:a again',
      'pod:late',
    ]);
  });

  it('stamps each transition a scaled clock catches up on late with its own due time', () => {
    let real = 0;
    const clock = new Clock({ mode: 'scaled', scale: 60, start: 0, realNow: () => real });
    clock.stop(); // no real timers: only catchUp runs them
    const seen: [string, number][] = [];
    clock.at(10_000, () => {
      seen.push(['a', clock.now()]);
      // Set from a transition: relative to its due time, not to when it ran.
      clock.after(5, () => seen.push(['a+5s', clock.now()]));
    });
    clock.at(20_000, () => seen.push(['b', clock.now()]));
    clock.at(45_000, () => seen.push(['c', clock.now()]));
    real += 1000; // one real second: 60 simulated seconds, past all of them
    expect(clock.catchUp()).toBe(4);
    expect(seen).toEqual([
      ['a', 10_000],
      ['a+5s', 15_000],
      ['b', 20_000],
      ['c', 45_000],
    ]);
    expect(clock.now()).toBe(60_000);
  });

  it('runs slower than its scale when due work outpaces real time, and never for ever', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      let real = 0;
      const clock = new Clock({ mode: 'scaled', scale: 1000, start: T0, realNow: () => real });
      // A crash loop's pace: a transition every simulated second (1 real ms here), each taking 5
      // real ms to run; bounded, so that a clock that never stops still ends this test.
      const ran: number[] = [];
      const step = () => {
        ran.push(clock.now());
        real += 5;
        if (ran.length < 10_000) clock.after(1, step);
      };
      clock.after(1, step);
      real += 1;
      vi.advanceTimersByTime(1);
      // The real timer's run stopped once its budget was spent...
      const perTurn = WORK_BUDGET_MS / 5;
      expect(ran).toHaveLength(perTurn);
      // ...holding simulated time at the last transition it ran: nothing shown is left undone.
      expect(clock.now()).toBe(ran.at(-1));
      expect(clock.state().nextDueAt).toBe(ran.at(-1)! + 1000);
      // The event loop had its turn; the next runs carry on, each as bounded, time never going back.
      for (let turn = 0; turn < 2; turn++) {
        real += 1;
        vi.advanceTimersByTime(1);
      }
      expect(ran).toHaveLength(3 * perTurn);
      expect(ran).toEqual(ran.map((_, i) => T0 + (i + 1) * 1000));
      expect(clock.now()).toBe(ran.at(-1));
      real += 1;
      expect(clock.now()).toBe(ran.at(-1)! + 1000);
      // A reader that does not catch up first may see a later instant than the work done; the next
      // hold does not go back before it.
      real += 30;
      const seen = clock.now();
      vi.advanceTimersByTime(1);
      expect(ran).toHaveLength(4 * perTurn);
      expect(clock.now()).toBe(seen);
      // A request catching up under the same load runs a bounded share too, and sees one instant.
      real += 30;
      const before = ran.length;
      clock.catchUp();
      expect(ran.length - before).toBe(perTurn);
      expect(clock.now()).toBeGreaterThanOrEqual(seen);
      const held = clock.now();
      real += 30;
      expect(clock.now()).toBe(held);
      clock.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('never splits the timers due at one instant across budgeted runs', () => {
    let real = 0;
    const clock = new Clock({ mode: 'scaled', scale: 1000, start: T0, realNow: () => real });
    clock.stop(); // no real timers: only the catch-up runs them
    const ran: string[] = [];
    for (const name of ['a', 'b', 'c'])
      clock.at(T0 + 1000, () => {
        ran.push(name);
        real += WORK_BUDGET_MS + 1;
      });
    clock.at(T0 + 2000, () => ran.push('later'));
    real += 10; // ten simulated seconds: all four are due
    clock.catchUp();
    // Each of the three took more than the budget, yet a request never sees that instant half done.
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(T0 + 1000);
  });

  it('carries on with no request once a catch-up ran out of budget before all that was due', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      let real = 0;
      const clock = new Clock({ mode: 'scaled', scale: 1000, start: T0, realNow: () => real });
      const ran: string[] = [];
      clock.at(T0 + 1000, () => {
        ran.push('first');
        real += WORK_BUDGET_MS;
      });
      clock.at(T0 + 2000, () => ran.push('second'));
      real += 10; // ten simulated seconds: both are due
      clock.catchUp();
      expect(ran).toEqual(['first']);
      // Held at the first; its real timer runs the second a simulated second on.
      real += 1;
      vi.advanceTimersByTime(1);
      expect(ran).toEqual(['first', 'second']);
      clock.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs all that is due at a manual catch-up, however long it takes: only a scaled clock budgets', () => {
    let real = 0;
    const clock = new Clock({ mode: 'manual', start: T0, realNow: () => real });
    const ran: number[] = [];
    // Set in the past (as a restore may re-arm them): due on the next catch-up, each slow to run.
    for (const ago of [3000, 2000, 1000])
      clock.at(T0 - ago, () => {
        ran.push(clock.now() - T0);
        real += WORK_BUDGET_MS + 1;
      });
    expect(clock.catchUp()).toBe(3);
    expect(ran).toEqual([-3000, -2000, -1000]);
    expect(clock.now()).toBe(T0);
  });

  it('holds a budgeted run at the work done after a restore to an earlier time, not at a time shown before it', () => {
    let real = 0;
    const later = T0 + 3_600_000;
    const clock = new Clock({ mode: 'scaled', scale: 1000, start: later, realNow: () => real });
    clock.stop();
    expect(clock.now()).toBe(later); // shown before the restore
    clock.restore({ now: T0 });
    const ran: number[] = [];
    for (let step = 1; step <= 100; step++)
      clock.at(T0 + step * 1000, () => {
        ran.push(clock.now());
        real += WORK_BUDGET_MS + 1;
      });
    real += 100; // a hundred simulated seconds fell due
    clock.catchUp();
    expect(ran).toEqual([T0 + 1000]);
    // Held at the transition it ran, not an hour on past ninety-nine it did not.
    expect(clock.now()).toBe(T0 + 1000);
    expect(clock.state().nextDueAt).toBe(T0 + 2000);
  });

  it('arms its real timer for the simulated wait divided by the scale', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const start = T0;
      const clock = new Clock({ mode: 'scaled', scale: 60, start, realNow: () => Date.now() });
      const fired: number[] = [];
      const armed = vi.spyOn(globalThis, 'setTimeout');
      clock.at(start + 90_000, () => fired.push(clock.now()));
      // 90 simulated seconds at 60 per real second: 1.5 real seconds, with no request to catch up;
      // armed once for all of it (a shorter wait would only wake to arm again).
      expect(armed.mock.calls.map((call) => call[1])).toEqual([1500]);
      vi.advanceTimersByTime(1499);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual([start + 90_000]);
      clock.stop();
    } finally {
      vi.restoreAllMocks();
      vi.useRealTimers();
    }
  });

  it('fires a timer set sooner than the one its real timer waits for at its own time, with no request', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const clock = new Clock({ mode: 'scaled', scale: 60, start: T0, realNow: () => Date.now() });
      const fired: string[] = [];
      // Ten simulated minutes away (10 real seconds), then one minute away (1 real second).
      clock.at(T0 + 600_000, () => fired.push(`far@${clock.now() - T0}`));
      clock.at(T0 + 60_000, () => fired.push(`near@${clock.now() - T0}`));
      vi.advanceTimersByTime(999);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(['near@60000']);
      vi.advanceTimersByTime(9000);
      expect(fired).toEqual(['near@60000', 'far@600000']);
      clock.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sets its real timer again when its rate or base changes, with no request to catch up', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const clock = new Clock({ mode: 'scaled', scale: 60, start: T0, realNow: () => Date.now() });
      const fired: string[] = [];
      // Ten simulated minutes away: 10 real seconds at x60.
      clock.at(T0 + 600_000, () => fired.push('warm-up over'));
      vi.advanceTimersByTime(1000);
      // x3600 from here: the 540 simulated seconds left take 150 real ms.
      clock.setScale(3600);
      vi.advanceTimersByTime(150);
      expect(fired).toEqual(['warm-up over']);

      // A jump to a second before the next transition: a sixtieth of a real second at x60.
      clock.setScale(60);
      clock.at(clock.now() + 600_000, () => fired.push('switch'));
      clock.advance(599);
      vi.advanceTimersByTime(17);
      expect(fired).toEqual(['warm-up over', 'switch']);

      // A restore (here of a state saved a day later) drops the pending timers; what it re-arms is
      // waited for at the new base.
      clock.at(clock.now() + 600_000, () => fired.push('dropped'));
      const saved = clock.now() + 86_400_000;
      clock.restore({ now: saved });
      clock.at(saved + 3000, () => fired.push('restored'));
      vi.advanceTimersByTime(50);
      expect(fired).toEqual(['warm-up over', 'switch', 'restored']);
      clock.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
