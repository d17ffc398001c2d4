import { z } from 'zod';

/** Parses "90", "90s", "30m", "1.5h", "2d" into seconds. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[unit] ?? 1;
  return value * factor;
}

const duration = z.string().transform((text, ctx) => {
  const seconds = parseDuration(text);
  if (seconds === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration such as 90, 90s, 30m or 1h' });
    return z.NEVER;
  }
  return seconds;
});

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegative = (fallback: number) => z.coerce.number().nonnegative().default(fallback);

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
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MOCK_TOKENS: tokenMap.optional(),
  MOCK_SEED: optionalText,
  MOCK_CLOCK: z.enum(['scaled', 'manual']).default('scaled'),
  MOCK_TIME_SCALE: z.coerce.number().nonnegative().max(1_000_000).default(60),
  MOCK_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  MOCK_PUBLIC_URL: z.url().optional(),
  MOCK_BODY_LIMIT: positiveInt(1024 * 1024),
  MOCK_UNSCHEDULED_SECONDS: nonNegative(2),
  MOCK_SCHEDULING_SECONDS: nonNegative(5),
  MOCK_CONTAINER_CREATING_SECONDS: nonNegative(5),
  MOCK_READINESS_SECONDS: nonNegative(5),
  MOCK_TERMINATION_SECONDS: nonNegative(5),
  MOCK_INTERRUPTION_SECONDS: nonNegative(30),
  MOCK_ROLLOUT_TIMEOUT: duration.default(1800),
  MOCK_REPLACEMENT_RETENTION: duration.default(60),
  MOCK_EVENTS_PER_WORKLOAD: positiveInt(1000),
  MOCK_STREAM_BACKLOG: positiveInt(10_000),
  MOCK_BUILD_SECONDS: nonNegative(60),
  MOCK_TELEMETRY_RETENTION: duration.default(7 * 86400),
  MOCK_ENDPOINT_LATENCY: duration.default(0.08),
  MOCK_SCALE_UP_DELAY: duration.default(30),
  MOCK_SCALE_DOWN_DELAY: duration.default(300),
  MOCK_COLD_START_TIMEOUT: duration.default(300),
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
  eventsPerWorkload: number;
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
    reason: string,
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
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = environmentSchema.safeParse(relevant);
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
    eventsPerWorkload: e.MOCK_EVENTS_PER_WORKLOAD,
    streamBacklog: e.MOCK_STREAM_BACKLOG,
    buildSeconds: e.MOCK_BUILD_SECONDS,
    telemetryRetentionSeconds: e.MOCK_TELEMETRY_RETENTION,
    endpointLatencyMs: e.MOCK_ENDPOINT_LATENCY * 1000,
    scaleUpDelaySeconds: e.MOCK_SCALE_UP_DELAY,
    scaleDownDelaySeconds: e.MOCK_SCALE_DOWN_DELAY,
    coldStartTimeoutSeconds: e.MOCK_COLD_START_TIMEOUT,
  };
}

/** The configuration with every default, for tests and in-process use. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return { ...configFromEnvironment({}), ...overrides };
}
