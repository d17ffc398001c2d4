import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { FixturesInput } from '../src/schemas/fixtures.js';
import { main } from '../src/server.js';
import { StateFile } from '../src/state-file.js';
import { createArtifact, createWorkload, workloadBody } from './fixtures.js';
import { Client, createTestApp, T0 } from './helpers.js';
import { freePort } from './server-process.js';

/** Starts the mock as the command does but in this process, its banner kept: close `app` when done. */
async function start(env: Record<string, string>) {
  let text = '';
  const banner = new PassThrough().on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const app = await main(
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', MOCK_CLOCK: 'manual', ...env },
    { banner, handleSignals: false },
  );
  return { app, banner: () => text };
}

/** The banner the mock prints when started with `env`. */
async function bannerOf(env: Record<string, string>): Promise<string> {
  const { app, banner } = await start(env);
  await app.close();
  return banner();
}

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
  it('started as the command, gives them an endpoint on the address it listens on, else on MOCK_PUBLIC_URL', async () => {
    for (const publicUrl of [undefined, 'https://mock.example.com']) {
      const { app } = await start({
        MOCK_FIXTURES: 'fixtures/demo.json',
        ...(publicUrl === undefined ? {} : { MOCK_PUBLIC_URL: publicUrl }),
      });
      try {
        const origin = publicUrl ?? `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        const { body } = await new Client(app, 'demo').get('workloads?limit=100');
        const workload = (body.data as { id: string; endpoint?: string }[]).find((each) => each.endpoint);
        expect(workload?.endpoint, origin).toBe(`${origin}/api/v2/endpoints/workloads/${workload?.id}/`);
      } finally {
        await app.close();
      }
    }
  });

  it('seeds none over a restored state, and the banner says which it did', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-state-'));
    const file = join(dir, 'state.json');
    const env = { MOCK_FIXTURES: 'fixtures/demo.json', MOCK_STATE_FILE: file };
    const artifacts = async (api: Client) => (await api.get('artifacts?limit=100')).body.totalCount as number;
    try {
      const first = await start(env);
      let kept: number;
      try {
        expect(first.banner()).toContain('Fixtures   fixtures/demo.json: 2 tenants, ');
        expect(first.banner()).toContain(
          `State      ${file} (new; saved on shutdown and every 5s when changed)\n`,
        );
        const api = new Client(first.app, 'demo');
        await createArtifact(api);
        kept = await artifacts(api);
        new StateFile(file, first.app.emulator).save();
      } finally {
        await first.app.close();
      }
      const second = await start(env);
      try {
        expect(await artifacts(new Client(second.app, 'demo'))).toBe(kept);
        expect(second.banner()).toContain(`Fixtures   not loaded (the state was restored from ${file})\n`);
        expect(second.banner()).toContain(
          `State      ${file} (restored; saved on shutdown and every 5s when changed)\n`,
        );
      } finally {
        await second.app.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the start-up banner', () => {
  it('counts tokens and tenants in words that agree with the number', async () => {
    expect(await bannerOf({ MOCK_TOKENS: 'abc:team' })).toContain(
      'Tokens     1 mapped token (1 tenant); others are refused',
    );
    expect(await bannerOf({ MOCK_TOKENS: 'abc:team,def:team' })).toContain(
      'Tokens     2 mapped tokens (1 tenant); others are refused',
    );
    expect(await bannerOf({})).toContain('Tokens     any token (each token is its own tenant)\n');
  });

  it("says whether /_mock wants the admin token and the clock's mode, rate and time; LOG_LEVEL=silent prints none", async () => {
    const paused = await bannerOf({
      MOCK_CLOCK: 'scaled',
      MOCK_TIME_SCALE: '0',
      MOCK_CLOCK_START: '2026-03-01T00:00:00Z',
      MOCK_ADMIN_TOKEN: 'secret',
    });
    expect(paused).toMatch(/\/_mock {2}\(admin token required on \/_mock\)\n/);
    expect(paused).toContain('Clock      scaled, paused (scale 0); now 2026-03-01T00:00:00.000+00:00\n');
    const running = await bannerOf({ MOCK_CLOCK: 'scaled', MOCK_TIME_SCALE: '30' });
    expect(running).toMatch(/\/_mock {2}\(open\)\n/);
    expect(running).toContain('Clock      scaled x30 (30 simulated seconds per real second); now ');
    expect(await bannerOf({ LOG_LEVEL: 'silent' })).toBe('');
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
  it('lets a scaled clock run once the mock answers', async () => {
    const { app } = await start({ MOCK_CLOCK: 'scaled', MOCK_TIME_SCALE: '1000000' });
    try {
      const { clock } = app.emulator;
      const first = clock.now();
      // A million simulated seconds per real one: the next real microsecond moves it.
      let now = first;
      for (let look = 0; look < 1000 && now === first; look++) {
        await new Promise((resolve) => setImmediate(resolve));
        now = clock.now();
      }
      expect(now).toBeGreaterThan(first);
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
