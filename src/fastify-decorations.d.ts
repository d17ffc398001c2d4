// What the mock adds to Fastify's types. Kept in a declaration file, which the build does not emit,
// so that a project importing the package keeps its own Fastify types: names such as `principal`
// or `format` on its requests and instances are its own, not the mock's.

import type { Emulator } from './domain/emulator.js';
import type { FixtureSummary } from './domain/fixtures.js';
import type { Formatter } from './domain/format.js';
import type { RequestJournal } from './mock/journal.js';
import type { LiveFeed } from './mock/live-feed.js';
import type { Principal } from './store/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    emulator: Emulator;
    format: Formatter;
    /** What the fixtures created, when the app was built with fixtures. */
    fixtures: FixtureSummary | null;
    /** Every state change, for GET /_mock/stream and in-process listeners. */
    liveFeed: LiveFeed;
    journal: RequestJournal;
  }
  interface FastifyRequest {
    principal: Principal;
    /** The body's text as it arrived (decoded), before any schema read it; null when none was read. */
    bodyText: string | null;
    /** The body's size in bytes as it arrived, when it was read. */
    bodyBytes: number;
    journalResponseText: string | null;
    journalResponseBytes: number;
    journalGeneration: number;
  }
  interface FastifyContextConfig {
    /** The route passes any body on (a workload's endpoint): documented as an optional body of any type. */
    passesAnyBody?: boolean;
    /** Served without the admin token: the route holds no data (health, the dashboard's static files). */
    adminTokenExempt?: boolean;
  }
}
