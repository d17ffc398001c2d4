/**
 * A bounded ring of records, read newest first in O(page), each record `stride` slots of one array.
 * Subclasses say how a record is written into its slots and read back.
 */
export abstract class PackedRing<In, Out = In> {
  protected slots: unknown[] = [];
  private start = 0;
  private size = 0;
  /** How many records were ever appended, including those evicted. */
  total = 0;

  constructor(
    private readonly capacity: number,
    private readonly stride: number,
  ) {}

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
    const records = Math.min(this.capacity, Math.max(4, this.size * 2));
    const grown: unknown[] = new Array(records * this.stride);
    for (let i = 0; i < this.slots.length; i++) grown[i] = this.slots[i];
    this.slots = grown;
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
export class EventLog<T = import('./types.js').EventRecord> extends PackedRing<T> {
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
