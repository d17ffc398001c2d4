import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { backgroundedByScript, main } from '../src/server.js';
import { serviceArtifact } from './fixtures.js';
import { call, killAll, runCli, startProcess } from './process-helpers.js';

/** Every process test starts the mock with a manual clock, so nothing moves but what the test does. */
const dir = mkdtempSync(join(tmpdir(), 'mock-state-'));
let counter = 0;
function stateFile(): string {
  return join(dir, `case-${++counter}`, 'state.json');
}
function environment(file: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MOCK_CLOCK: 'manual',
    MOCK_CLOCK_START: '2026-01-01T00:00:00Z',
    MOCK_SEED: 'persistence',
    MOCK_STATE_FILE: file,
    ...extra,
  };
}

afterEach(killAll);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function state(base: string): Promise<string> {
  const res = await call(base, 'GET', '/_mock/state');
  expect(res.status).toBe(200);
  return res.text;
}

async function advance(base: string, seconds: number): Promise<void> {
  expect((await call(base, 'POST', '/_mock/clock/advance', { seconds })).status).toBe(200);
}

async function createArtifact(base: string, name: string, image: string): Promise<string> {
  const created = await call(
    base,
    'POST',
    '/api/v2/artifacts',
    serviceArtifact({ name, status: 'locked' }, image),
  );
  expect(created.status).toBe(201);
  return created.json.id;
}

/** A request whose body never comes in full: it holds a shutdown until its connections are cut off. */
async function stalledUpload(base: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  const stalled = connect(Number(port), hostname);
  stalled.on('error', () => {});
  await new Promise((resolve) => stalled.once('connect', resolve));
  stalled.write('POST /api/v2/artifacts HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"na');
  return stalled;
}

/** Waits (bounded) for a real-time effect: the periodic snapshot reaching the disk. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await delay(25);
  }
}

describe('MOCK_STATE_FILE', { timeout: 90_000 }, () => {
  it('SIGTERM saves everything and a restart brings it back byte for byte, pending transitions included', async () => {
    const file = stateFile();
    const env = environment(file);
    const first = await startProcess([], env);
    const v1 = await createArtifact(first.url, 'agent', 'registry.example.com/agent:1');
    const v2 = await createArtifact(first.url, 'agent-v2', 'registry.example.com/agent:2');
    const workload = await call(first.url, 'POST', '/api/v2/workloads', {
      name: 'agent-prod',
      artifactId: v1,
      runtime: { replicaCount: 2 },
    });
    expect(workload.status).toBe(201);
    const id = workload.json.id;
    await call(first.url, 'POST', '/api/v2/workloads', { name: 'other', artifactId: v1 }, 'another-tenant');
    const fault = await call(first.url, 'POST', '/_mock/faults', {
      match: { imageUri: 'registry.example.com/never:*' },
      fault: 'NeverReady',
    });
    expect(fault.status).toBe(201);
    await advance(first.url, 30);
    const replacement = await call(first.url, 'POST', `/api/v2/workloads/${id}/replacement`, {
      artifactId: v2,
      config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
    });
    expect(replacement.status).toBe(202);
    await advance(first.url, 10);
    const before = await state(first.url);
    expect(JSON.parse(before).sections.store.replacements[0].status).toBe('initializing');

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(`${before}\n`);
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);

    const second = await startProcess([], env);
    expect(await state(second.url)).toBe(before);
    // The candidate's pods, its warm-up and the old proton's drain pick up where they were.
    await advance(second.url, 300);
    const history = await call(second.url, 'GET', `/api/v2/workloads/${id}/history`);
    expect(history.json.data[0].status).toBe('completed');
    const current = await call(second.url, 'GET', `/api/v2/workloads/${id}`);
    expect(current.json).toMatchObject({ status: 'running', artifactId: v2 });
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  it('SIGTERM saves and exits at once though a client never finishes its request', async () => {
    const file = stateFile();
    const mock = await startProcess([], environment(file));
    await createArtifact(mock.url, 'kept', 'registry.example.com/kept:1');
    const stalled = await stalledUpload(mock.url);
    // Answered on a later connection: by then the server has taken the stalled one and read its start.
    expect((await call(mock.url, 'GET', '/_mock/health')).status).toBe(200);
    const asked = performance.now();
    expect(await mock.stop('SIGTERM')).toBe(0);
    expect(performance.now() - asked).toBeLessThan(5000);
    expect(readFileSync(file, 'utf8')).toContain('registry.example.com/kept:1');
    stalled.destroy();
  });

  it('a save that fails at shutdown says so with the path, and the exit code is 1', async () => {
    const file = stateFile();
    const mock = await startProcess([], environment(file, { MOCK_SNAPSHOT_SECONDS: '3600' }));
    await createArtifact(mock.url, 'lost', 'registry.example.com/lost:1');
    // A directory takes the file's place under the running mock: the shutdown's save cannot be written.
    rmSync(file, { force: true });
    mkdirSync(join(file, 'in-the-way'), { recursive: true });
    expect(await mock.stop('SIGTERM')).toBe(1);
    const failure = mock
      .stdout()
      .split('\n')
      .filter((line) => line.includes('saving the state failed'))
      .map((line) => JSON.parse(line));
    expect(failure).toEqual([expect.objectContaining({ level: 50, path: file })]);
    expect(mock.stdout()).not.toContain('shutdown failed');
  });

  it('a second Ctrl-C during the shutdown cuts the connections off and still saves; a hang-up saves too', async () => {
    const file = stateFile();
    const mock = await startProcess([], environment(file));
    await createArtifact(mock.url, 'kept', 'registry.example.com/kept:1');
    const stalled = await stalledUpload(mock.url);
    expect((await call(mock.url, 'GET', '/_mock/health')).status).toBe(200);
    // The stalled request holds the shutdown for a moment: the second signal comes within it.
    mock.child.kill('SIGINT');
    await until(() => mock.stdout().includes('received SIGINT, shutting down'));
    const stopped = mock.stop('SIGINT');
    expect(await stopped).toBe(0);
    expect(mock.stdout()).toContain('received SIGINT again');
    expect(readFileSync(file, 'utf8')).toContain('registry.example.com/kept:1');
    stalled.destroy();

    const again = await startProcess([], environment(file));
    await createArtifact(again.url, 'also', 'registry.example.com/also:1');
    expect(await again.stop('SIGHUP')).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('registry.example.com/also:1');
  });

  it('a second Ctrl-C during the shutdown gives the signals back, so that a third ends the process at once', async () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
    const added = (signal: NodeJS.Signals) =>
      process
        .listeners(signal)
        .filter((listener) => !before.get(signal as (typeof signals)[number])!.includes(listener));
    // In this process: the shutdown's exit is only recorded.
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      const app = await main(
        { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MOCK_CLOCK: 'manual' },
        { banner: null },
      );
      for (const signal of signals) expect(added(signal), signal).toHaveLength(1);
      // The shutdown's forced exit (10 s on) must not outlive the test: its timer is a fake one.
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      try {
        process.emit('SIGINT', 'SIGINT');
        process.emit('SIGINT', 'SIGINT');
      } finally {
        vi.useRealTimers();
      }
      for (const signal of signals) expect(added(signal), signal).toEqual([]);
      await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
      expect(app.server.listening).toBe(false);
    } finally {
      for (const signal of signals) for (const listener of added(signal)) process.off(signal, listener);
      exit.mockRestore();
    }
  });

  it('run by an npm script, stops and saves when npm stops the shell it ran the mock in', async () => {
    const file = stateFile();
    const env = environment(file, { npm_lifecycle_event: 'start' });
    const mock = await startProcess([], env, 15_000, { launch: 'underShell' });
    await createArtifact(mock.url, 'kept', 'registry.example.com/kept:1');
    // npm forwards its stop to the shell, which ends without passing it on to the mock.
    mock.child.kill('SIGTERM');
    await until(() => existsSync(file));
    const answers = async () =>
      fetch(`${mock.url}/_mock/health`).then(
        () => true,
        () => false,
      );
    const deadline = performance.now() + 10_000;
    while (await answers()) {
      if (performance.now() > deadline) throw new Error('the mock outlived the shell npm ran it in');
      await delay(50);
    }
    expect(readFileSync(file, 'utf8')).toContain('registry.example.com/kept:1');
  });

  it('reads an npm script as starting the mock in the background by a lone `&` in it', () => {
    const scripts: [string, boolean][] = [
      ['npm run build --silent && node dist/cli.js', false],
      ['workload-api-mock > mock.log 2>&1', false],
      ['workload-api-mock &> mock.log', false],
      ['workload-api-mock |& tee mock.log', false],
      ['workload-api-mock &', true],
      [
        'workload-api-mock > mock.log 2>&1 & until curl -sf localhost:8080/_mock/health; do sleep 1; done',
        true,
      ],
      ['workload-api-mock& wait-on tcp:8080', true],
    ];
    for (const [script, background] of scripts) expect(backgroundedByScript(script), script).toBe(background);
    expect(backgroundedByScript(undefined)).toBe(false);
  });

  it('started in the background by an npm script that then ends, it goes on serving', async () => {
    const scriptEnds = join(dir, 'script-ends');
    const env = environment(stateFile(), { npm_lifecycle_event: 'pretest', SCRIPT_ENDS_WHEN: scriptEnds });
    const mock = await startProcess([], env, 15_000, { launch: 'inBackground' });
    const ended = new Promise((resolve) => mock.child.once('exit', resolve));
    writeFileSync(scriptEnds, '');
    await ended;
    // The watch for npm's shell looks every 250 ms: the mock answers well past a few of its looks.
    for (let look = 0; look < 8; look++) {
      expect((await call(mock.url, 'GET', '/_mock/health')).status, `look ${look}`).toBe(200);
      await delay(125);
    }
    process.kill(mock.pid, 'SIGTERM');
  });

  it('SIGKILL after a periodic snapshot loses at most the last interval', async () => {
    const file = stateFile();
    const env = environment(file, { MOCK_SNAPSHOT_SECONDS: '0.2' });
    const first = await startProcess([], env);
    await createArtifact(first.url, 'one', 'registry.example.com/one:1');
    const saved = await state(first.url);
    await until(() => existsSync(file) && readFileSync(file, 'utf8') === `${saved}\n`);
    await createArtifact(first.url, 'two', 'registry.example.com/two:1');
    const unsaved = await state(first.url);
    expect(await first.stop('SIGKILL')).toBeNull();

    // Whichever snapshot was last, it is whole: the one before the kill or the one after the change.
    expect([`${saved}\n`, `${unsaved}\n`]).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
    // What a kill between a write and its rename leaves behind goes at the next start.
    const leftover = join(file, '..', '.state.json.4194000.tmp');
    writeFileSync(leftover, '{"trunc');
    // One that cannot be removed stays, and the start goes on.
    mkdirSync(join(file, '..', '.state.json.4194001.tmp'));
    const second = await startProcess([], env);
    expect([saved, unsaved]).toContain(await state(second.url));
    expect(existsSync(leftover)).toBe(false);
  });

  it('writes nothing while nothing changes but a running clock, and a manual clock move is a change', async () => {
    const file = stateFile();
    const running = await startProcess(
      [],
      environment(file, { MOCK_CLOCK: 'scaled', MOCK_SNAPSHOT_SECONDS: '0.05' }),
    );
    await createArtifact(running.url, 'one', 'registry.example.com/one:1');
    const artifacts = () => JSON.parse(readFileSync(file, 'utf8')).sections.store.artifacts.length;
    await until(() => existsSync(file) && artifacts() === 1);
    const { mtimeMs } = statSync(file);
    await delay(500); // ten snapshot intervals, a minute of simulated time passing
    expect(statSync(file).mtimeMs).toBe(mtimeMs);
    expect(await running.stop('SIGTERM')).toBe(0);

    const manual = await startProcess([], environment(file, { MOCK_SNAPSHOT_SECONDS: '0.05' }));
    await advance(manual.url, 3600);
    const advanced = `${await state(manual.url)}\n`;
    await until(() => readFileSync(file, 'utf8') === advanced);
  });

  it('a truncated state file refuses the start and is left exactly as it was', async () => {
    const file = stateFile();
    const env = environment(file);
    const first = await startProcess([], env);
    await createArtifact(first.url, 'one', 'registry.example.com/one:1');
    expect(await first.stop('SIGTERM')).toBe(0);
    const whole = readFileSync(file);
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    writeFileSync(file, truncated);

    const refused = await runCli([], { ...env, PORT: '0', HOST: '127.0.0.1' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`MOCK_STATE_FILE ${file} cannot be restored: it is not valid JSON`);
    expect(refused.stderr).toContain('The file was left untouched');
    expect(readFileSync(file).equals(truncated)).toBe(true);
    expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
  });

  it('a state file that is JSON but not a snapshot refuses the start, naming the bad field', async () => {
    const file = stateFile();
    const env = environment(file);
    const first = await startProcess([], env);
    await createArtifact(first.url, 'one', 'registry.example.com/one:1');
    expect(await first.stop('SIGTERM')).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.sections.store.artifacts[0].status = 'frozen';
    const text = JSON.stringify(doc);
    writeFileSync(file, text);

    const refused = await runCli([], { ...env, PORT: '0', HOST: '127.0.0.1' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('sections.store.artifacts[0].status: Input should be');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
