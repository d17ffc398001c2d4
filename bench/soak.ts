/**
 * npm run soak -- --minutes N: mixed load on `node dist/cli.js` listening on 127.0.0.1, for N
 * minutes (default 2, at most 60), printing resident memory and latency every interval; it stops
 * by itself. The server runs a scaled clock (10 simulated minutes per real second) so workloads go
 * through their whole lives: created, replaced, resized, stopped, started, deleted. Each virtual
 * user keeps at most 20 workloads, so a server that forgets what is gone levels off.
 *
 * Options: --minutes N, --users N (default 16), --interval S (seconds between lines, default 10).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, machine, round } from './lib.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const MINUTES = Math.min(option('minutes', 2), 60);
const USERS = Math.min(option('users', 16), 64);
const INTERVAL = option('interval', 10);
const KEEP = 20;

function residentBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux: ask ps
  }
  const kb = Number(
    execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
      .toString()
      .trim(),
  );
  return Number.isFinite(kb) ? kb * 1024 : Number.NaN;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ARTIFACT = (version: number) => ({
  name: `soak-v${version}`,
  type: 'service',
  spec: {
    containerGroups: [
      {
        name: 'default',
        containers: [
          { name: 'app', imageUri: `registry.example.com/soak:${version}`, port: 8080, primary: true },
        ],
      },
    ],
  },
});

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['dist/cli.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', MOCK_TIME_SCALE: '600' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stopServer = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.once('SIGINT', () => {
    stopServer();
    process.exit(130);
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/_mock/health`)).ok) break;
    } catch {
      // not yet
    }
    if (i > 2000 || server.exitCode !== null) throw new Error('the server did not start');
    await sleep(5);
  }

  const latencies: number[] = [];
  let requests = 0;
  let serverErrors = 0;
  let otherErrors = 0;
  let stopping = false;
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const start = performance.now();
    try {
      const response = await fetch(`${base}/api/v2/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      latencies.push(performance.now() - start);
      requests++;
      if (response.status >= 500) {
        serverErrors++;
        process.stderr.write(`${method} ${path}: ${response.status} ${text.slice(0, 200)}\n`);
      }
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    } catch (error) {
      otherErrors++;
      if (!stopping) process.stderr.write(`${method} ${path}: ${(error as Error).message}\n`);
      return { status: 0, body: undefined };
    }
  };

  const user = async (index: number) => {
    const token = `soak-user-${index}`;
    const versions: string[] = [];
    for (const version of [1, 2, 3]) {
      const created = await call(token, 'POST', 'artifacts', ARTIFACT(version));
      await call(token, 'PATCH', `artifacts/${created.body.id}`, { status: 'locked' });
      versions.push(created.body.id);
    }
    const live: string[] = [];
    let n = 0;
    while (!stopping) {
      n++;
      const roll = (n * 7919 + index * 104729) % 100;
      const target = live[n % Math.max(1, live.length)];
      if (live.length < KEEP && (roll < 15 || !target)) {
        const created = await call(token, 'POST', 'workloads', {
          name: `soak-${index}-${n}`,
          artifactId: versions[n % 3],
          importance: 'moderate',
        });
        if (created.status === 201) live.push(created.body.id);
      } else if (roll < 25 && live.length > 0) {
        const oldest = live.shift()!;
        await call(token, 'DELETE', `workloads/${oldest}`);
      } else if (roll < 35 && target) {
        await call(token, 'POST', `workloads/${target}/replacement`, {
          artifactId: versions[(n + 1) % 3],
          strategy: 'rolling',
          config: { warmupDurationMinutes: n % 2, keepOldVersionMinutes: n % 2 },
        });
      } else if (roll < 40 && target) {
        await call(token, 'PATCH', `workloads/${target}/settings`, {
          runtime: { containerGroups: [{ name: 'default', replicaCount: 1 + (n % 3) }] },
        });
      } else if (roll < 43 && target) {
        await call(token, 'DELETE', `workloads/${target}/replacement`);
      } else if (roll < 48 && target) {
        await call(token, 'POST', `workloads/${target}/stop`);
      } else if (roll < 53 && target) {
        await call(token, 'POST', `workloads/${target}/start`);
      } else if (roll < 65) {
        await call(token, 'GET', 'workloads?limit=20');
      } else if (roll < 75 && target) {
        await call(token, 'GET', `workloads/${target}/events?limit=20`);
      } else if (roll < 85 && target) {
        await call(token, 'GET', `workloads/${target}/protons`);
      } else if (target) {
        await call(token, 'GET', `workloads/${target}`);
      }
    }
  };

  const info = machine();
  process.stdout.write(
    `soak: ${MINUTES} min, ${USERS} users, node ${info.node}, ${info.cpuModel} x${info.cores}, scaled clock x600\n`,
  );
  process.stdout.write(
    `${['min', 'RSS MB', 'req/s', 'p50 ms', 'p99 ms', '5xx', 'errors', 'timers'].map((h) => h.padStart(8)).join('')}\n`,
  );
  const started = performance.now();
  const users = Array.from({ length: USERS }, (_, index) => user(index));
  const samples: { minute: number; rss: number }[] = [];
  const end = started + MINUTES * 60_000;
  while (performance.now() < end) {
    const intervalStart = performance.now();
    latencies.length = 0;
    requests = 0;
    await sleep(Math.min(INTERVAL * 1000, Math.max(0, end - performance.now())));
    const seconds = (performance.now() - intervalStart) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);
    const rss = residentBytes(server.pid!);
    // Transitions scheduled on the server's clock: they grow with live pods, and must not leak.
    let timers = Number.NaN;
    try {
      timers = ((await (await fetch(`${base}/_mock/clock`)).json()) as { pendingTransitions: number })
        .pendingTransitions;
    } catch {
      // reported as NaN
    }
    const minute = (performance.now() - started) / 60_000;
    samples.push({ minute, rss });
    process.stdout.write(
      `${[
        minute.toFixed(2),
        (rss / 1024 / 1024).toFixed(1),
        (requests / seconds).toFixed(0),
        percentile(sorted, 50).toFixed(1),
        percentile(sorted, 99).toFixed(1),
        String(serverErrors),
        String(otherErrors),
        String(timers),
      ]
        .map((cell) => cell.padStart(8))
        .join('')}\n`,
    );
  }
  stopping = true;
  await Promise.race([Promise.all(users), sleep(5000)]);
  stopServer();

  // Levelling off: after the first minute, the trend of resident memory (least squares, MB/min)
  // and how much the second half grew over the first.
  const settled = samples.filter((s) => s.minute >= 1);
  if (settled.length >= 3) {
    const n = settled.length;
    const mx = settled.reduce((sum, s) => sum + s.minute, 0) / n;
    const my = settled.reduce((sum, s) => sum + s.rss, 0) / n;
    const slope =
      settled.reduce((sum, s) => sum + (s.minute - mx) * (s.rss - my), 0) /
      settled.reduce((sum, s) => sum + (s.minute - mx) ** 2, 0);
    const half = Math.floor(n / 2);
    const mean = (items: typeof settled) =>
      items.reduce((sum, s) => sum + s.rss, 0) / items.length / 1024 / 1024;
    process.stdout.write(
      `after the first minute: RSS trend ${round(slope / 1024 / 1024, 2)} MB/min; mean ${round(mean(settled.slice(0, half)), 1)} MB in the first half, ${round(mean(settled.slice(half)), 1)} MB in the second\n`,
    );
    // RSS follows the garbage collector's saw-tooth: each minute's low and high say more than one sample.
    const lows: string[] = [];
    for (let minute = 0; minute < Math.ceil(MINUTES); minute++) {
      const inMinute = samples.filter((s) => s.minute > minute && s.minute <= minute + 1);
      if (inMinute.length === 0) continue;
      const mb = inMinute.map((s) => s.rss / 1024 / 1024);
      lows.push(`${minute + 1}: ${Math.min(...mb).toFixed(0)}-${Math.max(...mb).toFixed(0)}`);
    }
    process.stdout.write(`RSS low-high per minute (MB): ${lows.join(', ')}\n`);
  } else {
    process.stdout.write('too short to judge the trend: run at least 2 minutes\n');
  }
  process.stdout.write(`server errors (5xx): ${serverErrors}; failed requests: ${otherErrors}\n`);
  process.exit(serverErrors > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
