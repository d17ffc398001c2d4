import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { type ConfigOverrides, defaultConfig } from './config.js';
import { lazySwaggerUi } from './docs.js';
import { Emulator } from './domain/emulator.js';
import type { FixtureSummary } from './domain/fixtures.js';
import { Formatter } from './domain/format.js';
import { clientErrorHandler, connectHandler, frameworkErrorHandler, installErrorHandling } from './errors.js';
import { takeAdminTokenFromUrl } from './mock/admin-token.js';
import { mockRoutes } from './mock/index.js';
import { installRequestJournal } from './mock/journal.js';
import { LiveFeed } from './mock/live-feed.js';
import { documentTransforms, openapiDocument } from './openapi.js';
import { artifactRoutes } from './routes/artifacts.js';
import { authenticate } from './routes/auth.js';
import { buildRoutes } from './routes/builds.js';
import { endpointRoutes } from './routes/endpoints.js';
import { eventRoutes } from './routes/events.js';
import { otelRoutes } from './routes/otel.js';
import { protonRoutes } from './routes/protons.js';
import { replacementRoutes } from './routes/replacements.js';
import { repositoryRoutes } from './routes/repositories.js';
import { sharingRoutes } from './routes/sharing.js';
import { statsRoutes } from './routes/stats.js';
import { versionRoutes } from './routes/version.js';
import { workloadRoutes } from './routes/workloads.js';
import { createSerializerCompiler, validatorCompiler, withEveryPart } from './schemas/compilers.js';
import type { FixturesInput } from './schemas/fixtures.js';
import type { Clock } from './sim/clock.js';
import type { Principal, Store } from './store/store.js';
import { installBodyParsers, normaliseRequestHead } from './wire.js';

export interface BuildAppOptions {
  /** Overrides of the default configuration (server.ts passes the environment's). */
  config?: ConfigOverrides | undefined;
  /** A clock to drive the simulation with, e.g. `new Clock({ mode: 'manual' })` in tests. */
  clock?: Clock | undefined;
  store?: Store | undefined;
  /** Fastify's logger option; off unless given. */
  logger?: FastifyServerOptions['logger'];
  /** Check every response body against its declared schema (tests do). */
  strictResponses?: boolean | undefined;
  /**
   * Fixtures to seed the state with: a file path or a document (default: `config.fixtures`; null:
   * none). Their timeline ends at the clock's start time. A bad file throws a FixtureError.
   */
  fixtures?: string | FixturesInput | null | undefined;
}

export const API_PREFIX = '/api/v2';

/** Real time close() gives requests in flight before it closes their connections. */
export const CLOSE_GRACE_MS = 1000;

/** Builds the mock, ready to serve; it never listens (server.ts and startMockServer do). */
export async function buildApp(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const config = defaultConfig(options.config);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimit,
    // An id of any length is looked up (and not found: a 404, as FastAPI answers), not a 414; Node's
    // limit on the request head bounds it.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 64 * 1024 },
    // FastAPI does not answer HEAD on a GET operation (405, `Allow: GET`); neither does the mock.
    exposeHeadRoutes: false,
    frameworkErrors: frameworkErrorHandler(config.bodyLimit),
    clientErrorHandler,
    // Node answers an HTTP/1.1 request without Host with an empty 400; uvicorn serves it, and links
    // fall back to the address the request came in on.
    http: { requireHostHeader: false },
    // Before routing: the head normalised (Content-Type, absolute-form target; wire.ts), and
    // ?adminToken= out of /_mock URLs, so that no schema, log line or journal entry sees it.
    rewriteUrl: (raw) => takeAdminTokenFromUrl(raw, normaliseRequestHead(raw)),
    // Health checks poll; their lines would drown the rest.
    logController: new LogController({
      disableRequestLogging: (request) => request.url.startsWith('/_mock/health'),
    }),
  });
  // Node answers an Expect other than 100-continue with an empty 417; uvicorn ignores it and serves.
  app.server.on('checkExpectation', (request, response) => app.server.emit('request', request, response));
  app.server.on('connect', connectHandler);
  const emulator = new Emulator({ config, clock: options.clock, store: options.store });
  emulator.clock.onError = (error) => app.log.error({ err: error }, 'simulation step failed');
  app.decorate('emulator', emulator);
  app.decorate('format', new Formatter(emulator));
  app.decorate('liveFeed', new LiveFeed(emulator, app.format, config.streamBacklog));
  app.decorateRequest('principal', null as unknown as Principal);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createSerializerCompiler({ strict: options.strictResponses ?? false }));
  installErrorHandling(app, config.bodyLimit, withEveryPart);
  installBodyParsers(app);
  // In the turn of the event loop the handler runs in (a body may arrive after the headers).
  app.addHook('preHandler', (_request, _reply, done) => {
    emulator.clock.catchUp();
    done();
  });
  // Open event streams would keep close() waiting for their clients: end them first.
  app.addHook('preClose', async () => app.liveFeed.close());
  // A connection that never finishes its request (a head sent in part, a body that stalls) would
  // keep close() waiting for ever: requests in flight get a moment, then every connection goes.
  app.addHook('preClose', (done) => {
    const cutOff = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
    cutOff.unref();
    app.server.once('close', () => clearTimeout(cutOff));
    done();
  });
  app.addHook('onClose', async () => emulator.close());
  installRequestJournal(app, emulator.clock, config.journalSize);
  if (config.stateFile) {
    // A read outside the API (a health check, the documents, the dashboard, /_mock's reads) changes
    // nothing the file keeps; counting one would make a container's health checks export an idle
    // mock's whole state at every interval. A read of the API may (a token's first call adds a user).
    const apiPath = `${API_PREFIX}/`;
    app.addHook('onResponse', (request, _reply, done) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || request.url.startsWith(apiPath))
        emulator.requestsAnswered++;
      done();
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Workload API (mock)',
        version: '11.5-mock',
        description:
          'A local emulator of the Workload API: the same routes, bodies and errors, over a simulated cluster whose time and failures you control through /_mock.',
      },
      tags: [
        { name: 'workloads', description: 'Workloads, their protons, replacements and lifecycle.' },
        { name: 'artifacts', description: 'Artifacts and their repositories.' },
        {
          name: 'observability',
          description: 'OpenTelemetry logs, traces and metrics of workloads (OTLP-like JSON).',
        },
        {
          name: 'endpoints',
          description: "Workloads' endpoints, answered by the simulated workloads (mock only).",
        },
        {
          name: 'platform',
          description: 'Routes of the platform around the Workload API that its clients call (mock only).',
        },
        { name: 'mock', description: "The mock's own controls: clock, faults, state." },
      ],
    },
    ...documentTransforms(),
  });
  let document: ReturnType<typeof openapiDocument> | null = null;
  const documentOnce = () => {
    document ??= openapiDocument(app);
    return document;
  };
  await lazySwaggerUi(app, { routePrefix: '/docs', document: documentOnce });

  await app.register(
    async (api) => {
      api.addHook('onRequest', authenticate(config, emulator.store));
      await api.register(artifactRoutes);
      await api.register(buildRoutes);
      await api.register(repositoryRoutes);
      await api.register(sharingRoutes);
      await api.register(statsRoutes);
      await api.register(otelRoutes);
      await api.register(workloadRoutes);
      await api.register(protonRoutes);
      await api.register(eventRoutes);
      await api.register(replacementRoutes);
      await api.register(endpointRoutes);
      await api.register(versionRoutes);
    },
    { prefix: API_PREFIX },
  );
  await app.register(mockRoutes, { prefix: '/_mock' });

  // A Starlette route in FastAPI, which answers HEAD too (API operations do not).
  app.route({
    method: ['GET', 'HEAD'],
    url: '/openapi.json',
    schema: { hide: true },
    handler: async () => documentOnce(),
  });

  const fixtures = options.fixtures === undefined ? config.fixtures : options.fixtures;
  let summary: FixtureSummary | null = null;
  if (fixtures != null) {
    try {
      // Loaded only to seed: the fixtures' schemas are a start-up cost most runs never need.
      const { seedFixtures } = await import('./domain/fixtures.js');
      const publicBase = config.publicUrl ?? `http://localhost:${config.port || 8080}`;
      summary = seedFixtures(emulator, fixtures, { rewind: true, publicBase });
    } catch (error) {
      await app.close();
      throw error;
    }
  }
  app.decorate('fixtures', summary);

  await app.ready();
  return app;
}
