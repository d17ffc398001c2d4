import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { FixturesInput } from '../src/schemas/fixtures.js';
import { main } from '../src/server.js';
import { createArtifact, createWorkload, workloadBody } from './fixtures.js';
import { createTestApp, T0 } from './helpers.js';
import { freePort } from './server-process.js';

describe('starting with fixtures', () => {
  it('answers no request before the fixtures are in: the first answer already lists them', async () => {
    const port = await freePort();
    const starting = main(
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        MOCK_CLOCK: 'manual',
        MOCK_FIXTURES: 'fixtures/demo.json',
      },
      { banner: null, handleSignals: false },
    );
    // Poll as a client waiting for the server would, from before it listens.
    let first: { totalCount: number } | null = null;
    for (let attempt = 0; attempt < 2000 && first === null; attempt++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v2/workloads`, {
          headers: { authorization: 'Bearer demo' },
        });
        first = (await response.json()) as { totalCount: number };
      } catch {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const app = await starting;
    try {
      expect(first).not.toBeNull();
      expect(first!.totalCount).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it("gives the fixtures' workloads an endpoint on the public URL, else on the port (8080 when any free port)", async () => {
    const fixtures: FixturesInput = {
      version: 1,
      tenants: [
        {
          token: 'fixture-token',
          artifacts: [
            {
              key: 'agent',
              name: 'agent',
              status: 'locked',
              spec: {
                containerGroups: [{ containers: [{ imageUri: 'agent:1', port: 8080, primary: true }] }],
              },
            },
          ],
          workloads: [{ key: 'prod', name: 'agent-prod', artifact: 'agent' }],
        },
      ],
    };
    for (const [config, origin] of [
      [{ port: 0 }, 'http://localhost:8080'],
      [{ port: 9123 }, 'http://localhost:9123'],
      [{ port: 0, publicUrl: 'https://mock.example.com/' }, 'https://mock.example.com'],
    ] as const) {
      const app = await buildApp({
        config: { clock: { mode: 'manual', scale: 60, start: T0 }, ...config },
        fixtures,
      });
      try {
        const id = app.fixtures!.ids.workloads.prod!;
        const workload = await app.inject({
          method: 'GET',
          url: `/api/v2/workloads/${id}`,
          headers: { authorization: 'Bearer fixture-token' },
        });
        expect(workload.json().endpoint, origin).toBe(`${origin}/api/v2/endpoints/workloads/${id}/`);
      } finally {
        await app.close();
      }
    }
  });
});

describe('the start-up banner', () => {
  it('counts tokens and tenants in words that agree with the number', async () => {
    let text = '';
    const banner = new PassThrough().on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const app = await main(
      { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', MOCK_CLOCK: 'manual', MOCK_TOKENS: 'abc:team' },
      { banner, handleSignals: false },
    );
    await app.close();
    expect(text).toContain('Tokens     1 mapped token (1 tenant); others are refused');
  });
});

describe('the clock at start-up', () => {
  it('sets the fixtures timeline at one instant however fast the clock runs, ending at MOCK_CLOCK_START', async () => {
    const start = Date.parse('2026-03-01T00:00:00Z');
    const app = await main(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        MOCK_TIME_SCALE: '1000000',
        MOCK_CLOCK_START: new Date(start).toISOString(),
        MOCK_FIXTURES: 'fixtures/demo.json',
      },
      { banner: null, handleSignals: false },
    );
    try {
      const listed = await app.inject({
        method: 'GET',
        url: '/api/v2/artifacts?limit=100',
        headers: { authorization: 'Bearer demo' },
      });
      const created = new Map<string, string>(
        listed
          .json()
          .data.map((artifact: { name: string; createdAt: string }) => [artifact.name, artifact.createdAt]),
      );
      // Entries at the timeline's start (no `at`), three hours (its duration) before the clock's start.
      const atZero = new Date(start - 3 * 3600_000).toISOString().replace('Z', '+00:00');
      expect([created.get('embeddings-api'), created.get('nightly-report')]).toEqual([atZero, atZero]);
    } finally {
      await app.close();
    }
  });
  it('restores a state file saved at a high rate at its own instant, MOCK_CLOCK=manual naming the mode', async () => {
    const saved = await createTestApp();
    const api = saved.client();
    await createWorkload(api, workloadBody(await createArtifact(api)));
    const doc = (await saved.app.inject({ method: 'GET', url: '/_mock/state' })).json();
    await saved.close();
    Object.assign(doc.sections.clock, { mode: 'scaled', scale: 1_000_000 });
    const file = join(mkdtempSync(join(tmpdir(), 'mock-state-')), 'state.json');
    writeFileSync(file, JSON.stringify(doc));
    const app = await main(
      { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MOCK_STATE_FILE: file, MOCK_CLOCK: 'manual' },
      { banner: null, handleSignals: false },
    );
    try {
      const clock = (await app.inject({ method: 'GET', url: '/_mock/clock' })).json();
      expect([clock.mode, clock.epochMs]).toEqual(['manual', doc.sections.clock.epochMs]);
    } finally {
      await app.close();
    }
  });
});
