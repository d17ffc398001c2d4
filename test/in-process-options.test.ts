import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildApp,
  Clock,
  ConfigError,
  type FixturesInput,
  type StartMockServerOptions,
  startMockServer,
} from 'workload-api-mock';
import { ROOT } from './process-helpers.js';
import { freePort } from './server-process.js';

const fixtures: FixturesInput = {
  version: 1,
  duration: '10m',
  tenants: [
    {
      token: 'fixture-token',
      artifacts: [
        {
          key: 'agent',
          name: 'agent',
          status: 'locked',
          spec: {
            containerGroups: [
              {
                containers: [
                  { name: 'agent', imageUri: 'registry.example.com/agent:1', port: 8080, primary: true },
                ],
              },
            ],
          },
        },
      ],
      workloads: [{ key: 'prod', name: 'agent-prod', artifact: 'agent' }],
    },
  ],
};

describe('startMockServer', () => {
  it('takes fixtures, a seed, a start time and a clock of your own, and frees its port on close', async () => {
    const clock = new Clock({ mode: 'manual', start: Date.parse('2026-03-01T12:00:00Z') });
    const mock = await startMockServer({ clock, seed: 'options', fixtures });
    expect(mock.clock).toBe(clock);
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.apiUrl).toBe(`${mock.url}/api/v2`);
    const id = mock.fixtures!.ids.workloads.prod!;
    const res = await fetch(`${mock.apiUrl}/workloads/${id}`, {
      headers: { authorization: 'Bearer fixture-token' },
    });
    const workload = (await res.json()) as { status: string; createdAt: string; endpoint: string };
    expect(workload).toMatchObject({
      status: 'running',
      createdAt: '2026-03-01T11:50:00.000+00:00',
      endpoint: `${mock.url}/api/v2/endpoints/workloads/${id}/`,
    });
    await mock.close();
    await expect(fetch(`${mock.url}/_mock/health`)).rejects.toThrow();
  });

  it('closes though a client sent half a request and never the rest', async () => {
    const mock = await startMockServer({ clock: 'manual' });
    const { port } = new URL(mock.url);
    const half = connect(Number(port), '127.0.0.1');
    half.on('error', () => {});
    await new Promise((resolve) => half.once('connect', resolve));
    half.write('GET /api/v2/workloads HTTP/1.1\r\nHost: x\r\nAuthor');
    const closed = mock.close();
    await expect(closed).resolves.toBeUndefined();
    await once(half, 'close');
  });

  it('defaults to a scaled clock, with the rate and start given', async () => {
    const mock = await startMockServer({ timeScale: 0, start: '2030-01-01T00:00:00Z' });
    try {
      expect(mock.clock.mode).toBe('scaled');
      const clock = (await (await fetch(`${mock.url}/_mock/clock`)).json()) as { scale: number; now: string };
      expect(clock).toMatchObject({ scale: 0, now: '2030-01-01T00:00:00.000+00:00' });
    } finally {
      await mock.close();
    }
  });

  it('sets the fixtures at one instant however fast its clock runs: time starts once it answers', async () => {
    const start = Date.parse('2030-01-01T00:00:00Z');
    const mock = await startMockServer({ timeScale: 1_000_000, start, fixtures });
    try {
      const listed = await mock.app.inject({
        method: 'GET',
        url: '/api/v2/workloads',
        headers: { authorization: 'Bearer fixture-token' },
      });
      // The timeline (10 minutes) ends at the clock's start; its entries at 0 are 10 minutes before.
      expect(listed.json().data[0].createdAt).toBe('2029-12-31T23:50:00.000+00:00');
      // And runs from then on: a million simulated seconds per real one, the next real microsecond moves it.
      const first = mock.clock.now();
      let now = first;
      for (let look = 0; look < 1000 && now === first; look++) {
        await new Promise((resolve) => setImmediate(resolve));
        now = mock.clock.now();
      }
      expect(now).toBeGreaterThan(first);
    } finally {
      await mock.close();
    }
  });

  it('started without a port, takes a free one: two run side by side', async () => {
    const one = await startMockServer({ clock: 'manual' });
    try {
      const two = await startMockServer({ clock: 'manual' });
      try {
        expect(two.url).not.toBe(one.url);
        expect((await fetch(`${two.url}/_mock/health`)).status).toBe(200);
      } finally {
        await two.close();
      }
    } finally {
      await one.close();
    }
  });

  it('gives the fixtures an endpoint on config.publicUrl, and logs at config.logLevel', async () => {
    const mock = await startMockServer({
      clock: 'manual',
      fixtures,
      config: { publicUrl: 'https://mock.example.com', logLevel: 'fatal' },
    });
    try {
      const id = mock.fixtures!.ids.workloads.prod!;
      const res = await fetch(`${mock.apiUrl}/workloads/${id}`, {
        headers: { authorization: 'Bearer fixture-token' },
      });
      expect(((await res.json()) as { endpoint: string }).endpoint).toBe(
        `https://mock.example.com/api/v2/endpoints/workloads/${id}/`,
      );
      expect(mock.app.log.level).toBe('fatal');
    } finally {
      await mock.close();
    }
  });

  it('refuses fixtures it cannot seed, freeing its port, and a state file it could never save to', async () => {
    const port = await freePort();
    const bad: FixturesInput = {
      ...fixtures,
      tenants: [
        { ...fixtures.tenants[0]!, workloads: [{ key: 'prod', name: 'agent-prod', artifact: 'missing' }] },
      ],
    };
    await expect(startMockServer({ port, clock: 'manual', fixtures: bad })).rejects.toThrow(/missing/);
    await expect(fetch(`http://127.0.0.1:${port}/_mock/health`)).rejects.toThrow();
    await expect(
      startMockServer({ clock: 'manual', config: { stateFile: '/proc/mock-state.json' } }),
    ).rejects.toThrow(/mock-state\.json cannot be written: its directory \/proc is not writable/);
  });

  it('refuses a clock it cannot keep, before it listens', async () => {
    for (const options of [
      { timeScale: Number.NaN },
      { timeScale: Number.POSITIVE_INFINITY },
      { timeScale: -5 },
      { clock: 'manual' as const, start: 'garbage' },
      { start: '+275760-01-01T00:00:00Z' },
    ]) {
      await expect(startMockServer(options), JSON.stringify(options)).rejects.toThrow(RangeError);
    }
  });

  it('lets its config win over the options naming the same thing, pod timings and clock settings one by one', async () => {
    const mock = await startMockServer({
      clock: 'scaled',
      timeScale: 60,
      host: 'localhost',
      config: {
        host: '127.0.0.1',
        clock: { mode: 'manual', scale: 1, start: Date.parse('2020-01-01T00:00:00Z') },
        pods: { readinessSeconds: 1 },
      },
    });
    try {
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      expect(mock.app.server.address()).toMatchObject({ address: '127.0.0.1' });
      const clock = (await (await fetch(`${mock.url}/_mock/clock`)).json()) as { mode: string; now: string };
      expect(clock).toMatchObject({ mode: 'manual', now: '2020-01-01T00:00:00.000+00:00' });
      const pods = mock.app.emulator.config.pods;
      expect(pods.readinessSeconds).toBe(1);
      expect(pods.containerCreatingSeconds).toBeGreaterThan(0);
      expect(Object.values(pods).every(Number.isFinite)).toBe(true);
    } finally {
      await mock.close();
    }
    // A clock setting given alone keeps the others; a setting refused is a ConfigError.
    const partial = await startMockServer({ timeScale: 600, config: { clock: { mode: 'manual' } } });
    try {
      expect(partial.clock).toMatchObject({ mode: 'manual', scale: 600 });
      expect(partial.app.emulator.config.clock).toMatchObject({ mode: 'manual', scale: 600 });
    } finally {
      await partial.close();
    }
    const built = await buildApp({ config: { clock: { mode: 'manual' } } });
    expect(built.emulator.clock.mode).toBe('manual');
    await built.close();
    await expect(startMockServer({ config: { eventsPerWorkload: -1 } })).rejects.toBeInstanceOf(ConfigError);
    // A clock setting in config is checked as the others are, before the clock is built from it.
    for (const clock of [{ scale: -5 }, { start: Number.NaN }]) {
      await expect(startMockServer({ config: { clock } })).rejects.toThrow(/^Invalid config\.clock\./);
    }
    const seeded = await startMockServer({ clock: 'manual', config: { fixtures: 'fixtures/demo.json' } });
    try {
      expect(Object.keys(seeded.fixtures!.ids.workloads).length).toBeGreaterThan(0);
    } finally {
      await seeded.close();
    }
  });

  it('keeps its state in config.stateFile: restored at start in place of the fixtures, saved on close', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mock-state-'));
    const stateFile = join(directory, 'state.json');
    const options = { clock: 'manual' as const, fixtures, config: { stateFile, snapshotSeconds: 3600 } };
    try {
      const first = await startMockServer(options);
      const headers = { authorization: 'Bearer kept', 'content-type': 'application/json' };
      const created = await fetch(`${first.apiUrl}/artifacts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'kept', spec: { containerGroups: [] } }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      first.clock.advance(90);
      const time = first.clock.nowIso();
      await first.close();
      expect(existsSync(stateFile)).toBe(true);

      const second = await startMockServer(options);
      try {
        expect(second.fixtures).toBeNull();
        expect(second.clock.nowIso()).toBe(time);
        expect((await fetch(`${second.apiUrl}/artifacts/${id}`, { headers })).status).toBe(200);
        const seeded = await fetch(`${second.apiUrl}/workloads`, {
          headers: { authorization: 'Bearer fixture-token' },
        });
        expect(((await seeded.json()) as { totalCount: number }).totalCount).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('restores the clock the state file holds, but the mode or the rate its options name', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mock-state-'));
    const stateFile = join(directory, 'state.json');
    // Each start saves on close, its clock with the rest: the next start restores that one.
    const clockAfter = async (options: StartMockServerOptions) => {
      const mock = await startMockServer({ ...options, config: { ...options.config, stateFile } });
      const { mode, scale } = mock.clock;
      await mock.close();
      return [mode, scale];
    };
    try {
      expect(await clockAfter({ clock: 'manual', timeScale: 5 })).toEqual(['manual', 5]);
      expect(await clockAfter({})).toEqual(['manual', 5]);
      expect(await clockAfter({ clock: 'scaled' })).toEqual(['scaled', 5]);
      expect(await clockAfter({ timeScale: 10 })).toEqual(['scaled', 10]);
      expect(await clockAfter({ config: { clock: { mode: 'manual' } } })).toEqual(['manual', 10]);
      expect(await clockAfter({ config: { clock: { scale: 3 } } })).toEqual(['manual', 3]);
      expect(await clockAfter({ clock: new Clock({ mode: 'scaled', scale: 7 }) })).toEqual(['scaled', 7]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the package', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  /** The source a built path comes from (tsconfig.build.json: src -> dist). */
  const source = (built: string) =>
    join(ROOT, built.replace(/^\.?\/?dist\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts'));

  it('points main, types, exports and bin at what the build produces', () => {
    for (const built of [
      pkg.main,
      pkg.types,
      pkg.exports['.'].default,
      pkg.exports['.'].types,
      pkg.exports['./client'].default,
      // TypeScript's node10 resolution reads no exports: the client's types are found this way.
      pkg.typesVersions['*'].client[0],
      pkg.bin['workload-api-mock'],
    ]) {
      expect(existsSync(source(built)), built).toBe(true);
    }
    expect(
      readFileSync(source(pkg.bin['workload-api-mock']), 'utf8').startsWith('#!/usr/bin/env node\n'),
    ).toBe(true);
    expect(pkg.scripts.start).toContain('node dist/cli.js');
    // Packed from a clean clone too (dist/ is not committed), and from nothing stale.
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.scripts.build).toMatch(/rmSync\('dist'/);
  });

  it('leaves the Fastify types of a project that imports it as they are', () => {
    // What the mock adds to Fastify's types (`principal` on a request, `format` on an instance)
    // would clash with the same names in the project's own service. A declaration file's additions
    // are not emitted by the build; a source file's would be, into the package's declarations.
    const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' });
    const augmenting = files.filter(
      (file) =>
        /\.tsx?$/.test(file) &&
        readFileSync(join(ROOT, 'src', file), 'utf8').includes("declare module 'fastify'"),
    );
    expect(augmenting).toEqual(['fastify-decorations.d.ts']);
  });

  it('lets its shipped fixtures and OpenAPI document be imported by path', () => {
    for (const shipped of ['fixtures/demo.json', 'openapi/openapi.json', 'LICENSE']) {
      expect(existsSync(join(ROOT, shipped)), shipped).toBe(true);
    }
    expect(pkg.exports['./fixtures/*']).toBe('./fixtures/*');
    expect(pkg.exports['./openapi/*']).toBe('./openapi/*');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'fixtures', 'openapi', 'LICENSE']));
  });

  it('shows in the README the in-process example that test/in-process.test.ts runs', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = readFileSync(join(ROOT, 'test/in-process.test.ts'), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });
});
