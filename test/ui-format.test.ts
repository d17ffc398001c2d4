import { describe, expect, it } from 'vitest';
import { exactDuration } from '../ui/src/format.js';

describe("the dashboard's exact durations (what an advance did, how fast the clock runs)", () => {
  it('keeps the seconds past an hour and the fractions of a second', () => {
    expect(exactDuration(3601)).toBe('1 h 1 s');
    expect(exactDuration(0.25)).toBe('0.25 s');
    expect(exactDuration(1.5)).toBe('1.5 s');
    expect(exactDuration(90.5)).toBe('1 min 30.5 s');
    expect(exactDuration(7200)).toBe('2 h');
    expect(exactDuration(0)).toBe('0 s');
  });
});
