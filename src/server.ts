import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import {
  type Config,
  ConfigError,
  type ConfigOverrides,
  configFromEnvironment,
  defaultConfig,
} from './config.js';
import type { FixtureSummary } from './domain/fixtures.js';
import type { FixturesInput } from './schemas/fixtures.js';
import { Clock } from './sim/clock.js';
import { nextSaveDelay, StateFile, StateFileError } from './state-file.js';
import { plural } from './words.js';

/**
 * The only place that reads the environment, listens, and shuts down. Everything else is built by
 * `buildApp`, which tests and the in-process API use too; the CLI turns its flags into an
 * environment and calls `main`.
 */

/** A reason not to start that the user can fix: printed as one message, exit code 2. */
class StartupError extends Error {}

async function loggerOptions(config: Config): Promise<FastifyServerOptions['logger']> {
  if (!process.stdout.isTTY) return { level: config.logLevel };
  // Loaded for a terminal only: JSON logs (containers, CI) never need it.
  const { default: pinoPretty } = await import('pino-pretty');
  return {
    level: config.logLevel,
    stream: pinoPretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' }),
  };
}

/** The address clients use: a wildcard host is reached as localhost. */
function baseUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

function describeClock(clock: Clock): string {
  if (clock.mode === 'manual') return 'manual (moves with POST /_mock/clock/advance)';
  if (clock.scale === 0) return 'scaled, paused (scale 0)';
  return `scaled x${clock.scale} (${clock.scale} simulated seconds per real second)`;
}

function describeFixtures(source: string, summary: FixtureSummary): string {
  return `${source}: ${plural(summary.tenants, 'tenant')}, ${plural(summary.artifacts, 'artifact')}, ${plural(summary.workloads, 'workload')}, ${plural(summary.faults, 'fault')}`;
}

/**
 * Whether the npm script that runs the mock starts it in the background (`workload-api-mock &`), to
 * go on once the script has ended: an `&` in the script's text that is neither `&&` nor part of a
 * redirection (`2>&1`, `&>`, `|&`).
 */
export function backgroundedByScript(script: string | undefined): boolean {
  return script !== undefined && /(^|[^&<>|])&(?![&>])/.test(script);
}

export interface MainOptions {
  /** Where the banner goes (stderr by default); null for none. */
  banner?: NodeJS.WritableStream | null;
  /** Install SIGINT/SIGTERM handlers that save the state and exit (the CLI and `npm start` do). */
  handleSignals?: boolean;
  /** The flags that gave variables their values (`MOCK_TIME_SCALE` -> `--time-scale`): errors name them. */
  flags?: ReadonlyMap<string, string>;
}

/**
 * Saves the state every `seconds` when it changed, until the server closes. Snapshots are about real
 * time (how much work a crash may lose), not simulated time, so these are real timers; unref'd so
 * they never keep the process alive.
 */
function saveWhileServing(app: FastifyInstance, stateFile: StateFile, seconds: number): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const saveLater = (delayMs: number) => {
    timer = setTimeout(() => {
      const started = performance.now();
      try {
        if (stateFile.saveIfChanged()) app.log.debug({ path: stateFile.path }, 'state saved');
      } catch (error) {
        app.log.error({ err: error, path: stateFile.path }, 'saving the state failed');
      }
      saveLater(nextSaveDelay(seconds * 1000, performance.now() - started));
    }, delayMs);
    timer.unref();
  };
  saveLater(seconds * 1000);
  app.server.once('close', () => {
    if (timer) clearTimeout(timer);
  });
}

/** Starts the mock as configured by `env` (variables as in README); resolves once it listens. */
export async function main(
  env: Record<string, string | undefined> = process.env,
  options: MainOptions = {},
): Promise<FastifyInstance> {
  // The process that started it, read first: npm's shell may be gone by the time it listens.
  const parent = process.ppid;
  let config: Config;
  try {
    config = configFromEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      const flag = options.flags?.get(error.variable);
      throw new StartupError(flag ? `Invalid ${flag}: ${error.reason}` : error.message);
    }
    throw error;
  }
  // Time runs from when the mock answers: the restore, the overrides and the fixtures happen at one instant.
  const clock = new Clock({ ...config.clock, frozen: true });
  const app = await buildApp({ config, clock, logger: await loggerOptions(config), fixtures: null });
  const { emulator } = app;

  const stateFile = config.stateFile ? new StateFile(config.stateFile, emulator) : null;
  let restored = false;
  try {
    stateFile?.checkWritable();
    if (stateFile?.exists()) {
      stateFile.restore();
      restored = true;
      // The clock's mode and rate come back with the state, unless the environment or a flag names them.
      // (A blank variable names nothing: the default applies, as everywhere.)
      if (env.MOCK_CLOCK?.trim()) clock.setMode(config.clock.mode);
      if (env.MOCK_TIME_SCALE?.trim()) clock.setScale(config.clock.scale);
    }
  } catch (error) {
    await app.close();
    if (error instanceof StateFileError) throw new StartupError(error.message);
    throw error;
  }

  // Loaded before listening: seeding must follow listen with no pause, so that no request (a health
  // poll, then a read) is ever answered from the empty store in between.
  const fixturesModule = !restored && config.fixtures ? await import('./domain/fixtures.js') : null;

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    // Any system error (port taken, address not here, host name unknown) is the setting's fault.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code))
      throw new StartupError(`cannot listen on ${config.host}:${config.port} (${code}); set PORT or HOST`);
    throw error;
  }
  const url = baseUrl(app, config.host);

  let fixtures = 'none';
  if (restored) {
    fixtures = config.fixtures ? `not loaded (the state was restored from ${config.stateFile})` : 'none';
  } else if (config.fixtures && fixturesModule) {
    const { FixtureError, seedFixtures } = fixturesModule;
    try {
      fixtures = describeFixtures(
        config.fixtures,
        seedFixtures(emulator, config.fixtures, { rewind: true, publicBase: config.publicUrl ?? url }),
      );
    } catch (error) {
      await app.close();
      if (error instanceof FixtureError) throw new StartupError(error.message);
      throw error;
    }
  }

  clock.thaw();

  if (stateFile) saveWhileServing(app, stateFile, config.snapshotSeconds);

  const facts = {
    url,
    apiUrl: `${url}/api/v2`,
    docs: `${url}/docs`,
    tokens: config.tokens
      ? `${plural(config.tokens.size, 'mapped token')} (${plural(new Set(config.tokens.values()).size, 'tenant')}); others are refused`
      : 'any token (each token is its own tenant)',
    admin: config.adminToken ? 'admin token required on /_mock' : 'open',
    clock: describeClock(clock),
    simulatedTime: clock.nowIso(),
    fixtures,
    state: stateFile
      ? `${stateFile.path} (${restored ? 'restored' : 'new'}; saved on shutdown and every ${config.snapshotSeconds}s when changed)`
      : 'in memory only (set MOCK_STATE_FILE to keep it)',
  };
  // On a terminal the banner already shows the facts; JSON logs carry them for machines.
  app.log.info(process.stdout.isTTY ? {} : facts, `workload-api-mock listening on ${url}`);
  const banner = options.banner === undefined ? process.stderr : options.banner;
  if (banner && config.logLevel !== 'silent') {
    banner.write(
      [
        '',
        `  workload-api-mock on ${url}`,
        '',
        `  API        ${facts.apiUrl}`,
        `  Docs       ${facts.docs}  (OpenAPI at ${url}/openapi.json)`,
        `  Control    ${url}/_mock  (${facts.admin})`,
        `  Tokens     ${facts.tokens}`,
        `  Clock      ${facts.clock}; now ${facts.simulatedTime}`,
        `  Fixtures   ${facts.fixtures}`,
        `  State      ${facts.state}`,
        '',
        '',
      ].join('\n'),
    );
  }

  let closing = false;
  let orphanWatch: ReturnType<typeof setInterval> | null = null;
  app.server.once('close', () => {
    if (orphanWatch) clearInterval(orphanWatch);
  });
  const shutdown = async (reason: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${reason}, shutting down`);
    // True when there was nothing to save or it was saved; a failure is said with the file's path.
    const save = (): boolean => {
      if (!stateFile) return true;
      try {
        stateFile.save();
        app.log.info({ path: stateFile.path }, 'state saved');
        return true;
      } catch (error) {
        app.log.error({ err: error, path: stateFile.path }, 'saving the state failed: this run is not kept');
        return false;
      }
    };
    // close() cuts connections off after a moment; should anything else hold it, the state is kept.
    const force = setTimeout(() => {
      app.log.error('shutdown took over 10 s; exiting');
      save();
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      process.exit(save() ? 0 : 1);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  if (options.handleSignals ?? true) {
    // A closed terminal (SIGHUP) stops it as Ctrl-C does. A signal repeated during the shutdown
    // (Ctrl-C pressed twice) would kill the process before it saved, were it not handled: it stops
    // the wait for the requests in flight instead. A third takes the default action, at once.
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const onSignal = (signal: NodeJS.Signals) => {
      if (!closing) return void shutdown(`received ${signal}`);
      app.log.warn(`received ${signal} again: closing every connection now (once more ends the process)`);
      for (const each of signals) process.off(each, onSignal);
      app.server.closeAllConnections();
    };
    for (const signal of signals) process.on(signal, onSignal);
    // Run by npm (`npm start`, a package script), the mock's parent is the shell npm ran the script
    // in. Stopping npm stops that shell, which does not pass the signal on: the mock would be left
    // holding its port. So it stops as that shell goes (a real timer, like the snapshots'), unless
    // the script started it in the background (`mock &`) to go on once the script has ended.
    if (env.npm_lifecycle_event !== undefined && !backgroundedByScript(env.npm_lifecycle_script)) {
      orphanWatch = setInterval(() => {
        if (process.ppid !== parent) void shutdown('the npm script that started it ended');
      }, 250);
      orphanWatch.unref();
    }
  }
  return app;
}

/** Runs `main` as a program: a startup problem is one clear message and exit code 2. */
export function run(
  env: Record<string, string | undefined> = process.env,
  flags?: ReadonlyMap<string, string>,
): void {
  main(env, { ...(flags ? { flags } : {}) }).catch((error: unknown) => {
    if (error instanceof StartupError) {
      process.stderr.write(`workload-api-mock: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `workload-api-mock failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}

export interface StartMockServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; 127.0.0.1 by default. */
  host?: string;
  /**
   * 'scaled' (default: simulated time runs `timeScale` times real time), 'manual' (time moves only
   * when you call `clock.advance(seconds)`), or a Clock of your own.
   */
  clock?: 'scaled' | 'manual' | Clock;
  /** Simulated seconds per real second in scaled mode (default 60). */
  timeScale?: number;
  /** Simulated time at start (default: now). */
  start?: Date | string | number;
  /** Makes ids and every random choice reproducible. */
  seed?: string;
  /** Fixtures to seed with: a file path or a fixtures document. */
  fixtures?: string | FixturesInput;
  /** Any other setting (see Config); these win over the options above (but a Clock of your own). */
  config?: ConfigOverrides;
  /** Fastify's logger option; off by default. */
  logger?: FastifyServerOptions['logger'];
}

export interface MockServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The Workload API base: `${url}/api/v2`. */
  apiUrl: string;
  /** The simulation's clock: `clock.advance(seconds)` with a manual clock. */
  clock: Clock;
  app: FastifyInstance;
  /** What the fixtures created (the id of each key), when fixtures were given (and no state restored). */
  fixtures: FixtureSummary | null;
  close(): Promise<void>;
}

/** Starts a mock in this process, for tests: on a free port of 127.0.0.1 unless told otherwise. */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  // A bad setting is a ConfigError naming it, before anything is built from it (the clock first).
  defaultConfig(options.config);
  // Settings in `config` win over the options that name the same thing.
  const settings = options.config?.clock;
  const start =
    settings?.start ?? (options.start === undefined ? undefined : new Date(options.start).getTime());
  const clock =
    options.clock instanceof Clock
      ? options.clock
      : new Clock({
          mode: settings?.mode ?? options.clock ?? 'scaled',
          scale: settings?.scale ?? options.timeScale,
          ...(start !== undefined ? { start } : {}),
          // As in main: time runs from when the mock answers, the fixtures set at one instant.
          frozen: true,
        });
  const host = options.config?.host ?? options.host ?? '127.0.0.1';
  const config: ConfigOverrides = {
    host,
    port: options.port ?? 0,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...options.config,
    clock: { mode: clock.mode, scale: clock.scale, start },
  };
  const fixturesInput = options.config?.fixtures ?? options.fixtures;
  const logLevel = options.config?.logLevel;
  const logger = options.logger ?? (logLevel === undefined ? undefined : { level: logLevel });
  // Seeded below, once the mock listens (their endpoints name its address), not by buildApp.
  const app = await buildApp({ config, clock, logger, fixtures: null });
  try {
    const { stateFile: path, snapshotSeconds } = app.emulator.config;
    const stateFile = path ? new StateFile(path, app.emulator) : null;
    stateFile?.checkWritable();
    const restored = stateFile?.exists() ?? false;
    if (restored) {
      // As in main: the clock's mode and rate come back with the state, unless named here.
      const named = { mode: clock.mode, scale: clock.scale };
      stateFile!.restore();
      if (options.clock !== undefined || settings?.mode !== undefined) clock.setMode(named.mode);
      if (options.clock instanceof Clock || options.timeScale !== undefined || settings?.scale !== undefined)
        clock.setScale(named.scale);
    }
    // As in main: loaded before listening, so seeding follows listen without a pause; a restored
    // state is not seeded over.
    const seeding = restored ? undefined : fixturesInput;
    const fixturesModule = seeding === undefined ? null : await import('./domain/fixtures.js');
    await app.listen({ port: config.port ?? 0, host });
    const url = baseUrl(app, host);
    const fixtures =
      seeding === undefined || fixturesModule === null
        ? null
        : fixturesModule.seedFixtures(app.emulator, seeding, {
            rewind: true,
            publicBase: config.publicUrl ?? url,
          });
    clock.thaw();
    if (stateFile) saveWhileServing(app, stateFile, snapshotSeconds);
    const close = async () => {
      await app.close();
      stateFile?.save();
    };
    return { url, apiUrl: `${url}/api/v2`, clock, app, fixtures, close };
  } catch (error) {
    await app.close();
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) run();
