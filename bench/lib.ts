import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import os from 'node:os';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const MB = 1024 * 1024;

/** A port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

export interface ChildHandle<T = any> {
  process: ChildProcess;
  /** The first message of the given type (an error message rejects). */
  next(type: string): Promise<T>;
  request(message: { type: string; [key: string]: unknown }): Promise<T>;
  stop(): Promise<void>;
}

/** Starts bench/child.ts with a role; it speaks over IPC. `timeoutMs` bounds every wait. */
export function startChild(args: string[], timeoutMs = 240_000): ChildHandle {
  const child = fork('bench/child.mjs', args, {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: { type: string; resolve: (value: any) => void; reject: (error: Error) => void }[] = [];
  child.on('message', (message: { type: string; message?: string }) => {
    if (message.type === 'error') {
      for (const waiter of waiters.splice(0))
        waiter.reject(new Error(`child ${args.join(' ')}: ${message.message}`));
      return;
    }
    const index = waiters.findIndex((waiter) => waiter.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
  });
  child.on('exit', (code) => {
    for (const waiter of waiters.splice(0))
      waiter.reject(new Error(`child ${args.join(' ')} exited with ${code} before answering`));
  });
  const next = (type: string) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`child ${args.join(' ')}: no ${type} in time`)),
        timeoutMs,
      );
      waiters.push({
        type,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  return {
    process: child,
    next,
    request: (message) => {
      const answer = next(message.type);
      child.send(message);
      return answer;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
