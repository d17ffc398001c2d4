/**
 * The one clock of the simulation. Every timestamp and every scheduled transition goes through it;
 * nothing in the simulation reads real time or sets real timers. The real timers elsewhere are about
 * the process and its connections, never simulated state: state-file saves and the shutdown's
 * deadlines (server.ts), the close grace (app.ts), keep-alive comments on event streams.
 *
 * Two modes:
 * - scaled: simulated time runs `scale` times faster than real time (0 pauses it);
 * - manual: time moves only when `advance` is called (tests, or POST /_mock/clock/advance).
 *
 * Timers live in a binary heap keyed by simulated due time, so advancing costs O(k log n) for the
 * k timers that fall due, whatever the number of idle workloads.
 */

export type ClockMode = 'scaled' | 'manual';

export interface Timer {
  readonly at: number;
  /**
   * The instant it fires: `at` rounded up to the millisecond. Times show in whole milliseconds:
   * a client that advances to the instant shown as the next transition's must see it run.
   */
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  /** What it waits for (`pod:<name>`): a state snapshot keeps the order of the timers that have one. */
  readonly key: string | null;
  cancelled: boolean;
}

export interface ClockOptions {
  mode: ClockMode;
  /** Simulated seconds per real second (scaled mode). */
  scale?: number;
  /** Simulated epoch milliseconds at creation; defaults to the real time. */
  start?: number;
  /** Real time source in milliseconds; injectable for tests of the clock itself. */
  realNow?: () => number;
  onError?: (error: unknown) => void;
  /**
   * Simulated time stands still, whatever the mode and rate, until `thaw()`; `advance`, `restore`
   * and new settings still apply. The server starts this way: a restored state or the fixtures'
   * timeline is set at one instant, and time runs on from it once the mock answers, not from when
   * the process began (at a high scale its start-up alone is simulated days).
   */
  frozen?: boolean;
}

export interface ClockState {
  mode: ClockMode;
  scale: number;
  now: number;
  pendingTimers: number;
  nextDueAt: number | null;
}

const MAX_REAL_DELAY_MS = 2 ** 31 - 1;

/**
 * Real time a scaled clock spends running due timers before it lets the event loop serve requests
 * again. A simulation with more due work than the machine can do (thousands of crash loops at a
 * high scale) then runs slower than its scale instead of never returning.
 */
export const WORK_BUDGET_MS = 20;

/**
 * The latest instant a timestamp can show: RFC 3339 has four-digit years, and Python's
 * datetime.max (which clients parse into) is the last millisecond of 9999.
 */
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** The earliest: Python's datetime.min, the first millisecond of year 1. */
export const EARLIEST_TIME = -62_135_596_800_000;

/** The most simulated seconds per real second (MOCK_TIME_SCALE and PUT /_mock/clock allow as much). */
export const MAX_SCALE = 1_000_000;

/** Whether a time can be shown as a timestamp (years 1-9999). */
export function isShowable(epochMs: number): boolean {
  return epochMs >= EARLIEST_TIME && epochMs <= LATEST_TIME;
}

function checkedTime(epochMs: number): number {
  if (!isShowable(epochMs))
    throw new RangeError(`the clock must show a date in years 1-9999; got ${epochMs}`);
  return epochMs;
}

function checkedScale(scale: number): number {
  if (!(scale >= 0 && scale <= MAX_SCALE)) {
    throw new RangeError(`the clock's scale must be a number from 0 to ${MAX_SCALE}; got ${scale}`);
  }
  return scale;
}

export class Clock {
  private modeValue: ClockMode;
  private scaleValue: number;
  private readonly realNow: () => number;
  /** Simulated time at `realBase` (scaled) or the current time (manual). */
  private simBase: number;
  private realBase: number;
  private readonly heap: Timer[] = [];
  private seq = 0;
  /** While a state import re-arms its timers: the place each key had among the saved ones. */
  private restoredSeqs: Map<string, number> | null = null;
  /** A restore whose announcement waits for `endRestore`, when the records have re-armed. */
  private restoring = false;
  private live = 0;
  private firedTotal = 0;
  /** Due time of the timer being fired: `now()` reports it so a transition is stamped when it was due. */
  private firingAt: number | null = null;
  private draining = false;
  private realTimer: ReturnType<typeof setTimeout> | null = null;
  private realTimerAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  private frozen: boolean;
  /** Scaled time held by `catchUp` for the rest of its turn of the event loop (see there). */
  private held: number | null = null;
  /** The latest time `now()` has reported: holding the clock back never goes before it. */
  private shown = Number.NEGATIVE_INFINITY;
  private readonly release = () => {
    this.held = null;
  };
  private readonly listeners = new Set<() => void>();
  onError: (error: unknown) => void;

  constructor(options: ClockOptions) {
    if (options.start !== undefined) checkedTime(options.start);
    this.modeValue = options.mode;
    this.scaleValue = checkedScale(options.scale ?? 60);
    this.realNow = options.realNow ?? (() => Date.now());
    this.realBase = this.realNow();
    this.simBase = options.start ?? this.realBase;
    this.frozen = options.frozen ?? false;
    this.onError = options.onError ?? ((error) => console.error('clock timer failed', error));
  }

  get mode(): ClockMode {
    return this.modeValue;
  }

  /** Timers fired since the start: with requests answered, all that can change the simulation. */
  get firedTimers(): number {
    return this.firedTotal;
  }

  get scale(): number {
    return this.scaleValue;
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    const now = this.current();
    if (now > this.shown) this.shown = now;
    return now;
  }

  /** What `now()` reports, without counting as shown (the clock's own checks). */
  private current(): number {
    if (this.firingAt !== null) return this.firingAt;
    if (this.modeValue === 'manual' || this.frozen) return this.simBase;
    if (this.held !== null) return this.held;
    // Scaled time stops at the last instant a timestamp can show.
    return Math.min(LATEST_TIME, this.simBase + (this.realNow() - this.realBase) * this.scaleValue);
  }

  nowIso(): string {
    return formatTimestamp(this.now());
  }

  /**
   * Calls `callback` at simulated time `at` (immediately on the next catch-up if already past).
   * Timers due at the same instant run in the order they were set; a `key` keeps that order across
   * a state snapshot (see `pendingOrder`).
   */
  at(at: number, callback: () => void, key: string | null = null): Timer {
    let seq = key === null ? undefined : this.restoredSeqs?.get(key);
    if (seq === undefined) seq = this.seq++;
    else this.restoredSeqs!.delete(key!);
    const timer: Timer = { at, due: Math.ceil(at), seq, callback, key, cancelled: false };
    this.push(timer);
    this.live++;
    this.arm();
    return timer;
  }

  after(seconds: number, callback: () => void): Timer {
    return this.at(this.now() + seconds * 1000, callback);
  }

  cancel(timer: Timer | null | undefined): void {
    if (!timer || timer.cancelled) return;
    timer.cancelled = true;
    this.live--;
    if (this.heap.length > 1024 && this.live < this.heap.length / 2) this.compact();
  }

  /** Moves simulated time forward, running every timer that falls due, in order, at its due time. */
  advance(seconds: number): number {
    const target = this.now() + seconds * 1000;
    // As POST /_mock/clock/advance refuses them: NaN, or a time no timestamp can show.
    if (!(seconds >= 0) || !isShowable(target)) {
      throw new RangeError(
        `clock.advance takes a number of seconds >= 0 that keeps the clock within year 9999; got ${seconds} at ${this.nowIso()}`,
      );
    }
    let fired = 0;
    for (;;) {
      const next = this.peek();
      if (!next || next.due > target) break;
      this.jumpTo(Math.max(next.due, this.now()));
      fired += this.runDue();
    }
    this.jumpTo(target);
    fired += this.runDue();
    this.arm();
    this.notify();
    return fired;
  }

  /**
   * Runs every timer whose due time has passed; called before each request is handled. In scaled
   * mode it also holds the time for the rest of this turn of the event loop: at a high scale a
   * millisecond of work is simulated seconds, and the records of one request (and the timers it
   * sets) would otherwise carry different times, some before transitions that were due earlier.
   */
  catchUp(): number {
    if (this.modeValue === 'scaled' && this.held === null && this.firingAt === null) {
      this.held = this.current();
      setImmediate(this.release);
    }
    const fired = this.runDue(this.modeValue === 'scaled');
    if (fired > 0) this.arm();
    return fired;
  }

  setScale(scale: number): void {
    this.configure({ scale });
  }

  setMode(mode: ClockMode): void {
    this.configure({ mode });
  }

  /** A new mode and rate at once: listeners hear of the change once. */
  configure(settings: { mode?: ClockMode | undefined; scale?: number | undefined }): void {
    if (settings.scale !== undefined) checkedScale(settings.scale);
    this.rebase();
    if (settings.mode !== undefined) this.modeValue = settings.mode;
    if (settings.scale !== undefined) this.scaleValue = settings.scale;
    this.arm();
    this.notify();
  }

  /** Sets the current simulated time (forward only: timers falling due are run). */
  set(epochMs: number): void {
    const delta = (epochMs - this.now()) / 1000;
    if (delta > 0) this.advance(delta);
  }

  /**
   * The keys of the pending timers that have one, in the order they were set. A state snapshot
   * stores them, so that timers due at the same instant run in the same order after a restore as
   * they would have without it, whatever order the restored records re-arm them in.
   */
  pendingOrder(): string[] {
    const keyed = this.heap.filter((timer) => !timer.cancelled && timer.key !== null);
    return keyed.sort((a, b) => a.seq - b.seq).map((timer) => timer.key!);
  }

  /**
   * Puts the clock at `state.now` (backwards too), optionally with another mode and rate, and drops
   * every pending timer. Only a state import (or fixtures rewinding to their start) does this: it
   * re-arms what the restored records still wait for, keyed timers in `state.order` (a saved
   * `pendingOrder`) until `endRestore`. Listeners hear of it then, with what is pending again; a
   * restore given no order (fixtures rewinding) is announced at once.
   */
  restore(state: {
    now: number;
    mode?: ClockMode | undefined;
    scale?: number | undefined;
    order?: readonly string[] | undefined;
  }): void {
    checkedTime(state.now);
    if (state.scale !== undefined) checkedScale(state.scale);
    for (const timer of this.heap) timer.cancelled = true;
    this.heap.length = 0;
    this.live = 0;
    this.restoredSeqs = null;
    if (state.order !== undefined && state.order.length > 0) {
      const first = this.seq;
      this.restoredSeqs = new Map(state.order.map((key, index) => [key, first + index]));
      this.seq += state.order.length;
    }
    if (state.mode !== undefined) this.modeValue = state.mode;
    if (state.scale !== undefined) this.scaleValue = state.scale;
    // A held turn (the import's request) stays at the restored instant while the records re-arm.
    this.startFrom(state.now);
    this.shown = Number.NEGATIVE_INFINITY;
    this.arm();
    this.restoring = state.order !== undefined;
    if (!this.restoring) this.notify();
  }

  /** The restored records have re-armed their timers: keys are no longer looked up. */
  endRestore(): void {
    this.restoredSeqs = null;
    if (!this.restoring) return;
    this.restoring = false;
    this.notify();
  }

  state(): ClockState {
    return {
      mode: this.modeValue,
      scale: this.scaleValue,
      now: this.now(),
      pendingTimers: this.live,
      nextDueAt: this.peek()?.due ?? null,
    };
  }

  /** Simulated time runs again (at its mode and rate) from where it stood: see `ClockOptions.frozen`. */
  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.startFrom(this.simBase);
    this.arm();
  }

  /** Called after the clock is advanced or its rate changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops real timers; the clock still answers `now()` and can be advanced by hand. */
  stop(): void {
    this.stopped = true;
    this.dropRealTimer();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** A new rate or mode from now on; a held turn stays at its instant (the request that changed it). */
  private rebase(): void {
    this.startFrom(this.now());
  }

  private jumpTo(epochMs: number): void {
    const now = this.now();
    if (epochMs <= now) return;
    this.simBase += epochMs - now;
    if (this.held !== null) this.held = epochMs;
    this.dropRealTimer();
  }

  /**
   * Runs every timer that is due, in order. `budgeted` (a scaled clock's real timer and catch-ups):
   * once WORK_BUDGET_MS of real time is spent, and before a timer due later than the last one run,
   * it stops and holds simulated time at the last one run. Unbudgeted against a moving clock, work
   * that falls due faster than it runs would keep this loop going for ever: the server would answer
   * nothing, /_mock/health and SIGTERM included. Held back, a request does not see an instant whose
   * due work has not run (it catches up first, as the request journal does), unless a reader that
   * did not catch up has already seen it: time never goes back.
   */
  private runDue(budgeted = false): number {
    if (this.draining) return 0;
    this.draining = true;
    let fired = 0;
    const deadline = budgeted ? this.realNow() + WORK_BUDGET_MS : Number.POSITIVE_INFINITY;
    let lastAt = Number.NEGATIVE_INFINITY;
    try {
      for (;;) {
        const next = this.peek();
        if (!next || next.due > this.current()) break;
        if (fired > 0 && next.due > lastAt && this.realNow() >= deadline) {
          this.startFrom(Math.max(lastAt, this.shown));
          break;
        }
        lastAt = next.due;
        this.pop();
        this.live--;
        next.cancelled = true;
        this.firingAt = Math.max(next.due, this.firingAt ?? Number.NEGATIVE_INFINITY);
        try {
          next.callback();
        } catch (error) {
          this.onError(error);
        } finally {
          this.firingAt = null;
        }
        fired++;
        this.firedTotal++;
      }
    } finally {
      this.draining = false;
    }
    return fired;
  }

  /** Simulated time is `epochMs` now and runs on from there at the scale (a held turn moves with it). */
  private startFrom(epochMs: number): void {
    this.simBase = epochMs;
    this.realBase = this.realNow();
    if (this.held !== null) this.held = epochMs;
    this.dropRealTimer();
  }

  /**
   * The real timer waits for a simulated instant at the rate and base it was set with: once either
   * changes (a jump, a new scale, a restore) it would fire at the wrong moment, so the next `arm()`
   * sets it again.
   */
  private dropRealTimer(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = null;
    this.realTimerAt = Number.POSITIVE_INFINITY;
  }

  private arm(): void {
    if (this.stopped || this.frozen || this.modeValue === 'manual' || this.scaleValue <= 0) {
      this.dropRealTimer();
      return;
    }
    const next = this.peek();
    if (!next) return;
    if (this.realTimer && this.realTimerAt <= next.due) return;
    this.dropRealTimer();
    const delay = Math.min(MAX_REAL_DELAY_MS, Math.max(0, (next.due - this.current()) / this.scaleValue));
    this.realTimerAt = next.due;
    this.realTimer = setTimeout(() => {
      this.realTimer = null;
      this.realTimerAt = Number.POSITIVE_INFINITY;
      this.runDue(true);
      this.arm();
    }, Math.ceil(delay));
    this.realTimer.unref?.();
  }

  private peek(): Timer | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }

  private compact(): void {
    const live = this.heap.filter((timer) => !timer.cancelled);
    this.heap.length = 0;
    for (const timer of live) this.push(timer);
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

const formatted = new Map<number, string>();

/**
 * ISO-8601 with an explicit UTC offset, which every client's parser accepts. Records keep their
 * timestamps and are read again and again, and Date#toISOString is a visible share of a GET
 * (profiled), so recent results are kept (a bounded number).
 */
export function formatTimestamp(epochMs: number): string {
  let text = formatted.get(epochMs);
  if (text === undefined) {
    // A time past the clock's last instant (a timer due after it, which never fires; the end of a
    // step or span reaching beyond it) shows as that instant.
    text = `${new Date(Math.min(epochMs, LATEST_TIME)).toISOString().slice(0, -1)}+00:00`;
    if (formatted.size >= 50_000) formatted.clear();
    formatted.set(epochMs, text);
  }
  return text;
}
