import type { EventRecord } from './types.js';

/**
 * A bounded ring of records, read newest first in O(page), each record `stride` slots of one array.
 * Subclasses say how a record is written into its slots and read back.
 */
export abstract class PackedRing<In, Out = In> {
  protected slots: unknown[] = [];
  private start = 0;
  private size = 0;
  private base: number | null = null;
  /** How many records were ever appended, including those evicted. */
  total = 0;

  /** `firstRecords`: the room the first append makes (most rings of a workload stay small). */
  constructor(
    private readonly capacity: number,
    private readonly stride: number,
    private readonly firstRecords = 4,
  ) {}

  /**
   * A timestamp as a slot keeps it: relative to the ring's first, a small integer for weeks of
   * simulated time where the epoch milliseconds would be a boxed number of their own (larger
   * offsets still work, just less compactly).
   */
  protected relative(timestamp: number): number {
    this.base ??= timestamp;
    return timestamp - this.base;
  }

  protected absolute(offset: number): number {
    return (this.base ?? 0) + offset;
  }

  protected abstract write(at: number, item: In): void;
  protected abstract read(at: number): Out;

  append(item: In): void {
    this.total++;
    let index: number;
    if (this.size < this.capacity) {
      if (this.size * this.stride === this.slots.length) this.grow();
      index = this.size++;
    } else {
      index = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    this.write(index * this.stride, item);
  }

  /**
   * Doubles the storage up to the capacity. An array grown by assignment reserves 17 slots at
   * once, and most workloads keep a handful of records: at 100,000 workloads that adds up.
   */
  private grow(): void {
    const records = Math.min(this.capacity, Math.max(this.firstRecords, this.size * 2));
    const grown: unknown[] = new Array(records * this.stride);
    for (let i = 0; i < this.slots.length; i++) grown[i] = this.slots[i];
    this.slots = grown;
  }

  /** Overwrites the newest record (appends when there is none). */
  replaceNewest(item: In): void {
    if (this.size === 0) this.append(item);
    else this.write(((this.start + this.size - 1) % this.capacity) * this.stride, item);
  }

  get length(): number {
    return this.size;
  }

  /** The record `index` places from the newest (0 = newest). */
  fromNewest(index: number): Out | undefined {
    if (index < 0 || index >= this.size) return undefined;
    return this.read(((this.start + this.size - 1 - index) % this.capacity) * this.stride);
  }

  /** A page, newest first. */
  page(offset: number, limit: number): Out[] {
    const out: Out[] = [];
    for (let i = offset; i < Math.min(this.size, offset + limit); i++) out.push(this.fromNewest(i)!);
    return out;
  }

  /** All records, oldest first. */
  toArray(): Out[] {
    const out: Out[] = [];
    for (let i = this.size - 1; i >= 0; i--) out.push(this.fromNewest(i)!);
    return out;
  }

  clear(): void {
    this.slots = [];
    this.start = 0;
    this.size = 0;
  }
}

/** A bounded ring of records kept as they are, one slot each. */
export class EventLog<T> extends PackedRing<T> {
  constructor(capacity: number) {
    super(capacity, 1);
  }

  protected write(at: number, item: T): void {
    this.slots[at] = item;
  }

  protected read(at: number): T {
    return this.slots[at] as T;
  }
}

/** An ObjectId's 24 hex digits as four 24-bit numbers (small integers: no object of their own). */
const OBJECT_ID = /^[0-9a-f]{24}$/;

function hex6(value: number): string {
  return value.toString(16).padStart(6, '0');
}

/**
 * A workload's events, eight slots each: every workload keeps a few, and an object per event
 * (72 bytes) and a string per id (40) cost more than slots of small integers. The workload id is
 * the log's, not each event's.
 */
export class WorkloadEventLog extends PackedRing<EventRecord> {
  constructor(
    private readonly workloadId: string,
    capacity: number,
  ) {
    super(capacity, 8);
  }

  protected write(at: number, event: EventRecord): void {
    const slots = this.slots;
    const id = event.id;
    if (OBJECT_ID.test(id)) {
      slots[at] = Number.parseInt(id.slice(0, 6), 16);
      slots[at + 1] = Number.parseInt(id.slice(6, 12), 16);
      slots[at + 2] = Number.parseInt(id.slice(12, 18), 16);
      slots[at + 3] = Number.parseInt(id.slice(18), 16);
    } else {
      // Any other id (a state file may carry one) is kept as it is; the next three slots go unread.
      slots[at] = id;
    }
    slots[at + 4] = this.relative(event.timestamp);
    slots[at + 5] = event.eventType;
    slots[at + 6] = event.actorId;
    slots[at + 7] = event.details;
  }

  protected read(at: number): EventRecord {
    const slots = this.slots;
    const first = slots[at];
    return {
      id:
        typeof first === 'string'
          ? first
          : hex6(first as number) +
            hex6(slots[at + 1] as number) +
            hex6(slots[at + 2] as number) +
            hex6(slots[at + 3] as number),
      workloadId: this.workloadId,
      timestamp: this.absolute(slots[at + 4] as number),
      eventType: slots[at + 5] as string,
      actorId: slots[at + 6] as string | null,
      details: slots[at + 7] as EventRecord['details'],
    };
  }
}
