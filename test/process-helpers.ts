import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The worktree root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface MockProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port>, read from the startup log line. */
  url: string;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();

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
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function launch(args: readonly string[], env: Record<string, string>, underShell = false): ChildProcess {
  // tsx runs the sources as they are: no build needed, and never a stale dist/.
  const command = [process.execPath, '--import', 'tsx', 'src/cli.ts', ...args];
  const quoted = command.map((part) => `'${part.replaceAll("'", `'\\''`)}'`).join(' ');
  // underShell: as npm runs a script, from a shell that stays the mock's parent.
  const child = spawn(underShell ? '/bin/sh' : command[0]!, underShell ? ['-c', quoted] : command.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  options: { underShell?: boolean } = {},
): Promise<MockProcess> {
  const child = launch(args, { PORT: '0', HOST: '127.0.0.1', ...env }, options.underShell);
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
        const record = JSON.parse(line) as { url?: string; msg?: string };
        if (record.url && record.msg?.startsWith('workload-api-mock listening')) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          resolve({
            child,
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
