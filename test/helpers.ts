import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import type { ConfigOverrides } from '../src/config.js';
import type { Clock } from '../src/sim/clock.js';
import { recordResponse } from './recorder.js';

/** Simulated time every test starts at. */
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** ISO timestamp `seconds` after T0, as the API formats it. */
export function at(seconds: number): string {
  return `${new Date(T0 + seconds * 1000).toISOString().slice(0, -1)}+00:00`;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/**
 * A client of one token over app.inject. Its answers are recorded for the contract test, unless
 * `recorded` is false (reads repeated many times over, a twin's copies).
 */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    readonly token: string | null,
    private readonly recorded = true,
  ) {}

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const target = url.startsWith('/') ? url : `/api/v2/${url}`;
    const response = await this.app.inject({
      method: method as 'GET',
      url: target,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const text = response.body;
    const contentType = String(response.headers['content-type'] ?? '');
    const json = contentType.includes('json');
    if (this.recorded)
      recordResponse({
        method,
        url: target,
        status: response.statusCode,
        contentType,
        body: text,
        ...(body !== null && typeof body === 'object' && !Buffer.isBuffer(body) ? { requestBody: body } : {}),
      });
    return {
      status: response.statusCode,
      body: text ? (json ? JSON.parse(text) : text) : undefined,
      headers: response.headers,
    };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body ?? {});
  }
  patch<T = any>(url: string, body: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  put<T = any>(url: string, body: unknown) {
    return this.request<T>('PUT', url, body);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }
}

export interface TestApp {
  app: FastifyInstance;
  clock: Clock;
  client(token?: string | null): Client;
  /** Moves the manual clock forward, running every transition that falls due. */
  advance(seconds: number): void;
  close(): Promise<void>;
}

/** The app as tests use it: a manual clock at T0, seeded ids, every response checked against its schema. */
export async function createTestApp(config: ConfigOverrides = {}): Promise<TestApp> {
  const app = await buildApp({
    config: { clock: { mode: 'manual', scale: 60, start: T0 }, seed: 'test', ...config },
    strictResponses: true,
  });
  const clock = app.emulator.clock;
  return {
    app,
    clock,
    client: (token = 'tenant-a') => new Client(app, token),
    advance: (seconds) => {
      clock.advance(seconds);
    },
    close: () => app.close(),
  };
}
