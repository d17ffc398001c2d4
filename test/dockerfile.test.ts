import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerSeconds, parseDockerfile, replayDockerfile, type Stage } from './dockerfile-replay.js';
import { ROOT } from './process-helpers.js';
import { freePort } from './server-process.js';

const DOCKERFILE = join(ROOT, 'Dockerfile');

/** The command as the image would run it, with this machine's node standing for the image's. */
function local(command: string[]): [string, string[]] {
  const [program, ...args] = command;
  return [program === 'node' ? process.execPath : program!, args];
}

describe('the Dockerfile', () => {
  it('is multi-stage on node:20-slim, installs production dependencies only, runs as a non-root user', () => {
    const instructions = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
    const froms = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^node:20-slim\b/);
    const finalStage = instructions.slice(instructions.findLastIndex((i) => i.keyword === 'FROM'));
    const keywords = (keyword: string) => finalStage.filter((i) => i.keyword === keyword).map((i) => i.args);
    expect(keywords('RUN').some((run) => /\bnpm ci --omit=dev\b/.test(run))).toBe(true);
    expect(keywords('USER')).toHaveLength(1);
    expect(keywords('USER')[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(keywords('EXPOSE')).toEqual(['8080']);
    expect(keywords('HEALTHCHECK')[0]).toContain('/_mock/health');
    expect(keywords('ENV').join(' ')).toContain('MOCK_FIXTURES=fixtures/demo.json');
  });
});

describe('the Dockerfile, replayed outside a container', { timeout: 240_000 }, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'docker-replay-'));
  let server: ChildProcess | null = null;
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
    rmSync(workspace, { recursive: true, force: true });
  });

  it('builds, starts its CMD with its ENV, and turns healthy by its HEALTHCHECK with the demo loaded', async () => {
    // This machine's Node.js stands for the image's: the same major version.
    expect(process.versions.node.split('.')[0]).toBe('20');

    const stages: Stage[] = replayDockerfile({ context: ROOT, dockerfile: DOCKERFILE, workspace });
    const final = stages.at(-1)!;
    expect(final.skipped.map((s) => s.command)).toEqual(['mkdir -p /data && chown node:node /data']);
    expect(final.cmd).not.toBeNull();
    expect(final.healthcheck).not.toBeNull();
    expect(final.expose).toEqual([final.env.PORT]);
    expect(final.volumes).toEqual(['/data']);

    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      ...final.env,
      // The one change from the image: a free port on loopback rather than 8080 on every interface.
      PORT: String(port),
      HOST: '127.0.0.1',
    };
    const cwd = join(final.root, final.workdir);
    const health = final.healthcheck!;
    const [healthProgram, healthArgs] = local(health.command);
    const healthy = () => spawnSync(healthProgram, healthArgs, { cwd, env, timeout: 5_000 }).status === 0;

    // Before the server runs, the health check fails: it can tell.
    expect(healthy()).toBe(false);

    const [program, args] = local(final.cmd!);
    server = spawn(program, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));

    // Polled as Docker would: every interval (shortened here), within the start period and retries.
    const budget =
      dockerSeconds(health.options['start-period'], 0) +
      dockerSeconds(health.options.interval, 30) * Number(health.options.retries ?? 3);
    const deadline = performance.now() + budget * 1000;
    while (!healthy()) {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${output}`);
      if (performance.now() > deadline) throw new Error(`not healthy within ${budget}s:\n${output}`);
      await delay(200);
    }

    const base = `http://127.0.0.1:${port}`;
    const workloads = await fetch(`${base}/api/v2/workloads?limit=100`, {
      headers: { authorization: 'Bearer demo' },
    }).then((res) => res.json() as Promise<{ totalCount: number; data: { status: string }[] }>);
    expect(workloads.totalCount).toBe(6);
    expect(new Set(workloads.data.map((w) => w.status))).toEqual(new Set(['running', 'stopped', 'errored']));
    expect(output).toContain('Fixtures   fixtures/demo.json: 2 tenants, 10 artifacts, 7 workloads, 2 faults');
    const dashboard = await fetch(`${base}/_mock/ui`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('content-type')).toMatch(/^text\/html/);

    // Only production dependencies were installed in the final stage: npm's record of what it
    // installed lists no package as dev-only, and the compiler is not there.
    const installed = JSON.parse(readFileSync(join(cwd, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(installed.packages).filter(([, entry]) => entry.dev === true);
    expect(devOnly.map(([path]) => path)).toEqual([]);
    expect(Object.keys(installed.packages)).toContain('node_modules/fastify');
    expect(Object.keys(installed.packages)).not.toContain('node_modules/typescript');

    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
