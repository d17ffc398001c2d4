import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigOverrides } from '../src/config.js';
import { main, startMockServer } from '../src/server.js';
import { nextSaveDelay, StateFile, StateFileError, writeFileAtomic } from '../src/state-file.js';
import { autoscaledRuntime, createArtifact, createWorkload, workloadBody } from './fixtures.js';
import { createTestApp, type TestApp } from './helpers.js';

/** Two apps with one state file between them (the original writes it, the copy reads it), cleaned up after. */
async function withOriginalAndCopy(
  config: ConfigOverrides,
  use: (original: TestApp, copy: TestApp, path: string) => Promise<void>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
  const path = join(dir, 'state.json');
  const original = await createTestApp({ ...config, stateFile: path });
  const copy = await createTestApp({ ...config, stateFile: path });
  try {
    await use(original, copy, path);
  } finally {
    await original.close();
    await copy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the periodic save of the state file', () => {
  let dir: string;
  let t: TestApp;
  let file: StateFile;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    const path = join(dir, 'state.json');
    t = await createTestApp({ stateFile: path });
    file = new StateFile(path, t.app.emulator);
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not even export the state while no request was answered, no timer fired and the clock stood still', async () => {
    const api = t.client();
    await createWorkload(api, workloadBody(await createArtifact(api)));
    const exported = vi.spyOn(t.app.emulator.snapshots, 'export');
    expect(file.saveIfChanged()).toBe(true);
    expect(exported).toHaveBeenCalledTimes(1);

    // Idle: nothing is exported (with tens of thousands of workloads that took seconds every time).
    expect(file.saveIfChanged()).toBe(false);
    expect(file.saveIfChanged()).toBe(false);
    expect(exported).toHaveBeenCalledTimes(1);

    // Reads outside the API change nothing: a container's health checks leave an idle mock idle.
    for (const url of ['/_mock/health', '/_mock/clock', '/_mock/tenants', '/openapi.json']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    // Nor does a HEAD of a page (a load balancer's health check may send one).
    for (const url of ['/_mock/health', '/openapi.json']) {
      expect((await t.app.inject({ method: 'HEAD', url })).statusCode, url).toBe(200);
    }
    expect(file.saveIfChanged()).toBe(false);
    expect(exported).toHaveBeenCalledTimes(1);

    // A request answered may have changed it: exported, and written only if it did.
    await api.get('/api/v2/workloads');
    expect(file.saveIfChanged()).toBe(false);
    expect(exported).toHaveBeenCalledTimes(2);
    // Compared once: idle again after it, though nothing was written.
    expect(file.saveIfChanged()).toBe(false);
    expect(exported).toHaveBeenCalledTimes(2);
    await createArtifact(api);
    expect(file.saveIfChanged()).toBe(true);

    // Simulated time moving on fires the workload's pending transitions: a change.
    t.advance(120);
    expect(file.saveIfChanged()).toBe(true);
    expect(exported).toHaveBeenCalledTimes(4);
    expect(file.saveIfChanged()).toBe(false);
    expect(exported).toHaveBeenCalledTimes(4);
  });

  it('tries a save that failed again at the next interval, and leaves no part-written copy', async () => {
    await createArtifact(t.client());
    // The file's name taken by a directory that is not empty: the write's rename fails.
    mkdirSync(join(dir, 'state.json', 'in-the-way'), { recursive: true });
    expect(() => file.saveIfChanged()).toThrow();
    expect(readdirSync(dir)).toEqual(['state.json']);
    rmSync(join(dir, 'state.json'), { recursive: true });
    expect(file.saveIfChanged()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).sections.store.artifacts).toHaveLength(
      1,
    );
  });

  it('writes the text GET /_mock/state answers, ending in a newline as a text file does', async () => {
    const api = t.client();
    await createWorkload(api, workloadBody(await createArtifact(api)));
    const exported = await t.app.inject({ method: 'GET', url: '/_mock/state' });
    expect(exported.statusCode).toBe(200);
    expect(file.saveIfChanged()).toBe(true);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(`${exported.body}\n`);
  });

  it('replaces the file by a rename, not in place, and leaves it alone when an answered request changed nothing', async () => {
    const api = t.client();
    const path = join(dir, 'state.json');
    await createArtifact(api);
    expect(file.saveIfChanged()).toBe(true);
    const before = statSync(path);
    // A new file renamed over the old (a reader holding the old one never sees half of the new).
    await createArtifact(api);
    expect(file.saveIfChanged()).toBe(true);
    const written = statSync(path);
    expect(written.ino).not.toBe(before.ino);
    // A read is exported and compared, but the file is not written again.
    await api.get('/api/v2/workloads');
    expect(file.saveIfChanged()).toBe(false);
    const after = statSync(path);
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  });

  it("counts a manual clock's move as a change though nothing else moved", () => {
    const path = join(dir, 'state.json');
    expect(file.saveIfChanged()).toBe(true);
    const epoch = () => JSON.parse(readFileSync(path, 'utf8')).sections.clock.epochMs;
    const saved = epoch();
    t.advance(60);
    expect(file.saveIfChanged()).toBe(true);
    expect(epoch()).toBe(saved + 60_000);
  });

  it('counts what a running clock fired as a change though no request came, and its time alone as none', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const path = join(dir, 'scaled.json');
    const scaled = await createTestApp({ clock: { mode: 'scaled', scale: 60 }, stateFile: path });
    try {
      const api = scaled.client();
      await createWorkload(api, workloadBody(await createArtifact(api)));
      const saved = new StateFile(path, scaled.app.emulator);
      expect(saved.saveIfChanged()).toBe(true);
      const before = readFileSync(path, 'utf8');
      // A real minute is a simulated hour: the launch's transitions fire at the save's catch-up
      // (once the turn of the event loop the last catch-up held the time for has passed).
      vi.setSystemTime(Date.now() + 60_000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(saved.saveIfChanged()).toBe(true);
      expect(readFileSync(path, 'utf8')).not.toBe(before);
      // Its time alone is no change, though a request makes the save export and compare.
      vi.setSystemTime(Date.now() + 60_000);
      await new Promise((resolve) => setImmediate(resolve));
      await api.get('workloads');
      expect(saved.saveIfChanged()).toBe(false);
    } finally {
      vi.useRealTimers();
      await scaled.close();
    }
  });

  it("counts a change of the clock's rate as a change though nothing else moved", () => {
    expect(file.saveIfChanged()).toBe(true);
    t.clock.setScale(5);
    expect(file.saveIfChanged()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).sections.clock.scale).toBe(5);
  });

  it('removes its temporary copy when the write itself fails', () => {
    const path = join(dir, 'written.json');
    function* failing() {
      yield '{"partial":';
      throw new Error('the disk is full');
    }
    expect(() => writeFileAtomic(path, failing())).toThrow('the disk is full');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('saves into its directory again when it was removed while the mock ran', () => {
    file.checkWritable();
    rmSync(dir, { recursive: true });
    file.save();
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).format).toBeDefined();
  });
});

describe('where the state file is', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows a chain of links to the file at its end', async () => {
    mkdirSync(join(dir, 'volume'));
    symlinkSync(join(dir, 'middle.json'), join(dir, 'state.json'));
    symlinkSync(join('volume', 'state.json'), join(dir, 'middle.json'));
    const t = await createTestApp();
    try {
      const file = new StateFile(join(dir, 'state.json'), t.app.emulator);
      expect(file.path).toBe(join(dir, 'volume', 'state.json'));
      file.checkWritable();
      file.save();
      expect(lstatSync(join(dir, 'state.json')).isSymbolicLink()).toBe(true);
      expect(lstatSync(join(dir, 'middle.json')).isSymbolicLink()).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).format).toBeDefined();
    } finally {
      await t.close();
    }
  });

  it('follows a link to a file not written yet: the first save creates the target and the link stays', async () => {
    const link = join(dir, 'state.json');
    symlinkSync(join('volume', 'state.json'), link);
    const t = await createTestApp();
    try {
      const file = new StateFile(link, t.app.emulator);
      expect(file.path).toBe(join(dir, 'volume', 'state.json'));
      file.checkWritable();
      file.save();
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(JSON.parse(readFileSync(link, 'utf8')).format).toBe(
        JSON.parse(readFileSync(file.path, 'utf8')).format,
      );
    } finally {
      await t.close();
    }
  });

  it('removes at start the temporary copies of processes gone, and keeps those of a process still running', async () => {
    const path = join(dir, 'state.json');
    const running = `.state.json.${process.ppid}.tmp`;
    writeFileSync(join(dir, '.state.json.4194000.tmp'), '{"trunc');
    writeFileSync(join(dir, '.state.json.4194002.probe'), '');
    writeFileSync(join(dir, running), '{"being written');
    // Not its own: another file's copy (a name as long), and names its copies never take.
    const others = ['.other.json.4194000.tmp', '.state.json.v4194000.tmp'];
    for (const name of others) writeFileSync(join(dir, name), 'kept');
    const t = await createTestApp();
    try {
      new StateFile(path, t.app.emulator).checkWritable();
      expect(readdirSync(dir).sort()).toEqual([...others, running].sort());
    } finally {
      await t.close();
    }
  });

  it('keeps at start the temporary copy of a process of another user: it may not be signalled, but it runs', async () => {
    const copy = '.state.json.4194004.tmp';
    writeFileSync(join(dir, copy), '{"being written');
    const t = await createTestApp();
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    try {
      new StateFile(join(dir, 'state.json'), t.app.emulator).checkWritable();
      expect(kill).toHaveBeenCalledWith(4194004, 0);
      expect(readdirSync(dir)).toEqual([copy]);
    } finally {
      kill.mockRestore();
      await t.close();
    }
  });

  it('creates at start every directory its path lacks, however many levels down', async () => {
    const t = await createTestApp();
    try {
      new StateFile(join(dir, 'a', 'b', 'c', 'state.json'), t.app.emulator).checkWritable();
      expect(readdirSync(join(dir, 'a', 'b', 'c'))).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('refuses at start a directory it cannot write in, though it exists and root passes its permissions', async () => {
    const t = await createTestApp();
    try {
      const file = new StateFile('/proc/mock-state.json', t.app.emulator);
      expect(() => file.checkWritable()).toThrow(StateFileError);
      expect(() => file.checkWritable()).toThrow(/its directory \/proc is not writable/);
    } finally {
      await t.close();
    }
  });

  it('refuses to restore a directory of its name, saying the file cannot be restored', async () => {
    const path = join(dir, 'state.json');
    mkdirSync(path);
    const t = await createTestApp();
    try {
      const file = new StateFile(path, t.app.emulator);
      expect(file.exists()).toBe(true);
      expect(() => file.restore()).toThrow(StateFileError);
      expect(() => file.restore()).toThrow(/state\.json cannot be restored: EISDIR/);
    } finally {
      await t.close();
    }
  });

  it('refuses at start a path that names a directory or a loop of links, which no save could write', async () => {
    symlinkSync(join(dir, 'two'), join(dir, 'one'));
    symlinkSync(join(dir, 'one'), join(dir, 'two'));
    const t = await createTestApp();
    try {
      for (const [path, reason] of [
        [join(dir, 'state', '/'), /names a directory, not a file/],
        [`${join(dir, 'missing')}/`, /names a directory, not a file/],
        [join(dir, 'one'), /symbolic links cannot be followed/],
      ] as const) {
        const file = new StateFile(path, t.app.emulator);
        expect(() => file.checkWritable(), path).toThrow(StateFileError);
        expect(() => file.checkWritable(), path).toThrow(reason);
      }
    } finally {
      await t.close();
    }
  });
});

describe('restoring the state file', () => {
  it('at start-up keeps the clock the file holds unless MOCK_CLOCK or MOCK_TIME_SCALE names one (a blank one does not)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    const path = join(dir, 'state.json');
    try {
      const first = await startMockServer({ clock: 'manual', timeScale: 5, config: { stateFile: path } });
      await first.close();
      const clockAfter = async (env: Record<string, string>) => {
        const app = await main(
          { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MOCK_STATE_FILE: path, ...env },
          { banner: null, handleSignals: false },
        );
        const { mode, scale } = app.emulator.clock;
        await app.close();
        return { mode, scale };
      };
      expect(await clockAfter({})).toEqual({ mode: 'manual', scale: 5 });
      expect(await clockAfter({ MOCK_CLOCK: ' ', MOCK_TIME_SCALE: ' ' })).toEqual({
        mode: 'manual',
        scale: 5,
      });
      expect(await clockAfter({ MOCK_CLOCK: 'scaled', MOCK_TIME_SCALE: '10' })).toEqual({
        mode: 'scaled',
        scale: 10,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows a symbolic link (the save replaces its target, the link stays) and reads past a byte order mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    const target = join(dir, 'kept-elsewhere.json');
    const link = join(dir, 'state.json');
    const t = await createTestApp({ stateFile: link });
    try {
      const api = t.client();
      await createArtifact(api);
      new StateFile(link, t.app.emulator).save();
      // Written by an editor that starts the file with a byte order mark.
      writeFileSync(target, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(link)]));
      rmSync(link);
      symlinkSync(target, link);

      const file = new StateFile(link, t.app.emulator);
      file.restore();
      await createArtifact(api);
      expect(file.saveIfChanged()).toBe(true);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      const saved = JSON.parse(readFileSync(target, 'utf8'));
      expect(saved.sections.store.artifacts).toHaveLength(2);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the file without exporting what it read, and writes again once something happens', async () => {
    await withOriginalAndCopy({}, async (original, copy, path) => {
      const api = original.client();
      await createWorkload(api, workloadBody(await createArtifact(api)));
      new StateFile(path, original.app.emulator).save();

      // An export and a fingerprint of 100,000 workloads take seconds at every start.
      const exported = vi.spyOn(copy.app.emulator.snapshots, 'export');
      const file = new StateFile(path, copy.app.emulator);
      file.restore();
      expect(exported).not.toHaveBeenCalled();
      expect(file.saveIfChanged()).toBe(false);
      await copy.client().get('/api/v2/workloads');
      expect(file.saveIfChanged()).toBe(true);
      expect(file.saveIfChanged()).toBe(false);
    });
  });
});

describe('a state file that is not a snapshot', () => {
  it('is refused naming its first five faults, and how many more there are', async () => {
    await withOriginalAndCopy({}, async (original, copy, path) => {
      const api = original.client();
      for (let i = 0; i < 6; i++) await createArtifact(api);
      new StateFile(path, original.app.emulator).save();
      const document = JSON.parse(readFileSync(path, 'utf8'));
      for (const artifact of document.sections.store.artifacts) artifact.status = 'frozen';
      writeFileSync(path, JSON.stringify(document));
      let message = '';
      try {
        new StateFile(path, copy.app.emulator).restore();
      } catch (error) {
        expect(error).toBeInstanceOf(StateFileError);
        message = (error as Error).message;
      }
      expect(message).toContain(
        'cannot be restored: it is not a valid state snapshot (sections.store.artifacts[0].status: ',
      );
      expect(message).toContain('; sections.store.artifacts[4].status: ');
      expect(message).not.toContain('sections.store.artifacts[5]');
      expect(message).toContain('; and 1 more). The file was left untouched');
    });
  });

  it('is refused naming the document itself when it is JSON but no object', async () => {
    await withOriginalAndCopy({}, async (_original, copy, path) => {
      writeFileSync(path, '[]');
      expect(() => new StateFile(path, copy.app.emulator).restore()).toThrow(
        /it is not a valid state snapshot \(\(document\): [^;]+\)\. The file was left untouched/,
      );
    });
  });
});

describe('a save right after a request', () => {
  it('runs what the request left due at its instant first, at shutdown and periodically, so a restarted mock goes on as the original', async () => {
    for (const write of ['save', 'saveIfChanged'] as const) {
      await withOriginalAndCopy({ journalSize: 0 }, async (original, copy, path) => {
        const api = original.client();
        const runtime = autoscaledRuntime([
          { scalingMetric: 'httpRequestsConcurrency', target: 1, minCount: 0, maxCount: 3 },
        ]);
        const id = await createWorkload(api, workloadBody(await createArtifact(api), { runtime }));
        original.advance(60);
        // The stop leaves the autoscaler's evaluation due at its own instant; the save comes before
        // any other request. (The journal's entry for a request catches the clock up after it; with
        // the journal off, as here, nothing does until the next request.)
        expect((await api.post(`workloads/${id}/stop`)).status).toBe(202);
        new StateFile(path, original.app.emulator)[write]();
        new StateFile(path, copy.app.emulator).restore();
        const groups = (t: TestApp) =>
          [...t.app.emulator.store.protons.values()].map((proton) => proton.autoscaler?.groups ?? null);
        await api.get('workloads');
        expect(groups(copy), write).toEqual(groups(original));
      });
    }
  });
});

describe('the interval between periodic saves', () => {
  it('is MOCK_SNAPSHOT_SECONDS, or four times as long as a long save took, so saving holds the server a fifth of the time at most', () => {
    expect(nextSaveDelay(5_000, 40)).toBe(5_000);
    expect(nextSaveDelay(5_000, 1_250)).toBe(5_000);
    expect(nextSaveDelay(5_000, 3_000)).toBe(12_000);
  });

  it('is what the server waits after each periodic save: four times a long save, the interval after a short one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    let now = 0;
    let took = 3_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const saves = vi.spyOn(StateFile.prototype, 'saveIfChanged').mockImplementation(() => {
      now += took;
      return true;
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const server = await startMockServer({
        clock: 'manual',
        config: { stateFile: join(dir, 'state.json'), snapshotSeconds: 1 },
      });
      try {
        await vi.advanceTimersByTimeAsync(1_000);
        expect(saves).toHaveBeenCalledTimes(1);
        took = 10;
        await vi.advanceTimersByTimeAsync(11_999);
        expect(saves).toHaveBeenCalledTimes(1);
        await vi.advanceTimersByTimeAsync(1);
        expect(saves).toHaveBeenCalledTimes(2);
        await vi.advanceTimersByTimeAsync(1_000);
        expect(saves).toHaveBeenCalledTimes(3);
      } finally {
        vi.useRealTimers();
        await server.close();
      }
    } finally {
      vi.useRealTimers();
      vi.restoreAllMocks();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
