import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBatches, jsonPieces, parseJsonBytes } from '../src/large-json.js';

const SEED = 20_261_206;

/** Values nested deeper than the pieces go, with keys JSON treats specially. */
const nested = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '', 'a"\\b')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

describe('jsonPieces', () => {
  it('joins to exactly what JSON.stringify writes', () => {
    fc.assert(
      fc.property(nested, (value) => {
        expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value));
        expect([...jsonBatches(value, 7)].join('')).toBe(JSON.stringify(value));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('leaves out and writes null where JSON.stringify does, and uses toJSON', () => {
    const value = {
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Symbol('s'), 1],
      when: new Date(0),
      custom: { toJSON: () => 'mine' },
      boxed: [new Number(2), new String('s')],
      bare: Object.assign(Object.create(null), { a: 1 }),
    };
    expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value));
  });

  it('writes the records of a state document one piece each', () => {
    const records = Array.from({ length: 3 }, (_, i) => ({ id: `w${i}`, pods: [{ phase: 'Running' }] }));
    const document = { format: 'f', sections: { store: { workloads: records } } };
    const pieces = [...jsonPieces(document)];
    for (const record of records) expect(pieces).toContain(JSON.stringify(record));
  });
});

describe('parseJsonBytes', () => {
  const read = (text: string, wholeUpTo: number) => parseJsonBytes(Buffer.from(text, 'utf8'), wholeUpTo);

  it('reads back what JSON.parse reads, in pieces of any size, spaced or not', () => {
    fc.assert(
      fc.property(nested, fc.integer({ min: 0, max: 64 }), fc.boolean(), (value, wholeUpTo, spaced) => {
        const text = spaced ? ` ${JSON.stringify(value, null, 2)}\n` : JSON.stringify(value);
        // Compared as text: key order counts, and toStrictEqual trips on an own "constructor" key.
        expect(JSON.stringify(read(text, wholeUpTo))).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('keeps a "__proto__" key a plain member, as JSON.parse does', () => {
    const value = read('{"a":{"__proto__":{"polluted":true}}}', 0) as { a: object };
    expect(Object.getPrototypeOf(value.a)).toBe(Object.prototype);
    expect(Object.keys(value.a)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what JSON.parse refuses, naming the byte', () => {
    for (const text of [
      '{"a":[1,2}',
      '{"a":[1,2],}',
      '[1,]',
      '{"a" 1}',
      '{"a":tru}',
      '[1] 2',
      '{"a":"unterminated',
      '{"a":[1,2',
      '',
      '{"sections":{"store":{"workloads":[{"id":"x",}]}}}',
      // Space JSON does not skip: a form feed.
      '[1,\f2]',
    ]) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(() => read(text, 0), text).toThrow(SyntaxError);
    }
    for (const [text, message] of [
      ['[1, 2] x', 'Unexpected "x" at byte 7'],
      ['{"a":[1,2', 'Unexpected end of JSON input at byte 9'],
      ['{"a":"unterminated', 'Unexpected end of JSON input at byte 18'],
      // Inside a record too, not only in the containers above it.
      ['{"sections":{"store":{"workloads":[{"id":"x",}]}}}', 'Unexpected "}" at byte 45'],
      ['{"a" 1}', 'Unexpected "1" at byte 5'],
      ['[1 23]', 'Unexpected "2" at byte 3'],
      ['[1,]', 'Unexpected "]" at byte 3'],
      ['{"a":tru}', '(in the value at byte 5)'],
    ] as const)
      expect(() => read(text, 0), text).toThrow(message);
  });

  it('reads text indented with tabs, with CRLF line ends', () => {
    const text = '{\r\n\t"a": [\r\n\t\t1,\t2\r\n\t],\r\n\t"b": {}\r\n}\r\n';
    expect(read(text, 0)).toStrictEqual(JSON.parse(text));
  });

  it('reads a string with escaped quotes and backslashes at its end, and UTF-8 read whole or in pieces', () => {
    const value = { a: ['x\\', 'y\\"', '\\\\"z'], b: 'ünï\u2028' };
    for (const wholeUpTo of [0, 1024]) expect(read(JSON.stringify(value), wholeUpTo)).toStrictEqual(value);
  });

  it('parses text, and a record, of up to wholeUpTo bytes with one JSON.parse', () => {
    // A text of exactly wholeUpTo bytes: JSON.parse's own refusal, not the byte-naming one of the pieces.
    expect(() => read('[1,]', 4)).toThrow(SyntaxError);
    expect(() => read('[1,]', 4)).not.toThrow(/at byte/);
    expect(() => read('[1,]', 3)).toThrow('Unexpected "]" at byte 3');
    // A record (depth 4) of exactly wholeUpTo bytes inside a longer text: parsed whole.
    const text = '{"s":{"t":{"w":[{"id":"x",}]}}}';
    expect(() => read(text, 11)).toThrow('(in the value at byte 16)');
    expect(() => read(text, 10)).toThrow('Unexpected "}" at byte 26');
  });
});
