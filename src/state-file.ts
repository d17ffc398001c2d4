import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Emulator } from './domain/emulator.js';
import { describeItem, StateImportError } from './domain/snapshot.js';
import { jsonBatches, parseJsonBytes } from './large-json.js';

/** The state file cannot be used: the server refuses to start and leaves the file as it is. */
export class StateFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    use: 'restored' | 'written' = 'restored',
  ) {
    super(
      use === 'restored'
        ? `MOCK_STATE_FILE ${path} cannot be restored: ${reason}. The file was left untouched; ` +
            'fix it, move it away or point MOCK_STATE_FILE elsewhere to start.'
        : `MOCK_STATE_FILE ${path} cannot be written: ${reason}. Point MOCK_STATE_FILE at a writable place to start.`,
    );
    this.name = 'StateFileError';
  }
}

/**
 * The name of a scratch file this process writes beside `path` (a temporary copy, or a probe of the
 * directory); scratchPid reads the pid such a name carries, or null for any other name.
 */
function scratchFile(path: string, kind: 'tmp' | 'probe'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${kind}`);
}

function scratchPid(path: string, name: string): number | null {
  const prefix = `.${basename(path)}.`;
  if (!name.startsWith(prefix)) return null;
  const pid = /^(\d+)\.(?:tmp|probe)$/.exec(name.slice(prefix.length))?.[1];
  return pid === undefined ? null : Number(pid);
}

/** Links followed before a chain is taken for a loop (Linux's own limit). */
const MAX_LINKS = 40;

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Where the file of `path` is: a symbolic link is followed to its target, which need not exist yet
 * (a first run), so that a save replaces the target and the link stays. A loop ends on a link.
 */
function followLinks(path: string): string {
  let current = path;
  for (let followed = 0; followed < MAX_LINKS && isSymbolicLink(current); followed++) {
    try {
      current = resolve(dirname(current), readlinkSync(current));
    } catch {
      break; // unreadable: checkWritable reports the link
    }
  }
  return current;
}

/**
 * Writes a file so that a crash at any moment leaves either the old content or the new: a temporary
 * file beside it, flushed to disk, renamed over it, and the directory entry flushed too.
 */
export function writeFileAtomic(path: string, text: string | Iterable<string>): void {
  const directory = dirname(path);
  mkdirSync(directory, { recursive: true });
  const temporary = scratchFile(path, 'tmp');
  const fd = openSync(temporary, 'w', 0o644);
  try {
    try {
      for (const piece of typeof text === 'string' ? [text] : text) writeSync(fd, piece);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    // A part-written copy (a full disk) would hold on to the space a retry needs.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // the next start removes it
    }
    throw error;
  }
  try {
    const dir = openSync(directory, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some file systems cannot sync a directory; the rename is still atomic there.
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When to look for changes to save next, after a save that took `tookMs`. A save holds the server
 * (seconds, with tens of thousands of workloads), so it never takes more than a fifth of its time.
 */
export function nextSaveDelay(intervalMs: number, tookMs: number): number {
  return Math.max(intervalMs, 4 * tookMs);
}

function* fileText(document: unknown): Generator<string> {
  yield* jsonBatches(document);
  yield '\n';
}

/**
 * MOCK_STATE_FILE: read back at start, written on shutdown and, by server.ts, periodically when the
 * state changed. A scaled clock's passing time is not a change, so an idle mock writes nothing.
 */
export class StateFile {
  private lastFingerprint: string | null = null;
  private lastActivity: string | null = null;

  /** Where the file is: a symbolic link is followed, so that a save replaces its target, not the link. */
  readonly path: string;

  constructor(
    path: string,
    private readonly emulator: Emulator,
  ) {
    this.path = followLinks(path);
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  /** At start rather than at the first save: a state that cannot be saved would be lost on shutdown. */
  checkWritable(): void {
    if (this.path.endsWith('/') || this.path.endsWith(sep)) {
      throw new StateFileError(this.path, 'it names a directory, not a file', 'written');
    }
    if (isSymbolicLink(this.path)) {
      throw new StateFileError(
        this.path,
        'its symbolic links cannot be followed to a file (a loop?)',
        'written',
      );
    }
    const directory = dirname(this.path);
    try {
      // One level at a time: a recursive mkdir under /proc spins instead of failing.
      const missing: string[] = [];
      for (let dir = directory; !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
      for (const dir of missing) mkdirSync(dir);
      // A write, not a permission check: as root, permissions pass where writes fail (/sys).
      const probe = scratchFile(this.path, 'probe');
      writeFileSync(probe, '');
      rmSync(probe);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      throw new StateFileError(
        this.path,
        `its directory ${directory} is not writable (${code ?? message})`,
        'written',
      );
    }
    this.removeLeftovers();
  }

  /**
   * Temporary files of writes a killed process left (a SIGKILL between the write and the rename):
   * those of a process that no longer runs. One with this process's id is written over anyway.
   */
  private removeLeftovers(): void {
    const directory = dirname(this.path);
    // Tidying up only: what cannot be listed or removed (a directory of that name) never stops a start.
    try {
      for (const name of readdirSync(directory)) {
        const pid = scratchPid(this.path, name);
        if (pid === null || pid === process.pid || isRunning(pid)) continue;
        try {
          rmSync(join(directory, name), { force: true });
        } catch {
          // left as it is
        }
      }
    } catch {
      // left as it is
    }
  }

  /** Replaces the emulator's state with the file's; throws a StateFileError (changing nothing) when it is unusable. */
  restore(): void {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      throw new StateFileError(this.path, (error as Error).message);
    }
    // A byte order mark, as some editors on Windows write (the fixtures file takes one too).
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    let document: unknown;
    try {
      document = parseJsonBytes(bytes);
    } catch (error) {
      throw new StateFileError(
        this.path,
        `it is not valid JSON (${(error as Error).message}; ${bytes.length} bytes, truncated or corrupt?)`,
      );
    }
    try {
      this.emulator.snapshots.import(document);
    } catch (error) {
      if (error instanceof StateImportError) {
        const shown = error.items.slice(0, 5).map(describeItem);
        if (error.items.length > 5) shown.push(`and ${error.items.length - 5} more`);
        throw new StateFileError(this.path, `it is not a valid state snapshot (${shown.join('; ')})`);
      }
      throw error;
    }
    // No fingerprint of what was read (an export and a hash: seconds, with 100,000 workloads, at
    // every start): while idle nothing is compared, and the first save after any activity writes.
    this.lastActivity = this.activity();
    this.lastFingerprint = null;
  }

  /**
   * Writes the state if it changed since the last write (or restore); says whether it wrote. While
   * no request was answered, no timer fired and the clock was not set, nothing can have changed,
   * and the state is not even exported: that costs seconds with tens of thousands of workloads.
   */
  saveIfChanged(): boolean {
    this.settle();
    const activity = this.activity();
    if (activity === this.lastActivity) return false;
    const document = this.emulator.snapshots.export();
    const fingerprint = this.fingerprint(document);
    const changed = fingerprint !== this.lastFingerprint;
    // Only once written: a save that failed (a full disk) is tried again at the next interval.
    if (changed) this.write(document);
    this.lastActivity = activity;
    this.lastFingerprint = fingerprint;
    return changed;
  }

  /**
   * Writes the state, as at shutdown: without the fingerprint a periodic save compares against,
   * which costs about as much as the write again (the next periodic save then writes).
   */
  save(): void {
    this.settle();
    const activity = this.activity();
    this.write(this.emulator.snapshots.export());
    this.lastActivity = activity;
    this.lastFingerprint = null;
  }

  /**
   * Runs what is due now, as the next request would before reading: a request may leave work set
   * for the instant it ran at (an autoscaler's evaluation after a stop), which the file would
   * otherwise lose, and a restarted mock would not do what the one that went on does.
   */
  private settle(): void {
    this.emulator.clock.catchUp();
  }

  /** In pieces: the state of 100,000 workloads is more text than one string holds. */
  private write(document: ReturnType<Emulator['snapshots']['export']>): void {
    writeFileAtomic(this.path, fileText(document));
  }

  /** What has moved that can change the state (a running clock's time alone changes nothing). */
  private activity(): string {
    const { clock } = this.emulator;
    const time = clock.mode === 'manual' ? clock.now() : null;
    return `${this.emulator.requestsAnswered}:${clock.firedTimers}:${clock.mode}:${clock.scale}:${time}`;
  }

  /** A running clock alone is no change; a manual clock moves only when asked, so its time counts. */
  private fingerprint(document: ReturnType<Emulator['snapshots']['export']>): string {
    const { clock, ...others } = document.sections as {
      clock?: { mode?: string; scale?: number; epochMs?: number };
    };
    const time = clock?.mode === 'manual' ? clock.epochMs : null;
    const hash = createHash('sha256');
    for (const batch of jsonBatches([clock?.mode, clock?.scale, time, others])) hash.update(batch);
    return hash.digest('hex');
  }
}
