import { describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  type ConfigOverrides,
  configFromEnvironment,
  defaultConfig,
  parseDuration,
} from '../src/config.js';

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const config = configFromEnvironment({});
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'info',
      tokens: undefined,
      clock: { mode: 'scaled', scale: 60 },
      rolloutTimeoutSeconds: 1800,
      replacementRetentionSeconds: 60,
      deletedRetentionSeconds: 60,
      eventsPerWorkload: 1000,
      buildSeconds: 60,
      telemetryRetentionSeconds: 7 * 86400,
      endpointLatencyMs: 80,
      scaleUpDelaySeconds: 30,
      scaleDownDelaySeconds: 300,
      coldStartTimeoutSeconds: 300,
    });
    const tuned = configFromEnvironment({ MOCK_BUILD_SECONDS: '5', MOCK_TELEMETRY_RETENTION: '2h' });
    expect([tuned.buildSeconds, tuned.telemetryRetentionSeconds]).toEqual([5, 7200]);
    const scaling = configFromEnvironment({
      MOCK_ENDPOINT_LATENCY: '250ms',
      MOCK_SCALE_UP_DELAY: '0',
      MOCK_SCALE_DOWN_DELAY: '2m',
      MOCK_COLD_START_TIMEOUT: '1m',
    });
    expect(scaling).toMatchObject({
      endpointLatencyMs: 250,
      scaleUpDelaySeconds: 0,
      scaleDownDelaySeconds: 120,
      coldStartTimeoutSeconds: 60,
    });
  });

  it('reads every variable', () => {
    const config = configFromEnvironment({
      PORT: '9090',
      MOCK_TOKENS: 'tokA:team1, tokB:team1,tokC:team2',
      MOCK_CLOCK: 'manual',
      MOCK_TIME_SCALE: '3600',
      MOCK_ROLLOUT_TIMEOUT: '5m',
      MOCK_SEED: '42',
      MOCK_PUBLIC_URL: 'https://mock.example.com/',
    });
    expect(config.port).toBe(9090);
    expect([...config.tokens!.entries()]).toEqual([
      ['tokA', 'team1'],
      ['tokB', 'team1'],
      ['tokC', 'team2'],
    ]);
    expect(config.clock).toMatchObject({ mode: 'manual', scale: 3600 });
    expect(config.rolloutTimeoutSeconds).toBe(300);
    expect(config.seed).toBe('42');
    expect(config.publicUrl).toBe('https://mock.example.com');
    expect(configFromEnvironment({ MOCK_PUBLIC_URL: 'https://mock.example.com/base//' }).publicUrl).toBe(
      'https://mock.example.com/base',
    );
  });

  it('reads a start time with a zone offset as the instant it names', () => {
    expect(configFromEnvironment({ MOCK_CLOCK_START: '2026-01-01T02:00:00+02:00' }).clock.start).toBe(
      Date.UTC(2026, 0, 1),
    );
    // With spaces around, as every other setting is read.
    expect(configFromEnvironment({ MOCK_CLOCK_START: ' 2026-01-01T00:00:00Z\t' }).clock.start).toBe(
      Date.UTC(2026, 0, 1),
    );
  });

  it('reads a choice with spaces around or in capitals, as numbers are read with spaces', () => {
    const config = configFromEnvironment({ LOG_LEVEL: 'INFO', MOCK_CLOCK: ' manual ' });
    expect(config.logLevel).toBe('info');
    expect(config.clock.mode).toBe('manual');
  });

  it("has the README's body limit and journal size, reads a journal of 0 as none, and ports up to 65535", () => {
    expect(configFromEnvironment({})).toMatchObject({ bodyLimit: 1024 * 1024, journalSize: 1000 });
    expect(configFromEnvironment({ MOCK_JOURNAL_SIZE: '0' }).journalSize).toBe(0);
    expect(defaultConfig({ journalSize: 0 }).journalSize).toBe(0);
    expect(configFromEnvironment({ PORT: '65535' }).port).toBe(65535);
    expect(() => configFromEnvironment({ PORT: '65536' })).toThrow(/Invalid PORT/);
    expect(() => defaultConfig({ port: 65536 })).toThrow(/Invalid config\.port/);
  });

  it('names the variable of a bad value', () => {
    for (const [variable, value] of [
      ['PORT', 'eighty'],
      ['PORT', '70000'],
      ['LOG_LEVEL', 'loud'],
      ['MOCK_CLOCK', 'fast'],
      ['MOCK_TIME_SCALE', '-1'],
      ['MOCK_TIME_SCALE', '1000001'],
      ['MOCK_ROLLOUT_TIMEOUT', 'soon'],
      ['MOCK_SCALE_DOWN_DELAY', 'later'],
      ['MOCK_TOKENS', ':team'],
      ['MOCK_TOKENS', 'tokA:team1,tokA:team2'],
      ['MOCK_PUBLIC_URL', 'not a url'],
      ['MOCK_PUBLIC_URL', 'ftp://mock.example.com'],
      ['MOCK_PUBLIC_URL', 'httpx://mock.example.com'],
      ['MOCK_PUBLIC_URL', 'https://mock.example.com/base?x=1'],
      ['MOCK_PUBLIC_URL', 'https://mock.example.com/#top'],
      // Numbers are written in decimal: no hex, exponent or sign, as in the README.
      ['PORT', '0x4A0D'],
      ['PORT', '1.8931e4'],
      ['MOCK_TIME_SCALE', '+5'],
      ['MOCK_JOURNAL_SIZE', '1e3'],
      // A start the clock cannot show; a duration that is no number of seconds; a real timer's limit.
      ['MOCK_CLOCK_START', '0000-01-01T00:00:00Z'],
      ['MOCK_ROLLOUT_TIMEOUT', '9'.repeat(400)],
      ['MOCK_SNAPSHOT_SECONDS', '30d'],
    ]) {
      expect(() => configFromEnvironment({ [variable!]: value }), variable).toThrow(ConfigError);
      expect(() => configFromEnvironment({ [variable!]: value }), variable).toThrow(
        new RegExp(`Invalid ${variable}`),
      );
    }
    expect(configFromEnvironment({ MOCK_TIME_SCALE: '1000000' }).clock.scale).toBe(1_000_000);
    // The message says what is expected, and what was given.
    expect(() => configFromEnvironment({ MOCK_ROLLOUT_TIMEOUT: 'soon' })).toThrow(
      'Invalid MOCK_ROLLOUT_TIMEOUT: expected a duration such as 90, 90s, 30m, 1h or 2h15m (got "soon")',
    );
  });

  it('says why a value is refused, for each kind of setting', () => {
    for (const [variable, value, reason] of [
      ['PORT', 'eighty', 'expected a decimal number'],
      // Counts are whole and above 0; the journal may be 0 but is whole too.
      ['MOCK_BODY_LIMIT', '1.5', 'Invalid input: expected int, received number'],
      ['MOCK_BODY_LIMIT', '0', 'Too small: expected number to be >0'],
      ['MOCK_EVENTS_PER_WORKLOAD', '0', 'Too small: expected number to be >0'],
      ['MOCK_STREAM_BACKLOG', '0', 'Too small: expected number to be >0'],
      ['MOCK_JOURNAL_SIZE', '2.5', 'Invalid input: expected int, received number'],
      // A real timer waits at most 2^31-1 ms: 2147483 s is the longest interval.
      ['MOCK_SNAPSHOT_SECONDS', '2147484', 'expected at most 24 days'],
      ['MOCK_SNAPSHOT_SECONDS', '0', 'expected a duration above 0'],
      ['MOCK_CLOCK_START', '0000-01-01T00:00:00Z', 'expected a date in years 1-9999'],
      ['MOCK_PUBLIC_URL', 'ftp://x.example', 'expected an http or https URL'],
      ['MOCK_PUBLIC_URL', 'https://x.example/?a=1', 'expected a base URL without a query or fragment'],
      ['MOCK_TOKENS', 'tokA:', '"tokA:" is not of the form token:tenant'],
      ['MOCK_TOKENS', 'a:t1,a:t2', 'token "a" is mapped to both t1 and t2'],
    ]) {
      expect(() => configFromEnvironment({ [variable!]: value }), `${variable}=${value}`).toThrow(
        `Invalid ${variable}: ${reason} (got ${JSON.stringify(value)})`,
      );
    }
    expect(configFromEnvironment({ MOCK_SNAPSHOT_SECONDS: '2147483' }).snapshotSeconds).toBe(2_147_483);
    // Of several bad values, the first in the table's order is named.
    expect(() => configFromEnvironment({ MOCK_CLOCK: 'fast', PORT: 'eighty' })).toThrow(/^Invalid PORT: /);
  });

  it('reads a blank value as unset, for every setting', () => {
    const config = configFromEnvironment({
      PORT: ' ',
      MOCK_TIME_SCALE: '  ',
      MOCK_JOURNAL_SIZE: '\t',
      MOCK_SEED: ' ',
    });
    const defaults = configFromEnvironment({});
    expect([config.port, config.clock.scale, config.journalSize, config.seed]).toEqual([
      defaults.port,
      defaults.clock.scale,
      defaults.journalSize,
      undefined,
    ]);
    expect(configFromEnvironment({ MOCK_SNAPSHOT_SECONDS: '24d' }).snapshotSeconds).toBe(24 * 86400);
  });

  it('reads every time setting into its own place, and the rest of the defaults', () => {
    expect(configFromEnvironment({})).toMatchObject({
      pods: {
        unscheduledSeconds: 2,
        schedulingSeconds: 5,
        containerCreatingSeconds: 5,
        readinessSeconds: 5,
        terminationSeconds: 5,
      },
      interruptionSeconds: 30,
      snapshotSeconds: 5,
      streamBacklog: 10_000,
    });
    const config = configFromEnvironment({
      MOCK_UNSCHEDULED_SECONDS: '1',
      MOCK_SCHEDULING_SECONDS: '2',
      MOCK_CONTAINER_CREATING_SECONDS: '3',
      MOCK_READINESS_SECONDS: '4',
      MOCK_TERMINATION_SECONDS: '6',
      MOCK_INTERRUPTION_SECONDS: '7',
      MOCK_REPLACEMENT_RETENTION: '8',
      MOCK_DELETED_RETENTION: '9',
    });
    expect(config.pods).toEqual({
      unscheduledSeconds: 1,
      schedulingSeconds: 2,
      containerCreatingSeconds: 3,
      readinessSeconds: 4,
      terminationSeconds: 6,
    });
    expect([
      config.interruptionSeconds,
      config.replacementRetentionSeconds,
      config.deletedRetentionSeconds,
    ]).toEqual([7, 8, 9]);
  });

  it('reads numbers and durations with spaces around and decimal fractions, and trims a seed', () => {
    const config = configFromEnvironment({
      MOCK_TIME_SCALE: '0.5',
      MOCK_BUILD_SECONDS: ' 90 ',
      MOCK_SEED: ' 42 ',
    });
    expect([config.clock.scale, config.buildSeconds, config.seed]).toEqual([0.5, 90, '42']);
  });

  it('reads MOCK_TOKENS leniently: a bare token is its own tenant, spaces, a pair twice and a trailing comma are fine', () => {
    const tokens = configFromEnvironment({
      MOCK_TOKENS: 'tokA : team1, solo,tokA:team1,tokB:team:2,',
    }).tokens;
    // The first colon ends the token: a tenant name may hold one.
    expect([...tokens!.entries()]).toEqual([
      ['tokA', 'team1'],
      ['solo', 'solo'],
      ['tokB', 'team:2'],
    ]);
    // Commas alone name no token: every token would be refused.
    expect(() => configFromEnvironment({ MOCK_TOKENS: ' , ' })).toThrow(
      'Invalid MOCK_TOKENS: names no token',
    );
  });

  it('trims the address to listen on, as it trims the port', () => {
    expect(configFromEnvironment({ HOST: ' 127.0.0.1\t', PORT: ' 9090 ' })).toMatchObject({
      host: '127.0.0.1',
      port: 9090,
    });
  });

  it('checks in-process overrides as it checks the environment, naming the setting', () => {
    for (const [overrides, setting] of [
      [{ eventsPerWorkload: 0 }, 'config.eventsPerWorkload'],
      [{ journalSize: -1 }, 'config.journalSize'],
      [{ endpointLatencyMs: Number.NaN }, 'config.endpointLatencyMs'],
      [{ tokens: 'a:t1' }, 'config.tokens'],
      [{ pods: { unscheduledSeconds: '2h' } }, 'config.pods.unscheduledSeconds'],
      [{ clock: { mode: 'bogus', scale: 60, start: undefined } }, 'config.clock.mode'],
      [{ publicUrl: 'ftp://x.example' }, 'config.publicUrl'],
      [{ streamBacklog: -1 }, 'config.streamBacklog'],
      [{ seed: 42 }, 'config.seed'],
      [{ snapshotSeconds: 30 * 86400 }, 'config.snapshotSeconds'],
      [{ clock: { scale: 1_000_001 } }, 'config.clock.scale'],
      [{ clock: { start: Date.UTC(10000, 0, 1) } }, 'config.clock.start'],
      [{ adminToken: '' }, 'config.adminToken'],
      [{ host: '' }, 'config.host'],
      [{ logLevel: 'loud' }, 'config.logLevel'],
      [{ bodyLimit: 0 }, 'config.bodyLimit'],
      [{ interruptionSeconds: -1 }, 'config.interruptionSeconds'],
      [{ endpointLatencyMs: -1 }, 'config.endpointLatencyMs'],
      // A misspelt clock or pod setting is refused, not ignored.
      [{ clock: { bogus: 1 } }, 'config.clock'],
      [{ pods: { bogus: 1 } }, 'config.pods'],
    ] as [ConfigOverrides, string][]) {
      expect(() => defaultConfig(overrides), setting).toThrow(ConfigError);
      expect(() => defaultConfig(overrides), setting).toThrow(`Invalid ${setting}: `);
    }
    expect(() => defaultConfig({ bogus: 1 } as ConfigOverrides)).toThrow(/Unrecognized key/);
    // As MOCK_TOKENS: no empty token or tenant; the setting is named and the entry at fault shown.
    expect(() => defaultConfig({ tokens: new Map([['', 'team1']]) })).toThrow(
      'Invalid config.tokens: Too small: expected string to have >=1 characters (got ["","team1"])',
    );
    expect(() => defaultConfig({ tokens: new Map([['a', '']]) })).toThrow(
      /^Invalid config\.tokens: .*\(got \["a",""\]\)$/,
    );
    // The value given is shown as written, even where JSON has no word for it.
    expect(() => defaultConfig({ endpointLatencyMs: Number.NaN })).toThrow(/\(got NaN\)$/);
    expect(() => defaultConfig({ seed: new Map() } as unknown as ConfigOverrides)).toThrow(/\(got a Map\)$/);
    expect(() => defaultConfig({ seed: Symbol('s') } as unknown as ConfigOverrides)).toThrow(
      /\(got Symbol\(s\)\)$/,
    );
    // As the environment's: endpoints add their own '/'.
    expect(defaultConfig({ publicUrl: 'https://x.example/base/' }).publicUrl).toBe('https://x.example/base');
    expect(defaultConfig({ publicUrl: 'https://x.example/base//' }).publicUrl).toBe('https://x.example/base');
  });

  it("gives in-process defaults that the process's environment does not change", () => {
    vi.stubEnv('MOCK_JOURNAL_SIZE', '5');
    vi.stubEnv('PORT', '9090');
    try {
      expect(defaultConfig()).toMatchObject({ journalSize: 1000, port: 8080 });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('parses durations', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('2h15m')).toBe(8100);
    expect(parseDuration('1m 30s')).toBe(90);
    expect(parseDuration('80ms')).toBe(0.08);
    expect(parseDuration('later')).toBeNull();
    expect(parseDuration('5x')).toBeNull();
    expect(parseDuration('-5')).toBeNull();
    // Seconds with a fraction and no unit; any whitespace between the parts.
    expect(parseDuration(' 0.25 ')).toBe(0.25);
    expect(parseDuration('1m\t30s')).toBe(90);
    // Text before, after or between the parts is no duration, not the parts it holds.
    expect(parseDuration('1m30')).toBeNull();
    expect(parseDuration('about 5m')).toBeNull();
    expect(parseDuration('5m later')).toBeNull();
    expect(configFromEnvironment({ MOCK_ENDPOINT_LATENCY: '0.25' }).endpointLatencyMs).toBe(250);
  });

  it('takes a duration for every setting in seconds, and for the other durations a compound one', () => {
    const config = configFromEnvironment({
      MOCK_BUILD_SECONDS: '1m',
      MOCK_READINESS_SECONDS: '7',
      MOCK_SNAPSHOT_SECONDS: '500ms',
      MOCK_ROLLOUT_TIMEOUT: '2h15m',
    });
    expect(config.buildSeconds).toBe(60);
    expect(config.pods.readinessSeconds).toBe(7);
    expect(config.snapshotSeconds).toBe(0.5);
    expect(config.rolloutTimeoutSeconds).toBe(8100);
    expect(() => configFromEnvironment({ MOCK_SNAPSHOT_SECONDS: '0' })).toThrow(/MOCK_SNAPSHOT_SECONDS/);
  });
});
