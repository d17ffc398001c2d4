/**
 * One frozen copy of equal values. Every proton made from one artifact with one runtime has the
 * same runtime and pod templates: 100,000 protons share a handful of copies instead of holding
 * 100,000. Frozen, so a change in place throws rather than reaching every proton sharing it.
 */
export class Interner<T extends object> {
  private readonly byKey = new Map<string, T>();

  /** `limit` bounds the table (a client sending ever-new runtimes must not grow it forever). */
  constructor(private readonly limit = 1000) {}

  get(value: T): T {
    const key = JSON.stringify(value);
    let shared = this.byKey.get(key);
    if (shared === undefined) {
      if (this.byKey.size >= this.limit) this.byKey.clear();
      shared = deepFreeze(value);
      this.byKey.set(key, shared);
    }
    return shared;
  }
}

/** The value, frozen all the way down: for values shared between records or answers. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The empty list every record starts with; lists are replaced, never changed in place. */
export const NONE: readonly never[] = Object.freeze([]);
