import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../src/glob.js';

/** The glob as a regular expression, for comparison on small strings (any character, newlines too). */
function reference(glob: string): RegExp {
  const body = [...glob]
    .map((c) => (c === '*' ? '[^]*' : c === '?' ? '[^]' : c.replace(/[.+^${}()|[\]\\*?/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

describe('compileGlob', () => {
  it('matches the whole string: * any run, ? any one character, everything else literally', () => {
    const glob = (pattern: string) => compileGlob(pattern);
    expect(glob('registry.example.com/*:1.?').test('registry.example.com/agent:1.0')).toBe(true);
    expect(glob('registry.example.com/*:1.?').test('registryXexample.com/agent:1.0')).toBe(false);
    expect(glob('*agent*').test('x/agent:2')).toBe(true);
    expect(glob('agent').test('agent:2')).toBe(false);
    expect(glob('*b').test('*ab')).toBe(true);
    expect(glob('a(b)[c]+').test('a(b)[c]+')).toBe(true);
    // Case counts, and `?` is any character, `/` too (image URIs and paths are matched whole).
    expect(glob('Registry/*').test('registry/agent')).toBe(false);
    expect(glob('a?c').test('a/c')).toBe(true);
    expect(glob('a*').test('a\nb')).toBe(true);
    expect(glob('').test('')).toBe(true);
    expect(glob('**').test('')).toBe(true);
    expect(glob('?').test('')).toBe(false);
  });

  it('agrees with the regular expression of the glob', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', '.', '\n'), maxLength: 12 });
    fc.assert(
      fc.property(text, text, (pattern, subject) => {
        expect(compileGlob(pattern).test(subject)).toBe(reference(pattern).test(subject));
      }),
      { seed: 37, numRuns: 2000 },
    );
  });

  it('answers a failing match of many stars against a long repetitive text (a backtracking regex does not)', () => {
    expect(compileGlob('*a*a*a*a*a*c').test('a'.repeat(5000))).toBe(false);
    expect(compileGlob('*/*/*/events').test('/a'.repeat(3000))).toBe(false);
    expect(compileGlob('*/*/*/a').test('/a'.repeat(3000))).toBe(true);
  });
});
