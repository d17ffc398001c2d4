/** A bounded ring of records, read newest first in O(page). */
export class EventLog<T = import('./types.js').EventRecord> {
  private readonly items: (T | undefined)[] = [];
  private start = 0;
  private size = 0;
  /** How many records were ever appended, including those evicted. */
  total = 0;

  constructor(private capacity: number) {}

  append(item: T): void {
    this.total++;
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = item;
      this.size++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
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
    this.items.length = 0;
    this.start = 0;
    this.size = 0;
  }
}
