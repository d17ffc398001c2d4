import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../errors.js';
import { ErrorResponse, UnprocessableResponse } from '../schemas/common.js';
import { Health, ResetBody, ResetQuery, ResetResponse } from '../schemas/mock.js';
import { adminTokenGuard, declareAdminTokenError } from './admin-token.js';
import { clockRoutes } from './clock.js';
import { faultRoutes } from './faults.js';
import { journalRoutes } from './journal.js';
import { stateRoutes } from './state.js';
import { streamRoutes } from './stream.js';
import { tenantRoutes } from './tenants.js';
import { trafficRoutes } from './traffic.js';
import { uiRoutes } from './ui.js';
import { workloadControlRoutes } from './workloads.js';

/** The mock's own control surface, outside /api/v2. */
export const mockRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator } = app;
  const tags = ['mock'];

  const { adminToken } = emulator.config;
  if (adminToken !== undefined) app.addHook('onRequest', adminTokenGuard(adminToken));
  declareAdminTokenError(app);

  const health = async () => ({ status: 'ok' as const, time: emulator.clock.nowIso() });
  app.get(
    '/health',
    {
      config: { adminTokenExempt: true },
      schema: {
        tags,
        operationId: 'mockHealth',
        summary: 'Answers 200 once the mock is ready',
        response: { 200: Health },
      },
    },
    health,
  );
  // Health checkers may ask with HEAD: a page, not an API operation (those have no HEAD, as in FastAPI).
  app.head('/health', { config: { adminTokenExempt: true }, schema: { hide: true } }, health);

  app.post(
    '/reset',
    {
      schema: {
        tags,
        operationId: 'mockReset',
        summary:
          'Forget everything (the request journal too; with a seed, ids start again), or one tenant named by ?tenant= or {"tenant": ...}',
        querystring: ResetQuery,
        body: ResetBody.optional(),
        response: { 200: ResetResponse, 404: ErrorResponse, 422: UnprocessableResponse },
      },
    },
    async (request) => {
      const named = [request.query.tenant, request.body?.tenant].flatMap((name) =>
        name === undefined ? [] : [emulator.tenantNamed(name)],
      );
      if (named.length === 2 && named[0] !== named[1]) {
        throw errors.invalidBody(['tenant'], 'Value error, the query and the body name different tenants');
      }
      const tenant = named[0];
      emulator.reset(tenant);
      // Everything: what a test asks of the journal after a reset is what it sent since.
      if (tenant === undefined) app.journal.clear();
      return { reset: tenant ?? 'all' };
    },
  );

  await app.register(clockRoutes);
  await app.register(faultRoutes);
  await app.register(workloadControlRoutes);
  await app.register(stateRoutes);
  await app.register(journalRoutes);
  await app.register(tenantRoutes);
  await app.register(streamRoutes);
  await app.register(uiRoutes);
  await app.register(trafficRoutes);
};
