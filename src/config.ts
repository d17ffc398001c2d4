import { z } from 'zod';
import { isShowable, MAX_SCALE } from './sim/clock.js';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses "90", "90s", "30m", "1.5h", "2d", or a compound such as "2h15m" or "1m30s", into seconds. */
export function parseDuration(text: string): number | null {
  const bare = /^\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (bare) return Number(bare[1]);
  const compact = text.replace(/\s+/g, '');
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(compact)) return null;
  let seconds = 0;
  for (const [, value, unit] of compact.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    seconds += Number(value) * UNIT_SECONDS[unit!]!;
  }
  return seconds;
}

/**
 * What each setting holds once read: the environment's text parses into these, and in-process
 * overrides are checked against them.
 */
const seconds = z.number().min(0);
const count = z.number().int().positive();
const countOrNone = z.number().int().min(0);
const portNumber = z.number().int().min(0).max(65535);
const timeScale = z.number().min(0).max(MAX_SCALE);
const showableTime = z.number().refine(isShowable, 'expected a date in years 1-9999');
const publicUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http or https URL' })
  .refine((url) => !/[?#]/.test(url), 'expected a base URL without a query or fragment');
/** Real seconds between state file writes: a real timer, which waits at most 2^31-1 ms. */
const snapshotInterval = z
  .number()
  .positive('expected a duration above 0')
  .max(Math.floor((2 ** 31 - 1) / 1000), 'expected at most 24 days');
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const clockMode = z.enum(['scaled', 'manual']);
/** A choice as a setting writes it: spaces around and capitals allowed, as numbers allow spaces. */
const choice = <T extends z.ZodType<string, string>>(values: T) =>
  z.string().trim().toLowerCase().pipe(values);

const duration = z
  .string()
  .transform((text, ctx) => {
    const parsed = parseDuration(text);
    if (parsed === null) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration such as 90, 90s, 30m, 1h or 2h15m' });
      return z.NEVER;
    }
    return parsed;
  })
  .pipe(seconds);

/** A number as the settings are written: decimal digits (no sign, hex or exponent). */
const decimal = z
  .string()
  .regex(/^\s*\d+(\.\d+)?\s*$/, 'expected a decimal number')
  .transform(Number);

const positiveInt = (fallback: number) => decimal.pipe(count).default(fallback);

/** token:tenant pairs, comma separated: "tokA:team1,tokB:team1,tokC:team2". */
const tokenMap = z.string().transform((text, ctx) => {
  const tokens = new Map<string, string>();
  for (const part of text.split(',')) {
    const entry = part.trim();
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const token = colon === -1 ? entry : entry.slice(0, colon).trim();
    const tenant = colon === -1 ? entry : entry.slice(colon + 1).trim();
    if (!token || !tenant) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not of the form token:tenant` });
      return z.NEVER;
    }
    const earlier = tokens.get(token);
    if (earlier !== undefined && earlier !== tenant) {
      ctx.addIssue({
        code: 'custom',
        message: `token "${token}" is mapped to both ${earlier} and ${tenant}`,
      });
      return z.NEVER;
    }
    tokens.set(token, tenant);
  }
  if (tokens.size === 0) {
    ctx.addIssue({ code: 'custom', message: 'names no token' });
    return z.NEVER;
  }
  return tokens;
});

const optionalText = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim()));

/** Every environment variable the mock reads, with its default. The single source of the README's table. */
export const environmentSchema = z.object({
  PORT: decimal.pipe(portNumber).default(8080).describe('port to listen on (0: any free port)'),
  HOST: z.string().trim().min(1).default('0.0.0.0').describe('address to listen on'),
  LOG_LEVEL: choice(logLevel).default('info').describe('pino log level'),
  MOCK_TOKENS: tokenMap.optional().describe('tok:tenant,... : only these tokens, mapped to named tenants'),
  MOCK_SEED: optionalText.describe('makes ids and every random choice reproducible'),
  MOCK_CLOCK: choice(clockMode)
    .default('scaled')
    .describe('scaled (real time times the scale) or manual (moves only when advanced)'),
  MOCK_TIME_SCALE: decimal.pipe(timeScale).default(60).describe('simulated seconds per real second'),
  MOCK_CLOCK_START: z
    .string()
    .trim()
    .pipe(
      z.iso
        .datetime({ offset: true })
        .refine((text) => isShowable(Date.parse(text)), 'expected a date in years 1-9999'),
    )
    .optional()
    .describe('simulated start time (ISO-8601 with seconds and a zone, e.g. 2026-01-01T00:00:00Z)'),
  MOCK_PUBLIC_URL: publicUrl.optional().describe('base of workload endpoints (default: the request origin)'),
  MOCK_BODY_LIMIT: positiveInt(1024 * 1024).describe('largest request body in bytes'),
  MOCK_UNSCHEDULED_SECONDS: duration.default(2).describe('pod pending without a node'),
  MOCK_SCHEDULING_SECONDS: duration.default(5).describe('pod pending on a node'),
  MOCK_CONTAINER_CREATING_SECONDS: duration.default(5).describe('containers being created'),
  MOCK_READINESS_SECONDS: duration.default(5).describe('until readiness probes pass'),
  MOCK_TERMINATION_SECONDS: duration.default(5).describe('graceful pod termination'),
  MOCK_INTERRUPTION_SECONDS: duration.default(30).describe('node eviction until pods are rescheduled'),
  MOCK_ROLLOUT_TIMEOUT: duration
    .default(1800)
    .describe('a replacement candidate not ready by then (warm-up aside) fails the replacement'),
  MOCK_REPLACEMENT_RETENTION: duration
    .default(60)
    .describe('how long a completed replacement stays readable'),
  MOCK_DELETED_RETENTION: duration
    .default(60)
    .describe("how long a deleted workload's events stay readable after the delete"),
  MOCK_EVENTS_PER_WORKLOAD: positiveInt(1000).describe('events kept per workload'),
  MOCK_FIXTURES: optionalText.describe('fixtures file (JSON) to seed the state with at start'),
  MOCK_STATE_FILE: optionalText.describe(
    'state file: restored at start, written on shutdown and periodically',
  ),
  MOCK_SNAPSHOT_SECONDS: duration
    .pipe(snapshotInterval)
    .default(5)
    .describe('real seconds between state file writes (only when the state changed)'),
  MOCK_JOURNAL_SIZE: decimal
    .pipe(countOrNone)
    .default(1000)
    .describe('requests kept in the journal at /_mock/requests'),
  MOCK_ADMIN_TOKEN: optionalText.describe(
    'when set, required on /_mock as a Bearer token or ?adminToken= (health and the dashboard page excepted)',
  ),
  MOCK_STREAM_BACKLOG: positiveInt(10_000).describe('messages of /_mock/stream kept for clients resuming'),
  MOCK_BUILD_SECONDS: duration.default(60).describe('how long an image build stays IN_PROGRESS'),
  MOCK_TELEMETRY_RETENTION: duration.default(7 * 86400).describe('how long request statistics are kept'),
  MOCK_ENDPOINT_LATENCY: duration
    .default(0.08)
    .describe('median simulated latency of a request to a workload endpoint'),
  MOCK_SCALE_UP_DELAY: duration
    .default(30)
    .describe('how long load must call for more replicas before the autoscaler adds them'),
  MOCK_SCALE_DOWN_DELAY: duration
    .default(300)
    .describe('how long load must call for fewer replicas before the autoscaler removes them'),
  MOCK_COLD_START_TIMEOUT: duration
    .default(300)
    .describe('how long a request waits for a proton scaled to zero to start'),
});

export type Environment = z.input<typeof environmentSchema>;

export interface PodTimings {
  /** Pending without a node. */
  unscheduledSeconds: number;
  /** Pending on a node: volumes, secrets, resource bundle. */
  schedulingSeconds: number;
  /** Running, containers being created (image pull and start). */
  containerCreatingSeconds: number;
  /** Running, readiness probes not yet passed. */
  readinessSeconds: number;
  /** Graceful termination of a pod. */
  terminationSeconds: number;
}

export interface Config {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** token -> tenant name; undefined: every token is its own tenant. */
  tokens: Map<string, string> | undefined;
  seed: string | undefined;
  clock: { mode: 'scaled' | 'manual'; scale: number; start: number | undefined };
  publicUrl: string | undefined;
  bodyLimit: number;
  pods: PodTimings;
  interruptionSeconds: number;
  rolloutTimeoutSeconds: number;
  replacementRetentionSeconds: number;
  deletedRetentionSeconds: number;
  eventsPerWorkload: number;
  /** Fixtures file seeded at start. */
  fixtures: string | undefined;
  /** State file restored at start and written on shutdown and every `snapshotSeconds`. */
  stateFile: string | undefined;
  snapshotSeconds: number;
  /** Requests kept by the journal (0: none). */
  journalSize: number;
  /** Required on /_mock (health and the dashboard's static page excepted) when set. */
  adminToken: string | undefined;
  /** Messages of GET /_mock/stream kept for clients resuming with Last-Event-ID. */
  streamBacklog: number;
  /** How long an image build stays IN_PROGRESS. */
  buildSeconds: number;
  /** How long request statistics are kept (per-minute buckets). */
  telemetryRetentionSeconds: number;
  /** Median time a replica of an idle workload takes to answer a request to its endpoint. */
  endpointLatencyMs: number;
  /** Stabilisation windows of autoscaling: how long the metrics must call for more (fewer) replicas. */
  scaleUpDelaySeconds: number;
  scaleDownDelaySeconds: number;
  /** How long a request to a proton scaled to zero waits for a replica before a 504. */
  coldStartTimeoutSeconds: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from environment variables once; a bad value throws a ConfigError naming it. */
export function configFromEnvironment(env: Record<string, string | undefined>): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(environmentSchema.shape)) {
    const value = env[key];
    // Blank is unset, for every setting.
    if (value !== undefined && value.trim() !== '') relevant[key] = value;
  }
  // Parsed once: compiling zod's fast path for it (jit) would cost more than it saves.
  const parsed = environmentSchema.safeParse(relevant, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, `${issue.message} (got ${JSON.stringify(relevant[variable] ?? '')})`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    tokens: e.MOCK_TOKENS,
    seed: e.MOCK_SEED,
    clock: {
      mode: e.MOCK_CLOCK,
      scale: e.MOCK_TIME_SCALE,
      start: e.MOCK_CLOCK_START === undefined ? undefined : Date.parse(e.MOCK_CLOCK_START),
    },
    publicUrl: e.MOCK_PUBLIC_URL?.replace(/\/+$/, ''),
    bodyLimit: e.MOCK_BODY_LIMIT,
    pods: {
      unscheduledSeconds: e.MOCK_UNSCHEDULED_SECONDS,
      schedulingSeconds: e.MOCK_SCHEDULING_SECONDS,
      containerCreatingSeconds: e.MOCK_CONTAINER_CREATING_SECONDS,
      readinessSeconds: e.MOCK_READINESS_SECONDS,
      terminationSeconds: e.MOCK_TERMINATION_SECONDS,
    },
    interruptionSeconds: e.MOCK_INTERRUPTION_SECONDS,
    rolloutTimeoutSeconds: e.MOCK_ROLLOUT_TIMEOUT,
    replacementRetentionSeconds: e.MOCK_REPLACEMENT_RETENTION,
    deletedRetentionSeconds: e.MOCK_DELETED_RETENTION,
    eventsPerWorkload: e.MOCK_EVENTS_PER_WORKLOAD,
    fixtures: e.MOCK_FIXTURES,
    stateFile: e.MOCK_STATE_FILE,
    snapshotSeconds: e.MOCK_SNAPSHOT_SECONDS,
    journalSize: e.MOCK_JOURNAL_SIZE,
    adminToken: e.MOCK_ADMIN_TOKEN,
    streamBacklog: e.MOCK_STREAM_BACKLOG,
    buildSeconds: e.MOCK_BUILD_SECONDS,
    telemetryRetentionSeconds: e.MOCK_TELEMETRY_RETENTION,
    endpointLatencyMs: e.MOCK_ENDPOINT_LATENCY * 1000,
    scaleUpDelaySeconds: e.MOCK_SCALE_UP_DELAY,
    scaleDownDelaySeconds: e.MOCK_SCALE_DOWN_DELAY,
    coldStartTimeoutSeconds: e.MOCK_COLD_START_TIMEOUT,
  };
}

/** Settings to change from their defaults; pod timings one by one. */
export type ConfigOverrides = Partial<Omit<Config, 'pods' | 'clock'>> & {
  pods?: Partial<PodTimings> | undefined;
  clock?: Partial<Config['clock']> | undefined;
};

/** A whole Config, as in-process overrides are checked: what the environment's values parse into. */
const configSchema = z.strictObject({
  port: portNumber,
  host: z.string().min(1),
  logLevel,
  tokens: z.map(z.string().min(1), z.string().min(1)).optional(),
  seed: z.string().optional(),
  clock: z.strictObject({ mode: clockMode, scale: timeScale, start: showableTime.optional() }),
  publicUrl: publicUrl.optional(),
  bodyLimit: count,
  pods: z.strictObject({
    unscheduledSeconds: seconds,
    schedulingSeconds: seconds,
    containerCreatingSeconds: seconds,
    readinessSeconds: seconds,
    terminationSeconds: seconds,
  }),
  interruptionSeconds: seconds,
  rolloutTimeoutSeconds: seconds,
  replacementRetentionSeconds: seconds,
  deletedRetentionSeconds: seconds,
  eventsPerWorkload: count,
  fixtures: z.string().optional(),
  stateFile: z.string().optional(),
  snapshotSeconds: snapshotInterval,
  journalSize: countOrNone,
  adminToken: z.string().min(1).optional(),
  streamBacklog: count,
  buildSeconds: seconds,
  telemetryRetentionSeconds: seconds,
  endpointLatencyMs: z.number().min(0),
  scaleUpDelaySeconds: seconds,
  scaleDownDelaySeconds: seconds,
  coldStartTimeoutSeconds: seconds,
});

/**
 * The configuration with every default, for tests and in-process use; a bad override throws a
 * ConfigError naming it, as a bad environment value does.
 */
export function defaultConfig(overrides: ConfigOverrides = {}): Config {
  const defaults = configFromEnvironment({});
  // Pod timings and the clock's mode, scale and start are one setting each: a partial set keeps the
  // defaults of the rest.
  const config: Config = {
    ...defaults,
    ...overrides,
    pods: { ...defaults.pods, ...overrides.pods },
    clock: { ...defaults.clock, ...overrides.clock },
  };
  // As the environment's MOCK_PUBLIC_URL: endpoints add their own '/'.
  if (config.publicUrl !== undefined) config.publicUrl = config.publicUrl.replace(/\/+$/, '');
  const checked = configSchema.safeParse(config, { jitless: true });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const { path, value } = settingAt(config, issue.path);
    throw new ConfigError(
      ['config', ...path.map(String)].join('.'),
      `${issue.message} (got ${shown(value)})`,
    );
  }
  return config;
}

/** The setting a path leads to and its value; within a map (tokens), the map and the entry at fault. */
function settingAt(
  config: Config,
  path: readonly PropertyKey[],
): { path: readonly PropertyKey[]; value: unknown } {
  let current: unknown = config;
  for (const [at, key] of path.entries()) {
    if (current instanceof Map) return { path: path.slice(0, at), value: [key, current.get(key)] };
    current = (current as Record<PropertyKey, unknown> | undefined)?.[key];
  }
  return { path, value: current };
}

function shown(value: unknown): string {
  if (value instanceof Map) return 'a Map';
  return typeof value === 'number' && !Number.isFinite(value)
    ? String(value)
    : (JSON.stringify(value) ?? String(value));
}
