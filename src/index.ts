/**
 * workload-api-mock as a library: start a mock in your test process, or build the Fastify app
 * yourself. See README ("In your tests").
 */
export { API_PREFIX, type BuildAppOptions, buildApp } from './app.js';
export {
  createWorkloadApiClient,
  type WorkloadApiClient,
  type WorkloadApiClientOptions,
} from './client/index.js';
export { type Config, ConfigError, type ConfigOverrides, defaultConfig } from './config.js';
export { FixtureError, type FixtureSummary } from './domain/fixtures.js';
export { type SnapshotSection, STATE_FORMAT, STATE_VERSION } from './domain/snapshot.js';
export type { FixturesInput } from './schemas/fixtures.js';
export { type MockServer, type StartMockServerOptions, startMockServer } from './server.js';
export { Clock, type ClockMode, type ClockOptions } from './sim/clock.js';
