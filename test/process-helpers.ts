import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The worktree root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface MockProcess {
  /** The process started: the mock, or the shell it was started from. */
  child: ChildProcess;
  /** The mock's own process id, from its startup log line. */
  pid: number;
  /** http://127.0.0.1:<port>, read from the startup log line. */
  url: string;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();
/** Mocks a shell started in the background: not children of the test. */
const background = new Set<number>();

/** Kills whatever a test left running (call from afterEach). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
  for (const pid of background) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  background.clear();
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * How the mock is run: directly; `underShell`, as npm runs a script, from a shell that stays its
 * parent; `inBackground`, by a script that starts it with `&` and ends once the file SCRIPT_ENDS_WHEN
 * (in `env`) exists.
 */
type Launch = 'direct' | 'underShell' | 'inBackground';

function launch(args: readonly string[], env: Record<string, string>, how: Launch = 'direct'): ChildProcess {
  // tsx runs the sources as they are: no build needed, and never a stale dist/.
  const command = [process.execPath, '--import', 'tsx', 'src/cli.ts', ...args];
  const quoted = command.map((part) => `'${part.replaceAll("'", `'\\''`)}'`).join(' ');
  // The script goes on until the file SCRIPT_ENDS_WHEN names exists, as one waiting for the mock to answer.
  const script =
    how === 'inBackground' ? `${quoted} & while [ ! -e "$SCRIPT_ENDS_WHEN" ]; do sleep 0.05; done` : quoted;
  const child = spawn(
    how === 'direct' ? command[0]! : '/bin/sh',
    how === 'direct' ? command.slice(1) : ['-c', script],
    {
      cwd: ROOT,
      // As npm runs a script: its text in npm_lifecycle_script.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...(how === 'direct' ? {} : { npm_lifecycle_script: script }),
        ...env,
      },
      // No input, as under CI or a supervisor.
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Runs the CLI to its end (it is expected to exit by itself, within `timeoutMs`). */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<RunResult> {
  const child = launch(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts the mock as a process on a free port of 127.0.0.1 (PORT 0) and resolves once it listens,
 * with the URL its JSON startup log line gives.
 */
export function startProcess(
  args: readonly string[] = [],
  env: Record<string, string> = {},
  timeoutMs = 15_000,
  options: { launch?: Launch } = {},
): Promise<MockProcess> {
  const how = options.launch ?? 'direct';
  const child = launch(args, { PORT: '0', HOST: '127.0.0.1', ...env }, how);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the mock did not start within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    const onData = () => {
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const record = JSON.parse(line) as { url?: string; msg?: string; pid: number };
        if (record.url && record.msg?.startsWith('workload-api-mock listening')) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          if (how === 'inBackground') background.add(record.pid);
          resolve({
            child,
            pid: record.pid,
            url: record.url,
            stdout: () => stdout,
            stderr: () => stderr,
            stop: (signal = 'SIGTERM') => {
              if (child.exitCode !== null || child.signalCode !== null) return exited;
              child.kill(signal);
              return exited;
            },
          });
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      // The shell of a script that starts the mock in the background ends at once.
      if (how === 'inBackground') return;
      clearTimeout(timer);
      reject(new Error(`the mock exited (${code}) before listening\n${stdout}\n${stderr}`));
    });
  });
}

/** A request to a process under test. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token = 'tok',
): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}
