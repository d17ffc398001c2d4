import { describe, expect, it } from 'vitest';
import { type LogRecord, LogRing } from '../src/domain/activity.js';

const line = (timestamp: number, n: number, level: LogRecord['level'] = 'INFO'): LogRecord => ({
  timestamp,
  level,
  message: `line ${n}`,
  protonId: n % 2 === 0 ? `proton-${n}` : null,
  pod: n % 3 === 0 ? `pod-${n}` : null,
  container: n % 5 === 0 ? 'app' : null,
});

describe('LogRing', () => {
  it('gives back every line as appended, newest first, across growth', () => {
    const ring = new LogRing(100);
    const lines = Array.from({ length: 37 }, (_, n) =>
      line(1_767_225_600_000 + n * 1000, n, n % 7 === 0 ? 'ERROR' : 'INFO'),
    );
    for (const l of lines) ring.append(l);
    expect(ring.length).toBe(37);
    expect(ring.total).toBe(37);
    expect(ring.toArray()).toEqual(lines);
    expect(ring.fromNewest(0)).toEqual(lines[36]);
    expect(ring.fromNewest(36)).toEqual(lines[0]);
    expect(ring.fromNewest(37)).toBeUndefined();
  });

  it('keeps the newest `capacity` lines once full, and counts the evicted ones', () => {
    const ring = new LogRing(5);
    const lines = Array.from({ length: 12 }, (_, n) => line(1_000 + n, n));
    for (const l of lines) ring.append(l);
    expect(ring.length).toBe(5);
    expect(ring.total).toBe(12);
    expect(ring.toArray()).toEqual(lines.slice(7));
  });

  it('keeps timestamps exact far from the first line, and before it', () => {
    const ring = new LogRing(10);
    const first = 1_767_225_600_000;
    const lines = [line(first, 1), line(first + 90 * 86_400_000 + 123, 2), line(first - 5, 3)];
    for (const l of lines) ring.append(l);
    expect(ring.toArray()).toEqual(lines);
  });
});
