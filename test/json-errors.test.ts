import { describe, expect, it } from 'vitest';
import { pythonJsonError } from '../src/json-errors.js';

/** Texts and what Python 3.11's json.loads says of them (JSONDecodeError's pos and msg; null: it reads them). */
const PYTHON: [string, { pos: number; msg: string } | null][] = [
  ['{"name": }', { pos: 9, msg: 'Expecting value' }],
  ['{"a":1,}', { pos: 7, msg: 'Expecting property name enclosed in double quotes' }],
  ["{'a':1}", { pos: 1, msg: 'Expecting property name enclosed in double quotes' }],
  ['{"a":1} x', { pos: 8, msg: 'Extra data' }],
  ['', { pos: 0, msg: 'Expecting value' }],
  ['   ', { pos: 3, msg: 'Expecting value' }],
  ['{"a":"b', { pos: 5, msg: 'Unterminated string starting at' }],
  ['[1,2', { pos: 4, msg: "Expecting ',' delimiter" }],
  ['nul', { pos: 0, msg: 'Expecting value' }],
  ['{"a" 1}', { pos: 5, msg: "Expecting ':' delimiter" }],
  ['{"a":1 "b":2}', { pos: 7, msg: "Expecting ',' delimiter" }],
  ['[1,]', { pos: 3, msg: 'Expecting value' }],
  ['[,1]', { pos: 1, msg: 'Expecting value' }],
  ['{', { pos: 1, msg: 'Expecting property name enclosed in double quotes' }],
  ['[', { pos: 1, msg: 'Expecting value' }],
  ['{"a"', { pos: 4, msg: "Expecting ':' delimiter" }],
  ['{"a":', { pos: 5, msg: 'Expecting value' }],
  ['"abc', { pos: 0, msg: 'Unterminated string starting at' }],
  ['"a\\qb"', { pos: 2, msg: 'Invalid \\escape' }],
  ['"\\u12"', { pos: 2, msg: 'Invalid \\uXXXX escape' }],
  ['"\\u12G4"', { pos: 2, msg: 'Invalid \\uXXXX escape' }],
  ['"a\nb"', { pos: 2, msg: 'Invalid control character at' }],
  ['-', { pos: 0, msg: 'Expecting value' }],
  ['-a', { pos: 0, msg: 'Expecting value' }],
  ['01', { pos: 1, msg: 'Extra data' }],
  ['1.', { pos: 1, msg: 'Extra data' }],
  ['1e', { pos: 1, msg: 'Extra data' }],
  ['{"a":tru}', { pos: 5, msg: 'Expecting value' }],
  ['{"a":[1,2}', { pos: 9, msg: "Expecting ',' delimiter" }],
  ['{"a":{"b":}}', { pos: 10, msg: 'Expecting value' }],
  ['[1 2]', { pos: 3, msg: "Expecting ',' delimiter" }],
  ['{"a":1}}', { pos: 7, msg: 'Extra data' }],
  [']', { pos: 0, msg: 'Expecting value' }],
  ['{"a":-Infinity, "b": NaN}x', { pos: 25, msg: 'Extra data' }],
  ['{"a":"\\', { pos: 5, msg: 'Unterminated string starting at' }],
  ['"\\u1234', { pos: 2, msg: 'Invalid \\uXXXX escape' }],
  ['{"a": NaN}', null],
  ['[-0.0, -1E+2, "\\ud83d\\ude00"]', null],
  ['{"😀": 1,}', { pos: 8, msg: 'Expecting property name enclosed in double quotes' }],
  // Space Python skips (\r and \t too), inside empty containers as well.
  ['{\r\n\t"a": 1,\r\n}', { pos: 13, msg: 'Expecting property name enclosed in double quotes' }],
  ['[ ] x', { pos: 4, msg: 'Extra data' }],
  ['{ } x', { pos: 4, msg: 'Extra data' }],
  // Every number and escape Python reads, so the refusal comes where it does, after them.
  ['[1e-2, 1E+2, 0.5e-0,]', { pos: 20, msg: 'Expecting value' }],
  ['["\\/\\b\\f\\n\\r\\t\\"\\\\", "\\uABCD\\uabcd",]', { pos: 36, msg: 'Expecting value' }],
  ['["\u001f"]', { pos: 2, msg: 'Invalid control character at' }],
  // Each word Python reads as a value, so the refusal comes after them.
  ['[true, false, null, Infinity,]', { pos: 29, msg: 'Expecting value' }],
  // A bracket does not close an object.
  ['{"a":1]', { pos: 6, msg: "Expecting ',' delimiter" }],
  // Space Python does not skip: a form feed, a no-break space.
  ['[\f1]', { pos: 1, msg: 'Expecting value' }],
  ['[\u00a01]', { pos: 1, msg: 'Expecting value' }],
];

describe('reading a malformed body as Python does', () => {
  it("gives json.loads's reason and position", () => {
    for (const [text, refusal] of PYTHON)
      expect(pythonJsonError(text), JSON.stringify(text)).toEqual(refusal);
  });

  it('gives up, with no position, on nesting too deep to read', () => {
    expect(pythonJsonError('['.repeat(1_000_000))).toBeNull();
  });
});
