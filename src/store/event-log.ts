/** A bounded ring of records, read newest first in O(page). */
export class EventLog<T = import('./types.js').EventRecord> {
  private items: (T | undefined)[] = [];
  private start = 0;
  private size = 0;
  /** How many records were ever appended, including those evicted. */
  total = 0;

  constructor(private capacity: number) {}

  append(item: T): void {
    this.total++;
    if (this.size < this.capacity) {
      if (this.size === this.items.length) this.grow();
      this.items[this.size] = item;
      this.size++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /**
   * Doubles the storage up to the capacity. An array grown by assignment reserves 17 slots at
   * once, and most workloads keep a handful of records: at 100,000 workloads that adds up.
   */
  private grow(): void {
    const grown: (T | undefined)[] = new Array(Math.min(this.capacity, Math.max(4, this.items.length * 2)));
    for (let i = 0; i < this.size; i++) grown[i] = this.items[i];
    this.items = grown;
  }

  get length(): number {
    return this.size;
  }

  /** The record `index` places from the newest (0 = newest). */
  fromNewest(index: number): T | undefined {
    if (index < 0 || index >= this.size) return undefined;
    return this.items[(this.start + this.size - 1 - index) % this.capacity];
  }

  /** A page, newest first. */
  page(offset: number, limit: number): T[] {
    const out: T[] = [];
    for (let i = offset; i < Math.min(this.size, offset + limit); i++) out.push(this.fromNewest(i)!);
    return out;
  }

  /** All records, oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = this.size - 1; i >= 0; i--) out.push(this.fromNewest(i)!);
    return out;
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.size = 0;
  }
}
