import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { type Config, ConfigError, configFromEnvironment } from './config.js';

/**
 * The only place that reads the environment, listens, and shuts down. Everything else is built by
 * `buildApp`, which tests and the in-process API use too.
 */
export async function main(env: Record<string, string | undefined> = process.env): Promise<FastifyInstance> {
  let config: Config;
  try {
    config = configFromEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`workload-api-mock: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp({ config, logger: { level: config.logLevel } });
  const address = await app.listen({ port: config.port, host: config.host });
  const clock = app.emulator.clock;
  app.log.info(
    {
      url: address,
      tokens: config.tokens ? `${config.tokens.size} mapped tokens` : 'any token (each is its own tenant)',
      clock: clock.mode === 'manual' ? 'manual' : `scaled x${clock.scale}`,
    },
    `workload-api-mock listening on ${address} (API at ${address}/api/v2, docs at ${address}/docs)`,
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`received ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return app;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `workload-api-mock failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
