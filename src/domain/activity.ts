import type { Random } from '../random.js';
import type { Clock } from '../sim/clock.js';
import type { LogText } from '../sim/pods.js';
import { PackedRing } from '../store/event-log.js';
import { flatten } from '../store/flatten.js';
import type { EventRecord, WorkloadRecord } from '../store/types.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

export interface LogRecord {
  timestamp: number;
  level: LogLevel;
  message: string;
  protonId: string | null;
  pod: string | null;
  container: string | null;
}

/** A line as logged: its text may still be a template. */
export type LogEntry = Omit<LogRecord, 'message'> & { message: LogText };

export interface ActivityListener {
  event?(workload: WorkloadRecord, event: EventRecord): void;
}

/**
 * A workload's log lines, packed six slots a line: a line as an object, with its timestamp boxed
 * apart, costs twice as much, and every workload keeps a handful of lines from its first minute.
 */
export class LogRing extends PackedRing<LogEntry, LogRecord> {
  constructor(capacity: number) {
    super(capacity, 6);
  }

  protected write(at: number, line: LogEntry): void {
    const slots = this.slots;
    slots[at] = this.relative(line.timestamp);
    slots[at + 1] = LEVEL_CODES[line.level];
    slots[at + 2] = line.message;
    slots[at + 3] = line.protonId;
    slots[at + 4] = line.pod;
    slots[at + 5] = line.container;
  }

  protected read(at: number): LogRecord {
    const slots = this.slots;
    const text = slots[at + 2] as LogText;
    const pod = slots[at + 4] as string | null;
    const container = slots[at + 5] as string | null;
    return {
      timestamp: this.absolute(slots[at] as number),
      level: LOG_LEVELS[slots[at + 1] as number]!,
      message: typeof text === 'string' ? text : text({ pod, container }),
      protonId: slots[at + 3] as string | null,
      pod,
      container,
    };
  }
}

const LEVEL_CODES = Object.fromEntries(LOG_LEVELS.map((level, code) => [level, code])) as Record<
  LogLevel,
  number
>;

/** Lines of simulated logs kept per workload (the OpenTelemetry logs read them; logTail too). */
export const LOG_LINES_PER_WORKLOAD = 2000;
/** Lines of a proton's log tail. */
export const LOG_TAIL_LINES = 20;

const sharedMessages = new Map<string, string>();

/**
 * One copy of a text that many log lines carry word for word. Only for texts from a bounded set
 * (never one that holds an id or a client's input): the copies are kept for the process's life.
 */
export function sharedMessage(text: string): string {
  let shared = sharedMessages.get(text);
  if (shared === undefined) {
    shared = flatten(text);
    sharedMessages.set(shared, shared);
  }
  return shared;
}

/** Texts logged lately, shared by the lines that repeat them (many workloads run the same containers). */
const recentTexts = new Map<string, string>();
const RECENT_TEXTS = 2048;

function keptText(text: string): string {
  const known = sharedMessages.get(text) ?? recentTexts.get(text);
  if (known !== undefined) return known;
  const flat = flatten(text);
  if (recentTexts.size >= RECENT_TEXTS) recentTexts.clear();
  recentTexts.set(flat, flat);
  return flat;
}

/**
 * The workload's audit trail (events) and its simulated logs. Both are bounded rings, read
 * newest first; events per workload are bounded by MOCK_EVENTS_PER_WORKLOAD.
 */
export class Activity {
  private readonly logs = new Map<string, LogRing>();
  private readonly listeners = new Set<ActivityListener>();

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  listen(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  event(
    workload: WorkloadRecord,
    eventType: string,
    actorId: string | null,
    details: Record<string, unknown> | null = null,
  ): EventRecord {
    const event: EventRecord = {
      id: this.random.objectId(),
      workloadId: workload.id,
      timestamp: this.clock.now(),
      eventType,
      actorId,
      details,
    };
    workload.events.append(event);
    for (const listener of this.listeners) listener.event?.(workload, event);
    return event;
  }

  log(
    workloadId: string,
    level: LogLevel,
    message: LogText,
    where: { protonId?: string | null; pod?: string | null; container?: string | null } = {},
  ): void {
    let ring = this.logs.get(workloadId);
    if (!ring) {
      ring = new LogRing(LOG_LINES_PER_WORKLOAD);
      this.logs.set(workloadId, ring);
    }
    ring.append({
      timestamp: this.clock.now(),
      level,
      message: typeof message === 'string' ? keptText(message) : message,
      protonId: where.protonId ?? null,
      pod: where.pod ?? null,
      container: where.container ?? null,
    });
  }

  /** A workload's log lines, newest first. */
  logsOf(workloadId: string): LogRing | undefined {
    return this.logs.get(workloadId);
  }

  /** The last lines a proton logged, oldest first, formatted as a container log tail. */
  logTail(workloadId: string, protonId: string, lines = LOG_TAIL_LINES): string[] {
    const ring = this.logs.get(workloadId);
    if (!ring) return [];
    const tail: string[] = [];
    for (let i = 0; i < ring.length && tail.length < lines; i++) {
      const line = ring.fromNewest(i)!;
      if (line.protonId === protonId) {
        tail.push(
          `${new Date(line.timestamp).toISOString()} ${line.level} ${line.container ? `[${line.container}] ` : ''}${line.message}`,
        );
      }
    }
    return tail.reverse();
  }

  /** Workloads with log lines, in the order they first logged. */
  workloadIds(): string[] {
    return [...this.logs.keys()];
  }

  /** Puts back a workload's log lines (oldest first), as a state import does. */
  restoreLogs(workloadId: string, lines: readonly LogRecord[], total: number): void {
    const ring = new LogRing(LOG_LINES_PER_WORKLOAD);
    for (const line of lines) ring.append(line);
    ring.total = total;
    this.logs.set(workloadId, ring);
  }

  forget(workloadId: string): void {
    this.logs.delete(workloadId);
  }

  clear(): void {
    this.logs.clear();
  }
}
