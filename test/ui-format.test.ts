import { describe, expect, it } from 'vitest';
import {
  artifactLabel,
  duration,
  eventLabel,
  exactDuration,
  shortId,
  symbolOf,
  time,
  toneOf,
} from '../ui/src/format.js';

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

describe("the dashboard's window durations", () => {
  it('tells whole seconds, drops them past an hour, and never goes below zero', () => {
    expect(duration(90)).toBe('1 min 30 s');
    expect(duration(90.4)).toBe('1 min 30 s');
    expect(duration(3601)).toBe('1 h');
    expect(duration(5430)).toBe('1 h 30 min');
    // A window read just before its start, by a clock a little behind the server's.
    expect(duration(-3)).toBe('0 s');
  });
});

describe("the dashboard's times", () => {
  const today = Date.parse('2026-03-02T12:00:00Z');

  it("shows the time of day, with the date when it is not the simulated now's day", () => {
    expect(time('2026-03-02T09:05:30.000+00:00', today)).toBe('09:05:30');
    expect(time('2026-03-01T23:59:59.000+00:00', today)).toBe('2026-03-01 23:59:59');
    // Same month, another day.
    expect(time('2026-03-20T09:05:30.000+00:00', today)).toBe('2026-03-20 09:05:30');
    expect(time(null, today)).toBe('—');
    expect(time('not a time', today)).toBe('not a time');
  });
});

describe("the dashboard's labels and status tones", () => {
  it('gives every status its tone, and a symbol of its own to each tone', () => {
    const tones = Object.fromEntries(
      [
        'running',
        'completed',
        'finalizing',
        'draining',
        'suspended',
        'errored',
        'stopped',
        'something-new',
      ].map((status) => [status, toneOf(status)]),
    );
    expect(tones).toEqual({
      running: 'ok',
      completed: 'ok',
      finalizing: 'progress',
      draining: 'warn',
      suspended: 'warn',
      errored: 'error',
      stopped: 'neutral',
      'something-new': 'neutral',
    });
    const symbols = (['ok', 'progress', 'warn', 'error', 'neutral'] as const).map(symbolOf);
    expect(symbols).toEqual(['●', '◔', '▲', '✕', '○']);
  });

  it('shortens long ids to their end, and names artifacts by name and version', () => {
    expect(shortId('12345678')).toBe('12345678');
    expect(shortId('0123456789abcdef')).toBe('…abcdef');
    expect(artifactLabel({ id: 'a1', name: 'support-agent', status: 'locked', version: 2 })).toBe(
      'support-agent v2',
    );
    expect(artifactLabel({ id: 'a2', name: 'support-agent', status: 'draft', version: null })).toBe(
      'support-agent (draft)',
    );
    expect(artifactLabel({ id: '0123456789abcdef', status: 'draft' })).toBe('…abcdef (draft)');
    expect(artifactLabel(null)).toBe('no artifact');
  });

  it('labels the events it knows, and shows the type of those it does not', () => {
    expect(eventLabel('replacement.candidateRunning')).toBe('Candidate running');
    expect(eventLabel('replacement.cancelled')).toBe('Replacement cancelled');
    expect(eventLabel('something.new')).toBe('something.new');
  });
});
