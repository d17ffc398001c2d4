import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { stableUuid } from '../random.js';
import { TenantList } from '../schemas/stream.js';
import { workloadSummary } from './live-feed.js';

/**
 * GET /_mock/tenants: /api/v2 shows one tenant per token, so the dashboard learns here which tenants
 * exist, which tokens act as them, and their workloads.
 */
export const tenantRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;

  app.get(
    '/tenants',
    {
      schema: {
        tags: ['mock'],
        operationId: 'mockListTenants',
        summary: 'Every tenant (with state, or named in MOCK_TOKENS), its tokens and its workloads',
        response: { 200: TenantList },
      },
    },
    async () => {
      const tokens = new Map<string, string[]>();
      for (const [token, tenant] of emulator.config.tokens ?? []) {
        tokens.set(tenant, [...(tokens.get(tenant) ?? []), token]);
      }
      const names = new Set([...emulator.store.tenants.keys(), ...tokens.keys()]);
      const data = [...names]
        .sort((a, b) => a.localeCompare(b))
        .map((name) => {
          const state = emulator.store.tenants.get(name);
          const workloads = state ? [...state.workloads.values()] : [];
          return {
            name,
            id: state?.id ?? stableUuid(`tenant:${name}`),
            tokens: emulator.config.tokens ? (tokens.get(name) ?? []) : [name],
            artifactCount: state?.artifacts.size ?? 0,
            workloadCount: workloads.length,
            workloads: workloads.map((workload) => workloadSummary(emulator, format, workload)),
          };
        });
      return { count: data.length, data };
    },
  );
};
