/**
 * Orders two sort keys: numbers by value, text by code point, as Python and MongoDB order strings.
 * JavaScript's `<` compares UTF-16 units, which puts a character above U+FFFF (a surrogate pair)
 * before U+E000-U+FFFF.
 */
export function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' || typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit, moved so that surrogates sort above every other unit. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** One page of records kept in order, read from the start: O(offset + limit), whatever their number. */
export function pageInOrder<T>(
  records: ReadonlyMap<string, T>,
  offset: number,
  limit: number,
): { total: number; items: T[] } {
  const items: T[] = [];
  let index = 0;
  for (const record of records.values()) {
    if (index >= offset + limit) break;
    if (index >= offset) items.push(record);
    index++;
  }
  return { total: records.size, items };
}
