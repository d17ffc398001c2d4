import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../errors.js';
import { bearerToken } from '../routes/auth.js';
import { UnprocessableResponse } from '../schemas/common.js';
import { Health, ResetQuery, ResetResponse } from '../schemas/mock.js';
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

  const adminToken = emulator.config.adminToken;
  if (adminToken !== undefined) {
    const expected = Buffer.from(adminToken);
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/_mock/health')) return;
      const given = Buffer.from(bearerToken(request.headers.authorization) ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw errors.adminTokenRequired();
    });
  }

  app.get(
    '/health',
    {
      schema: {
        tags,
        operationId: 'mockHealth',
        summary: 'Answers 200 once the mock is ready',
        response: { 200: Health },
      },
    },
    async () => ({ status: 'ok' as const, time: emulator.clock.nowIso() }),
  );

  app.post(
    '/reset',
    {
      schema: {
        tags,
        operationId: 'mockReset',
        summary: 'Forget everything, or one tenant with ?tenant=',
        querystring: ResetQuery,
        response: { 200: ResetResponse, 422: UnprocessableResponse },
      },
    },
    async (request) => {
      emulator.reset(request.query.tenant);
      return { reset: request.query.tenant ?? 'all' };
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
